//! `textDocument/semanticTokens/*` through the real server: the legend in
//! the capabilities, full answers decoded back to words, deltas that turn
//! the previous answer into the new one, ranges, and UTF-16 columns.

mod support;

use serde_json::{Value, json};
use support::{Client, examples_copy};

/// A document with a doc comment, a multi-line string, a query
/// placeholder and non-ASCII text before tokens on the same line.
const TEXT: &str = "/// Envs — für alle.\nenv cafe_free extends base {\n  \
                    description = \"naïve 𝄞\", retries = 3\n}\n\
                    template q in warehouse {\n  sql bigquery { project_id = \"p\" }\n  \
                    deploy = false\n  inputs { day: str }\n  outputs { results: dataframe }\n  \
                    query = \"\"\"\n    SELECT @day\n  \"\"\"\n}\n";

/// A decoded token: line, UTF-16 column, UTF-16 length, type name, modifiers.
#[derive(Debug, Clone, PartialEq)]
struct Decoded {
    line: u64,
    start: u64,
    length: u64,
    kind: String,
    modifiers: Vec<String>,
}

fn numbers(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .expect("an array of integers")
        .iter()
        .map(|n| n.as_u64().expect("an integer"))
        .collect()
}

fn decode(legend: &Value, data: &[u64]) -> Vec<Decoded> {
    let names = |key: &str| -> Vec<String> {
        legend[key]
            .as_array()
            .expect("legend names")
            .iter()
            .map(|n| n.as_str().unwrap_or_default().to_string())
            .collect()
    };
    let (types, modifiers) = (names("tokenTypes"), names("tokenModifiers"));
    let (mut line, mut start) = (0, 0);
    data.chunks(5)
        .map(|t| {
            line += t[0];
            start = if t[0] == 0 { start + t[1] } else { t[1] };
            Decoded {
                line,
                start,
                length: t[2],
                kind: types[t[3] as usize].clone(),
                modifiers: modifiers
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| t[4] & (1 << bit) != 0)
                    .map(|(_, m)| m.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The text of a decoded token (columns in UTF-16 units).
fn word(text: &str, token: &Decoded) -> String {
    let line = text.lines().nth(token.line as usize).unwrap_or_default();
    let units: Vec<u16> = line.encode_utf16().collect();
    let from = token.start as usize;
    let to = (from + token.length as usize).min(units.len());
    String::from_utf16_lossy(&units[from.min(to)..to])
}

fn described(text: &str, tokens: &[Decoded]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| {
            let mut s = format!("{}:{} {} {}", t.line, t.start, word(text, t), t.kind);
            for m in &t.modifiers {
                s.push_str(&format!(" +{m}"));
            }
            s
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_delta_and_range_answers_decode_to_the_words_of_the_document() {
    let (_dir, root) = examples_copy();
    let mut client = Client::start(&root).await;
    let provider = client.initialized["capabilities"]["semanticTokensProvider"].clone();
    assert_eq!(provider["full"], json!({ "delta": true }), "{provider:#?}");
    assert_eq!(provider["range"], json!(true));
    let legend = provider["legend"].clone();
    let path = root.join("colours.task");
    let uri = client.open(&path, TEXT).await;

    let full = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("full answers");
    let data = numbers(&full["data"]);
    let tokens = decode(&legend, &data);
    let words = described(TEXT, &tokens);
    for expected in [
        "0:0 /// Envs — für alle. comment +documentation",
        "1:0 env keyword",
        "1:4 cafe_free namespace +declaration",
        "1:14 extends keyword",
        "1:22 base namespace",
        "2:2 description property",
        // `ï` is one unit, `𝄞` two: the string is 10 units long.
        "2:16 \"naïve 𝄞\" string",
        "2:28 retries property",
        "2:38 3 number",
        "4:9 q function +declaration",
        "5:6 bigquery enumMember",
        "7:11 day parameter +declaration",
        "7:16 str type +defaultLibrary",
        // The `"""` string is split per line and around the placeholder.
        "9:10 \"\"\" string",
        "10:0     SELECT @ string",
        "10:12 day parameter",
        "11:0   \"\"\" string",
    ] {
        assert!(
            words.contains(&expected.to_string()),
            "{expected} in {words:#?}"
        );
    }
    let result_id = full["resultId"].as_str().expect("a result id").to_string();

    // Rename the env in the editor: the delta edits only the tokens around
    // it, and applied to the first answer gives the new full answer.
    client.change_range(&uri, (1, 4), (1, 13), "gpu").await;
    let delta = client
        .request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
        )
        .await
        .expect("delta answers");
    let edits = delta["edits"].as_array().expect("edits").clone();
    assert_eq!(edits.len(), 1, "{delta:#?}");
    let mut patched = data.clone();
    let start = edits[0]["start"].as_u64().unwrap_or(0) as usize;
    let deleted = edits[0]["deleteCount"].as_u64().unwrap_or(0) as usize;
    let inserted = edits[0].get("data").map(numbers).unwrap_or_default();
    assert!(deleted <= 10, "only the changed tokens: {edits:#?}");
    patched.splice(start..start + deleted, inserted);
    let again = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .expect("full answers");
    assert_eq!(patched, numbers(&again["data"]));
    assert!(
        described(
            &TEXT.replace("cafe_free", "gpu"),
            &decode(&legend, &patched)
        )
        .contains(&"1:4 gpu namespace +declaration".to_string())
    );
    // A delta against an answer the server no longer keeps is a full answer.
    let stale = client
        .request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
        )
        .await
        .expect("delta answers");
    assert_eq!(numbers(&stale["data"]), numbers(&again["data"]));

    // A range: the tokens of line 2 only, columns still in UTF-16 units.
    let range = client
        .request(
            "textDocument/semanticTokens/range",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 3, "character": 0 } }
            }),
        )
        .await
        .expect("range answers");
    let text = TEXT.replace("cafe_free", "gpu");
    assert_eq!(
        described(&text, &decode(&legend, &numbers(&range["data"]))),
        [
            "2:2 description property",
            "2:16 \"naïve 𝄞\" string",
            "2:28 retries property",
            "2:38 3 number",
        ]
    );
    client.shutdown().await;
}
