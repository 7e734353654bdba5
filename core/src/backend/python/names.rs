//! The module-level names of the generated bindings, and the declarations
//! that cannot have theirs.
//!
//! Every type, env, template and override becomes a global of one Python
//! module, so names that differ in `.task` files can meet there: `gpu-a`
//! and `gpu_a`, a type `TrainOutputs` and the outputs class of template
//! `train`, a template named
//! `typing` (which would shadow a module the bindings import) or `str`
//! (which would shadow the builtin their annotations use). Such a module
//! would import, then make the wrong object a task; so each clash is an
//! error at `check` time, in a workspace that generates bindings. The one
//! clash the bindings resolve themselves is an env named like a template,
//! override or type, as real Flyte code names a task after its env: the
//! env is bound as `<name>_env` ([`EnvGlobals`]). A name
//! that is a Python keyword is bound with a trailing `_` (`class` →
//! `class_`), which works but is not the name the user wrote: a warning.

use std::collections::{HashMap, HashSet};

use super::expr::identifier;
use super::templates::{outputs_class, outputs_named_tuple};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::Model;
use crate::semantic::types::Type;
use crate::source::FileSpan;

/// Registered in `diagnostics/codes.rs`.
pub const KEYWORD_NAME: Code = Code::E0809;
pub const CLASHING_NAME: Code = Code::E0810;

/// The standard library modules every generated module imports.
pub(crate) const STANDARD_IMPORTS: &[&str] = &[
    "dataclasses",
    "datetime",
    "enum",
    "inspect",
    "pathlib",
    "types",
    "typing",
    "weakref",
];

/// Names the generated module binds for itself: the modules it imports,
/// the helpers of its prelude and the tables its decorators and overrides
/// keep. A declaration bound under one of these would replace it.
const MODULE_OWN: &[&str] = &[
    // other imported modules (`import google.cloud.bigquery` binds `google`)
    "flyte",
    "google",
    "flyteplugins",
    "pydantic",
    // the prelude (prelude.py) and the override table
    "_NO_DEFAULT",
    "_DECORATED",
    "_UNANNOTATED",
    "_PyClass",
    "_import_class",
    "_names_class",
    "_normalize",
    "_show",
    "_signature_difference",
    "_check",
    "_Link",
    "_pod_spec",
    "_adopt",
    "_interface",
    "_replace",
    "_OVERRIDES",
    "_AUTO_IMAGE",
    "_PYTHON_VERSION",
    "_FLYTE_VERSION",
    "_ROOT",
    "__getattr__",
];

/// The builtins the generated code refers to (checked against real
/// generated modules by `python_bindings_sdk`): a global of the same name
/// would be found first.
pub const BUILTINS_USED: &[&str] = &[
    "AttributeError",
    "Exception",
    "ImportError",
    "TypeError",
    "__name__",
    "any",
    "bool",
    "bytes",
    "callable",
    "dict",
    "float",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "int",
    "isinstance",
    "len",
    "list",
    "range",
    "repr",
    "setattr",
    "str",
    "tuple",
    "type",
    "zip",
];

/// Every name the generated module reserves for itself.
pub fn reserved_names() -> impl Iterator<Item = &'static str> {
    STANDARD_IMPORTS
        .iter()
        .chain(MODULE_OWN)
        .chain(BUILTINS_USED)
        .copied()
}

/// One global the bindings bind for a declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundName {
    /// The Python name.
    pub python: String,
    /// What it is, for messages: "env `gpu`", "outputs class of template `train`".
    pub what: String,
    /// The name as declared.
    pub declared: String,
    pub at: FileSpan,
}

/// The Python global of each env. Envs have a namespace of their own in
/// `.task` files (`env train` and `template train in train` are two
/// declarations), but the bindings bind both as globals of one module: an
/// env whose name the Python name of a type, template (or its outputs
/// class) or override already is, is bound as `<name>_env` instead. If that
/// is taken too, the clash is E0810 like any other.
pub(crate) struct EnvGlobals(HashMap<String, String>);

impl EnvGlobals {
    pub(crate) fn new(model: &Model) -> EnvGlobals {
        let mut taken: HashSet<String> = model.types().names().map(identifier).collect();
        for task in model.tasks() {
            taken.insert(identifier(&task.name));
            if outputs_named_tuple(task).is_some() {
                taken.insert(outputs_class(task));
            }
        }
        taken.extend(model.overrides().iter().map(|o| identifier(&o.name)));
        let globals = model
            .envs()
            .iter()
            .map(|env| {
                let plain = identifier(&env.name);
                let python = if taken.contains(&plain) {
                    identifier(&format!("{}_env", env.name))
                } else {
                    plain
                };
                (env.name.clone(), python)
            })
            .collect();
        EnvGlobals(globals)
    }

    /// The global of env `name` (an undeclared env, already an error, by
    /// its plain Python name).
    pub(crate) fn get(&self, name: &str) -> String {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| identifier(name))
    }
}

/// The globals of the generated module that come from declarations, in
/// the order the module binds them (types, envs, templates, overrides).
pub fn bound_names(model: &Model) -> Vec<BoundName> {
    let env_globals = EnvGlobals::new(model);
    let mut out = Vec::new();
    let mut bind = |python: String, what: String, declared: &str, at: FileSpan| {
        out.push(BoundName {
            python,
            what,
            declared: declared.to_string(),
            at,
        });
    };
    let types = model.types();
    for name in types.names() {
        let declared_at = match types.get(name) {
            Some(Type::Enum(def)) => Some(def.at),
            Some(Type::Record(def)) => Some(def.at),
            _ => None,
        };
        if let Some(at) = declared_at {
            bind(identifier(name), format!("type `{name}`"), name, at);
        }
    }
    for env in model.envs() {
        bind(
            env_globals.get(&env.name),
            format!("env `{}`", env.name),
            &env.name,
            env.name_at,
        );
    }
    for task in model.tasks() {
        bind(
            identifier(&task.name),
            format!("template `{}`", task.name),
            &task.name,
            task.name_at,
        );
        if outputs_named_tuple(task).is_some() {
            bind(
                outputs_class(task),
                format!("the outputs class of template `{}`", task.name),
                &task.name,
                task.name_at,
            );
        }
    }
    for over in model.overrides() {
        bind(
            identifier(&over.name),
            format!("override `{}`", over.name),
            &over.name,
            over.name_at,
        );
    }
    out
}

/// The keyword warnings and clash errors of the bindings of `model`.
pub fn name_diagnostics(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut first: HashMap<String, BoundName> = HashMap::new();
    for bound in bound_names(model) {
        let renamed =
            bound.python != bound.declared && bound.python.trim_end_matches('_') == bound.declared;
        if renamed {
            diagnostics.push(
                Diagnostic::warning(
                    KEYWORD_NAME,
                    bound.at,
                    format!(
                        "{} is a Python keyword: the bindings name it `{}`",
                        bound.what, bound.python
                    ),
                )
                .with_help(format!(
                    "rename it so the Python name is the one you wrote, e.g. `{}_task`",
                    bound.declared
                )),
            );
        }
        if reserved_names().any(|r| r == bound.python) {
            diagnostics.push(
                Diagnostic::error(
                    CLASHING_NAME,
                    bound.at,
                    format!(
                        "{} would be the global `{}` of the Python bindings, a name the module needs for itself",
                        bound.what, bound.python
                    ),
                )
                .with_help(format!(
                    "rename it, e.g. `{}_task`; the bindings import or use `{}`",
                    bound.declared, bound.python
                )),
            );
            continue;
        }
        // The model holds each name of a namespace once (a second
        // declaration is E0102 and left out), so one global bound twice is
        // two declarations: of different names, or a type and a template.
        match first.get(&bound.python) {
            Some(earlier) => diagnostics.push(
                Diagnostic::error(
                    CLASHING_NAME,
                    bound.at,
                    format!(
                        "{} and {} are both the global `{}` of the Python bindings",
                        bound.what, earlier.what, bound.python
                    ),
                )
                .with_label(earlier.at, format!("{} is bound here", earlier.what))
                .with_help("rename one of them: in Python they are one name"),
            ),
            None => {
                first.insert(bound.python.clone(), bound);
            }
        }
    }
    diagnostics
}
