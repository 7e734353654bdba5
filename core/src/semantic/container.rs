//! Raw container tasks: `container { command, args, input_data_dir,
//! output_data_dir, metadata_format, file_input_layout }`. Every
//! `{{.inputs.x}}` and `<input_data_dir>/x` must name an input.

use super::attrs::{CONTAINER_ATTRS, known_attrs};
use super::cx::Cx;
use super::model::{ContainerTask, FileInputLayout, MetadataFormat};
use super::suggest_name;
use super::value_readers;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::FileSpan;
use crate::syntax::ast::Value;

pub(crate) const BAD_CONTAINER: Code = Code::E0504;
pub(crate) const UNUSED_CONTAINER_INPUT: Code = Code::E0505;

/// The container block, and each command/args string with its place.
pub(crate) struct LoweredContainer {
    pub task: ContainerTask,
    pub words: Vec<(String, FileSpan)>,
}

pub(crate) fn lower_container(cx: &mut Cx, v: &Value) -> Option<LoweredContainer> {
    let body = value_readers::block(cx, v, "container")?;
    let mut task = ContainerTask {
        command: Vec::new(),
        args: Vec::new(),
        input_data_dir: "/var/inputs".to_string(),
        output_data_dir: "/var/outputs".to_string(),
        metadata_format: MetadataFormat::Json,
        file_input_layout: FileInputLayout::Direct,
        block_at: cx.at(v.span),
        input_uses: Vec::new(),
    };
    // Each command/args string literal, to find its input references once
    // `input_data_dir` is known.
    let mut literals_at = Vec::new();
    let mut words = Vec::new();
    let mut has_command = false;
    let mut ok = true;
    let before = cx.diags.len();
    for attr in known_attrs(cx, body, "container", CONTAINER_ATTRS) {
        let v = &attr.value;
        match attr.key.name.as_str() {
            key @ ("command" | "args") => {
                let Some(items) = value_readers::list(cx, v, key) else {
                    ok = false;
                    continue;
                };
                let mut list = Vec::new();
                for item in items {
                    match value_readers::string(cx, item, key) {
                        Some(s) => {
                            words.push((s.clone(), cx.at(item.span)));
                            literals_at.push(item.span);
                            list.push(s);
                        }
                        None => ok = false,
                    }
                }
                if key == "command" {
                    has_command = !list.is_empty();
                    if list.is_empty() {
                        cx.error(
                            BAD_CONTAINER,
                            v.span,
                            "`command` cannot be empty",
                            "write the program to run, e.g. `[\"sh\", \"-c\"]`",
                        );
                        ok = false;
                    }
                    task.command = list;
                } else {
                    task.args = list;
                }
            }
            key @ ("input_data_dir" | "output_data_dir") => match value_readers::string(cx, v, key)
            {
                Some(dir) if dir.starts_with('/') => {
                    let dir = if dir.len() > 1 {
                        dir.trim_end_matches('/').to_string()
                    } else {
                        dir
                    };
                    if key == "input_data_dir" {
                        task.input_data_dir = dir;
                    } else {
                        task.output_data_dir = dir;
                    }
                }
                Some(dir) => {
                    cx.error(
                        BAD_CONTAINER,
                        v.span,
                        format!("`{key}` must be an absolute path, got \"{dir}\""),
                        format!(
                            "write e.g. `{key} = \"/var/{}\"`",
                            if key == "input_data_dir" {
                                "inputs"
                            } else {
                                "outputs"
                            }
                        ),
                    );
                    ok = false;
                }
                None => ok = false,
            },
            "metadata_format" => {
                match value_readers::word(cx, v, "metadata_format", &["json", "yaml", "proto"]) {
                    Some("yaml") => task.metadata_format = MetadataFormat::Yaml,
                    Some("proto") => task.metadata_format = MetadataFormat::Proto,
                    Some(_) => task.metadata_format = MetadataFormat::Json,
                    None => ok = false,
                }
            }
            "file_input_layout" => {
                match value_readers::word(cx, v, "file_input_layout", &["direct", "named_dir"]) {
                    Some("named_dir") => task.file_input_layout = FileInputLayout::NamedDir,
                    Some(_) => task.file_input_layout = FileInputLayout::Direct,
                    None => ok = false,
                }
            }
            _ => {}
        }
    }
    if !has_command && ok && cx.diags.len() == before {
        cx.error(
            BAD_CONTAINER,
            body.span,
            "`container { … }` needs a `command`",
            "add `command = [\"program\", \"arg\"]`",
        );
        return None;
    }
    for ((word, _), literal) in words.iter().zip(&literals_at) {
        let uses = input_ref_uses(word, &task.input_data_dir);
        task.input_uses.extend(cx.names_in_literal(*literal, &uses));
    }
    ok.then_some(LoweredContainer { task, words })
}

/// The input names a word refers to: `{{.inputs.x}}` and `<dir>/x`.
pub(crate) fn input_refs(word: &str, input_dir: &str) -> Vec<String> {
    input_ref_uses(word, input_dir)
        .into_iter()
        .map(|(_, name)| name.to_string())
        .collect()
}

/// Every input reference of a word, in order, as (byte offset of the name
/// in `word`, name): `{{.inputs.x}}` (also `.Inputs.` and spaces inside the
/// braces), then `<dir>/x`.
pub(crate) fn input_ref_uses<'w>(word: &'w str, input_dir: &str) -> Vec<(usize, &'w str)> {
    let mut out = Vec::new();
    let mut rest = word;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let inner = after[..close].trim();
        if let Some(name) = inner
            .strip_prefix(".inputs.")
            .or_else(|| inner.strip_prefix(".Inputs."))
        {
            out.push(name.trim());
        }
        rest = &after[close + 2..];
    }
    let prefix = format!("{}/", input_dir.trim_end_matches('/'));
    let mut rest = word;
    while let Some(i) = rest.find(&prefix) {
        // Only a path that starts the word or follows a separator.
        let before_ok = {
            let consumed = word.len() - rest.len() + i;
            consumed == 0
                || word[..consumed].ends_with([' ', '=', '<', '>', '"', '\'', ':', '(', ','])
        };
        let after = &rest[i + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if before_ok && end > 0 {
            out.push(&after[..end]);
        }
        rest = &after[end..];
    }
    // Every name is a slice of `word`: its offset is where the slice starts.
    let base = word.as_ptr() as usize;
    out.into_iter()
        .map(|name| (name.as_ptr() as usize - base, name))
        .collect()
}

/// Check every reference against the inputs; warn about unused inputs.
pub(crate) fn check_refs(
    cx: &mut Cx,
    lowered: &LoweredContainer,
    inputs: &[(String, FileSpan)],
    input_names_all: &[String],
) {
    let names: Vec<&str> = input_names_all.iter().map(String::as_str).collect();
    let mut used: Vec<String> = Vec::new();
    for (word, at) in &lowered.words {
        for name in input_refs(word, &lowered.task.input_data_dir) {
            if !names.contains(&name.as_str()) {
                let help = match suggest_name(&name, &names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare it: `inputs {{ {name}: file }}`"),
                };
                cx.push(
                    Diagnostic::error(
                        BAD_CONTAINER,
                        cx.narrow(*at, &name),
                        format!("`{name}` in the container command names no input of the task"),
                    )
                    .with_help(help),
                );
            }
            used.push(name);
        }
    }
    for (name, at) in inputs {
        if !used.iter().any(|u| u == name) {
            cx.push(
                Diagnostic::warning(
                    UNUSED_CONTAINER_INPUT,
                    *at,
                    format!("input `{name}` is never used by the container command"),
                )
                .with_help(format!(
                    "refer to it as `{{{{.inputs.{name}}}}}` or `{}/{name}`, or remove the input",
                    lowered.task.input_data_dir
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::input_refs;

    #[test]
    fn references_are_found_in_templates_and_paths() {
        assert_eq!(
            input_refs("{{.inputs.percent}}%", "/var/inputs"),
            ["percent"]
        );
        assert_eq!(input_refs("/var/inputs/src", "/var/inputs"), ["src"]);
        assert_eq!(input_refs("wc -l < /in/doc > /out/lines", "/in"), ["doc"]);
        assert_eq!(
            input_refs("/other/var/inputs/x", "/var/inputs"),
            Vec::<String>::new()
        );
        assert_eq!(
            input_refs("{{ .inputs.a }} and {{.inputs.b}}", "/var/inputs"),
            ["a", "b"]
        );
    }
}
