//! The `taskc` binary on hostile or odd input: escape sequences and bidi
//! overrides in user text, paths that are not regular files, a broken
//! `taskc.toml`, floats that round to zero and old Mac line endings.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{assert_reports, code, stderr, stdout, taskc, workspace_bytes as workspace};
use taskc_core::diagnostics::Code;

/// Characters that act on a terminal or reorder text, as the tests plant
/// them: ESC (starting a CSI sequence), a C1 CSI, a bidi override.
const PLANTED: [char; 3] = ['\u{1b}', '\u{9b}', '\u{202e}'];

fn assert_no_raw_controls(text: &str) {
    for c in PLANTED {
        assert!(!text.contains(c), "raw {c:?} in:\n{text}");
    }
}

/// A syntax error next to a string holding an escape sequence and a bidi
/// override, and an attribute name holding an escape sequence.
const HOSTILE: &[u8] =
    "env a {\n  description = \"x\u{1b}[31mred\u{202e}txt\"\n  imag\u{1b}[2J = 3\n}\n".as_bytes();

#[test]
fn escape_sequences_in_source_are_shown_escaped_in_human_output() {
    let dir = workspace(&[("a.task", HOSTILE)]);
    let out = taskc(dir.path(), &["check", "a.task"]);
    assert_eq!(code(&out), 1);
    let text = stderr(&out);
    assert_no_raw_controls(&text);
    assert_reports(&text, &[Code::E0001]);
    // The header column counts the characters of the file, not of the escapes.
    assert!(text.contains("a.task:3:7"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn json_output_keeps_the_text_exact() {
    let dir = workspace(&[("a.task", HOSTILE)]);
    let out = taskc(dir.path(), &["check", "a.task", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let message = json["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains('\u{1b}'), "{message}");
    assert!(!message.contains("\\u{1b}"), "{message}");
}

#[test]
fn why_shows_a_string_with_escape_sequences_escaped() {
    let dir = workspace(&[(
        "a.task",
        "env a {\n  description = \"x\u{1b}]0;title\u{7}\u{9b}2J\u{202e}\"\n}\n".as_bytes(),
    )]);
    let out = taskc(dir.path(), &["why", "a.description"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert_no_raw_controls(&text);
    assert!(!text.contains('\u{7}'), "{text}");
    assert!(
        text.contains(r"x\u{1b}]0;title\u{7}\u{9b}2J\u{202e}"),
        "{text}"
    );
}

#[test]
fn explain_of_an_argument_with_escape_sequences_is_escaped() {
    let dir = workspace(&[]);
    let out = taskc(dir.path(), &["explain", "E01\u{1b}[2J"]);
    assert_eq!(code(&out), 2);
    let text = stderr(&out);
    assert_no_raw_controls(&text);
    assert!(
        text.contains(r"`E01\u{1b}[2J` is not a taskc diagnostic code"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn file_names_with_escape_sequences_are_escaped() {
    let dir = workspace(&[
        ("x\u{1b}[2J.task", b"env a {\n  image = 1\n}\n"),
        ("notes\u{202e}.md", b""),
    ]);
    let out = taskc(dir.path(), &["check", "x\u{1b}[2J.task"]);
    assert_eq!(code(&out), 1);
    assert_no_raw_controls(&stderr(&out));
    assert!(
        stderr(&out).contains(r"x\u{1b}[2J.task:2:11"),
        "{}",
        stderr(&out)
    );

    let out = taskc(dir.path(), &["check", "notes\u{202e}.md"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0904]: `notes\u{202e}.md` is not a `.task` file
      help: name folders or files ending in `.task`
    ");
}

#[test]
fn a_folder_named_like_a_task_file_exits_2() {
    let dir = workspace(&[("pipeline.task/a.task", b"env a {}\n")]);
    let out = taskc(dir.path(), &["check", "pipeline.task"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0906]: `pipeline.task` is a folder, not a regular file
      help: a path ending in `.task` must be a file: name the `.task` file itself or the folder holding it
    ");
}

#[test]
fn a_folder_of_task_files_is_still_fine() {
    let dir = workspace(&[("pipelines/a.task", b"env a {}\n")]);
    let out = taskc(dir.path(), &["check", "pipelines"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("Checked 1 file"), "{}", stderr(&out));
}

#[test]
fn the_current_folder_may_have_a_name_ending_in_task() {
    let dir = workspace(&[("repo.task/a.task", b"env a {}\n")]);
    let out = taskc(&dir.path().join("repo.task"), &["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("Checked 1 file"), "{}", stderr(&out));
}

/// Run `taskc` in `dir`, killing it if it has not finished in time: a FIFO
/// that taskc opened would block it forever.
#[cfg(unix)]
fn taskc_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taskc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run taskc");
    let started = Instant::now();
    while child.try_wait().expect("poll taskc").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("taskc {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("wait for taskc")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_task_file_exits_2_without_blocking() {
    let dir = workspace(&[]);
    mkfifo(&dir.path().join("pipe.task"));
    let out = taskc_within(dir.path(), &["check", "pipe.task"], Duration::from_secs(30));
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0906]: `pipe.task` is a named pipe (FIFO), not a regular file
      help: a path ending in `.task` must be a file: name the `.task` file itself or the folder holding it
    ");
}

#[cfg(unix)]
#[test]
fn dev_null_named_directly_or_through_a_task_link_exits_2() {
    let dir = workspace(&[]);
    std::os::unix::fs::symlink("/dev/null", dir.path().join("null.task")).expect("symlink");
    for path in ["/dev/null", "null.task"] {
        let out = taskc(dir.path(), &["check", path]);
        assert_eq!(code(&out), 2, "{path}");
        assert!(
            stderr(&out).starts_with(&format!(
                "error[E0906]: `{path}` is a device, not a regular file"
            )),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_taskc_toml_folder_exits_2() {
    let dir = workspace(&[("taskc.toml/keep", b""), ("a.task", b"env a {}\n")]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0906]: `taskc.toml` is a folder, not a regular file
      help: `taskc.toml` must be a file; rename or remove what stands in its place
    ");
}

#[cfg(unix)]
#[test]
fn a_taskc_toml_fifo_exits_2_without_blocking() {
    let dir = workspace(&[("sub/a.task", b"env a {}\n")]);
    mkfifo(&dir.path().join("taskc.toml"));
    let out = taskc_within(dir.path(), &["check", "sub"], Duration::from_secs(30));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error[E0906]: `taskc.toml` is a named pipe (FIFO)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_binary_taskc_toml_gets_a_help_line_about_taskc_toml() {
    let dir = workspace(&[
        ("taskc.toml", b"[flyte]\nproject = \"\xff\xfe\"\n"),
        ("a.task", b"env a {}\n"),
    ]);
    let out = taskc(dir.path(), &["check"]);
    assert_eq!(code(&out), 2);
    insta::assert_snapshot!(stderr(&out), @r"
    error[E0903]: `taskc.toml` is not valid UTF-8: the byte at offset 19 (line 2, column 12) does not start a UTF-8 character
      help: `taskc.toml` is TOML, which is UTF-8 text; save it with UTF-8 encoding
    ");
}

#[test]
fn a_float_that_rounds_to_zero_is_a_warning() {
    let dir = workspace(&[(
        "a.task",
        b"template t in a {\n  module = \"m\"\n  inputs { rate: float = 1e-400 }\n}\nenv a {}\n",
    )]);
    let out = taskc(dir.path(), &["check", "a.task"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_reports(&stderr(&out), &[Code::E0010]);
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn old_mac_line_endings_give_real_line_numbers() {
    let dir = workspace(&[("cr.task", b"env a {\r  image = 1\r}\r")]);
    let out = taskc(dir.path(), &["check", "cr.task"]);
    assert_eq!(code(&out), 1);
    let text = stderr(&out);
    assert!(text.contains("cr.task:2:11"), "{text}");
    assert!(!text.contains('\r'), "{text}");
    insta::assert_snapshot!(text);

    let out = taskc(dir.path(), &["check", "cr.task", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["diagnostics"][0]["start"]["line"], 2);
}

/// A `//` comment ends at a lone `\r` too: it does not hide the rest of
/// an old Mac file.
#[test]
fn old_mac_line_endings_end_a_comment() {
    let dir = workspace(&[("cr.task", b"// c\renv a {\r  image = 1\r}\r")]);
    let out = taskc(dir.path(), &["check", "cr.task"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("cr.task:3:11"), "{}", stderr(&out));
    let dir = workspace(&[("cr.task", b"/// Doc.\renv a {}\r")]);
    let out = taskc(dir.path(), &["check", "cr.task"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn build_and_fmt_listings_show_file_names_escaped() {
    let dir = workspace(&[(
        "x\u{1b}[2J.task",
        b"env a {}\ntemplate t in a {\n  module = \"m\"\n}\n",
    )]);
    let out = taskc(dir.path(), &["build", "-o", "out\u{9b}"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_no_raw_controls(&stderr(&out));
    assert!(stderr(&out).contains(r"in `out\u{9b}`"), "{}", stderr(&out));

    let out = taskc(dir.path(), &["build", "-o", "out\u{9b}", "--check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_no_raw_controls(&stderr(&out));

    let dir = workspace(&[("x\u{1b}[2J.task", b"env   a {}\n")]);
    let out = taskc(dir.path(), &["fmt", "--check"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out), "x\\u{1b}[2J.task\n");
}
