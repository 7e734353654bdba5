//! A raw-bytes client for `taskc lsp` as a child process: the tests write
//! whatever bytes they like to its stdin and read the framed messages it
//! answers on stdout. Stdout and stderr are drained on their own threads,
//! so a server that writes a lot never blocks on a full pipe.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer may take; generous, since the machine is shared.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The largest body the server accepts, as documented in the README.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

pub struct StdioServer {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages read while waiting for another one, in arrival order.
    pub seen: Vec<Value>,
    stderr: Option<JoinHandle<String>>,
    _root: tempfile::TempDir,
}

/// How the server ended.
pub struct Ending {
    pub status: ExitStatus,
    pub stderr: String,
    /// Every message it wrote, in order.
    pub messages: Vec<Value>,
}

/// `body` framed with a correct header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A framed request (`id` given) or notification.
pub fn message(id: Option<i64>, method: &str, params: Value) -> Vec<u8> {
    let mut body = json!({ "jsonrpc": "2.0", "method": method, "params": params });
    if let Some(id) = id {
        body["id"] = json!(id);
    }
    frame(body.to_string().as_bytes())
}

impl StdioServer {
    /// Start `taskc lsp` on an empty workspace folder, without initializing.
    pub fn start() -> StdioServer {
        let root = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_taskc"))
            .arg("lsp")
            .current_dir(root.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("taskc lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || read_messages(BufReader::new(stdout), &sender));
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stderr.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        });
        StdioServer {
            stdin: child.stdin.take(),
            child,
            messages,
            seen: Vec::new(),
            stderr: Some(stderr),
            _root: root,
        }
    }

    /// Start and initialize (request id 1), the way an editor does.
    pub fn initialized() -> StdioServer {
        let mut server = StdioServer::start();
        let root = format!("file://{}", server._root.path().display());
        server.send(&message(
            Some(1),
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        ));
        let answer = server.answer(1);
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        server.send(&message(None, "initialized", json!({})));
        server
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("the server reads its stdin");
    }

    /// Close stdin, as a client that goes away does.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// A hover request on a file of the workspace that is not open: cheap,
    /// and answered (with nothing) by a server that still works.
    pub fn hover(id: i64) -> Vec<u8> {
        message(
            Some(id),
            "textDocument/hover",
            json!({
                "textDocument": { "uri": "file:///nowhere/a.task" },
                "position": { "line": 0, "character": 0 }
            }),
        )
    }

    /// The next message; panics if none comes in time.
    pub fn next_message(&mut self) -> Value {
        match self.messages.recv_timeout(TIMEOUT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message within {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed stdout; messages so far: {:?}", self.seen)
            }
        }
    }

    /// Wait for the answer to request `id`, keeping what comes before it.
    pub fn answer(&mut self, id: i64) -> Value {
        loop {
            let message = self.next_message();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.seen.push(message);
        }
    }

    /// Wait for the next error answer that has `id: null`.
    pub fn null_id_error(&mut self) -> Value {
        loop {
            let message = self.next_message();
            if message["id"].is_null() && message.get("error").is_some() {
                return message;
            }
            self.seen.push(message);
        }
    }

    /// `shutdown` (answered) then `exit`, and wait for the process to end.
    pub fn shut_down(mut self, id: i64) -> Ending {
        self.send(&message(Some(id), "shutdown", Value::Null));
        let answer = self.answer(id);
        assert!(answer.get("error").is_none(), "{answer}");
        self.send(&message(None, "exit", Value::Null));
        self.wait()
    }

    /// Wait for the process to end by itself.
    pub fn wait(mut self) -> Ending {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("taskc lsp did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stderr = self
            .stderr
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        let mut messages = std::mem::take(&mut self.seen);
        messages.extend(self.messages.try_iter());
        Ending {
            status,
            stderr,
            messages,
        }
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Ending {
    /// Assert the process ended with `code` and did not panic.
    pub fn assert_exit(&self, code: i32) {
        assert_eq!(
            self.status.code(),
            Some(code),
            "exit status {}; stderr:\n{}",
            self.status,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// Parse the server's well-formed output frames until stdout closes.
fn read_messages(mut stdout: impl BufRead, sender: &mpsc::Sender<Value>) {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match stdout.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else {
            panic!("the server wrote a header without Content-Length");
        };
        let mut body = vec![0; length];
        if stdout.read_exact(&mut body).is_err() {
            return;
        }
        let message = serde_json::from_slice(&body).expect("the server writes JSON");
        if sender.send(message).is_err() {
            return;
        }
    }
}
