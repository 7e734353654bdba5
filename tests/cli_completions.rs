//! `taskc completions SHELL`: the real binary prints a script for each shell.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{code, repo, stderr, stdout, taskc};

/// The script for `shell`, after checking the run succeeded quietly.
fn script(shell: &str) -> String {
    let out = taskc(&repo(), &["completions", shell]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(!text.trim().is_empty(), "empty {shell} script");
    text
}

/// Every subcommand is offered (the script is generated from the parser).
fn assert_names_subcommands(shell: &str, text: &str) {
    for sub in [
        "check",
        "build",
        "fmt",
        "lint",
        "explain",
        "why",
        "init",
        "lsp",
        "completions",
    ] {
        assert!(text.contains(sub), "{shell} script does not name `{sub}`");
    }
}

#[test]
fn bash_script_names_the_subcommands_and_parses() {
    let text = script("bash");
    assert_names_subcommands("bash", &text);
    assert!(text.contains("complete -F"), "{text}");
    // `bash -n` reads the script without running it: a syntax error fails.
    let Ok(mut child) = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped `bash -n`: bash is not installed");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write the script");
    let parsed = child.wait_with_output().expect("wait for bash");
    assert!(
        parsed.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&parsed.stderr)
    );
}

#[test]
fn zsh_script_names_the_subcommands() {
    let text = script("zsh");
    assert_names_subcommands("zsh", &text);
    assert!(text.starts_with("#compdef taskc"), "{text}");
}

#[test]
fn fish_script_names_the_subcommands() {
    let text = script("fish");
    assert_names_subcommands("fish", &text);
    assert!(text.contains("complete -c taskc"), "{text}");
}

#[test]
fn powershell_script_names_the_subcommands() {
    let text = script("powershell");
    assert_names_subcommands("powershell", &text);
    assert!(text.contains("Register-ArgumentCompleter"), "{text}");
}

#[test]
fn elvish_script_names_the_subcommands() {
    let text = script("elvish");
    assert_names_subcommands("elvish", &text);
    assert!(
        text.contains("edit:completion:arg-completer[taskc]"),
        "{text}"
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = taskc(&repo(), &["completions", "tcsh"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("possible values"), "{}", stderr(&out));
}
