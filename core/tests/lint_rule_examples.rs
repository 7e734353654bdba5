//! The examples in every rule's documentation are true: the `## Example`
//! code triggers the rule and the `## How to fix` code does not, so
//! `taskc explain` and docs/rules.md never show a stale example.

mod lint_common;

use lint_common::lint_with_config;

/// The ```task blocks of the section starting at `heading`.
fn blocks_in_section(docs: &str, heading: &str) -> Vec<String> {
    let Some(start) = docs.find(heading) else {
        return Vec::new();
    };
    let section = &docs[start + heading.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```task\n") {
        let body = &rest[open + "```task\n".len()..];
        let Some(close) = body.find("```") else { break };
        blocks.push(body[..close].to_string());
        rest = &body[close..][3..];
    }
    blocks
}

#[test]
fn examples_trigger_and_fixes_do_not() {
    let mut failures = Vec::new();
    for rule in taskc_core::lint::all_rules() {
        let docs = rule.docs_markdown();
        // Turn the rule on whatever its default level.
        let config = format!("[lint]\n{} = \"warn\"\n", rule.name);
        let examples = blocks_in_section(&docs, "## Example");
        let fixes = blocks_in_section(&docs, "## How to fix");
        assert!(
            !examples.is_empty() && !fixes.is_empty(),
            "{}: no ```task blocks",
            rule.code
        );
        for example in &examples {
            let linted = lint_with_config(example, &config);
            let errors = linted.diagnostics.iter().any(|d| d.is_error());
            if errors || !linted.codes().contains(&rule.code) {
                failures.push(format!(
                    "{}: the example has errors or does not trigger the rule:\n{example}\n{}",
                    rule.code,
                    linted.render()
                ));
            }
        }
        for fix in &fixes {
            let linted = lint_with_config(fix, &config);
            let errors = linted.diagnostics.iter().any(|d| d.is_error());
            if errors || linted.codes().contains(&rule.code) {
                failures.push(format!(
                    "{}: the fix has errors or still triggers the rule:\n{fix}\n{}",
                    rule.code,
                    linted.render()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
