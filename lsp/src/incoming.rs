//! What a frame's body is: a JSON-RPC request or notification for the
//! server, a response to one of the server's own requests, or something
//! else, which is answered with a JSON-RPC error instead of reaching the
//! service.

use std::borrow::Cow;

use serde_json::{Map, Value};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// A message the service can take.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
}

/// A body that is no message: the error to answer, and why, for the log.
#[derive(Debug)]
pub struct Rejected {
    /// Boxed: a response is large, and rejections are rare.
    pub answer: Box<Response>,
    pub reason: String,
}

impl Rejected {
    /// JSON-RPC's "Parse error": the body is not JSON text.
    fn parse_error(reason: String) -> Rejected {
        Rejected::new(Id::Null, ErrorCode::ParseError, reason)
    }

    /// JSON-RPC's "Invalid Request": JSON, but not a message.
    fn invalid(id: Id, reason: String) -> Rejected {
        Rejected::new(id, ErrorCode::InvalidRequest, reason)
    }

    /// A body over the size limit, skipped unread: JSON-RPC has no code
    /// for it, and "Invalid Request" is the nearest.
    pub fn oversized(length: u64, limit: u64) -> Rejected {
        let reason =
            format!("a body of {length} bytes is over the limit of {limit} and was skipped");
        Rejected::invalid(Id::Null, reason)
    }

    fn new(id: Id, code: ErrorCode, reason: String) -> Rejected {
        let error = Error {
            code,
            message: Cow::Owned(format!("{}: {reason}", code.description())),
            data: None,
        };
        Rejected {
            answer: Box::new(Response::from_error(id, error)),
            reason,
        }
    }
}

/// Sort a body into a message for the service or an error to answer.
pub fn classify(body: &[u8]) -> Result<Incoming, Rejected> {
    let text = std::str::from_utf8(body)
        .map_err(|error| Rejected::parse_error(format!("the body is not UTF-8 ({error})")))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|error| Rejected::parse_error(format!("the body is not JSON ({error})")))?;
    let Value::Object(object) = &value else {
        return Err(Rejected::invalid(
            Id::Null,
            format!("the body is {}, not a JSON-RPC object", kind(&value)),
        ));
    };
    let id = answerable_id(object);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(Rejected::invalid(id, "jsonrpc is not \"2.0\"".to_string()));
    }
    if let Some(method) = object.get("method") {
        if !method.is_string() {
            return Err(Rejected::invalid(id, "method is not a string".to_string()));
        }
        return serde_json::from_value(value)
            .map(Incoming::Request)
            .map_err(|error| Rejected::invalid(id, format!("not a valid request ({error})")));
    }
    let (result, error) = (object.contains_key("result"), object.contains_key("error"));
    if result && error {
        return Err(Rejected::invalid(
            Id::Null,
            "a response with both result and error".to_string(),
        ));
    }
    if result || error {
        // A response carries the id of one of the server's requests, so an
        // error about it cannot be addressed to that id.
        return serde_json::from_value(value)
            .map(Incoming::Response)
            .map_err(|error| {
                Rejected::invalid(Id::Null, format!("not a valid response ({error})"))
            });
    }
    Err(Rejected::invalid(
        id,
        "neither a request (no method) nor a response (no result or error)".to_string(),
    ))
}

/// The id to answer an invalid request with: its own when it is a valid
/// id, so the client's pending request ends; `null` otherwise, as
/// JSON-RPC asks when the id cannot be told.
fn answerable_id(object: &Map<String, Value>) -> Id {
    match object.get("id") {
        Some(Value::Number(number)) => number.as_i64().map_or(Id::Null, Id::Number),
        Some(Value::String(string)) => Id::String(string.clone()),
        _ => Id::Null,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(array) if array.is_empty() => "an empty array",
        Value::Array(_) => "an array (batches are not part of LSP)",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rejected(body: &[u8]) -> Value {
        match classify(body) {
            Ok(incoming) => panic!("accepted: {incoming:?}"),
            Err(rejected) => serde_json::to_value(*rejected.answer).unwrap_or(Value::Null),
        }
    }

    fn code_and_id(body: &[u8]) -> (Value, Value) {
        let answer = rejected(body);
        (answer["error"]["code"].clone(), answer["id"].clone())
    }

    #[test]
    fn requests_notifications_and_responses_pass() {
        let request = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let notification = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let response = br#"{"jsonrpc":"2.0","id":"a","result":null}"#;
        let failure = br#"{"jsonrpc":"2.0","id":2,"error":{"code":1,"message":"no"}}"#;
        assert!(matches!(classify(request), Ok(Incoming::Request(_))));
        assert!(matches!(classify(notification), Ok(Incoming::Request(_))));
        assert!(matches!(classify(response), Ok(Incoming::Response(_))));
        assert!(matches!(classify(failure), Ok(Incoming::Response(_))));
    }

    #[test]
    fn text_that_is_not_json_is_a_parse_error() {
        for body in [&b""[..], b"{", b"\xff\xfe{}", b"Content-Length: 3"] {
            assert_eq!(code_and_id(body), (json!(-32700), Value::Null), "{body:?}");
        }
    }

    #[test]
    fn json_that_is_no_message_is_an_invalid_request() {
        for body in [
            &b"[]"[..],
            b"[{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]",
            b"null",
            b"42",
            b"\"exit\"",
            b"{}",
            br#"{"jsonrpc":"2.0","id":{"x":1},"method":5}"#,
            br#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":""}}"#,
        ] {
            assert_eq!(code_and_id(body), (json!(-32600), Value::Null), "{body:?}");
        }
    }

    #[test]
    fn an_invalid_request_with_a_usable_id_is_answered_to_that_id() {
        for (body, id) in [
            (
                &br#"{"jsonrpc":"1.0","id":7,"method":"shutdown"}"#[..],
                json!(7),
            ),
            (br#"{"id":"x","method":"shutdown"}"#, json!("x")),
            (br#"{"jsonrpc":"2.0","id":8,"method":42}"#, json!(8)),
            (br#"{"jsonrpc":"2.0","id":9}"#, json!(9)),
            (br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, Value::Null),
        ] {
            assert_eq!(code_and_id(body), (json!(-32600), id), "{body:?}");
        }
    }
}
