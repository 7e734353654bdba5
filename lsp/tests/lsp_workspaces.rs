//! Which files the server analyses together: one workspace per
//! `taskc.toml` below the editor's folder, loose files on their own, and
//! files opened from outside every folder.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{Client, uri};

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn errors(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter(|d| d["severity"] == 1)
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_taskc_toml_below_the_folder_is_its_own_namespace() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    // The same env name in two workspaces is no clash...
    write(&root.join("a/taskc.toml"), "");
    write(
        &root.join("a/envs.task"),
        "env shared {}\nenv only-in-a {}\n",
    );
    write(&root.join("b/taskc.toml"), "");
    write(&root.join("b/envs.task"), "env shared {}\n");
    // ...and names do not leak from one workspace into the other.
    write(
        &root.join("b/uses.task"),
        "env child extends only-in-a {}\n",
    );
    let mut client = Client::start(&root).await;

    let uses = uri(&root.join("b/uses.task"));
    let found = client
        .wait_diagnostics(&uses, |list| !errors(list).is_empty())
        .await;
    assert!(
        errors(&found).iter().any(|m| m.contains("only-in-a")),
        "{found:#?}"
    );
    client.drain();
    for file in ["a/envs.task", "b/envs.task"] {
        let published = client.diagnostics.get(&uri(&root.join(file)));
        let list = published
            .and_then(|p| p["diagnostics"].as_array().cloned())
            .unwrap_or_default();
        assert!(errors(&list).is_empty(), "{file}: {list:#?}");
    }
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_opened_from_outside_the_folder_is_still_checked() {
    let folder = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(folder.path()).unwrap();
    write(&root.join("taskc.toml"), "");
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = std::fs::canonicalize(elsewhere.path())
        .unwrap()
        .join("lone.task");
    write(&outside, "env lone extends nowhere {}\n");
    let mut client = Client::start(&root).await;
    let text = std::fs::read_to_string(&outside).unwrap();
    let lone = client.open(&outside, &text).await;
    let found = client
        .wait_diagnostics(&lone, |list| !errors(list).is_empty())
        .await;
    assert!(
        errors(&found).iter().any(|m| m.contains("nowhere")),
        "{found:#?}"
    );
    // Requests work there too.
    let outline = client
        .request(
            "textDocument/documentSymbol",
            serde_json::json!({ "textDocument": { "uri": lone } }),
        )
        .await
        .expect("documentSymbol answers");
    assert_eq!(outline[0]["name"], "lone");
    client.shutdown().await;
}
