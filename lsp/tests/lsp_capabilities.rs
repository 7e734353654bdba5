//! One protocol-level test per capability of `taskc lsp`, each driving the
//! real server (in-process, through its `LspService`) over a copy of the
//! repository's `examples/` workspace and asserting what comes back.

mod support;

use serde_json::{Value, json};
use support::{Client, at, examples_copy, position_of, uri};
use taskc_core::diagnostics::Code;

fn read(root: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(root.join(name)).expect("example file")
}

/// No error-severity entries (the examples may carry lint warnings).
fn no_errors(list: &[Value]) -> bool {
    list.iter().all(|d| d["severity"] != 1)
}

fn text_of(value: &Value) -> String {
    value.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_cover_unopened_files_and_clear_when_fixed() {
    let (_dir, root) = examples_copy();
    // A file with a problem that the editor never opens.
    let broken = root.join("broken.task");
    std::fs::write(&broken, "env broken extends nowhere {}\n").unwrap();
    let mut client = Client::start(&root).await;
    let broken_uri = uri(&broken);
    let found = client
        .wait_diagnostics(&broken_uri, |list| !list.is_empty())
        .await;
    assert!(
        found.iter().any(|d| text_of(d).contains("nowhere")),
        "{found:#?}"
    );
    assert_eq!(found[0]["source"], "taskc");
    // `extends nowhere`: an unknown env.
    assert_eq!(found[0]["code"], Code::E0106.as_str(), "{found:#?}");
    // Open it, fix it in the editor: the list is cleared with the new version.
    let text = read(&root, "broken.task");
    client.open(&broken, &text).await;
    let version = client
        .change_full(&broken_uri, "// nothing here yet\n")
        .await;
    let fixed = client.wait_version(&broken_uri, version).await;
    assert_eq!(fixed, Vec::<Value>::new());

    // Break it again with a ranged edit: the error points at the new text.
    client
        .change_full(&broken_uri, "env broken extends base {}\n")
        .await;
    let version = client
        .change_range(&broken_uri, (0, 19), (0, 23), "bsae")
        .await;
    let again = client.wait_version(&broken_uri, version).await;
    let errors: Vec<&Value> = again.iter().filter(|d| d["severity"] == 1).collect();
    assert_eq!(errors.len(), 1, "{again:#?}");
    assert_eq!(
        errors[0]["range"],
        json!({ "start": { "line": 0, "character": 19 }, "end": { "line": 0, "character": 23 } })
    );
    assert!(
        text_of(errors[0]).contains("base"),
        "did-you-mean: {again:#?}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_shows_the_declaration_under_the_cursor() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let result = client
        .request(
            "textDocument/hover",
            at(&uri, position_of(&text, "gpu-train extends base", 19)),
        )
        .await
        .expect("hover answers");
    assert_eq!(result["contents"]["kind"], "markdown");
    let markdown = result["contents"]["value"].as_str().unwrap_or_default();
    assert!(markdown.contains("base"), "{markdown}");
    assert!(
        markdown.contains("Shared runtime of the recommendations team"),
        "the doc comment is shown: {markdown}"
    );
    assert_eq!(
        result["range"]["start"],
        position_of(&text, "gpu-train extends base", 18)
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_offers_env_names_after_extends() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let line = text.lines().count() as u32;
    client
        .change_range(&uri, (line, 0), (line, 0), "env extra extends \n")
        .await;
    let result = client
        .request(
            "textDocument/completion",
            at(&uri, json!({ "line": line, "character": 18 })),
        )
        .await
        .expect("completion answers");
    let items = result.as_array().cloned().unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(labels.contains(&"base"), "{labels:?}");
    assert!(labels.contains(&"gpu-train"), "{labels:?}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_jumps_to_the_declaration_in_another_file() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("training.task");
    let text = read(&root, "training.task");
    let uri = client.open(&path, &text).await;
    let result = client
        .request(
            "textDocument/definition",
            at(&uri, position_of(&text, "in gpu-train", 5)),
        )
        .await
        .expect("definition answers");
    let envs = read(&root, "envs.task");
    assert_eq!(result["uri"], support::uri(&root.join("envs.task")));
    assert_eq!(
        result["range"]["start"]["line"],
        position_of(&envs, "env gpu-train", 0)["line"]
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_list_every_use_across_files() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let mut params = at(&uri, position_of(&text, "env gpu-train", 5));
    params["context"] = json!({ "includeDeclaration": true });
    let result = client
        .request("textDocument/references", params.clone())
        .await
        .expect("references answer");
    let found = result.as_array().cloned().unwrap_or_default();
    let files: std::collections::BTreeSet<&str> =
        found.iter().filter_map(|l| l["uri"].as_str()).collect();
    assert!(
        files.iter().any(|f| f.ends_with("training.task")),
        "{found:#?}"
    );
    assert!(files.iter().any(|f| f.ends_with("envs.task")), "{found:#?}");
    params["context"] = json!({ "includeDeclaration": false });
    let without = client
        .request("textDocument/references", params)
        .await
        .expect("references answer");
    assert_eq!(
        without.as_array().map(Vec::len),
        Some(found.len() - 1),
        "the declaration is left out on request"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_prepares_the_name_and_edits_every_use() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let position = position_of(&text, "env gpu-train", 6);
    let prepared = client
        .request("textDocument/prepareRename", at(&uri, position.clone()))
        .await
        .expect("prepareRename answers");
    assert_eq!(prepared["placeholder"], "gpu-train");
    assert_eq!(
        prepared["range"]["start"],
        position_of(&text, "env gpu-train", 4)
    );

    // Nothing to rename on a keyword.
    let keyword = client
        .request(
            "textDocument/prepareRename",
            at(&uri, position_of(&text, "env gpu-train", 1)),
        )
        .await;
    assert_eq!(keyword, Ok(Value::Null));

    let mut params = at(&uri, position);
    params["newName"] = json!("gpu-training");
    let edit = client
        .request("textDocument/rename", params)
        .await
        .expect("rename answers");
    let changes = edit["changes"].as_object().cloned().unwrap_or_default();
    assert!(
        changes.keys().any(|k| k.ends_with("training.task")),
        "{edit:#}"
    );
    assert!(changes.keys().any(|k| k.ends_with("envs.task")), "{edit:#}");
    for edits in changes.values() {
        for edit in edits.as_array().into_iter().flatten() {
            assert_eq!(edit["newText"], "gpu-training");
        }
    }

    // A name the language does not allow is refused with a message.
    let mut params = at(&uri, position_of(&text, "env gpu-train", 6));
    params["newName"] = json!("not a name");
    let refused = client.request("textDocument/rename", params).await;
    assert!(refused.is_err(), "{refused:?}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_and_workspace_symbols_name_the_declarations() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let outline = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("documentSymbol answers");
    let names: Vec<&str> = outline
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.starts_with(&["base", "gpu-train"]), "{names:?}");
    let base = &outline[0];
    assert_eq!(
        base["selectionRange"]["start"],
        position_of(&text, "env base", 4)
    );

    let found = client
        .request("workspace/symbol", json!({ "query": "ranker" }))
        .await
        .expect("workspace/symbol answers");
    let hits: Vec<(&str, &str)> = found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s["name"].as_str()?, s["location"]["uri"].as_str()?)))
        .collect();
    assert!(
        hits.iter()
            .any(|(name, file)| *name == "train_ranker" && file.ends_with("training.task")),
        "{hits:?}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_returns_edits_that_give_the_formatted_text() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("scratch.task");
    let messy = "env   scratch   {\n        cpu=1\n}\n";
    let uri = client.open(&path, messy).await;
    let edits = client
        .request(
            "textDocument/formatting",
            json!({
                "textDocument": { "uri": uri },
                "options": { "tabSize": 2, "insertSpaces": true }
            }),
        )
        .await
        .expect("formatting answers");
    let edits = edits.as_array().cloned().unwrap_or_default();
    assert!(!edits.is_empty(), "a messy file needs edits");
    let formatted = apply_edits(messy, &edits);
    assert!(formatted.starts_with("env scratch {\n"), "{formatted}");
    assert!(!formatted.contains("        cpu"), "{formatted}");

    // A file that does not parse is left alone.
    let broken = client.open(&root.join("broken.task"), "env {{{").await;
    let none = client
        .request(
            "textDocument/formatting",
            json!({
                "textDocument": { "uri": broken },
                "options": { "tabSize": 2, "insertSpaces": true }
            }),
        )
        .await;
    assert_eq!(none, Ok(Value::Null));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_offer_the_did_you_mean_fix() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("typo.task");
    let text = "env typo extends bsae {}\n";
    let uri = client.open(&path, text).await;
    let diagnostics = client.wait_diagnostics(&uri, |list| !list.is_empty()).await;
    let range = diagnostics[0]["range"].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range,
                "context": { "diagnostics": diagnostics }
            }),
        )
        .await
        .expect("codeAction answers");
    let actions = actions.as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("base")))
        .unwrap_or_else(|| panic!("a fix naming `base`: {actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["diagnostics"][0]["range"], range,
        "linked to the diagnostic"
    );
    let edits = fix["edit"]["changes"][&uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(apply_edits(text, &edits), "env typo extends base {}\n");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints_show_inherited_attributes() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let lines = text.lines().count();
    let hints = client
        .request(
            "textDocument/inlayHint",
            json!({
                "textDocument": { "uri": uri },
                "range": {
                    "start": { "line": 0, "character": 0 },
                    "end": { "line": lines, "character": 0 }
                }
            }),
        )
        .await
        .expect("inlayHint answers");
    let hints = hints.as_array().cloned().unwrap_or_default();
    let gpu_train_line = position_of(&text, "env gpu-train", 0)["line"].clone();
    let on_gpu_train: Vec<&Value> = hints
        .iter()
        .filter(|h| h["position"]["line"] == gpu_train_line)
        .collect();
    assert!(
        on_gpu_train
            .iter()
            .any(|h| text_of(&h["label"]).contains("base")),
        "{hints:#?}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watched_file_events_update_the_workspace() {
    let (_dir, root) = examples_copy();
    std::fs::write(root.join("broken.task"), "env broken extends nowhere {}\n").unwrap();
    let mut client = Client::start(&root).await;
    // The server asks to watch sources and configs (once it has loaded the
    // workspace, which the diagnostics of a broken file show).
    let broken = root.join("broken.task");
    client
        .wait_diagnostics(&uri(&broken), |list| !list.is_empty())
        .await;
    let registrations = client.server_requests.lock().unwrap().clone();
    let registered = text_of(&json!(registrations));
    assert!(
        registered.contains("client/registerCapability"),
        "{registered}"
    );
    assert!(registered.contains("**/*.task"), "{registered}");
    assert!(registered.contains("**/taskc.toml"), "{registered}");

    // A new file on disk joins the workspace and is checked.
    let added = root.join("added.task");
    std::fs::write(&added, "env added extends missing-env {}\n").unwrap();
    let added_uri = uri(&added);
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": added_uri, "type": 1 }] }),
        )
        .await;
    let found = client
        .wait_diagnostics(&added_uri, |list| !list.is_empty())
        .await;
    assert!(text_of(&json!(found)).contains("missing-env"), "{found:#?}");

    // Changed on disk: fixed.
    std::fs::write(&added, "env added extends base {}\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": added_uri, "type": 2 }] }),
        )
        .await;
    client.wait_diagnostics(&added_uri, no_errors).await;

    // Broken again, then deleted: its diagnostics go away with it.
    std::fs::write(&added, "env added extends missing-env {}\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": added_uri, "type": 2 }] }),
        )
        .await;
    client
        .wait_diagnostics(&added_uri, |list| !no_errors(list))
        .await;
    std::fs::remove_file(&added).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": added_uri, "type": 3 }] }),
        )
        .await;
    client
        .wait_diagnostics(&added_uri, |list| list.is_empty())
        .await;

    // taskc.toml edited on disk: its problems are reported on it.
    let config = root.join("taskc.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{original}\n[flyte]\nno_such_key = 1\n")).unwrap();
    let config_uri = uri(&config);
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
        )
        .await;
    client
        .wait_diagnostics(&config_uri, |list| !list.is_empty())
        .await;
    client.shutdown().await;
}

/// Apply LSP text edits (non-overlapping, any order) to `text`.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().unwrap_or(0) as usize;
        let character = position["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[start.min(text.len())..];
        let mut units = 0;
        for (i, ch) in rest.char_indices() {
            if units >= character || ch == '\n' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_with_utf16_columns_keep_the_text_in_sync() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("typed.task");
    // Characters of 1, 2, 3 and 4 UTF-8 bytes (1 or 2 UTF-16 units).
    let text = "/// Runtime for 𝄞 scores — café edition.\nenv typed extends base {\n  \
                description = \"naïve 𝄞𝄞 → ok\"\n  env_vars += { NOTE = \"ß\" }\n}\n";
    let uri = client.open(&path, "").await;
    // Type it one character at a time; after each non-ASCII character type
    // a stray `x` and delete it again, so ranges after wide characters are
    // exercised both ways.
    let (mut line, mut column) = (0u32, 0u32);
    for ch in text.chars() {
        client
            .change_range(&uri, (line, column), (line, column), &ch.to_string())
            .await;
        if ch == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += ch.len_utf16() as u32;
        if !ch.is_ascii() {
            client
                .change_range(&uri, (line, column), (line, column), "x")
                .await;
            client
                .change_range(&uri, (line, column), (line, column + 1), "")
                .await;
        }
    }
    let typed = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("documentSymbol answers");
    let version = client.change_full(&uri, text).await;
    let diagnostics = client.wait_version(&uri, version).await;
    assert!(no_errors(&diagnostics), "{diagnostics:#?}");
    let sent_whole = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("documentSymbol answers");
    assert_eq!(typed, sent_whole);
    assert_eq!(typed[0]["name"], "typed");
    // The hover range of `base` is in UTF-16 units of the line.
    let hover = client
        .request(
            "textDocument/hover",
            at(&uri, json!({ "line": 1, "character": 19 })),
        )
        .await
        .expect("hover answers");
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 1, "character": 18 }, "end": { "line": 1, "character": 22 } })
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folding_ranges_cover_blocks_and_comment_runs() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    assert_eq!(client.capabilities["foldingRangeProvider"], true);
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let result = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("folding ranges answer");
    let folds = result.as_array().cloned().unwrap_or_default();
    let line_of = |needle: &str| position_of(&text, needle, 0)["line"].clone();
    // The three `//` lines at the top of the file.
    assert!(
        folds.contains(&json!({ "startLine": 0, "endLine": 2, "kind": "comment" })),
        "{folds:#?}"
    );
    // `image { … }`: its closing `}` stays visible.
    let image = line_of("  image {");
    let closing = line_of("    apt_packages").as_u64().unwrap_or(0);
    assert!(
        folds.contains(&json!({ "startLine": image, "endLine": closing, "kind": "region" })),
        "{folds:#?}"
    );
    // `env base { … }` holds `image`.
    let base = folds
        .iter()
        .find(|f| f["startLine"] == line_of("env base {"))
        .expect("a fold for env base");
    assert_eq!(base["kind"], "region");
    assert!(base["endLine"].as_u64() > image.as_u64(), "{base}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selection_ranges_grow_from_the_word_to_the_file() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    assert_eq!(client.capabilities["selectionRangeProvider"], true);
    let path = root.join("envs.task");
    let text = read(&root, "envs.task");
    let uri = client.open(&path, &text).await;
    let inside = position_of(&text, "recsys\"\n", 2);
    let past_end = json!({ "line": 100000, "character": 0 });
    let result = client
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": uri }, "positions": [inside, past_end] }),
        )
        .await
        .expect("selection ranges answer");
    let answers = result.as_array().cloned().unwrap_or_default();
    assert_eq!(answers.len(), 2, "one answer per position: {result:#}");
    // Walk the chain outwards, reading back each range's text.
    let mut texts = Vec::new();
    let mut node = &answers[0];
    while node.is_object() {
        texts.push(slice(&text, &node["range"]));
        node = &node["parent"];
    }
    assert_eq!(
        texts[..3],
        ["recsys", "\"recsys\"", "name         = \"recsys\""],
        "{texts:#?}"
    );
    assert!(texts[3].starts_with("{\n    registry"), "{texts:#?}");
    assert!(texts[4].starts_with("image {"), "{texts:#?}");
    assert_eq!(texts.last().map(String::as_str), Some(text.as_str()));
    client.shutdown().await;
}

/// The text of an LSP range (ASCII lines: columns are bytes).
fn slice(text: &str, range: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let character = p["character"].as_u64().unwrap_or(0) as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        (line_start + character).min(text.len())
    };
    text[offset(&range["start"])..offset(&range["end"])].to_string()
}
