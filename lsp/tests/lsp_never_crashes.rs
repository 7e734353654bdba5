//! The server never crashes and answers every request, whatever the text:
//! every byte-prefix of every `examples/*.task` file is fed to it as the
//! document being typed, and requests of every kind are sent at several
//! positions of each. Stale versions and unknown documents are answered
//! calmly too.
//!
//! A panic anywhere in the server (even one caught on a worker thread and
//! answered as "nothing") fails these tests through the panic hook below.

mod support;

use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use support::{Client, uri};

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
}

/// Every request the server offers, at `position` of `uri`.
async fn send_every_request(client: &mut Client, uri: &str, line: u32, character: u32) {
    let doc = json!({ "uri": uri });
    let position = json!({ "line": line, "character": character });
    let range = json!({
        "start": { "line": 0, "character": 0 },
        "end": position,
    });
    let at = json!({ "textDocument": doc, "position": position });
    let mut with_context = at.clone();
    with_context["context"] = json!({ "includeDeclaration": true });
    let mut rename = at.clone();
    rename["newName"] = json!("renamed_name");
    let requests = [
        ("textDocument/hover", at.clone()),
        ("textDocument/completion", at.clone()),
        ("textDocument/definition", at.clone()),
        ("textDocument/references", with_context),
        ("textDocument/prepareRename", at.clone()),
        ("textDocument/rename", rename),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        ("workspace/symbol", json!({ "query": "a" })),
        (
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        (
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": range, "context": { "diagnostics": [] } }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": range }),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
        (
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": doc, "previousResultId": "0" }),
        ),
        (
            "textDocument/semanticTokens/range",
            json!({ "textDocument": doc, "range": range }),
        ),
    ];
    for (method, params) in requests {
        match client.request(method, params).await {
            Ok(_) => {}
            // A rename that cannot happen is refused with a message.
            Err(error) if method == "textDocument/rename" => {
                assert_eq!(error["code"], -32602, "{error}");
                assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
            }
            Err(error) => panic!("{method} at {line}:{character} failed: {error}"),
        }
    }
}

/// 0-based line and UTF-16 column of the end of `text`.
fn end_of(text: &str) -> (u32, u32) {
    let line = text.matches('\n').count() as u32;
    let start = text.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..].encode_utf16().count() as u32)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_prefix_of_every_example_is_served_without_a_panic() {
    count_panics();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<_> = std::fs::read_dir(&examples)
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "task"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");

    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = std::fs::canonicalize(dir.path()).expect("a real path");
    std::fs::copy(examples.join("taskc.toml"), root.join("taskc.toml")).expect("config");
    let mut client = Client::start(&root).await;
    let mut requests_sent = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("example text");
        let path = root.join(file.file_name().expect("a name"));
        let uri = client.open(&path, "").await;
        let mut previous = 0usize;
        let boundaries: Vec<usize> = (1..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (n, &end) in boundaries.iter().enumerate() {
            let prefix = &text[..end];
            // Alternate the two kinds of sync: append the new character
            // with a ranged edit, or send the whole text.
            if n % 2 == 0 {
                let (line, character) = end_of(&text[..previous]);
                client
                    .change_range(
                        &uri,
                        (line, character),
                        (line, character),
                        &text[previous..end],
                    )
                    .await;
            } else {
                client.change_full(&uri, prefix).await;
            }
            previous = end;

            let (line, character) = end_of(prefix);
            let positions = [
                (0, 0),
                (line / 2, 3),
                (line, character),
                (line, character.saturating_sub(1)),
                (line + 3, 1000),
            ];
            // Every request kind at one position per prefix, turning through
            // the positions; every 64th prefix (and the whole file) at all
            // of them.
            if n % 64 == 0 || end == text.len() {
                for (l, c) in positions {
                    send_every_request(&mut client, &uri, l, c).await;
                    requests_sent += 11;
                }
            } else {
                let (l, c) = positions[n % positions.len()];
                send_every_request(&mut client, &uri, l, c).await;
                requests_sent += 11;
            }
        }
        // The last analysis is of the whole file, as written in examples/.
        let version = client.change_full(&uri, &text).await;
        client.wait_version(&uri, version).await;
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        client.drain();
    }
    eprintln!("{requests_sent} requests answered");
    client.shutdown().await;
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "the server panicked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_versions_and_unknown_documents_are_answered_calmly() {
    count_panics();
    let (_dir, root) = support::examples_copy();
    let mut client = Client::start(&root).await;
    let path = root.join("envs.task");
    let text = std::fs::read_to_string(&path).expect("envs.task");
    let uri = client.open(&path, &text).await;
    let version = client.change_full(&uri, &text).await;
    client.wait_version(&uri, version).await;

    // A change older than the text the server has is ignored (and logged
    // once, however often it comes).
    for _ in 0..3 {
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": 0 },
                    "contentChanges": [{ "text": "garbage {{{" }]
                }),
            )
            .await;
    }
    let outline = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("documentSymbol answers");
    assert_eq!(
        outline[0]["name"], "base",
        "the stale change was not applied"
    );

    // Documents the server does not know: requests get empty answers.
    let unknown = uri_of_missing(&root);
    for uri in [unknown.as_str(), "untitled:Untitled-1"] {
        let at =
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } });
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/prepareRename",
        ] {
            assert_eq!(
                client.request(method, at.clone()).await,
                Ok(Value::Null),
                "{method}"
            );
        }
        let doc = json!({ "textDocument": { "uri": uri } });
        assert_eq!(
            client
                .request("textDocument/documentSymbol", doc.clone())
                .await,
            Ok(Value::Null)
        );
        let mut rename = at.clone();
        rename["newName"] = json!("x");
        assert_eq!(
            client.request("textDocument/rename", rename).await,
            Ok(Value::Null)
        );
        // Changes and closes of documents that were never opened.
        for version in 7..10 {
            client
                .notify(
                    "textDocument/didChange",
                    json!({
                        "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{ "text": "env x {}" }]
                    }),
                )
                .await;
        }
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
    }
    // A document with a non-file URI is left alone (and said so).
    client
        .notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": "untitled:Untitled-2", "languageId": "task", "version": 1, "text": "env x {}\n"
            }}),
        )
        .await;
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": "untitled:Untitled-2" },
                    "position": { "line": 0, "character": 4 } }),
        )
        .await;
    assert_eq!(hover, Ok(Value::Null));

    // Each ignored notification is logged once, not more.
    client.wait_log("only `file:` documents").await;
    let count = |needle: &str| client.log.iter().filter(|m| m.contains(needle)).count();
    assert_eq!(count("already at version"), 1, "{:?}", client.log);
    assert_eq!(count("it is not open"), 1, "{:?}", client.log);
    assert_eq!(count("only `file:` documents"), 1, "{:?}", client.log);
    client.shutdown().await;
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "the server panicked");
}

fn uri_of_missing(root: &Path) -> String {
    uri(&root.join("no/such/file.task"))
}
