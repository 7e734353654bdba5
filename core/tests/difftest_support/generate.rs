//! The generator of random valid workspaces: env chains 1–5 deep with
//! every env attribute, function, query and container templates with every
//! template attribute, triggers of every schedule form, and overrides of
//! every overridable attribute. `generate(seed)` is deterministic.

use taskc_core::semantic::schema::{Kinds, Places};

use super::attrs::{Site, image_layers, item, rows_for, value};
use super::probe;
use super::types::{Ty, Types, literal};
use super::ws::{Decl, Item, Rng, Workspace};

/// What the generator remembers of an env to keep its templates valid.
#[derive(Clone)]
struct EnvInfo {
    name: String,
    depth: usize,
    reusable: bool,
    plugin: bool,
    pod_template: bool,
    /// `image = none` was written (container templates need an image).
    no_image: bool,
    /// The image takes no layers (`image += …`): a reference or `none`.
    fixed_image: bool,
    /// The image is on `base` without a `name`: layers need one.
    unnamed_base: bool,
}

/// What the generator remembers of a template to write overrides of it.
struct TemplateInfo {
    name: String,
    kind: Kinds,
    reusable: bool,
    is_async: bool,
    /// Its env has neither a plugin nor a pod template.
    plain_env: bool,
}

const DOCS: &[&[&str]] = &[
    &["Train the model."],
    &[
        "Short line.",
        "",
        "Long description, first paragraph.",
        "It has two lines.",
    ],
    &[
        "Ünïcode summary ✓ — naïve café.",
        "",
        "Para one.",
        "",
        "Para two with 日本語.",
    ],
    &["Summary spanning", "two lines before a blank.", "", "Body."],
    &["Args:", "    x: nothing"],
];

fn toml(rng: &mut Rng) -> String {
    let mut out = String::from("[flyte]\nproject = \"testproject\"\ndomain = \"development\"\n");
    out.push_str(if rng.chance(20) {
        "org = \"\"\n"
    } else {
        "org = \"testorg\"\n"
    });
    out.push_str(if rng.chance(25) {
        "version = \"content\"\n"
    } else {
        "version = \"v1\"\n"
    });
    out.push_str("sdk_version = \"2.12.1\"\npython = \"3.11\"\ndefault_module = \"tasks\"\n");
    if rng.chance(80) {
        out.push_str("code_bundle = \"s3://oracle-bucket/code/fixedbundle.tgz\"\n");
        if rng.chance(30) {
            out.push_str("code_bundle_dest = \"/root\"\n");
        }
    }
    if rng.chance(20) {
        out.push_str("sys_paths = [\".\"]\n");
    }
    out
}

pub fn generate(seed: u64) -> Workspace {
    let mut rng = Rng::new(seed);
    let accelerators = taskc_core::semantic::accelerator_strings();
    let files = 1 + rng.below(3);
    let types = Types::generate(&mut rng, files);
    let mut decls = types.decls.clone();
    let mut envs: Vec<EnvInfo> = Vec::new();
    let mut counter = 0usize;

    // Envs: roots and `extends` chains up to 5 deep.
    for i in 0..1 + rng.below(5) {
        let name = if rng.chance(50) {
            format!("env-{i}")
        } else {
            format!("env_{i}")
        };
        let parent = (!envs.is_empty() && rng.chance(55))
            .then(|| envs[rng.below(envs.len())].clone())
            .filter(|p| p.depth < 5);
        let head = match &parent {
            Some(p) => format!("env {name} extends {}", p.name),
            None => format!("env {name}"),
        };
        let mut decl = Decl::new(&name, head, rng.below(files));
        if rng.chance(25) {
            decl.doc.push(format!("Env {name} (not serialized) ✓"));
        }
        let mut info = match &parent {
            Some(p) => EnvInfo {
                name: name.clone(),
                depth: p.depth + 1,
                ..p.clone()
            },
            None => EnvInfo {
                name: name.clone(),
                depth: 1,
                reusable: false,
                plugin: false,
                pod_template: false,
                no_image: false,
                fixed_image: false,
                unnamed_base: false,
            },
        };
        let place = if parent.is_some() {
            Places::CHILD_ENV
        } else {
            Places::ROOT_ENV
        };
        // A root env picks one of: reusable, a plugin, a pod template, none.
        let wants = rng.below(4);
        let site = Site {
            place,
            kind: Kinds::FUNCTION,
            reusable: info.reusable,
            no_plugin: parent.is_some(),
            all_async: true,
            keeps_reuse: false,
        };
        for row in rows_for(&site) {
            let chance = match row.name {
                "reusable" => {
                    if info.plugin || info.pod_template || !(wants == 0 || parent.is_some()) {
                        continue;
                    }
                    if parent.is_some() { 15 } else { 70 }
                }
                "plugin" => {
                    if info.reusable || wants != 1 {
                        continue;
                    }
                    70
                }
                "pod_template" => {
                    if info.reusable || wants != 2 {
                        continue;
                    }
                    70
                }
                "depends_on" => {
                    if envs.is_empty() {
                        continue;
                    }
                    let other = &envs[rng.below(envs.len())].name;
                    if rng.chance(25) {
                        decl.items
                            .push(Item::line(format!("depends_on = [{other}]")));
                    }
                    continue;
                }
                _ => 35,
            };
            if !rng.chance(chance) {
                continue;
            }
            counter += 1;
            let layered = row.name == "image" && parent.is_some() && !info.fixed_image;
            let text = if layered && rng.chance(40) {
                image_layers(&mut rng, info.unnamed_base)
            } else {
                let Some(text) = value(&mut rng, row, &site, counter, accelerators) else {
                    continue;
                };
                text
            };
            match row.name {
                "reusable" => info.reusable = true,
                "plugin" => info.plugin = true,
                "pod_template" => info.pod_template = true,
                "image" if text.starts_with("+=") => {
                    info.unnamed_base &= !text.contains("name =");
                }
                "image" => {
                    info.no_image = text.contains("none");
                    info.fixed_image = text.starts_with("= \"")
                        || text.contains("none")
                        || text.contains("dockerfile");
                    info.unnamed_base = text.contains("base =") && !text.contains("name =");
                }
                _ => {}
            }
            decl.items.push(item(row, text));
        }
        envs.push(info);
        decls.push(decl);
    }

    // Templates.
    let mut templates: Vec<TemplateInfo> = Vec::new();
    for t in 0..1 + rng.below(6) {
        let env = envs[rng.below(envs.len())].clone();
        let roll = rng.below(100);
        let kind = if roll < 12 && !env.plugin {
            Kinds::QUERY
        } else if roll < 24 && !env.plugin && !env.reusable && !env.no_image {
            Kinds::CONTAINER
        } else {
            Kinds::FUNCTION
        };
        let name = format!("t{t}");
        let mut decl = Decl::new(
            &name,
            format!("template {name} in {}", env.name),
            rng.below(files),
        );
        let is_async = env.reusable || rng.chance(30);
        let mut deploy = true;
        let mut inputs = Vec::new();
        if kind == Kinds::FUNCTION {
            if rng.chance(60) {
                decl.doc = rng.pick(DOCS).iter().map(|s| s.to_string()).collect();
            }
            if is_async {
                decl.items.push(Item::line("async = true"));
            }
            if rng.chance(15) {
                decl.items
                    .push(Item::line(format!("function = \"fn_{t}\"")));
            }
            if rng.chance(15) {
                decl.items.push(Item::line("module = \"pkg.sub.mod\""));
            }
            if rng.chance(10) {
                decl.items.push(Item::line("deploy = false"));
                deploy = false;
            }
            inputs = function_interface(&mut rng, &types, &mut decl);
        } else if kind == Kinds::QUERY {
            deploy = query_body(&mut rng, &mut decl, t);
        } else {
            container_body(&mut rng, &mut decl, t);
        }
        if rng.chance(20) {
            decl.items.push(Item::line("docs = \"Help text — ✓\""));
        }
        let site = Site {
            place: Places::TEMPLATE,
            kind,
            reusable: env.reusable,
            no_plugin: true,
            all_async: is_async,
            keeps_reuse: false,
        };
        for row in rows_for(&site) {
            if env.reusable && matches!(row.name, "pod_template" | "service_account") {
                continue;
            }
            if !rng.chance(25) {
                continue;
            }
            counter += 1;
            if let Some(text) = value(&mut rng, row, &site, counter, accelerators) {
                decl.items.push(item(row, text));
            }
        }
        if deploy && kind != Kinds::CONTAINER && rng.chance(35) {
            triggers(&mut rng, &types, &mut decl, &inputs);
        }
        templates.push(TemplateInfo {
            name,
            kind,
            reusable: env.reusable,
            is_async,
            plain_env: !env.plugin && !env.pod_template,
        });
        decls.push(decl);
    }

    // Overrides.
    // Open findings the generator steers around (docs/difftest.md): the
    // SDK's `override()` cannot copy a query or container task.
    let functions: Vec<&TemplateInfo> = templates
        .iter()
        .filter(|t| t.kind == Kinds::FUNCTION)
        .collect();
    for o in 0..if functions.is_empty() {
        0
    } else {
        rng.below(4)
    } {
        let base = functions[rng.below(functions.len())];
        let name = format!("o{o}");
        let mut decl = Decl::new(
            &name,
            format!("override {name} of {}", base.name),
            rng.below(files),
        );
        let turn_off = base.reusable && rng.chance(40);
        if turn_off {
            decl.items.push(Item::line("reusable = off"));
        }
        // Making a plain task reusable: only where its env could be.
        let add_reuse =
            !base.reusable && base.kind == Kinds::FUNCTION && base.plain_env && rng.chance(15);
        if add_reuse {
            let row = rows_for(&Site {
                place: Places::OVERRIDE,
                kind: base.kind,
                reusable: false,
                no_plugin: true,
                all_async: base.is_async,
                keeps_reuse: false,
            })
            .into_iter()
            .find(|r| r.name == "reusable");
            if let Some(row) = row {
                let site = Site {
                    place: Places::TEMPLATE,
                    kind: base.kind,
                    reusable: false,
                    no_plugin: true,
                    all_async: base.is_async,
                    keeps_reuse: false,
                };
                if let Some(text) = value(&mut rng, row, &site, 0, accelerators) {
                    decl.items.push(item(row, text));
                }
            }
        }
        let site = Site {
            place: Places::OVERRIDE,
            kind: base.kind,
            reusable: base.reusable && !turn_off,
            no_plugin: true,
            all_async: base.is_async,
            keeps_reuse: (base.reusable && !turn_off) || add_reuse,
        };
        for row in rows_for(&site) {
            if row.name == "reusable" {
                continue;
            }
            if site.keeps_reuse
                && matches!(
                    row.name,
                    "resources"
                        | "env_vars"
                        | "secrets"
                        | "service_account"
                        | "pod_template"
                        | "debuggable"
                        | "reusable"
                )
            {
                continue;
            }
            if !rng.chance(30) {
                continue;
            }
            counter += 1;
            if let Some(text) = value(&mut rng, row, &site, counter, accelerators) {
                decl.items.push(item(row, text));
            }
        }
        decls.push(decl);
    }
    Workspace {
        seed,
        toml: toml(&mut rng),
        decls,
    }
}

/// Inputs (with docs and defaults) and outputs of a function template.
fn function_interface(rng: &mut Rng, types: &Types, decl: &mut Decl) -> Vec<(String, Ty, bool)> {
    let mut inputs = Vec::new();
    let mut input_types = Vec::new();
    for i in 0..rng.below(5) {
        let ty = if rng.chance(5) {
            // The three pickled annotations: `typing.Any`, none, `FlytePickle`.
            Ty::Prim(rng.word(&["any", "untyped", "pickle"]))
        } else {
            types.any(rng, 3, false)
        };
        let mut text = String::new();
        if rng.chance(30) {
            text.push_str(&format!("/// Input x{i} — ✓ described\n"));
        }
        text.push_str(&format!("x{i}: {}", ty.text()));
        let mut default = ty.has_literal() && rng.chance(50);
        if default {
            // A default the SDK cannot send as written is a mutation.
            let written = (0..3).find_map(|_| {
                let value = literal(rng, &ty, 0);
                probe::default_passes(&types.decls, &ty.text(), &value).then_some(value)
            });
            match written {
                Some(value) => text.push_str(&format!(" = {value}")),
                None => default = false,
            }
        }
        inputs.push(text);
        input_types.push((format!("x{i}"), ty, default));
    }
    if !inputs.is_empty() {
        decl.items.push(Item::block("inputs", inputs));
    }
    match rng.below(3) {
        0 => {}
        1 => {
            // A returned named tuple is the named outputs (E0318).
            let mut ty = types.any(rng, 2, false).text();
            if ty.starts_with("Tup") {
                ty = "int".into();
            }
            decl.items.push(Item::line(format!("returns {ty}")));
        }
        _ => {
            let outs: Vec<String> = (0..1 + rng.below(3))
                .map(|o| {
                    let doc = if rng.chance(30) {
                        format!("/// Output y{o}\n")
                    } else {
                        String::new()
                    };
                    format!("{doc}y{o}: {}", types.any(rng, 2, false).text())
                })
                .collect();
            decl.items.push(Item::block("outputs", outs));
        }
    }
    input_types
}

fn triggers(rng: &mut Rng, types: &Types, decl: &mut Decl, inputs: &[(String, Ty, bool)]) {
    if inputs
        .iter()
        .any(|(_, t, d)| !(*d || t.has_literal() && trigger_value_type(t)))
    {
        return;
    }
    for k in 0..1 + rng.below(3) {
        let mut body = Vec::new();
        let schedule = rng.below(4);
        match schedule {
            0 => {
                body.push(format!(
                    "cron = \"{}\"",
                    rng.pick(&["0 2 * * *", "*/5 * * * *", "@hourly", "0 0 1 * *"])
                ));
                if rng.chance(50) {
                    body.push(format!(
                        "timezone = \"{}\"",
                        rng.pick(&["Europe/Berlin", "UTC", "America/New_York"])
                    ));
                }
            }
            1 => {
                body.push(format!("rate = {}", rng.pick(&["90m", "1m", "2h", "1d"])));
                if rng.chance(40) {
                    body.push("start_time = \"2025-01-01T00:00:00Z\"".into());
                }
            }
            2 => {
                body.push(format!(
                    "schedule = {}",
                    rng.pick(&["hourly", "daily", "weekly", "monthly", "minutely"])
                ));
                if rng.chance(30) {
                    body.push("timezone = \"Asia/Tokyo\"".into());
                }
            }
            _ => {}
        }
        let mut values = Vec::new();
        let mut used_time = false;
        let mut complete = true;
        for (name, ty, has_default) in inputs {
            let is_dt = matches!(ty, Ty::Prim("datetime"));
            if schedule != 3 && is_dt && !used_time && rng.chance(60) {
                values.push(format!("{name} = trigger_time"));
                used_time = true;
            } else if (!has_default || rng.chance(30)) && ty.has_literal() && trigger_value_type(ty)
            {
                // A value the SDK cannot send is a mutation (E0225, E0222…).
                let written = (0..3).find_map(|_| {
                    let value = literal(rng, ty, 0);
                    probe::trigger_value_passes(&types.decls, &ty.text(), &value).then_some(value)
                });
                match written {
                    Some(value) => values.push(format!("{name} = {value}")),
                    None => complete &= *has_default,
                }
            }
        }
        if !complete {
            continue;
        }
        if !values.is_empty() {
            body.push(format!("inputs {{ {} }}", values.join(", ")));
        }
        for (chance, line) in [
            (30, "description = \"Trigger ✓\""),
            (20, "active = false"),
            (20, "env_vars { TRIGGERED = \"1\" }"),
            (20, "interruptible = true"),
            (20, "overwrite_cache = true"),
            (20, "queue = \"tq\""),
            (15, "max_action_concurrency = 3"),
            (15, "labels { k = \"v\" }"),
            (15, "annotations { a = \"b\" }"),
            (15, "context { src = \"gen\" }"),
        ] {
            if rng.chance(chance) {
                body.push(line.to_string());
            }
        }
        notifications(rng, &mut body);
        decl.items
            .push(Item::block(format!("trigger trig-{k}"), body));
    }
}

/// Trigger notifications: a named rule, or up to three `notify` blocks of
/// every channel, with and without their optional fields.
fn notifications(rng: &mut Rng, body: &mut Vec<String>) {
    if rng.chance(10) {
        body.push("notification_rule = \"oncall\"".into());
        return;
    }
    const PHASES: [&str; 4] = ["succeeded", "failed", "aborted", "timed_out"];
    for _ in 0..rng.below(4) {
        let on_phase = match rng.below(3) {
            0 => PHASES[rng.below(4)].to_string(),
            1 => "[failed, timed_out]".into(),
            _ => "[succeeded, aborted, failed]".into(),
        };
        let mut fields = vec![format!("on_phase = {on_phase}")];
        let channel = match rng.below(5) {
            0 => {
                fields.push("recipients = [\"a@x.dev\", \"b@x.dev\"]".into());
                for (chance, line) in [
                    (40, "cc = [\"c@x.dev\"]"),
                    (30, "bcc = [\"d@x.dev\"]"),
                    (50, "subject = \"Run {{.Run.Name}} ✓ {{.Phase}}\""),
                    (40, "body = \"Error: {{.Error}}\\nbye\""),
                    (30, "html_body = \"<b>{{.Phase}}</b>\""),
                ] {
                    if rng.chance(chance) {
                        fields.push(line.into());
                    }
                }
                "email"
            }
            1 => {
                fields.push("webhook_url = \"https://hooks.slack.com/services/T/B/X\"".into());
                match rng.below(3) {
                    0 => fields.push("message = \"🚨 {{.Run.Name}} failed\"".into()),
                    1 => fields.push(
                        "blocks = [{ type = \"section\", text = { type = \"mrkdwn\", text = \"*done*\" } }, { type = \"divider\" }]".into(),
                    ),
                    _ => {}
                }
                "slack"
            }
            2 => {
                fields.push("webhook_url = \"https://outlook.office.com/webhook/A\"".into());
                match rng.below(3) {
                    0 => fields.push("title = \"Done ✓\", message = \"{{.Run.Name}}\"".into()),
                    1 => fields.push(
                        "card = { type = \"AdaptiveCard\", version = \"1.4\", n = 2.5, ok = true }"
                            .into(),
                    ),
                    _ => {}
                }
                "teams"
            }
            3 => {
                fields.push("url = \"https://api.example.com/alerts\"".into());
                if rng.chance(50) {
                    fields.push("method = PUT".into());
                }
                if rng.chance(50) {
                    fields.push("headers { \"X-Key\" = \"k\" }".into());
                }
                if rng.chance(50) {
                    fields.push("body { phase = \"{{.Phase}}\", n = 3, f = 0.5, tags = [\"a\"], none_here = none }".into());
                }
                "webhook"
            }
            _ => {
                fields.push("name = \"slack-oncall\"".into());
                "delivery"
            }
        };
        body.push(format!("notify {channel} {{ {} }}", fields.join(", ")));
    }
}

/// A query template; returns whether it is deployed.
fn query_body(rng: &mut Rng, decl: &mut Decl, t: usize) -> bool {
    let bigquery = rng.chance(60);
    let names: Vec<String> = (0..rng.below(3)).map(|i| format!("q{i}")).collect();
    if rng.chance(40) {
        decl.items.push(Item::line(format!("name = \"sql.q{t}\"")));
    }
    let deploy = names.is_empty();
    if !deploy {
        decl.items.push(Item::line("deploy = false"));
    }
    if bigquery {
        let mut sql = "project_id = \"proj\"".to_string();
        if rng.chance(40) {
            sql.push_str(", location = \"EU\"");
        }
        if rng.chance(30) {
            sql.push_str(", credentials_secret = \"gcp\"");
        }
        if rng.chance(30) {
            sql.push_str(", query_job_config { useQueryCache = false, priority = \"BATCH\" }");
        }
        decl.items
            .push(Item::line(format!("sql bigquery {{ {sql} }}")));
    } else {
        let mut sql =
            "account = \"acc\", database = \"DB\", schema = \"S\", warehouse = \"W\", user = \"U\""
                .to_string();
        if rng.chance(30) {
            sql.push_str(", batch = true");
        }
        if rng.chance(30) {
            sql.push_str(", secret_group = \"sf\", private_key_secret = \"pk\"");
        }
        decl.items
            .push(Item::line(format!("sql snowflake {{ {sql} }}")));
    }
    if !names.is_empty() {
        let inputs = names
            .iter()
            .map(|n| format!("{n}: {}", rng.pick(&["str", "int", "float", "bool"])))
            .collect();
        decl.items.push(Item::block("inputs", inputs));
    }
    if rng.chance(60) {
        decl.items
            .push(Item::line("outputs { results: dataframe }"));
    }
    let placeholders: Vec<String> = names
        .iter()
        .map(|n| {
            if bigquery {
                format!("@{n}")
            } else {
                format!("%({n})s")
            }
        })
        .collect();
    let mut query = String::from("SELECT *\n    FROM t");
    if !placeholders.is_empty() {
        query.push_str(&format!("  WHERE a IN ({})", placeholders.join(", ")));
    }
    if rng.chance(50) {
        decl.items
            .push(Item::line(format!("query = \"\"\"\n  {query}\n\"\"\"")));
    } else {
        decl.items.push(Item::line(format!(
            "query = \"{}\"",
            query.replace('\n', " ")
        )));
    }
    deploy
}

fn container_body(rng: &mut Rng, decl: &mut Decl, t: usize) {
    if rng.chance(50) {
        decl.items.push(Item::line(format!("name = \"c{t}\"")));
    }
    let inputs: Vec<(String, &str)> = (0..rng.below(3))
        .map(|i| (format!("i{i}"), *rng.pick(&["int", "str", "file", "float"])))
        .collect();
    let mut command = vec!["\"sh\"".to_string(), "\"-c\"".to_string()];
    for (n, _) in &inputs {
        if rng.chance(50) {
            command.push(format!("\"{{{{.inputs.{n}}}}}\""));
        } else {
            command.push(format!("\"/var/inputs/{n}\""));
        }
    }
    let mut block = vec![format!("command = [{}]", command.join(", "))];
    if rng.chance(30) {
        block.push("args = [\"--verbose\"]".into());
    }
    if rng.chance(20) {
        block.push("metadata_format = yaml".into());
    }
    if rng.chance(20) {
        block.push("file_input_layout = named_dir".into());
    }
    decl.items.push(Item::block("container", block));
    if !inputs.is_empty() {
        decl.items.push(Item::block(
            "inputs",
            inputs.iter().map(|(n, t)| format!("{n}: {t}")).collect(),
        ));
    }
    if rng.chance(60) {
        decl.items.push(Item::line(format!(
            "outputs {{ out: {} }}",
            rng.pick(&["int", "file", "str"])
        )));
    }
}

/// The SDK converts a trigger input by the Python value's own type, so a
/// list is pickled (E0225, a mutation); dicts are tried, and the empty one
/// is what passes.
fn trigger_value_type(ty: &Ty) -> bool {
    match ty {
        Ty::Prim(_) | Ty::Enum(..) | Ty::Literal(_) | Ty::Record(..) | Ty::Dict(_) => true,
        Ty::Optional(t) => trigger_value_type(t),
        Ty::Union(members) => members.iter().all(|m| match m {
            Ty::NoneMember => true,
            m => trigger_value_type(m),
        }),
        _ => false,
    }
}
