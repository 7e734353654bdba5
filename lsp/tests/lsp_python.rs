//! The editor and the user's Python: drift diagnostics on a module, go to
//! definition from a template to its `def`, and the signature in the hover.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{Client, at, position_of, uri};

const CONFIG: &str = "[flyte]\ndefault_module = \"pkg.tasks\"\n\
                      [python]\nbindings = \"pkg/flyte_tasks.py\"\n";

const TASKS: &str = "env base {}\n\n/// Trains the model.\ntemplate train in base {\n  \
                     inputs { day: str }\n}\n";

/// Not decorated, and `day` has the wrong annotation.
const DRIFTED: &str = "def train(day: int) -> None:\n    pass\n";

const FIXED: &str =
    "from pkg import flyte_tasks\n\n\n@flyte_tasks.train\ndef train(day: str) -> None:\n    pass\n";

fn workspace(python: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = std::fs::canonicalize(dir.path()).expect("a real path");
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("written");
    };
    write("taskc.toml", CONFIG);
    write("tasks.task", TASKS);
    write("pkg/tasks.py", python);
    (dir, root)
}

fn codes(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_shows_on_the_python_module_and_clears_when_it_is_fixed() {
    let (_dir, root) = workspace(DRIFTED);
    let mut client = Client::start(&root).await;
    let module: &Path = &root.join("pkg/tasks.py");
    let module_uri = uri(module);
    let found = client
        .wait_diagnostics(&module_uri, |list| !list.is_empty())
        .await;
    assert_eq!(codes(&found), ["E0803", "E0805"], "{found:#?}");
    // The function's name is where the missing decorator is reported.
    assert_eq!(
        found[0]["range"],
        json!({ "start": { "line": 0, "character": 4 }, "end": { "line": 0, "character": 9 } })
    );

    // The user opens the module, fixes it and saves.
    client.open(module, DRIFTED).await;
    std::fs::write(module, FIXED).expect("written");
    client
        .notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": module_uri } }),
        )
        .await;
    let cleared = client
        .wait_diagnostics(&module_uri, |list| list.is_empty())
        .await;
    assert_eq!(cleared, Vec::<Value>::new());
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_on_a_template_opens_its_python_function() {
    let (_dir, root) = workspace(FIXED);
    let mut client = Client::start(&root).await;
    let tasks = root.join("tasks.task");
    let tasks_uri = client.open(&tasks, TASKS).await;
    let found = client
        .request(
            "textDocument/definition",
            at(&tasks_uri, position_of(TASKS, "train in", 2)),
        )
        .await
        .expect("definition answers");
    assert_eq!(found["uri"], json!(uri(&root.join("pkg/tasks.py"))));
    assert_eq!(
        found["range"],
        json!({ "start": { "line": 4, "character": 4 }, "end": { "line": 4, "character": 9 } })
    );

    let hover = client
        .request(
            "textDocument/hover",
            at(&tasks_uri, position_of(TASKS, "train in", 2)),
        )
        .await
        .expect("hover answers");
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("@flyte_tasks.train\ndef train(day: str) -> None"),
        "{markdown}"
    );
    client.shutdown().await;
}
