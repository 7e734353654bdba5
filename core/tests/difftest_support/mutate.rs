//! The mutator: breaks a generated workspace in a way the SDK cares about
//! (an out-of-range value, a wrong type, a forbidden combination). Each
//! mutation says what the SDK does with it, as its conformance cases and
//! its type engine show; `core/tests/difftest.rs` checks taskc against it.

use super::ws::{Decl, Item, Workspace};

/// What the SDK 2.12.1 does with a mutated workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sdk {
    /// Rejected at import, deploy planning or serialization: `taskc check`
    /// must report an error.
    Rejects,
    /// Accepted; taskc rejects it deliberately, as the row of
    /// docs/language.md §11 that starts with this text says.
    AcceptsDeliberately(&'static str),
}

pub struct Mutation {
    pub name: &'static str,
    pub sdk: Sdk,
    /// Where the SDK's behaviour is shown (a conformance case or the
    /// type engine).
    pub evidence: &'static str,
    apply: fn(&Workspace) -> Option<Workspace>,
}

impl Mutation {
    pub fn apply(&self, ws: &Workspace) -> Option<Workspace> {
        (self.apply)(ws)
    }
}

fn is_function(decl: &Decl) -> bool {
    decl.head.starts_with("template ")
        && !decl
            .items
            .iter()
            .any(|i| i.head.starts_with("sql ") || i.head == "container")
}

fn find(ws: &Workspace, keep: impl Fn(&Decl) -> bool) -> Option<usize> {
    ws.decls.iter().position(keep)
}

fn root_env(ws: &Workspace) -> Option<usize> {
    find(ws, |d| {
        d.head.starts_with("env ") && !d.head.contains(" extends ")
    })
}

fn function_template(ws: &Workspace) -> Option<usize> {
    find(ws, is_function)
}

/// The env a template is declared in.
fn env_of(ws: &Workspace, template: usize) -> Option<usize> {
    let env = ws.decls[template].head.rsplit(' ').next()?.to_string();
    find(ws, |d| d.name == env && d.head.starts_with("env "))
}

/// `ws` with `item` added to declaration `at`, replacing an item of the same name.
fn with_item(ws: &Workspace, at: usize, item: Item) -> Workspace {
    let mut out = ws.clone();
    let key = item
        .head
        .split([' ', '='])
        .next()
        .unwrap_or_default()
        .to_string();
    out.decls[at]
        .items
        .retain(|i| i.head.split([' ', '=']).next() != Some(key.as_str()));
    out.decls[at].items.push(item);
    out
}

/// `ws` with a new root env `name` holding the one entry `line`.
fn with_env(ws: &Workspace, name: &str, line: &str) -> Workspace {
    let mut env = Decl::new(name, format!("env {name}"), 0);
    env.items.push(Item::line(line));
    with_decl(ws, env)
}

fn with_decl(ws: &Workspace, decl: Decl) -> Workspace {
    let mut out = ws.clone();
    out.decls.push(decl);
    out
}

fn on_env(ws: &Workspace, line: &str) -> Option<Workspace> {
    Some(with_item(ws, root_env(ws)?, Item::line(line)))
}

fn on_function(ws: &Workspace, item: Item) -> Option<Workspace> {
    Some(with_item(ws, function_template(ws)?, item))
}

/// A new function template in the first root env, with `items`.
fn new_template(ws: &Workspace, name: &str, items: Vec<Item>) -> Option<Workspace> {
    let env = ws.decls[root_env(ws)?].name.clone();
    let mut decl = Decl::new(name, format!("template {name} in {env}"), 0);
    decl.items = items;
    Some(with_decl(ws, decl))
}

fn input(line: &str) -> Item {
    Item::block("inputs", vec![line.to_string()])
}

/// `type name = record [flavor] { fields }` added to `ws`.
fn with_record(ws: &Workspace, name: &str, flavor: &str, fields: &[&str]) -> Workspace {
    let mut decl = Decl::new(name, format!("type {name} = record{flavor}"), 0);
    decl.items = fields.iter().map(|f| Item::line(*f)).collect();
    with_decl(ws, decl)
}

/// A new template in the first root env whose input `x` is `line`.
fn with_input(ws: &Workspace, name: &str, line: &str) -> Option<Workspace> {
    new_template(ws, name, vec![input(line)])
}

/// A template with input `x: ty` and a manual trigger setting it to `value`.
fn with_trigger_value(ws: &Workspace, ty: &str, value: &str) -> Option<Workspace> {
    new_template(
        ws,
        "trig_value",
        vec![
            input(&format!("x: {ty}")),
            Item::block("trigger t", vec![format!("inputs {{ x = {value} }}")]),
        ],
    )
}

/// Mutations whose SDK behaviour `tools/difftest/sdk_rules.py` runs against
/// the SDK: `(mutation name, probe)`. The probes ending in `_ok` there are
/// the accepted neighbours of these shapes.
pub const SDK_PROBES: &[(&str, &str)] = &[
    ("optional dataframe with columns", "frame_opt"),
    ("list of dataframes with columns in a union", "frame_union"),
    ("dataframe column of type date", "frame_date"),
    (
        "dataclass field default a str member passes on",
        "passed_on",
    ),
    ("dataclass value a str member passes on", "mixed"),
    ("dataclass default holding a pydantic record", "outer_data"),
    (
        "dataclass dict value an earlier list member takes",
        "coerced",
    ),
    ("pydantic value after a file member", "file_or_int"),
    ("tuple value after a file member", "tuple_file_first"),
    (
        "dict default a record member takes too",
        "dict_record_ambiguous",
    ),
    ("trigger input set to a non-empty dict", "trigger_dict"),
    ("trigger input set to a list", "trigger_list"),
    ("image recipe names a missing file", "image_missing_file"),
    ("spark pod without containers", "spark_pod_no_containers"),
    ("pytorch job without nnodes", "pytorch_no_nnodes"),
    (
        "block default only the dict member of a union with struct takes",
        "struct_block_duration",
    ),
];

pub const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "gpu count the device does not have",
        sdk: Sdk::Rejects,
        evidence: "conformance 40_err_bad_gpu_string",
        apply: |ws| on_env(ws, "resources { gpu = \"A100:99\" }"),
    },
    Mutation {
        name: "memory as a number",
        sdk: Sdk::Rejects,
        evidence: "conformance 41_err_memory_not_string",
        apply: |ws| on_env(ws, "resources { cpu = 1, memory = 4 }"),
    },
    Mutation {
        name: "env name with capitals",
        sdk: Sdk::Rejects,
        evidence: "conformance 43_err_bad_env_name",
        apply: |ws| {
            let ws = with_decl(ws, Decl::new("Bad_Env", "env Bad_Env".into(), 0));
            let mut t = Decl::new("in_bad", "template in_bad in Bad_Env".into(), 0);
            t.items.push(Item::line("returns int"));
            Some(with_decl(&ws, t))
        },
    },
    Mutation {
        name: "env declared twice",
        sdk: Sdk::Rejects,
        evidence: "conformance 44_err_duplicate_env_name",
        apply: |ws| {
            let env = &ws.decls[root_env(ws)?];
            Some(with_decl(ws, Decl::new(&env.name, env.head.clone(), 1)))
        },
    },
    Mutation {
        name: "override sets the image",
        sdk: Sdk::Rejects,
        evidence: "conformance 45_err_override_image",
        apply: |ws| {
            let t = ws.decls[function_template(ws)?].name.clone();
            let mut o = Decl::new("bad_override", format!("override bad_override of {t}"), 0);
            o.items.push(Item::line("image = \"ghcr.io/x/y:1\""));
            Some(with_decl(ws, o))
        },
    },
    Mutation {
        name: "block default only the dict member of a union with struct takes",
        sdk: Sdk::Rejects,
        evidence: "the union transformer converts a Python dict through the struct member alone (probe `struct_block_duration`; seed 53462)",
        apply: |ws| {
            new_template(
                ws,
                "struct_block",
                vec![input("x: struct | dict[str, duration] = { k0 = 0s }")],
            )
        },
    },
    Mutation {
        name: "image recipe names a missing file",
        sdk: Sdk::Rejects,
        evidence: "the SDK hashes the file into the tag (`filehash_update`): FileNotFoundError when deploy plans the images (probe `image_missing_file`)",
        apply: |ws| {
            Some(with_env(
                ws,
                "missing-files",
                "image { requirements = \"missing.txt\" }",
            ))
        },
    },
    Mutation {
        name: "spark pod without containers",
        sdk: Sdk::Rejects,
        evidence: "PodTemplate.to_k8s_pod(): V1PodSpec requires `containers` (probe `spark_pod_no_containers`)",
        apply: |ws| {
            Some(with_env(
                ws,
                "spark-pods",
                "plugin spark { executor_pod { labels { role = \"executor\" } } }",
            ))
        },
    },
    Mutation {
        name: "pytorch job without nnodes",
        sdk: Sdk::Rejects,
        evidence: "Elastic(nproc_per_node=2): TypeError, `nnodes` has no default (probe `pytorch_no_nnodes`)",
        apply: |ws| {
            Some(with_env(
                ws,
                "torch-job",
                "plugin pytorch { nproc_per_node = 2 }",
            ))
        },
    },
    Mutation {
        name: "pytorch node range reversed",
        sdk: Sdk::AcceptsDeliberately("a PyTorch node range whose minimum exceeds its maximum"),
        evidence: "torch's parse_min_max_nnodes(\"4:2\") = (4, 2); the job is sent with minReplicas 4, maxReplicas 2",
        apply: |ws| {
            Some(with_env(
                ws,
                "torch-range",
                "plugin pytorch { nnodes = \"4:2\", nproc_per_node = 1 }",
            ))
        },
    },
    Mutation {
        name: "override sets the name",
        sdk: Sdk::Rejects,
        evidence: "conformance 46_err_override_name",
        apply: |ws| {
            let t = ws.decls[function_template(ws)?].name.clone();
            let mut o = Decl::new("bad_override", format!("override bad_override of {t}"), 0);
            o.items.push(Item::line("name = \"other\""));
            Some(with_decl(ws, o))
        },
    },
    Mutation {
        name: "reusable env with a pod template",
        sdk: Sdk::Rejects,
        evidence: "conformance 48_err_reusable_pod_template",
        apply: |ws| {
            let ws = on_env(ws, "reusable { replicas = 2 }")?;
            let env = root_env(&ws)?;
            let ws = with_item(&ws, env, Item::line("pod_template = \"named\""));
            Some(ws)
        },
    },
    Mutation {
        name: "reusable concurrency with a sync template",
        sdk: Sdk::Rejects,
        evidence: "conformance 50_err_sync_concurrency",
        apply: |ws| {
            let ws = on_env(ws, "reusable { replicas = 2, concurrency = 4 }")?;
            new_template(&ws, "sync_one", vec![Item::line("returns int")])
        },
    },
    Mutation {
        name: "secret env var in lower case",
        sdk: Sdk::Rejects,
        evidence: "conformance 51_err_secret_env_var_name",
        apply: |ws| on_env(ws, "secrets = [{ key = \"k\", env_var = \"lower_case\" }]"),
    },
    Mutation {
        name: "unknown cache behavior",
        sdk: Sdk::Rejects,
        evidence: "conformance 54_err_cache_behavior",
        apply: |ws| on_function(ws, Item::line("cache = sometimes")),
    },
    Mutation {
        name: "trigger sets an unknown input",
        sdk: Sdk::Rejects,
        evidence: "conformance 58_err_trigger_unknown_default",
        apply: |ws| {
            new_template(
                ws,
                "trig_unknown",
                vec![
                    input("x: int"),
                    Item::block("trigger t", vec!["inputs { x = 1, nope = 2 }".into()]),
                ],
            )
        },
    },
    Mutation {
        name: "trigger_time on a manual trigger",
        sdk: Sdk::Rejects,
        evidence: "conformance 60_err_trigger_time_on_manual",
        apply: |ws| {
            new_template(
                ws,
                "trig_manual",
                vec![
                    input("t: datetime"),
                    Item::block("trigger t", vec!["inputs { t = trigger_time }".into()]),
                ],
            )
        },
    },
    Mutation {
        name: "queue on a child env",
        sdk: Sdk::Rejects,
        evidence: "conformance 63_err_clone_unknown_kwarg",
        apply: |ws| {
            let parent = ws.decls[root_env(ws)?].name.clone();
            let mut child = Decl::new("child-q", format!("env child-q extends {parent}"), 0);
            child.items.push(Item::line("queue = \"q\""));
            Some(with_decl(ws, child))
        },
    },
    Mutation {
        name: "trigger_time as a task default",
        sdk: Sdk::Rejects,
        evidence: "conformance 64_err_default_trigger_time",
        apply: |ws| new_template(ws, "default_tt", vec![input("t: datetime = trigger_time")]),
    },
    Mutation {
        name: "deployed query with inputs",
        sdk: Sdk::Rejects,
        evidence: "conformance 66_err_deploy_sql_with_inputs",
        apply: |ws| {
            new_template(
                ws,
                "deployed_query",
                vec![
                    Item::line("sql bigquery { project_id = \"p\" }"),
                    input("day: str"),
                    Item::line("query = \"SELECT @day\""),
                ],
            )
        },
    },
    Mutation {
        name: "int default written as a float",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal(2.5, int): TypeTransformerFailedError",
        apply: |ws| new_template(ws, "int_float", vec![input("x: int = 2.5")]),
    },
    Mutation {
        name: "int default written as a string",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal('s', int): TypeTransformerFailedError",
        apply: |ws| new_template(ws, "int_str", vec![input("x: int = \"7\"")]),
    },
    Mutation {
        name: "bool default written as a number",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal(1, bool): TypeTransformerFailedError",
        apply: |ws| new_template(ws, "bool_int", vec![input("x: bool = 1")]),
    },
    Mutation {
        name: "datetime default without a time",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal('2024-01-01', datetime): TypeTransformerFailedError",
        apply: |ws| new_template(ws, "dt_date", vec![input("x: datetime = \"2024-01-01\"")]),
    },
    Mutation {
        name: "list default of a union with bytes",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal([1], Union[List[int], bytes]): Ambiguous choice of variant",
        apply: |ws| new_template(ws, "ambiguous", vec![input("x: list[int] | bytes = [1]")]),
    },
    Mutation {
        name: "empty list default of a union of two lists",
        sdk: Sdk::Rejects,
        evidence: "TypeEngine.to_literal([], Union[List[int], List[str]]): Ambiguous choice of variant",
        apply: |ws| {
            new_template(
                ws,
                "two_lists",
                vec![input("x: list[int] | list[str] = []")],
            )
        },
    },
    Mutation {
        name: "override of a container task",
        sdk: Sdk::Rejects,
        evidence: "dataclasses.replace(ContainerTask): missing 1 required positional argument",
        apply: |ws| {
            let env = &ws.decls[root_env(ws)?];
            let mut c = Decl::new("plain_c", format!("template plain_c in {}", env.name), 0);
            c.items.push(Item::block(
                "container",
                vec!["command = [\"true\"]".into()],
            ));
            let ws = with_decl(ws, c);
            let mut o = Decl::new("plain_o", "override plain_o of plain_c".into(), 0);
            o.items.push(Item::line("retries = 2"));
            Some(with_decl(&ws, o))
        },
    },
    Mutation {
        name: "optional dataframe with columns",
        sdk: Sdk::Rejects,
        evidence: "Optional[Annotated[DataFrame, {'a': int}]] at import: TypeError: unhashable type: 'dict'",
        apply: |ws| with_input(ws, "frame_opt", "x: dataframe[{a: int}, \"parquet\"]?"),
    },
    Mutation {
        name: "list of dataframes with columns in a union",
        sdk: Sdk::Rejects,
        evidence: "Union[int, list[Annotated[DataFrame, {'a': int}]]] at import: TypeError: unhashable type: 'dict'",
        apply: |ws| with_input(ws, "frame_union", "x: int | list[dataframe[{a: int}]]"),
    },
    Mutation {
        name: "dataframe column of type date",
        sdk: Sdk::Rejects,
        evidence: "serialize: AssertionError: type <class 'datetime.date'> is currently not supported by DataFrame",
        apply: |ws| with_input(ws, "frame_date", "x: dataframe[{day: date}]"),
    },
    Mutation {
        name: "dataclass field default a str member passes on",
        sdk: Sdk::Rejects,
        evidence: "build_json_schema(dataclass with `a: Union[str, timedelta] = timedelta(5)`): ValueError: Unexpected type",
        apply: |ws| {
            let ws = with_record(ws, "PassedOn", "", &["a: str | duration = 5s"]);
            with_input(&ws, "passed_on", "x: PassedOn")
        },
    },
    Mutation {
        name: "dataclass value a str member passes on",
        sdk: Sdk::Rejects,
        evidence: "to_literal(Mixed(c=timedelta(5)), Mixed): TypeError: can not serialize 'datetime.timedelta' object",
        apply: |ws| {
            let ws = with_record(ws, "Mixed", "", &["c: int | duration | str"]);
            with_input(&ws, "mixed", "x: Mixed = { c = 5s }")
        },
    },
    Mutation {
        name: "dataclass default holding a pydantic record",
        sdk: Sdk::Rejects,
        evidence: "MessagePackEncoder(Outer): UnserializableField: Field \"p\" of type Inner in Outer is not serializable",
        apply: |ws| {
            let ws = with_record(ws, "InnerModel", " pydantic", &["n: int = 1"]);
            let ws = with_record(&ws, "OuterData", "", &["p: InnerModel"]);
            with_input(&ws, "outer_data", "x: OuterData = { p = {} }")
        },
    },
    Mutation {
        name: "dataclass dict value an earlier list member takes",
        sdk: Sdk::AcceptsDeliberately(
            "a value of a dataclass union field is packed by the first member that takes it",
        ),
        evidence: "to_literal(Coerced(b={}), Coerced): msgpack of {'b': []} (the list packer iterates the dict)",
        apply: |ws| {
            let ws = with_record(ws, "Coerced", "", &["b: list[duration] | dict[str, int]"]);
            with_input(&ws, "coerced", "x: Coerced = { b = {} }")
        },
    },
    Mutation {
        name: "pydantic value after a file member",
        sdk: Sdk::Rejects,
        evidence: "FileOrInt(f=3) at import: AttributeError: 'int' object has no attribute 'get'",
        apply: |ws| {
            let ws = with_record(ws, "FileOrInt", " pydantic", &["f: file | int"]);
            with_input(&ws, "file_or_int", "x: FileOrInt = { f = 3 }")
        },
    },
    Mutation {
        name: "tuple value after a file member",
        sdk: Sdk::Rejects,
        evidence: "to_literal((3, 'a'), tuple[Union[File, int], str]): AttributeError: 'int' object has no attribute 'get'",
        apply: |ws| with_input(ws, "tuple_file", "x: tuple[file | int, str] = [3, \"a\"]"),
    },
    Mutation {
        name: "dict default a record member takes too",
        sdk: Sdk::Rejects,
        evidence: "to_literal({'k0': 'a'}, Union[dict[str, str], Named]): Ambiguous choice of variant (seed 28554)",
        apply: |ws| {
            let ws = with_record(ws, "Named", "", &["f0: str = \"hello\""]);
            with_input(
                &ws,
                "dict_or_named",
                "x: dict[str, str] | Named = { k0 = \"a\" }",
            )
        },
    },
    Mutation {
        name: "trigger input set to a non-empty dict",
        sdk: Sdk::Rejects,
        evidence: "to_literal({'a': 1}, dict, map type): TypeError: isinstance() arg 2 must be a type (Failed to convert trigger default input)",
        apply: |ws| with_trigger_value(ws, "dict[str, int]", "{ a = 1 }"),
    },
    Mutation {
        name: "trigger input set to a list",
        sdk: Sdk::AcceptsDeliberately("a list given to a trigger input is sent pickled"),
        evidence: "to_literal([1], list, collection type): a pickle (Unsupported Type <class 'list'>)",
        apply: |ws| with_trigger_value(ws, "list[int]", "[1]"),
    },
    Mutation {
        name: "two templates with one task id",
        sdk: Sdk::AcceptsDeliberately(
            "a second task with the same name silently replaces the first",
        ),
        evidence: "conformance 27_duplicate_task_name",
        apply: |ws| {
            let t = function_template(ws)?;
            let env = ws.decls[env_of(ws, t)?].name.clone();
            let function = ws.decls[t]
                .items
                .iter()
                .find_map(|i| i.head.strip_prefix("function = "))
                .map(|f| f.trim_matches('"').to_string())
                .unwrap_or_else(|| ws.decls[t].name.clone());
            let mut twin = Decl::new("twin", format!("template twin in {env}"), 0);
            twin.items
                .push(Item::line(format!("function = \"{function}\"")));
            Some(with_decl(ws, twin))
        },
    },
    Mutation {
        name: "invalid cron expression",
        sdk: Sdk::AcceptsDeliberately("cron expressions and timezones are not validated"),
        evidence: "conformance 28_cron_not_validated",
        apply: |ws| {
            new_template(
                ws,
                "bad_cron",
                vec![Item::block(
                    "trigger t",
                    vec!["cron = \"99 * * * *\"".into()],
                )],
            )
        },
    },
];
