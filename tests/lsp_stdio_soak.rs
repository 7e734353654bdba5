//! Soak: `taskc lsp` over real stdio gets thousands of random malformed
//! frames interleaved with valid requests, and answers every valid request,
//! answers an error for every malformed frame that has a body, never
//! answers a message hidden behind a broken header, and exits with 0 after
//! `shutdown`, without a panic.
//!
//! `TASKC_LSP_SOAK_FRAMES` sets the number of frames (default 500, so that
//! `cargo test` stays fast), `TASKC_LSP_SOAK_SEED` the random seed.
//!
//! Every frame the generator writes delimits itself, so what the server
//! does with it is known: a body is always exactly as long as its header
//! says (a bogus length is followed by that many junk bytes), junk never
//! contains `Content-Length`, and a header cut short is always followed by
//! a well-framed message.

mod lsp_stdio;

use std::collections::BTreeSet;
use std::time::Instant;

use lsp_stdio::{MAX_MESSAGE_BYTES, StdioServer, frame};
use serde_json::{Value, json};

/// SplitMix64: small, seedable, and good enough to pick frames.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn bytes(&mut self, length: usize) -> Vec<u8> {
        (0..length).map(|_| self.next() as u8).collect()
    }

    /// Random bytes that cannot be taken for the start of a header.
    fn junk(&mut self, length: usize) -> Vec<u8> {
        loop {
            let bytes = self.bytes(length);
            let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
            if !text.contains("content-length") {
                return bytes;
            }
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// A hover request with any id: valid, or hidden behind a broken header.
fn hover_body(id: &Value) -> Vec<u8> {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "textDocument/hover",
        "params": {
            "textDocument": { "uri": "file:///nowhere/a.task" },
            "position": { "line": 0, "character": 0 }
        }
    })
    .to_string()
    .into_bytes()
}

/// What was written, to check the answers against.
#[derive(Default)]
struct Expected {
    /// Ids of valid requests: each must be answered, without an error.
    answered: BTreeSet<i64>,
    /// How many error answers the malformed frames get.
    errors: usize,
    frames: usize,
    oversized: usize,
}

/// One malformed or valid frame, written to `out`.
fn write_frame(rng: &mut Rng, out: &mut Vec<u8>, expected: &mut Expected, next_id: &mut i64) {
    let hidden = || hover_body(&json!("hidden"));
    match rng.below(16) {
        0..=3 => {
            *next_id += 1;
            expected.answered.insert(*next_id);
            out.extend(frame(&hover_body(&json!(*next_id))));
        }
        4 => {
            // Not JSON (printable, so it is UTF-8).
            let length = 1 + rng.below(300);
            let text: Vec<u8> = rng
                .junk(length)
                .into_iter()
                .map(|byte| b' ' + byte % 95)
                .collect();
            let mut body = b"{".to_vec();
            body.extend(text);
            out.extend(frame(&body));
            expected.errors += 1;
        }
        5 => {
            let bodies: [&[u8]; 8] = [
                b"[]",
                b"null",
                b"42",
                b"\"exit\"",
                b"{}",
                br#"[{"jsonrpc":"2.0","method":"exit"}]"#,
                br#"{"jsonrpc":"2.0","id":"bad","method":42}"#,
                br#"{"jsonrpc":"2.0","id":"bad"}"#,
            ];
            out.extend(frame(bodies[rng.below(bodies.len())]));
            expected.errors += 1;
        }
        6 => {
            out.extend(frame(
                br#"{"jsonrpc":"1.0","id":"bad","method":"textDocument/hover"}"#,
            ));
            expected.errors += 1;
        }
        7 => {
            out.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
            out.extend(hidden());
        }
        8 => {
            out.extend(b"Content-Length: many\r\n\r\n");
            out.extend(hidden());
        }
        9 => {
            out.extend(format!("Content-Length: -{}\r\n\r\n", hidden().len()).into_bytes());
            out.extend(hidden());
        }
        10 => {
            // Not UTF-8.
            let mut body = b"{\"jsonrpc\":\"2.0\",\"method\":\"".to_vec();
            body.extend([0xff, 0xfe]);
            let tail = rng.below(50);
            body.extend(rng.bytes(tail));
            out.extend(frame(&body));
            expected.errors += 1;
        }
        11 => {
            out.extend(b"Content-Length: 0\r\n\r\n");
            expected.errors += 1;
        }
        12 => {
            let length = 1 + rng.below(2000);
            out.extend(rng.junk(length));
        }
        13 => {
            // A header cut short, then a well-framed message.
            let header = format!("Content-Length: {}\r\n\r\n", 10 + rng.below(90));
            let cut = 1 + rng.below(header.len() - 1);
            out.extend(&header.as_bytes()[..cut]);
            *next_id += 1;
            expected.answered.insert(*next_id);
            out.extend(frame(&hover_body(&json!(*next_id))));
        }
        14 => {
            // A long, allowed length, and that many junk bytes.
            let length = 10_000 + rng.below(200_000);
            out.extend(format!("Content-Length: {length}\r\n\r\n").into_bytes());
            out.extend(rng.bytes(length));
            expected.errors += 1;
        }
        _ => {
            // A response to a request the server never sent: passed on
            // to the server's client socket, which drops it.
            let id = 100_000 + rng.below(1000);
            out.extend(frame(
                format!(r#"{{"jsonrpc":"2.0","id":{id},"result":null}}"#).as_bytes(),
            ));
        }
    }
    if rng.below(10) == 0 {
        out.extend(b"\r\n");
    }
    expected.frames += 1;
}

/// A body over the limit: the header, then that many bytes, written in
/// pieces so the test never holds it whole either.
fn write_oversized(server: &mut StdioServer, rng: &mut Rng, expected: &mut Expected) {
    let length = MAX_MESSAGE_BYTES + 1 + rng.below(1000);
    server.send(format!("Content-Length: {length}\r\n\r\n").as_bytes());
    let piece = hover_body(&json!("hidden")).repeat(4096);
    let mut left = length;
    while left > 0 {
        let here = left.min(piece.len());
        server.send(&piece[..here]);
        left -= here;
    }
    expected.errors += 1;
    expected.oversized += 1;
}

#[test]
fn random_malformed_frames_never_stop_the_server() {
    let frames = env_number("TASKC_LSP_SOAK_FRAMES", 500) as usize;
    let seed = env_number("TASKC_LSP_SOAK_SEED", 0x7a5c_15ee_d000_0001);
    let started = Instant::now();
    let mut rng = Rng(seed);
    let mut server = StdioServer::initialized();
    let mut expected = Expected::default();
    // Ids 1 (initialize) and `next_id + 1` (shutdown) are the client's own.
    let mut next_id = 1;
    let oversized = 1 + frames / 2500;
    let oversized_at: BTreeSet<usize> = (0..oversized).map(|_| rng.below(frames)).collect();
    let mut out = Vec::new();
    for index in 0..frames {
        if oversized_at.contains(&index) {
            server.send(&std::mem::take(&mut out));
            write_oversized(&mut server, &mut rng, &mut expected);
        }
        write_frame(&mut rng, &mut out, &mut expected, &mut next_id);
        if out.len() > 64 * 1024 {
            server.send(&std::mem::take(&mut out));
        }
    }
    server.send(&out);
    let ending = server.shut_down(next_id + 1);
    eprintln!(
        "{} frames (seed {seed:#x}), {} of them over the size limit, {} valid requests, \
         {} error answers expected: {:.1?}",
        expected.frames + expected.oversized,
        expected.oversized,
        expected.answered.len(),
        expected.errors,
        started.elapsed()
    );
    ending.assert_exit(0);

    let mut answered = BTreeSet::new();
    let mut errors = 0;
    for message in &ending.messages {
        if message.get("method").is_some() {
            // The server's own notifications (log messages).
            continue;
        }
        assert_ne!(message["id"], json!("hidden"), "a hidden message was read");
        if message.get("error").is_some() {
            assert!(
                message["id"].is_null() || message["id"] == json!("bad"),
                "an error for a valid request: {message}"
            );
            errors += 1;
        } else if let Some(id) = message["id"].as_i64() {
            assert!(answered.insert(id), "answered twice: {message}");
        }
    }
    assert_eq!(answered, expected.answered, "every valid request, once");
    assert_eq!(errors, expected.errors, "one error per malformed body");
    for line in ending.stderr.lines() {
        assert!(line.starts_with("taskc lsp: "), "{line}");
    }
    assert!(ending.stderr.lines().count() >= expected.errors);
}
