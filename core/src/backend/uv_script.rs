//! What `Image.from_uv_script` hashes of a script: its PEP 723 header as
//! the SDK reads it (`flyte._utils.uv_script_parser.parse_uv_script_file`)
//! and prints it, `str((UVScriptMetadata(…),))`. Only the header counts:
//! editing the script's code keeps the image.

use super::convert::python_str_repr;

/// Python's `str.splitlines` separators beyond `\n` and `\r`.
const OTHER_LINE_BREAKS: &[char] = &[
    '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// The header's hash input, or why the SDK could not read it.
pub(crate) fn header_input(script: &str) -> Result<String, String> {
    let header = metadata_block(script).ok_or("it has no `# /// script` metadata block")?;
    let data: toml::Table = header.parse().map_err(|e: toml::de::Error| {
        format!("its metadata block is not valid TOML: {}", e.message())
    })?;
    let requires_python = match data.get("requires-python") {
        None => "None".to_string(),
        Some(toml::Value::String(s)) => python_str_repr(s),
        Some(_) => return Err("its `requires-python` is not a string".into()),
    };
    let mut dependencies = Vec::new();
    if let Some(listed) = data.get("dependencies") {
        let toml::Value::Array(listed) = listed else {
            return Err("its `dependencies` is not a list".into());
        };
        for dep in listed {
            let toml::Value::String(dep) = dep else {
                return Err("its `dependencies` holds a value that is not a string".into());
            };
            if dep.contains("file://") {
                return Err(format!(
                    "it depends on a local project (`{dep}`), whose files taskc does not follow"
                ));
            }
            dependencies.push(python_str_repr(dep));
        }
    }
    let tool = match data
        .get("tool")
        .and_then(|t| t.get("uv"))
        .and_then(toml::Value::as_table)
    {
        Some(uv) if !uv.is_empty() => {
            let exclude_newer = match uv.get("exclude-newer") {
                None => "None".to_string(),
                Some(toml::Value::String(s)) => python_str_repr(s),
                Some(_) => return Err("its `tool.uv.exclude-newer` is not a string".into()),
            };
            format!("{{'uv': ToolUVConfig(exclude_newer={exclude_newer})}}")
        }
        _ => "None".to_string(),
    };
    Ok(format!(
        "(UVScriptMetadata(requires_python={requires_python}, dependencies=[{}], pyprojects=[], tool={tool}),)",
        dependencies.join(", ")
    ))
}

/// `# /// script\s*(.*?)# ///` (dot matching newlines), each line with
/// leading `#` and spaces and trailing whitespace removed.
fn metadata_block(text: &str) -> Option<String> {
    let start = text.find("# /// script")? + "# /// script".len();
    let rest = text[start..].trim_start();
    let end = rest.find("# ///")?;
    let lines: Vec<&str> = split_lines(&rest[..end])
        .into_iter()
        .map(|line| line.trim_start_matches(['#', ' ']).trim_end())
        .collect();
    Some(lines.join("\n"))
}

/// `str.splitlines()`: `\r\n`, `\r`, `\n` and the other breaks; no empty
/// last line for a trailing break.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' || c == '\r' || OTHER_LINE_BREAKS.contains(&c) {
            lines.push(&text[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_prints_as_the_sdks_metadata() {
        let script = "#!/usr/bin/env -S uv run --script\n# /// script\n# requires-python = \">=3.12\"\n# dependencies = [\"httpx\", \"rich>=13\"]\n# [tool.uv]\n# exclude-newer = \"2024-01-01T00:00:00Z\"\n# ///\nprint('hi')\n";
        assert_eq!(
            header_input(script).as_deref(),
            Ok(
                "(UVScriptMetadata(requires_python='>=3.12', dependencies=['httpx', 'rich>=13'], pyprojects=[], tool={'uv': ToolUVConfig(exclude_newer='2024-01-01T00:00:00Z')}),)"
            )
        );
        let bare = "# /// script\n# ///\n";
        assert_eq!(
            header_input(bare).as_deref(),
            Ok(
                "(UVScriptMetadata(requires_python=None, dependencies=[], pyprojects=[], tool=None),)"
            )
        );
    }

    #[test]
    fn what_the_sdk_cannot_read_is_an_error() {
        assert!(header_input("print('no header')").is_err());
        assert!(header_input("# /// script\n# dependencies = [\n# ///\n").is_err());
        let local = "# /// script\n# dependencies = [\"lib @ file:///src/lib\"]\n# ///\n";
        assert!(header_input(local).is_err_and(|e| e.contains("local project")));
    }
}
