//! The `lsp` target's input and its in-process client: a session of
//! document edits and requests, generated with `arbitrary`, sent to a fresh
//! language server through its `LspService` (as `lsp/tests/support` does).
//! The session passes when every request is answered in time, and with a
//! result rather than an error (a rename that cannot happen may be refused).
//! A panic anywhere in the server aborts the fuzz target through
//! libFuzzer's panic hook, even one the server catches.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use arbitrary::Arbitrary;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use taskc_lsp::TaskLanguageServer;
use tower::{Service, ServiceExt};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;

/// A request the server has not answered by then never will be: a hang.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(20);

/// At most this many steps of a session are sent, so one input stays fast.
pub const MAX_STEPS: usize = 48;

/// One session: what the editor does after `initialize`.
#[derive(Arbitrary, Debug)]
pub struct Session {
    pub steps: Vec<Step>,
}

#[derive(Arbitrary, Debug)]
pub enum Step {
    Open {
        doc: Doc,
        text: String,
    },
    /// `stale` sends version 0, older than any the server holds.
    ChangeFull {
        doc: Doc,
        text: String,
        stale: bool,
    },
    ChangeRange {
        doc: Doc,
        start: Pos,
        end: Pos,
        text: String,
    },
    Save {
        doc: Doc,
    },
    Close {
        doc: Doc,
    },
    /// `didChangeWatchedFiles` for the document's path (1 created, 2
    /// changed, 3 deleted).
    Watched {
        doc: Doc,
        kind: u8,
    },
    Query {
        doc: Doc,
        at: Pos,
        query: Query,
    },
    WorkspaceSymbol {
        query: String,
    },
}

/// The documents a session works on.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Doc {
    /// Two `.task` files and one in a subfolder of the workspace folder.
    A,
    B,
    Nested,
    /// The workspace's `taskc.toml`.
    Config,
    /// A `.task` file in a folder outside the workspace folder.
    Outside,
    /// A plain-text file the server leaves alone.
    Text,
    /// A document without a file (`untitled:`).
    Untitled,
}

/// A position; small numbers, so that most fall inside the text.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Pos {
    pub line: u8,
    pub character: u8,
}

#[derive(Arbitrary, Debug)]
pub enum Query {
    Hover,
    Completion,
    Definition,
    References { include_declaration: bool },
    PrepareRename,
    Rename { new_name: String },
    DocumentSymbol,
    Formatting { tab_size: u8, insert_spaces: bool },
    CodeAction { end: Pos },
    InlayHint { end: Pos },
}

/// Folders of the process's sessions: a workspace folder with a
/// `taskc.toml` and a subfolder, and a folder outside it.
struct Folders {
    root: PathBuf,
    outside: PathBuf,
}

fn folders() -> &'static Folders {
    static FOLDERS: OnceLock<Folders> = OnceLock::new();
    FOLDERS.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("taskc-fuzz-lsp-{}", std::process::id()));
        let root = base.join("workspace");
        let outside = base.join("outside");
        for dir in [root.join("sub"), outside.clone()] {
            std::fs::create_dir_all(&dir).expect("a temporary folder");
        }
        std::fs::write(root.join("taskc.toml"), CONFIG).expect("taskc.toml written");
        let canonical = |dir: &Path| std::fs::canonicalize(dir).expect("a real path");
        Folders {
            root: canonical(&root),
            outside: canonical(&outside),
        }
    })
}

/// The conformance defaults (tests/conformance/README.md), on disk.
const CONFIG: &str = r#"[flyte]
project = "testproject"
domain = "development"
org = "testorg"
version = "v1"
sdk_version = "2.12.1"
python = "3.11"
code_bundle = "s3://oracle-bucket/code/fixedbundle.tgz"
code_bundle_dest = "."
default_module = "tasks"
"#;

impl Doc {
    fn uri(self) -> String {
        let folders = folders();
        let path = match self {
            Doc::A => folders.root.join("a.task"),
            Doc::B => folders.root.join("b.task"),
            Doc::Nested => folders.root.join("sub").join("c.task"),
            Doc::Config => folders.root.join("taskc.toml"),
            Doc::Outside => folders.outside.join("d.task"),
            Doc::Text => folders.root.join("notes.txt"),
            Doc::Untitled => return "untitled:Untitled-1".to_string(),
        };
        file_uri(&path)
    }
}

fn file_uri(path: &Path) -> String {
    Uri::from_file_path(path)
        .map(|uri| uri.as_str().to_string())
        .unwrap_or_default()
}

impl Pos {
    fn json(self) -> Value {
        json!({ "line": self.line, "character": self.character })
    }
}

/// Run `session` against a fresh server on a runtime of its own: dropping
/// the runtime at the end stops every task the server left running.
pub fn run(session: &Session) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(drive(session));
}

async fn drive(session: &Session) {
    let mut client = Client::start().await;
    for step in session.steps.iter().take(MAX_STEPS) {
        client.step(step).await;
    }
    client.expect_answer("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
}

struct Client {
    service: LspService<TaskLanguageServer>,
    next_id: i64,
    /// The last version sent per document (0 until opened).
    versions: [i32; 7],
}

impl Client {
    async fn start() -> Client {
        let (service, socket) = taskc_lsp::service();
        // Answer the server's own requests (the file-watcher registration)
        // and drop its notifications.
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(request) = requests.next().await {
                let (_, id, _) = request.into_parts();
                if let Some(id) = id {
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
            }
        });
        let mut client = Client {
            service,
            next_id: 0,
            versions: [0; 7],
        };
        let root = file_uri(&folders().root);
        client
            .expect_answer(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root,
                    "workspaceFolders": [{ "uri": root, "name": "root" }],
                    "capabilities": {
                        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                        "general": { "positionEncodings": ["utf-16"] }
                    }
                }),
            )
            .await;
        client.notify("initialized", json!({})).await;
        client
    }

    async fn step(&mut self, step: &Step) {
        match step {
            Step::Open { doc, text } => {
                self.versions[*doc as usize] = 1;
                let document = json!({
                    "uri": doc.uri(), "languageId": "task", "version": 1, "text": text
                });
                self.notify("textDocument/didOpen", json!({ "textDocument": document }))
                    .await;
            }
            Step::ChangeFull { doc, text, stale } => {
                let version = if *stale { 0 } else { self.bump(*doc) };
                self.change(*doc, version, json!({ "text": text })).await;
            }
            Step::ChangeRange {
                doc,
                start,
                end,
                text,
            } => {
                let version = self.bump(*doc);
                let range = json!({ "start": start.json(), "end": end.json() });
                self.change(*doc, version, json!({ "range": range, "text": text }))
                    .await;
            }
            Step::Save { doc } => {
                let params = json!({ "textDocument": { "uri": doc.uri() } });
                self.notify("textDocument/didSave", params).await;
            }
            Step::Close { doc } => {
                let params = json!({ "textDocument": { "uri": doc.uri() } });
                self.notify("textDocument/didClose", params).await;
            }
            Step::Watched { doc, kind } => {
                let change = json!({ "uri": doc.uri(), "type": kind % 3 + 1 });
                let params = json!({ "changes": [change] });
                self.notify("workspace/didChangeWatchedFiles", params).await;
            }
            Step::Query { doc, at, query } => self.query(*doc, *at, query).await,
            Step::WorkspaceSymbol { query } => {
                self.expect_answer("workspace/symbol", json!({ "query": query }))
                    .await;
            }
        }
    }

    async fn query(&mut self, doc: Doc, at: Pos, query: &Query) {
        let document = json!({ "uri": doc.uri() });
        let mut params = json!({ "textDocument": document, "position": at.json() });
        let range = |end: Pos| json!({ "start": at.json(), "end": end.json() });
        let method = match query {
            Query::Hover => "textDocument/hover",
            Query::Completion => "textDocument/completion",
            Query::Definition => "textDocument/definition",
            Query::References {
                include_declaration,
            } => {
                params["context"] = json!({ "includeDeclaration": include_declaration });
                "textDocument/references"
            }
            Query::PrepareRename => "textDocument/prepareRename",
            Query::Rename { new_name } => {
                params["newName"] = json!(new_name);
                "textDocument/rename"
            }
            Query::DocumentSymbol => {
                params = json!({ "textDocument": document });
                "textDocument/documentSymbol"
            }
            Query::Formatting {
                tab_size,
                insert_spaces,
            } => {
                let options = json!({ "tabSize": tab_size, "insertSpaces": insert_spaces });
                params = json!({ "textDocument": document, "options": options });
                "textDocument/formatting"
            }
            Query::CodeAction { end } => {
                let context = json!({ "diagnostics": [] });
                params =
                    json!({ "textDocument": document, "range": range(*end), "context": context });
                "textDocument/codeAction"
            }
            Query::InlayHint { end } => {
                params = json!({ "textDocument": document, "range": range(*end) });
                "textDocument/inlayHint"
            }
        };
        match self.request(method, params).await {
            Ok(_) => {}
            // A rename that cannot happen is refused with a message.
            Err(error) if method == "textDocument/rename" => {
                assert_eq!(error["code"], -32602, "{error}");
                assert!(
                    error["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "{error}"
                );
            }
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    fn bump(&mut self, doc: Doc) -> i32 {
        let version = &mut self.versions[doc as usize];
        *version = version.saturating_add(1);
        *version
    }

    async fn change(&mut self, doc: Doc, version: i32, change: Value) {
        let document = json!({ "uri": doc.uri(), "version": version });
        let params = json!({ "textDocument": document, "contentChanges": [change] });
        self.notify("textDocument/didChange", params).await;
    }

    /// Send a request that must succeed.
    async fn expect_answer(&mut self, method: &str, params: Value) -> Value {
        match self.request(method, params).await {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    /// Send a request and wait for its answer: the result, or the error.
    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let request = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let Some(response) = self.call(request).await else {
            panic!("{method} was not answered");
        };
        let (_, body) = response.into_parts();
        body.map_err(|error| serde_json::to_value(error).unwrap_or(Value::Null))
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_string()).params(params).finish();
        let response = self.call(request).await;
        assert!(response.is_none(), "{method} is a notification");
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        let service = match self.service.ready().await {
            Ok(service) => service,
            Err(error) => panic!("the server stopped: {error}"),
        };
        match tokio::time::timeout(ANSWER_TIMEOUT, service.call(request)).await {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => panic!("the service failed: {error}"),
            Err(_) => panic!("no answer within {ANSWER_TIMEOUT:?}"),
        }
    }
}
