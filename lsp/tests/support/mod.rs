//! A small in-process language client for the protocol tests: it drives
//! the real server through its `LspService` (the same service `taskc lsp`
//! serves over stdio), answers the server's own requests (file-watcher
//! registration), and collects the notifications it sends.

#![allow(dead_code)] // Each test file uses a different part.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use taskc_lsp::TaskLanguageServer;
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    service: LspService<TaskLanguageServer>,
    notifications: mpsc::UnboundedReceiver<(String, Value)>,
    /// Requests the server sent to the client (method, params).
    pub server_requests: Arc<Mutex<Vec<(String, Value)>>>,
    /// Latest published diagnostics per URI.
    pub diagnostics: HashMap<String, Value>,
    /// Every log message the server sent.
    pub log: Vec<String>,
    /// The `capabilities` the server answered `initialize` with.
    pub capabilities: Value,
    /// What the server answered to `initialize`.
    pub initialized: Value,
    next_id: i64,
    versions: HashMap<String, i32>,
}

impl Client {
    /// Start a server and initialize it with `root` as the one workspace
    /// folder.
    pub async fn start(root: &Path) -> Client {
        let (service, socket) = taskc_lsp::service();
        let (mut requests, mut responses) = socket.split();
        let (tx, notifications) = mpsc::unbounded_channel();
        let server_requests = Arc::new(Mutex::new(Vec::new()));
        let seen = server_requests.clone();
        tokio::spawn(async move {
            while let Some(request) = requests.next().await {
                let (method, id, params) = request.into_parts();
                let params = params.unwrap_or(Value::Null);
                match id {
                    Some(id) => {
                        seen.lock().unwrap().push((method.to_string(), params));
                        let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                    }
                    None => {
                        let _ = tx.send((method.to_string(), params));
                    }
                }
            }
        });
        let mut client = Client {
            service,
            notifications,
            server_requests,
            diagnostics: HashMap::new(),
            log: Vec::new(),
            capabilities: Value::Null,
            initialized: Value::Null,
            next_id: 0,
            versions: HashMap::new(),
        };
        let root_uri = uri(root);
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{ "uri": root_uri, "name": "root" }],
                    "capabilities": {
                        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                        "general": { "positionEncodings": ["utf-16"] }
                    }
                }),
            )
            .await
            .expect("initialize answers");
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        client.capabilities = result["capabilities"].clone();
        client.initialized = result;
        client.notify("initialized", json!({})).await;
        client
    }

    /// Send a request and wait for its answer: the result, or the error.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let request = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let response = self.call(request).await.expect("a request is answered");
        let (_, body) = response.into_parts();
        body.map_err(|error| serde_json::to_value(error).unwrap_or(Value::Null))
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_string()).params(params).finish();
        let response = self.call(request).await;
        assert!(response.is_none(), "{method} is a notification");
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        let service = self.service.ready().await.expect("the server is running");
        tokio::time::timeout(TIMEOUT, service.call(request))
            .await
            .expect("the server answers in time")
            .expect("the service does not fail")
    }

    pub async fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.versions.insert(uri.clone(), 1);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "task", "version": 1, "text": text
            }}),
        )
        .await;
        uri
    }

    /// Replace the whole text of an open document.
    pub async fn change_full(&mut self, uri: &str, text: &str) -> i32 {
        let version = self.bump(uri);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }]
            }),
        )
        .await;
        version
    }

    /// Replace a range (0-based line/UTF-16 character pairs).
    pub async fn change_range(
        &mut self,
        uri: &str,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) -> i32 {
        let version = self.bump(uri);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": start.0, "character": start.1 },
                        "end": { "line": end.0, "character": end.1 }
                    },
                    "text": text
                }]
            }),
        )
        .await;
        version
    }

    fn bump(&mut self, uri: &str) -> i32 {
        let version = self.versions.entry(uri.to_string()).or_insert(0);
        *version += 1;
        *version
    }

    /// Take every notification that has arrived so far.
    /// Wait until a log message containing `needle` has arrived: the
    /// server's messages reach the client through a forwarding task, so the
    /// last one may still be on its way when a request returns.
    pub async fn wait_log(&mut self, needle: &str) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            self.drain();
            if self.log.iter().any(|m| m.contains(needle)) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no log message containing {needle:?} in {:?}",
                self.log
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    pub fn drain(&mut self) {
        while let Ok((method, params)) = self.notifications.try_recv() {
            self.record(method, params);
        }
    }

    fn record(&mut self, method: String, params: Value) {
        match method.as_str() {
            "textDocument/publishDiagnostics" => {
                let uri = params["uri"].as_str().unwrap_or_default().to_string();
                self.diagnostics.insert(uri, params);
            }
            "window/logMessage" | "window/showMessage" => {
                self.log
                    .push(params["message"].as_str().unwrap_or_default().to_string());
            }
            _ => {}
        }
    }

    /// Wait until the latest diagnostics published for `uri` satisfy `done`
    /// (checked on what has already arrived, then on each new one).
    pub async fn wait_diagnostics(
        &mut self,
        uri: &str,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        self.drain();
        loop {
            if let Some(params) = self.diagnostics.get(uri) {
                let list = params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if done(&list) {
                    return list;
                }
            }
            let next = tokio::time::timeout_at(deadline, self.notifications.recv()).await;
            match next {
                Ok(Some((method, params))) => self.record(method, params),
                Ok(None) => panic!("the server stopped"),
                Err(_) => panic!(
                    "timed out waiting for diagnostics of {uri}; latest: {:#?}",
                    self.diagnostics.get(uri)
                ),
            }
        }
    }

    /// Wait for the diagnostics of one exact document version.
    pub async fn wait_version(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        self.drain();
        loop {
            if let Some(params) = self.diagnostics.get(uri) {
                if params["version"] == json!(version) {
                    return params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
            }
            match tokio::time::timeout_at(deadline, self.notifications.recv()).await {
                Ok(Some((method, params))) => self.record(method, params),
                Ok(None) => panic!("the server stopped"),
                Err(_) => panic!("timed out waiting for version {version} of {uri}"),
            }
        }
    }

    pub async fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null).await;
        assert_eq!(result, Ok(Value::Null));
        self.notify("exit", Value::Null).await;
    }
}

pub fn uri(path: &Path) -> String {
    Uri::from_file_path(path)
        .expect("an absolute path")
        .as_str()
        .to_string()
}

/// A copy of the repository's `examples/` workspace in a temporary folder.
pub fn examples_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = std::fs::canonicalize(dir.path()).expect("a real path");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for entry in std::fs::read_dir(&examples).expect("examples/ exists") {
        let entry = entry.expect("a readable entry");
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, root.join(entry.file_name())).expect("copied");
        }
    }
    (dir, root)
}

/// The 0-based line and UTF-16 column of the first occurrence of `needle`
/// in `text`, plus `skip` characters.
pub fn position_of(text: &str, needle: &str, skip: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..at].encode_utf16().count() + skip;
    json!({ "line": line, "character": character })
}

/// Parameters naming a document and a position in it.
pub fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}
