//! A small Python expression tree and its black-style layout: an expression
//! stays on one line when it fits, else each argument (or item) goes on its
//! own line with a trailing comma, recursively.

/// The line length the generated module is laid out for (black's default).
pub(crate) const LINE_LENGTH: usize = 88;

/// One Python expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Py {
    /// Emitted verbatim (names, numbers, string literals).
    Raw(String),
    /// `func(a, k=v)`: `None` keys are positional arguments.
    Call(String, Vec<(Option<String>, Py)>),
    /// `receiver.method(a, k=v)`: a call on the value of an expression.
    Method(Box<Py>, String, Vec<(Option<String>, Py)>),
    List(Vec<Py>),
    Tuple(Vec<Py>),
    Dict(Vec<(Py, Py)>),
}

impl Py {
    pub(crate) fn raw(text: impl Into<String>) -> Py {
        Py::Raw(text.into())
    }

    /// A Python string literal.
    pub(crate) fn str(text: &str) -> Py {
        Py::Raw(str_literal(text))
    }

    pub(crate) fn call(func: impl Into<String>, args: Vec<(Option<String>, Py)>) -> Py {
        Py::Call(func.into(), args)
    }

    /// A call with keyword arguments only.
    pub(crate) fn kwcall(func: impl Into<String>, kwargs: Vec<(&str, Py)>) -> Py {
        Py::Call(
            func.into(),
            kwargs
                .into_iter()
                .map(|(k, v)| (Some(k.to_string()), v))
                .collect(),
        )
    }

    pub(crate) fn bool(value: bool) -> Py {
        Py::raw(if value { "True" } else { "False" })
    }

    /// The expression on one line.
    pub(crate) fn flat(&self) -> String {
        match self {
            Py::Raw(text) => text.clone(),
            Py::Call(func, args) => {
                let args: Vec<String> = args.iter().map(|(k, v)| arg_flat(k, v)).collect();
                format!("{func}({})", args.join(", "))
            }
            Py::Method(receiver, method, args) => {
                let args: Vec<String> = args.iter().map(|(k, v)| arg_flat(k, v)).collect();
                format!("{}.{method}({})", receiver.flat(), args.join(", "))
            }
            Py::List(items) => format!("[{}]", join_flat(items)),
            Py::Tuple(items) if items.len() == 1 => format!("({},)", items[0].flat()),
            Py::Tuple(items) => format!("({})", join_flat(items)),
            Py::Dict(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.flat(), v.flat()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }

    /// The expression laid out black-style: it starts at column `start` of
    /// a line indented by `indent`, and `tail` more characters follow it
    /// (`,`, `)`). When it does not fit, its items go one per line at
    /// `indent + 4` and the closing bracket at `indent`.
    pub(crate) fn layout(&self, indent: usize, start: usize, tail: usize) -> String {
        let flat = self.flat();
        if start + flat.chars().count() + tail <= LINE_LENGTH {
            return flat;
        }
        let inner_indent = indent + 4;
        let inner = " ".repeat(inner_indent);
        let close = " ".repeat(indent);
        let item = |v: &Py| v.layout(inner_indent, inner_indent, 1);
        let (open, items, end): (String, Vec<String>, &str) = match self {
            Py::Raw(_) => return flat,
            // The receiver is laid out; the call on it follows its closing
            // bracket, flat when it fits there, else with its arguments one
            // per line (a chain of `with_*` calls).
            Py::Method(receiver, method, args) => {
                let flat_args: Vec<String> = args.iter().map(|(k, v)| arg_flat(k, v)).collect();
                let call = format!(".{method}({})", flat_args.join(", "));
                let receiver = receiver.layout(indent, start, call.chars().count() + tail);
                let column = match receiver.rsplit_once('\n') {
                    Some((_, last)) => last.chars().count(),
                    None => start + receiver.chars().count(),
                };
                if args.is_empty() || column + call.chars().count() + tail <= LINE_LENGTH {
                    return format!("{receiver}{call}");
                }
                let call = Py::Call(format!(".{method}"), args.clone());
                return format!("{receiver}{}", call.layout(indent, column, tail));
            }
            Py::Call(func, args) if args.is_empty() => return format!("{func}()"),
            Py::Call(func, args) => (
                format!("{func}("),
                args.iter()
                    .map(|(k, v)| match k {
                        Some(k) => format!(
                            "{k}={}",
                            v.layout(inner_indent, inner_indent + k.len() + 1, 1)
                        ),
                        None => item(v),
                    })
                    .collect(),
                ")",
            ),
            Py::List(items) => ("[".into(), items.iter().map(item).collect(), "]"),
            Py::Tuple(items) => ("(".into(), items.iter().map(item).collect(), ")"),
            Py::Dict(entries) => (
                "{".into(),
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = k.flat();
                        let at = inner_indent + key.chars().count() + 2;
                        format!("{key}: {}", v.layout(inner_indent, at, 1))
                    })
                    .collect(),
                "}",
            ),
        };
        if items.is_empty() {
            return flat;
        }
        let mut out = open;
        out.push('\n');
        for item in items {
            out.push_str(&inner);
            out.push_str(&item);
            out.push_str(",\n");
        }
        out.push_str(&close);
        out.push_str(end);
        out
    }
}

fn arg_flat(key: &Option<String>, value: &Py) -> String {
    match key {
        Some(k) => format!("{k}={}", value.flat()),
        None => value.flat(),
    }
}

fn join_flat(items: &[Py]) -> String {
    items.iter().map(Py::flat).collect::<Vec<_>>().join(", ")
}

/// A double-quoted Python string literal. JSON escapes are valid Python
/// escapes; non-ASCII text stays as is (the module is UTF-8).
pub(crate) fn str_literal(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `a-b` → `a_b`: env and member names as Python identifiers.
pub(crate) fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || is_keyword(&out) {
        out.push('_');
    }
    out
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// `name = <expr>` laid out at column 0.
pub(crate) fn assign(name: &str, value: &Py) -> String {
    format!("{name} = {}\n", value.layout(0, name.len() + 3, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_calls_stay_on_one_line() {
        let call = Py::kwcall("f", vec![("a", Py::raw("1")), ("b", Py::str("x"))]);
        assert_eq!(assign("x", &call), "x = f(a=1, b=\"x\")\n");
    }

    #[test]
    fn long_calls_put_each_argument_on_its_own_line() {
        let long = Py::str(&"y".repeat(80));
        let call = Py::kwcall("f", vec![("a", long.clone()), ("b", Py::raw("2"))]);
        let text = assign("x", &call);
        assert_eq!(
            text,
            format!("x = f(\n    a={},\n    b=2,\n)\n", long.flat())
        );
    }

    #[test]
    fn method_calls_follow_their_laid_out_receiver() {
        let receiver = Py::kwcall(
            "flyte.PodTemplate",
            vec![("labels", Py::str(&"x".repeat(80)))],
        );
        let chained = Py::Method(
            Box::new(Py::Method(Box::new(receiver), "allow_fuse".into(), vec![])),
            "with_termination_grace_period".into(),
            vec![(None, Py::raw("600"))],
        );
        assert_eq!(
            chained.layout(0, 0, 0),
            format!(
                "flyte.PodTemplate(\n    labels=\"{}\",\n).allow_fuse().with_termination_grace_period(600)",
                "x".repeat(80)
            )
        );
        let short = Py::Method(Box::new(Py::raw("t")), "m".into(), vec![]);
        assert_eq!(short.layout(0, 0, 0), "t.m()");
    }

    #[test]
    fn one_element_tuples_keep_their_comma() {
        assert_eq!(Py::Tuple(vec![Py::raw("1")]).flat(), "(1,)");
    }

    #[test]
    fn identifiers_replace_dashes_and_avoid_keywords() {
        assert_eq!(identifier("gpu-train"), "gpu_train");
        assert_eq!(identifier("class"), "class_");
    }
}
