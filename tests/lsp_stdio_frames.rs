//! `taskc lsp` over real stdio survives malformed input: after each kind of
//! broken frame it logs one line to stderr, answers a JSON-RPC error where
//! the frame had a body, and still answers the next request; and it exits
//! with 0 only after `shutdown`, as the LSP specification asks.

mod lsp_stdio;

use lsp_stdio::{Ending, MAX_MESSAGE_BYTES, StdioServer, frame, message};
use serde_json::{Value, json};

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// Send `malformed` and a hover request (id 2) in one write, check the
/// hover is answered and the server shuts down with 0, and return how it
/// ended. `answered` is the error the malformed frame gets, with its id,
/// or `None` when it gets no answer.
fn survives(malformed: &[u8], answered: Option<(Value, i64)>) -> Ending {
    let mut server = StdioServer::initialized();
    let mut bytes = malformed.to_vec();
    bytes.extend(StdioServer::hover(2));
    server.send(&bytes);
    let hover = server.answer(2);
    assert!(hover.get("error").is_none(), "{hover}");
    let ending = server.shut_down(3);
    ending.assert_exit(0);

    let errors: Vec<&Value> = ending
        .messages
        .iter()
        .filter(|message| message.get("error").is_some())
        .collect();
    match answered {
        Some((id, code)) => {
            assert_eq!(errors.len(), 1, "one error answer: {errors:?}");
            assert_eq!(errors[0]["id"], id, "{errors:?}");
            assert_eq!(errors[0]["error"]["code"], json!(code), "{errors:?}");
        }
        None => assert!(errors.is_empty(), "no error answer: {errors:?}"),
    }
    let lines: Vec<&str> = ending.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "one stderr line per dropped frame: {lines:?}"
    );
    assert!(lines[0].starts_with("taskc lsp: "), "{lines:?}");
    ending
}

/// A hover body the tests put behind broken headers: if a broken header
/// were taken for a good one, id 9 would be answered.
const HOVER_9: &str = r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere/a.task"},"position":{"line":0,"character":0}}}"#;

fn never_answered(ending: &Ending, id: i64) {
    assert!(
        ending
            .messages
            .iter()
            .all(|message| message["id"] != json!(id)),
        "{:?}",
        ending.messages
    );
}

#[test]
fn a_body_that_is_not_json_gets_a_parse_error() {
    survives(
        &frame(br#"{"jsonrpc": "2.0", "id": 5, "method""#),
        Some((Value::Null, PARSE_ERROR)),
    );
}

#[test]
fn an_empty_array_gets_an_invalid_request_error() {
    survives(&frame(b"[]"), Some((Value::Null, INVALID_REQUEST)));
}

#[test]
fn null_gets_an_invalid_request_error() {
    survives(&frame(b"null"), Some((Value::Null, INVALID_REQUEST)));
}

#[test]
fn a_wrong_jsonrpc_version_gets_an_invalid_request_error_for_its_id() {
    survives(
        &frame(br#"{"jsonrpc":"1.0","id":7,"method":"textDocument/hover","params":{}}"#),
        Some((json!(7), INVALID_REQUEST)),
    );
}

#[test]
fn a_method_that_is_not_a_string_gets_an_invalid_request_error() {
    survives(
        &frame(br#"{"jsonrpc":"2.0","id":8,"method":42}"#),
        Some((json!(8), INVALID_REQUEST)),
    );
}

#[test]
fn a_body_that_is_not_utf8_gets_a_parse_error() {
    survives(
        &frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\"}"),
        Some((Value::Null, PARSE_ERROR)),
    );
}

#[test]
fn a_header_without_content_length_is_skipped() {
    let bytes = format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{HOVER_9}");
    let ending = survives(bytes.as_bytes(), None);
    never_answered(&ending, 9);
}

#[test]
fn a_non_numeric_content_length_is_skipped() {
    let bytes = format!("Content-Length: twelve\r\n\r\n{HOVER_9}");
    let ending = survives(bytes.as_bytes(), None);
    never_answered(&ending, 9);
}

#[test]
fn a_negative_content_length_is_skipped() {
    let bytes = format!("Content-Length: -{}\r\n\r\n{HOVER_9}", HOVER_9.len());
    let ending = survives(bytes.as_bytes(), None);
    never_answered(&ending, 9);
}

#[test]
fn bytes_that_are_no_header_at_all_are_skipped() {
    survives(b"\x00\x01garbage{}\r\n\r\nmore garbage\xff", None);
}

#[test]
fn a_zero_length_message_does_not_swallow_the_next_request() {
    survives(
        b"Content-Length: 0\r\n\r\n",
        Some((Value::Null, PARSE_ERROR)),
    );
}

#[test]
fn a_message_over_the_size_limit_is_discarded_without_being_read_into_memory() {
    let length = MAX_MESSAGE_BYTES + 1;
    let mut bytes = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    // Bytes that would be answered as a request if the server parsed them.
    let inner = HOVER_9.as_bytes();
    bytes.extend(std::iter::repeat_n(b' ', length - inner.len()));
    bytes.extend_from_slice(inner);
    let ending = survives(&bytes, Some((Value::Null, INVALID_REQUEST)));
    never_answered(&ending, 9);
}

#[test]
fn a_response_from_the_client_passes_without_complaint() {
    let mut server = StdioServer::initialized();
    server.send(&frame(br#"{"jsonrpc":"2.0","id":99,"result":null}"#));
    server.send(&StdioServer::hover(2));
    server.answer(2);
    let ending = server.shut_down(3);
    ending.assert_exit(0);
    assert_eq!(ending.stderr, "");
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = StdioServer::initialized();
    server.send(&message(None, "exit", Value::Null));
    server.wait().assert_exit(1);
}

#[test]
fn exit_before_initialize_exits_with_1() {
    let mut server = StdioServer::start();
    server.send(&message(None, "exit", Value::Null));
    server.wait().assert_exit(1);
}

#[test]
fn exit_after_shutdown_exits_with_0() {
    let server = StdioServer::initialized();
    let ending = server.shut_down(2);
    ending.assert_exit(0);
    assert_eq!(ending.stderr, "");
}

#[test]
fn input_that_ends_without_shutdown_exits_with_1() {
    let mut server = StdioServer::initialized();
    server.close_stdin();
    server.wait().assert_exit(1);
}

#[test]
fn input_that_ends_after_shutdown_exits_with_0() {
    let mut server = StdioServer::initialized();
    server.send(&message(Some(2), "shutdown", Value::Null));
    server.answer(2);
    server.close_stdin();
    server.wait().assert_exit(0);
}

#[test]
fn input_that_ends_inside_a_message_is_logged() {
    let mut server = StdioServer::initialized();
    server.send(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
    server.close_stdin();
    let ending = server.wait();
    ending.assert_exit(1);
    assert_eq!(ending.stderr.lines().count(), 1, "{}", ending.stderr);
}
