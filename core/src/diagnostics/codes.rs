//! The registry of diagnostic codes. `E0xxx` are errors, listed here;
//! `L0xxx` are lints, each declared once by its rule (`declare_rule!` in
//! `lint/registry.rs`) and listed from the lint registry. Each code has a
//! one-line title and a longer explanation that `taskc explain CODE`
//! prints. Codes are stable: never renumber one.
//!
//! Ranges: E00xx syntax, E01xx names and inheritance, E02xx types and
//! defaults, E03xx attribute values and Flyte validations, E04xx triggers,
//! E05xx SQL and container tasks, E06xx overrides (here); E07xx the wire,
//! E08xx the user's Python against the templates, E09xx I/O and workspace
//! (`codes_build.rs`).

use std::sync::LazyLock;

pub use super::code::{Code, CodeInfo};
use super::code::{codes, is_well_formed};

codes! {
    LANGUAGE_CODES;
    E0001, "syntax error",
        "The text does not follow the grammar of a `.task` file. The message names what was \
         expected at that point. Only the declaration holding the error is skipped; the rest \
         of the file is still checked.";
    E0002, "unterminated string",
        "A string was opened with `\"` but not closed on the same line, or a triple-quoted \
         string `\"\"\"` was never closed. Plain strings cannot span lines: write text that \
         spans lines as `\"\"\"…\"\"\"`, whose common indentation is removed. After an \
         unterminated triple-quoted string, parsing resumes at the next line that starts a \
         declaration.";
    E0003, "unterminated block comment",
        "A `/*` comment has no matching `*/`. Block comments nest, so each `/*` inside a \
         comment needs its own `*/`. Parsing resumes at the next line that starts a \
         declaration.";
    E0004, "invalid escape sequence",
        "Inside strings a backslash starts an escape. The escapes are `\\n` (newline), `\\t` \
         (tab), `\\r` (carriage return), `\\\\` (backslash), `\\\"` (quote) and `\\u{…}` \
         with 1 to 6 hex digits naming a Unicode character (`\\u{e9}` is é). Anything else, \
         such as `\\0` or `\\'`, is an error; write `\\\\` for a literal backslash.";
    E0005, "number out of range",
        "Integers are 64-bit signed (-9223372036854775808 to 9223372036854775807) and floats \
         are 64-bit IEEE numbers that must be finite. A literal outside that range cannot be \
         represented in a Flyte literal, so it is rejected rather than wrapped or rounded.";
    E0006, "invalid number or duration",
        "Numbers are written `42`, `-1`, `1_000` (underscores only between digits), `0.5` or \
         `1e-3`. Durations are one or more parts of a number and a unit, with units from \
         largest to smallest and each used once: `90s`, `1.5s`, `500ms`, `5m`, `1h30m`, `2d`. \
         The units are `d`, `h`, `m`, `s`, `ms`, `us` and `ns`. A duration must be exact to \
         the nanosecond, cannot be negative, and is at most 10,000 years (the protobuf \
         Duration range).";
    E0007, "nesting too deep",
        "Brackets and braces may nest at most 128 levels deep. The declaration holding deeper \
         nesting is not parsed; no task declaration needs that much nesting, and the limit \
         keeps the compiler from running out of stack on generated or corrupted input.";
    E0008, "missing separator between entries",
        "Entries of a block, a record or an enum are separated by a line break or a comma. \
         Two entries on one line need a comma between them: `resources { cpu = 1, memory = \
         \"2Gi\" }`.";
    E0009, "misplaced doc comment",
        "A `///` doc comment documents the declaration, entry, field or enum member that \
         follows it (ordinary comments may come in between). This one is followed by nothing \
         it could document, for example a closing `}` or the end of the file, so its text \
         would be lost. Turn it into an ordinary `//` comment or move it above what it \
         describes. This is reported as a warning.";
    E0010, "float literal rounds to zero",
        "A float literal such as `1e-400` is smaller than the smallest 64-bit float (about \
         5e-324), so the value is 0. Python does the same without a word (`float('1e-400')` \
         is `0.0`), and so does the Flyte SDK, so this is a warning, not an error: the value \
         Flyte receives is 0, which is rarely what a non-zero literal meant. Write `0.0` if \
         zero is meant, or a number in range.";
    E0101, "duplicate environment name",
        "Two `env` declarations have the same name. Flyte identifies an environment by its \
         name, and `flyte deploy` rejects the second one (\"Duplicate environment name 'x' \
         found. Each TaskEnvironment must have a unique name.\"), but only when it plans a \
         deploy. taskc reports it at once and shows both declarations, even when they are in \
         different files: every file of a workspace shares one namespace.";
    E0102, "name declared twice",
        "Templates and overrides share one namespace over every file of the workspace (both \
         become tasks and Python globals called by their name), and so do types: a template \
         and an override, two templates or two types cannot have the same name. Envs have a \
         namespace of their own, and a type may share a name with an env or a template, \
         since the syntax tells them apart (`in`, `of`, `:`). Two templates with the same \
         name are also what the SDK silently resolves by keeping the last one; taskc rejects \
         it so that no definition is lost. Rename one of the declarations.";
    E0103, "duplicate task id",
        "Two templates resolve to the same Flyte task id (`<env>.<function>` for function \
         templates, `name` for query and container templates). The SDK keeps only the last \
         task registered under a name, and a registered (project, domain, name, version) is \
         immutable, so one of the definitions would be lost without notice. Give one of them \
         another `function` or `name`, or move it to another env.";
    E0104, "override output clashes with a task",
        "An override is written to `<env>.<override name>.json`. Here that is also the file \
         (and task id) of a template of the same env, so one output would overwrite the \
         other. Rename the override.";
    E0105, "invalid environment name",
        "Flyte env names must match `^[a-z0-9]+([_-][a-z0-9]+)*$`: lower-case letters and \
         digits in groups separated by a single `_` or `-` (\"Environment name 'Bad_Name' must \
         be in snake_case or kebab-case format.\"). The `.task` identifier grammar already \
         rules out spaces, so what remains is upper-case letters, a leading or trailing `_`, \
         and doubled separators. The env name is also the first part of every task id of \
         the env.";
    E0106, "unknown env",
        "An `extends`, `in` or `depends_on` names an env that no file of the workspace \
         declares. The help suggests the closest declared name. Declare the env with \
         `env <name> { … }` or fix the spelling.";
    E0107, "unknown template",
        "An `override <name> of <template>` names a template that no file of the workspace \
         declares. The help suggests the closest template name.";
    E0108, "inheritance cycle",
        "`extends` chains must end at a root env. This env extends itself, directly or \
         through its parents; the message prints the whole chain. The envs of the cycle are \
         reported once, here, and checked as if they had no parent.";
    E0109, "name too long",
        "Flyte limits a task id name to 255 characters (`TaskIdentifier.name`), and the \
         server rejects longer ones; the SDK does not check it. Shorten the env or function \
         name.";
    E0110, "attribute cannot be set on a child env",
        "An env that `extends` another is the SDK's `clone_with`, which takes no `queue`, \
         `pod_template` or `plugin_config` keyword (\"TypeError: Unexpected keyword \
         arguments: ['queue']\"). A child env therefore inherits these three attributes and \
         cannot write them. Set them on the root env, or, for `queue` and `pod_template`, on \
         the templates of the child env.";
    E0111, "depends_on cycle",
        "`depends_on` orders deploys: each env is deployed after the envs it depends on. An \
         env that depends on itself, directly or through other envs (an inherited \
         `depends_on` counts: a child env copies its parent's), leaves no valid order. Remove \
         one of the dependencies.";
    E0201, "unknown type",
        "A type name is neither a built-in type nor a `type` declared anywhere in the \
         workspace. The built-in types are `int`, `float`, `str`, `bool`, `datetime`, `date`, \
         `duration`, `file`, `dir`, `dataframe`, `bytes`, `struct`, `any`, `none` (inside a \
         union) and the forms `list[T]`, `dict[K, V]`, `tuple[A, B]`, `T?` and `A | B`. Names \
         are case-sensitive (`int`, not `Int`). Declare your own with `type Name = enum { … }` \
         or `type Name = record { … }`; the help line suggests the closest existing name.";
    E0202, "wrong type arguments",
        "A type was given the wrong number or kind of arguments in `[…]`. `list[T]` takes one \
         type, `dict[K, V]` two, `tuple[…]` one or more; `dataframe` takes an optional column \
         list `{col: T, …}` followed by an optional format string (`dataframe[{a: int}, \
         \"parquet\"]`); a column is `int`, `float`, `bool`, `str`, `datetime`, `duration` or a \
         list or dict of one, the types the SDK's `DataFrame` knows. Every other type takes no \
         arguments; write `T?` for an optional and `A | B` for a union.";
    E0203, "`none` outside a union",
        "`none` is the type of the missing value, and a task input or field that can only be \
         missing carries no information. It may appear as a member of a union \
         (`int | str | none`); `T?` is shorthand for `T | none`.";
    E0204, "repeated union member",
        "A union lists the same type twice, possibly after flattening: `int | str | int`, \
         `int? | none` (`int?` already includes `none`), or `int??`. Flyte sends one variant \
         per member, so a repeated member would make the value's variant ambiguous. Remove \
         the repetition.";
    E0205, "recursive record",
        "A record contains itself, directly (`type Node = record { next: Node? }`) or through \
         other records, lists, dicts or optionals. Flyte describes a record by a JSON schema \
         with every nested record written out in full, so a recursive record has no finite \
         description. The message shows the chain of fields that closes the cycle. Break it by \
         storing an identifier (for example a `str` key) instead of the record.";
    E0206, "duplicate enum member",
        "An enum lists the same member twice, or two members with the same value \
         (`A = \"x\", B = \"x\"`: Python would make the second an alias of the first). Members \
         are the values Flyte accepts for the enum and must be distinct.";
    E0207, "duplicate field",
        "A record declares the same field twice, or a dataframe type lists the same column \
         twice. Field and column names must be unique within their type.";
    E0208, "built-in type redeclared",
        "A `type` declaration uses the name of a built-in type such as `int` or `list`. The \
         built-in meaning always wins, so the declaration could never be used. Choose another \
         name; type names are usually written in PascalCase (`Region`, `TrainConfig`).";
    E0209, "empty enum",
        "An enum declares no members, so no value could ever be passed for it. List at least \
         one member: `type Mode = enum { fast, slow }`.";
    E0210, "value has the wrong type",
        "A default value (of a task input, a record field or a trigger input) does not match \
         the declared type. `int` accepts integers only (not `2.0`, not `true`); `float` \
         accepts any number; `str` needs double quotes; `bool` is `true` or `false`; \
         `duration` takes a duration literal such as `90s` or `1h30m`; `file`, `dir` and \
         `dataframe` take a URI string; lists, tuples, dicts and records are written as `[…]` \
         and `{ key = value }`; `none` is only accepted by optional types (`T?`, or a union \
         with `none`). A union takes the first member, in the order written, that accepts the \
         value.";
    E0211, "unknown enum member",
        "The value names no member of the enum type. Enum values are written as the bare \
         member name (`region = eu`), not as a string, and are case-sensitive. The help line \
         suggests the closest member.";
    E0212, "unknown record field",
        "A record value sets a field that the record type does not declare. Check the \
         spelling (the help line suggests the closest field) or add the field to the `type … \
         = record { … }` declaration.";
    E0213, "missing record field",
        "A record value leaves out a field that has no default. Every field without a \
         default must be given, including optional (`T?`) ones: write `field = none` to leave \
         an optional field empty, or give the field a default in the record declaration.";
    E0214, "invalid date or time",
        "A `datetime` value must be an RFC 3339 string with an explicit offset, such as \
         \"2024-01-02T03:04:05Z\" or \"2024-01-02T05:04:05+02:00\"; taskc stores it in UTC, \
         the way Flyte's timestamps are sent. A `date` value must be \"YYYY-MM-DD\". The \
         message says which part could not be read; impossible dates such as February 30th \
         are rejected too.";
    E0215, "duplicate key",
        "A value block `{ … }` sets the same key twice. Each key may appear once; remove one \
         of the entries.";
    E0216, "value cannot be written",
        "Values of type `any` and `bytes` are stored by Flyte as Python pickles, which a \
         `.task` file cannot express. Inputs of these types cannot have a default; leave the \
         default out, or give the input a concrete type such as `str`, `struct` or a record. \
         A list or dict default of a union is refused when another list, dict, `bytes` or \
         `any` member accepts it too, or, for a dict, a record member whose required fields it \
         holds: the SDK tries every member for such a value and refuses when two fit \
         (\"Ambiguous choice of variant for union type\").";
    E0217, "`trigger_time` used as a value",
        "`trigger_time` stands for the time a scheduled trigger fired, and it only exists \
         when a trigger runs the task. It is valid only as a whole input value inside a \
         trigger: `trigger hourly { schedule = hourly, inputs { when = trigger_time } }`. As a \
         task input's default (the SDK rejects `def t(when=flyte.TriggerTime)` with \"Input \
         'when' uses flyte.TriggerTime as its default value\"), in a record field or inside a \
         larger value it is an error.";
    E0218, "malformed value block",
        "A value block `{ … }` holds only `key = value` entries (or `key { … }` for a nested \
         block). Declarations such as `name: Type`, `+=` and labelled blocks belong to \
         declarations, not to values.";
    E0219, "records nested too deeply",
        "A record contains a record that contains a record, and so on, more than 64 levels \
         deep. Flyte describes a record by one JSON schema with every nested record written \
         out in full, so such a type is impractical to send and to read. Flatten the \
         structure, for example by moving deep parts into inputs of their own.";
    E0220, "unknown record flavor",
        "The word after `record` says which Python class the record stands for. Plain \
         `record { … }` is a `@dataclass`; `record pydantic { … }` is a pydantic `BaseModel`. \
         The two differ in their JSON schema and structure tag on the wire, so pick the one \
         the Python code uses. No other word is known.";
    E0221, "dataframe with columns in a union",
        "A union or optional (`T?`) cannot hold a dataframe with columns, directly or through \
         `list`, `dict` or `tuple`: its Python annotation `Annotated[DataFrame, {…}]` carries \
         a dict, and the SDK fails at import (\"TypeError: unhashable type: 'dict'\"). A \
         dataframe with only a format (`dataframe[\"parquet\"]?`) is fine, and so is a record \
         holding the typed dataframe.";
    E0222, "value the SDK cannot encode",
        "A `record` is a `@dataclass`, which the SDK packs with mashumaro. For a union field, \
         mashumaro tries the members in written order (`int`, `float`, `bool` and `none` by \
         their class first) and takes the first that does not fail; `str`, `struct` and plain \
         lists and dicts pass any value on unchanged. A `duration`, `date`, enum or file \
         passed on that way cannot be written (\"can not serialize 'datetime.timedelta' \
         object\"). A default of a `record` that holds a `record pydantic` fails too \
         (\"is not serializable\"). Put the value's own member first in the union.";
    E0223, "value the SDK changes",
        "mashumaro packs a union field of a `record` (dataclass) with the first member that \
         does not fail, in written order, so an earlier member can take a value meant for a \
         later one: `{}` for `list[duration] | dict[str, int]` becomes `[]`, and `\"ab\"` for \
         `list[duration] | str` becomes a list. The SDK sends the changed value without a \
         word; taskc refuses the default instead (docs/language.md §11). Put the value's own \
         member first, or write a value only that member accepts.";
    E0224, "value pydantic cannot validate",
        "Pydantic validates every field of a `record pydantic` value (and of a tuple, which the \
         SDK wraps in a pydantic model), and for a union it tries the members in written order \
         until one matches exactly. The SDK's validators of `file` and `dir` crash on any other \
         value (\"'int' object has no attribute 'get'\") instead of refusing it, so a value \
         whose member comes after `file` or `dir`, or a `struct`, fails at import. Write \
         `file` and `dir` after the other members.";
    E0225, "trigger input the SDK cannot send",
        "The SDK converts a trigger's own input values by their Python type \
         (`TypeEngine.to_literal(v, type(v), …)`), not by the input's type. A list is a bare \
         `list`, which it pickles instead of sending the typed collection (taskc refuses it, \
         docs/language.md §11). A dict is a bare `dict`: msgpack for a `struct` input, else \
         a map that fails for any entry (\"Failed to convert trigger default input\"); only \
         `{}` for a `dict[str, …]` comes out right. Leave such an input to the task default.";
    E0226, "Python class type out of place",
        "`untyped` (a parameter without an annotation), `pickle[\"pkg.Class\"]` and \
         `dataframe[pandas]`/`dataframe[pyarrow]` stand for a Python annotation the SDK reads \
         from the user's function. `untyped` is only a function template's input (a return \
         value always has an annotation, and a list of nothing is no type); a class named by \
         path and a library's dataframe are only in function templates' interfaces: a record \
         field of such a class (or of `pickle`) has no JSON schema (mashumaro and pydantic refuse it), and a \
         container or query task has no Python function to annotate. Use `any` or a \
         `dataframe` there.";
    E0227, "namedtuple field order",
        "A `record namedtuple` is a `typing.NamedTuple`, whose fields without a default must \
         come before those with one: Python refuses the class otherwise (\"Non-default \
         namedtuple field cannot follow default field\"). Move the field up or give it a \
         default.";
    E0301, "unknown attribute",
        "A block sets an attribute that this kind of block does not have. Every block is \
         checked: envs, templates, overrides and nested blocks such as `resources`, `cache`, \
         `retries`, `backoff`, `timeout`, `reusable`, secrets, `pod_template`, links, `image`, \
         SQL configs, `container` and plugin configs. The help suggests the closest known \
         attribute or lists the known ones.";
    E0302, "wrong kind of value",
        "An attribute got a value of the wrong shape: a number where a string is needed, a \
         bare word that is not one of the allowed words, a list instead of a block, and so \
         on. The message says what the attribute takes.";
    E0303, "attribute set twice",
        "The same key appears twice in one block. Only the first is used; remove the other. \
         (In a child env, writing an attribute again is how the parent's value is replaced; \
         within one block it is a mistake.)";
    E0304, "attribute belongs to another declaration",
        "The attribute exists, but not on this kind of declaration. `image`, `resources`, \
         `env_vars` and `secrets` are env attributes: the SDK's `@env.task` has no such \
         parameter, so put them on an env, or change them for one call site with an \
         `override`. Task attributes such as `retries` or `timeout` cannot be set on an env; \
         `reusable`, `description`, `depends_on` and `plugin` only on an env; triggers and \
         `sql` blocks only in a template.";
    E0305, "invalid resources",
        "A `resources` value is not what Flyte accepts. `cpu` is a number (or a quantity \
         string such as \"500m\") and cannot be negative; `memory` and `disk` must be \
         Kubernetes quantity strings (\"memory must be a Kubernetes quantity string such as \
         '1Gi', '512Mi' or '2G', got int: 1024\"); `[request, limit]` has exactly two \
         elements. taskc also checks the quantity syntax, which the SDK does not: a number \
         with an optional binary (Ki, Mi, Gi, Ti, Pi, Ei) or decimal (m, k, M, G, T, P, E) \
         suffix. `4GB` is not a quantity; `4G` is.";
    E0306, "invalid gpu or accelerator",
        "`gpu` is a count, an accelerator string from the SDK's `Accelerators` list \
         (\"A100:2\", \"H100:8\", \"T4 shared:1\", …), or a block `{ device, count, \
         partition, class }`. A string outside the list is rejected as the SDK does (\"gpu \
         must be one of typing.Literal[…]\"); the help lists the counts valid for the device. \
         In the block, `count` is at least 1, a partition must be one of the device's MIG or \
         slice sizes (\"Invalid partition for A100: 3g.40gb. Must be one of ('1g.5gb', …)\"), \
         and a device taskc does not know needs an explicit `class`.";
    E0307, "invalid secret",
        "A secret is a key string or `{ key, group?, env_var?, mount? }`. `key` is required; \
         `env_var` must match `^[A-Z_][A-Z0-9_]*$` (\"Invalid environment variable name: \
         lower-case, must match ^[A-Z_][A-Z0-9_]*$\"); the only mount path Flyte supports is \
         `/etc/flyte/secrets` (\"Only /etc/flyte/secrets is supported as secret mount path \
         today.\"); and a secret is either an env var or a mounted file, not both.";
    E0308, "invalid cache",
        "`cache` is `auto`, `override`, `disable` (or one of the SDK's aliases) or a block \
         with `behavior`, `version`, `serialize`, `ignored_inputs`, `salt` and `max_age`. Any \
         other word is rejected as the SDK does (\"Invalid cache behavior: 'always'. Must be \
         one of ['auto', 'override', 'disable'] …\"). The block needs a `behavior`; \
         `max_age` cannot be negative; every name in `ignored_inputs` must be an input of the \
         task (when the cache comes from the env, of every task that inherits it).";
    E0309, "invalid retries",
        "`retries` is a count or `{ count, backoff { base, factor, cap } }`. The count cannot \
         be negative (\"RetryStrategy.count must be greater than or equal to 0, got -1\"); \
         `base` is required in `backoff`; `factor` defaults to 1.0 and must be at least 1.0; \
         and a `factor` above 1.0 needs a `cap` (\"Backoff.cap is required when factor > 1.0 \
         to prevent unbounded growth\").";
    E0310, "invalid reuse policy",
        "A `reusable { … }` policy breaks one of the SDK's or Flyte's rules: `replicas` is an \
         int or `[min, max]` with min ≤ max (\"replicas min (3) must be less than or equal to \
         max (1)\") and max ≥ 1; `idle_ttl` and `scaledown_ttl` are at least 30 seconds \
         (\"idle_ttl must be at least 30 seconds\"); `concurrency` is at least 1; `scope` is \
         `global` or `run`.";
    E0311, "conflict with a reusable env",
        "A reusable env runs its tasks in long-lived containers, which rules some settings \
         out, as the SDK does: a reusable env has no `pod_template` (\"Cannot set \
         pod_template when environment is reusable.\") and no plugin (\"Cannot set \
         plugin_config when environment is reusable.\"); a template of it cannot set a \
         `pod_template` or a different `service_account` (\"Cannot override service_account \
         when environment is reusable.\") or `debuggable = true`; and with `concurrency` above \
         1 every function task must be `async = true` (\"Reusable environments with \
         concurrency greater than 1 are only supported for async tasks.\").";
    E0312, "invalid pod template",
        "`pod_template` is the name of a pod template in the cluster or a block with \
         `labels`, `annotations`, `primary_container_name` and `pod_spec`. `pod_spec` is \
         written in the Kubernetes JSON shape (camelCase keys) and its field names are \
         checked against the `PodSpec` and `Container` schemas, so `node_selector` is caught \
         (did you mean `nodeSelector`?) before the cluster sees it. Every container needs a \
         `name`.";
    E0313, "invalid link",
        "A link is `{ name, uri, icon_uri? }`. Its `uri` may use the placeholders \
         `{run_name}`, `{project}`, `{domain}`, `{action_name}`, `{parent_action_name}` and \
         `{pod_name}`, which become Flyte's `{{.runName}}`, `{{.executionProject}}`, … when \
         the task is deployed. Any other `{name}` would reach the UI unreplaced, so it is an \
         error.";
    E0314, "invalid plugin",
        "`plugin <name> { … }` selects a Flyte plugin for the env's tasks. taskc knows \
         `dask`, `spark`, `databricks`, `pytorch` and `ray` (docs/language.md §3.7); other names, \
         unknown keys and bad values are errors, as are what the SDK plugin cannot serialize \
         (a Spark pod without `containers`, a PyTorch job without `nnodes` or \
         `nproc_per_node`, a Ray job without `workers`, a Ray group's `requests` with a range, \
         a number beyond 32 bits).";
    E0315, "missing or invalid module or function",
        "A function template names the Python function the task runs: `module` (a dotted \
         module path; may be left out when taskc.toml sets `[flyte] default_module`) and \
         `function` (default: the template name). Both must be Python names, so a kebab-case \
         template name needs an explicit `function`.";
    E0316, "`+=` cannot merge this",
        "`+=` merges with the inherited value: `env_vars +=` adds keys (a repeated key \
         replaces the inherited value in place) and `secrets +=` adds secrets, on a child env \
         or in an override. Every other attribute is replaced whole with `=`, as the SDK's \
         `clone_with` and `override` do, and a template has nothing to merge with.";
    E0317, "entry of the wrong form",
        "A block holds an entry of a form it does not take, for example a typed field \
         `x: int` outside `inputs`/`outputs`, a `returns` in an env, a labelled block such as \
         `trigger nightly { … }` where none is allowed, or an unknown labelled block.";
    E0318, "invalid interface",
        "Inputs and outputs are `name: Type` entries whose names are Python identifiers (they \
         are parameter names of the Python function) and are unique. Outputs take no default. \
         A template has `outputs { … }` or `returns T`, not both.";
    E0319, "invalid size",
        "`max_inline_io_bytes` is a number of bytes or a size string with `B`, `KB`/`MB`/`GB` \
         (powers of 1000) or `KiB`/`MiB`/`GiB` (powers of 1024), such as \"10MiB\".";
    E0320, "text cut to a Flyte limit",
        "A warning: the text is longer than Flyte accepts, so it is shortened the way the SDK \
         does. A `short_name` and an env name keep their first 63 characters; an env \
         `description` and a task's short description keep 247 characters plus \
         \"...(tr.)\" (255 in all); a long description keeps 2040 plus \"...(tr.)\" (2048). \
         Shorten the text to keep all of it. `taskc check` reports this as the lint L0004 \
         (`value-truncated-on-wire`), whose level `[lint]` can set.";
    E0321, "triggers on a template that is not deployed",
        "A template with `deploy = false` is only emitted for calls from other tasks; its \
         triggers would never be registered. Remove the triggers or `deploy = false`.";
    E0401, "unknown trigger attribute",
        "A trigger block sets an attribute taskc does not know. A trigger accepts `cron`, \
         `timezone`, `rate`, `start_time`, `schedule`, `description`, `active`, `inputs`, \
         `env_vars`, `interruptible`, `overwrite_cache`, `queue`, `max_action_concurrency`, \
         `labels`, `annotations` and `context`. Some are named differently from the Python \
         SDK: `active` is `auto_activate`, `context` is `custom_context`, and the trigger's \
         name is its label (`trigger nightly { … }`).";
    E0402, "invalid trigger attribute value",
        "A trigger attribute has a value of the wrong kind, for example `active = \"yes\"` \
         instead of `active = true`, a number in `env_vars` instead of a string, or `+=` \
         (triggers inherit nothing). `cron`, `timezone`, `start_time`, `description` and \
         `queue` are strings; `rate` is a duration; `schedule` is a preset name; `active`, \
         `interruptible` and `overwrite_cache` are booleans; `max_action_concurrency` is an \
         integer; `inputs`, `env_vars`, `labels`, `annotations` and `context` are blocks. \
         The `context` key `_u_kickoff_time_input_arg` is reserved for the `trigger_time` \
         binding.";
    E0403, "more than one schedule",
        "A trigger fires on one schedule: a `cron` expression, a fixed `rate`, or a \
         `schedule` preset (none of them makes a manual trigger). This trigger sets more than \
         one. To run a task on several schedules, write one trigger per schedule.";
    E0404, "invalid cron expression",
        "The cron expression cannot be read. taskc accepts the standard five fields: minute \
         (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC) and day of week \
         (0-6 or SUN-SAT, 7 is Sunday too), each `*`, a number, a range `a-b`, a list `a,b`, or \
         a step `*/n`; `?` means `*` in the day fields. The macros `@yearly`, `@annually`, \
         `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly` are accepted. Seconds \
         and year fields, and the Quartz extensions `L`, `W` and `#`, are not: Flyte \
         schedules have minute granularity. The Python SDK sends any string without \
         checking it; taskc catches the mistake before deploying.";
    E0405, "unknown time zone",
        "A cron trigger's `timezone` must be an IANA time zone name such as \"UTC\", \
         \"Europe/London\" or \"America/New_York\" (names are case-sensitive). The help line \
         suggests the closest known name. Without `timezone`, cron triggers run in UTC.";
    E0406, "attribute does not fit the schedule",
        "`timezone` only applies to cron schedules (`cron = \"…\"` or a `schedule` preset), \
         and `start_time` only to `rate` schedules. Set on any other kind of trigger they \
         would be silently ignored, so taskc rejects them.";
    E0407, "invalid rate",
        "A `rate` must be a positive duration that is a whole number of minutes, at most \
         4294967295 minutes. Flyte's fixed-rate schedules count minutes (the SDK's \
         `FixedRate(interval_minutes)`), so `rate = 2h` is sent as 120 minutes and `rate = \
         90s` cannot be expressed.";
    E0408, "invalid start time",
        "A rate trigger's `start_time` must be an RFC 3339 date-time with an explicit offset, \
         such as \"2025-01-01T00:00:00Z\". It is sent in UTC.";
    E0409, "unknown schedule preset",
        "`schedule = …` names one of the SDK's preset schedules: `hourly` (\"0 * * * *\"), \
         `daily` (\"0 0 * * *\"), `weekly` (\"0 0 * * 0\"), `monthly` (\"0 0 1 * *\") or \
         `minutely` (\"* * * * *\"). For any other schedule write `cron = \"…\"`.";
    E0410, "unknown trigger input",
        "A trigger's `inputs { … }` sets (or binds `trigger_time` to) a name that is not an \
         input of the task, so Flyte could not pass it. The SDK reports this when it \
         serializes the task (\"Trigger default input 'nope' must be an input to the task, \
         but not found in task …\"); taskc reports it at once, with the inputs the task \
         has.";
    E0411, "`trigger_time` bound to a non-datetime input",
        "`trigger_time` passes the time a scheduled run was due, which is a `datetime`. It \
         can only be bound to an input of type `datetime` (or `datetime?`).";
    E0412, "`trigger_time` on a manual trigger",
        "A trigger without a schedule is started by hand and has no scheduled time, so it \
         cannot bind `trigger_time`. The SDK rejects this too (\"Trigger 'tr' uses \
         TriggerTime, which is only available on schedule (Cron/FixedRate) triggers.\"). Add \
         a `cron`, `rate` or `schedule`, or set the input to a fixed value.";
    E0413, "`trigger_time` bound twice",
        "A trigger passes its time to one input (`kickoff_time_input_arg` on the wire); this \
         trigger binds `trigger_time` to two. Bind it once and set the other input to a \
         value.";
    E0414, "invalid max_action_concurrency",
        "`max_action_concurrency` limits how many actions of a triggered run may run at \
         once. It must be 0 (the platform default) or at least 2, as the SDK requires: with \
         1, the parent action holds the only slot while waiting for its children, and the run \
         deadlocks.";
    E0415, "trigger name too long",
        "Flyte accepts trigger names of 1 to 255 characters (`TaskTrigger.name`). Use a \
         shorter name.";
    E0416, "repeated trigger attribute",
        "A trigger sets the same attribute twice, or the same key twice inside `inputs`, \
         `env_vars`, `labels`, `annotations` or `context`. Remove one of them.";
    E0417, "duplicate trigger name",
        "Two triggers of the same task have the same name. Flyte identifies a task's \
         triggers by name, so the second would replace the first. Give each trigger its own \
         name.";
    E0418, "invalid trigger notification",
        "A `notify <channel> { … }` block or `notification_rule` that the SDK or Flyte would \
         refuse: an unknown channel or field, a missing `on_phase`, recipient, URL or name, a \
         phase listed twice, an empty subject, a URL over 2,000 characters, more than 20 \
         headers (names 1-20, values 1-50 characters), or a rule next to `notify` blocks.";
    E0501, "invalid query task",
        "A query task is a template with `sql bigquery { … }` or `sql snowflake { … }` and a \
         `query`. The dialect must be one of the two; BigQuery needs `project_id`, Snowflake \
         `account`, `database`, `schema`, `warehouse` and `user`; the query cannot be empty.";
    E0502, "query placeholder names no input",
        "Every placeholder of the query (`@name` for BigQuery, `%(name)s` for Snowflake) must \
         name an input of the task; otherwise the query fails when it runs. BigQuery \
         placeholders inside string literals, quoted identifiers and comments are not \
         counted, nor are `@@system_variables`.";
    E0503, "query input never used",
        "An input of a deployed query task does not appear as a placeholder in the query (a \
         deployed query takes no inputs at all, E0507 says why). The connector would bind it \
         for nothing, and it is almost always a misspelled placeholder or a leftover. Use it \
         (`@name` / `%(name)s`) or remove it. For a `deploy = false` query, which the SDK \
         accepts with an unused input, lint L0015 (`unused-query-input`) reports it instead.";
    E0504, "container command names no input",
        "A raw container task gets its inputs through CoPilot: `{{.inputs.x}}` in the command \
         is replaced by the value of input `x`, and `<input_data_dir>/x` is the file it \
         stages for input `x`. A name that is not an input would stay unreplaced or point to \
         a missing file. The `container` block's other rules (an absolute `input_data_dir`, a \
         non-empty `command`, …) are reported with this code too.";
    E0505, "container input never used",
        "A warning: an input of a container task appears neither as `{{.inputs.x}}` nor as \
         `<input_data_dir>/x` in the command or args, so the container never reads it.";
    E0506, "attribute does not fit the kind of task",
        "Function, query and container templates take different attributes. Query and \
         container tasks run no Python function, so `module`, `function` and `async` do not \
         apply; query tasks have no container (`service_account`, `pod_template`, \
         `debuggable`, …), take no input defaults and have one output `results: dataframe`; \
         `name` only applies to query and container tasks. A template cannot be both a \
         query and a container task, a container task needs an env with an image that is not \
         reusable, and an env with a plugin holds only function tasks.";
    E0507, "query task with inputs cannot be deployed",
        "The SDK gives every input of a query task a `None` default, which `flyte deploy` \
         cannot convert to a literal (\"RuntimeError: Failed to convert default value for \
         parameter 'date'\"). Such a query can only be called from another task. Add \
         `deploy = false`: taskc then emits the task the way a calling task submits it.";
    E0601, "attribute cannot be overridden",
        "An override (the SDK's `TaskTemplate.override()`) takes `short_name`, `resources`, \
         `cache`, `retries`, `timeout`, `reusable`, `env_vars`, `secrets`, `service_account`, \
         `max_inline_io_bytes`, `pod_template`, `queue`, `interruptible`, `entrypoint`, \
         `links`, `debuggable` and `produces_artifacts`. The image, the name, the docs and \
         the interface belong to the template (\"Image cannot be overridden\", \"Name cannot \
         be overridden\", \"Docs cannot be overridden\", \"Interface cannot be overridden\"), \
         and so do `report`, triggers, `module`, `function` and `async`.";
    E0602, "override needs `reusable = off`",
        "A task of a reusable env runs in the env's shared containers, so an override cannot \
         give it other resources, env vars, secrets or a service account (\"Cannot override \
         resources when reusable is set. Reusable tasks will use the parent env's resources. \
         You can disable reusability and override resources if needed. (set \
         reusable='off')\"). Add `reusable = off` to the same override to run it as a plain \
         task.";
    E0603, "override of a query or container task",
        "The SDK's `TaskTemplate.override()` copies the task with `dataclasses.replace`, \
         which calls the constructor of a plugin task (`ContainerTask`, `BigQueryTask`, \
         `Snowflake`) without its required arguments (\"ContainerTask.__init__() missing 1 \
         required positional argument: 'command'\"), so only function tasks can be \
         overridden. Declare another template with the settings you need instead.";
}

/// Every error code, in code order. Lint codes (`L…`) are declared by
/// their rules and listed by the lint registry, a layer above this one.
pub fn registry() -> &'static [CodeInfo] {
    static ALL: LazyLock<Vec<CodeInfo>> =
        LazyLock::new(|| [LANGUAGE_CODES, super::codes_build::BUILD_CODES].concat());
    &ALL
}

/// The entry for `code` (either case), if it is registered.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    registry()
        .iter()
        .find(|c| c.code.as_str().eq_ignore_ascii_case(code))
}

#[cfg(test)]
#[path = "codes_tests.rs"]
mod tests;
