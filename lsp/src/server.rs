//! The `LanguageServer` implementation: document sync, the diagnostics
//! loop, and dispatch of each request to its module under `requests/`.
//!
//! Notifications change [`State`] synchronously, before their handler first
//! waits, so edits apply in the order the editor sent them even though the
//! transport runs handlers concurrently. Analysis runs in the rayon pool,
//! queries on blocking threads; one analysis is built at a time, and
//! whoever needs the current revision (the diagnostics loop or a request)
//! waits for it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use taskc_core::source::{FileId, SourceFile};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::capabilities;
use crate::diagnostics::{self, Uris};
use crate::position::apply_change;
use crate::requests::{self, Ctx};
use crate::state::{OpenDocument, Snapshot, State, path_of};

/// The server. Cheap to share: everything lives behind `Arc`s.
#[derive(Debug)]
pub struct TaskLanguageServer {
    client: Client,
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    /// Rung after every change; the diagnostics loop waits on it. A burst
    /// of changes rings it once, so the loop analyses only the latest text.
    wake: Notify,
    /// Held while an analysis is built, so concurrent askers wait for one
    /// build instead of each starting their own on a 2-core machine.
    building: tokio::sync::Mutex<()>,
    /// Whether the client takes dynamic `didChangeWatchedFiles` registrations.
    watch_files: std::sync::atomic::AtomicBool,
    /// The last semantic tokens sent per document, for delta requests.
    semantic_tokens: requests::semantic_tokens::Previous,
}

impl TaskLanguageServer {
    pub fn new(client: Client) -> Self {
        TaskLanguageServer {
            client,
            shared: Arc::new(Shared::default()),
        }
    }
}

impl Shared {
    /// The state, even when a thread panicked while holding the lock: every
    /// update leaves it consistent, and a language server must keep going.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn uris(&self) -> Uris {
        let state = self.state();
        Uris {
            open: state
                .open
                .iter()
                .map(|(path, doc)| (path.clone(), doc.uri.clone()))
                .collect(),
        }
    }

    /// The analysis of the workspace rooted at `root` for its current
    /// revision, building it if needed.
    async fn snapshot(&self, root: &Path) -> Option<Arc<Snapshot>> {
        let current = |shared: &Shared| {
            let state = shared.state();
            let index = state.index_of_root(root)?;
            Some(state.current(index))
        };
        if let Ok(snapshot) = current(self)? {
            return Some(snapshot);
        }
        let _building = self.building.lock().await;
        let inputs = match current(self)? {
            Ok(snapshot) => return Some(snapshot),
            Err(inputs) => inputs,
        };
        // The analysis runs inside the rayon pool that its parallel stages
        // (lints, templates, several files) use. Started from outside the
        // pool, each of those stages would hand its work to pool threads and
        // sleep until they finish: two thread wake-ups per stage, and on a
        // busy machine each wake-up waits for a core. Inside the pool, a
        // stage splits its work and the thread running it does whatever no
        // idle pool thread took. A panic is caught there (rayon would abort
        // the process) and answered as "no analysis".
        let (sender, receiver) = tokio::sync::oneshot::channel();
        rayon::spawn(move || {
            let built =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Snapshot::build(inputs)));
            let _ = sender.send(built);
        });
        let built = receiver.await.ok()?.ok()?;
        let snapshot = Arc::new(built);
        let replaced = self.state().store(&snapshot);
        if let Some(old) = replaced {
            tokio::task::spawn_blocking(move || drop(old));
        }
        Some(snapshot)
    }

    /// The analysis and file id for a document, for a request about it.
    async fn ctx_for(&self, uri: &Uri) -> Option<(Ctx, FileId)> {
        let path = path_of(uri)?;
        let root = {
            let mut state = self.state();
            let index = state.workspace_for(&path, false)?;
            state.workspaces[index].files.root.clone()
        };
        let snapshot = self.snapshot(&root).await?;
        let file = snapshot.file_id(&path)?;
        let uris = self.uris();
        Some((Ctx { snapshot, uris }, file))
    }

    /// Run a query on a blocking thread. A panic inside the query is caught
    /// there and answered as "nothing", so one bad query never takes the
    /// server down.
    async fn query<R, F>(&self, uri: &Uri, run: F) -> Option<R>
    where
        R: Send + 'static,
        F: FnOnce(&Ctx, FileId) -> Option<R> + Send + 'static,
    {
        let (ctx, file) = self.ctx_for(uri).await?;
        tokio::task::spawn_blocking(move || run(&ctx, file))
            .await
            .ok()
            .flatten()
    }

    /// Bring diagnostics up to date after changes, until nothing is dirty.
    async fn publish_dirty(&self, client: &Client) {
        loop {
            let Some(root) = self.state().dirty.pop_first() else {
                break;
            };
            let Some(snapshot) = self.snapshot(&root).await else {
                continue;
            };
            let uris = self.uris();
            let per_file = {
                let snapshot = snapshot.clone();
                let uris = uris.clone();
                tokio::task::spawn_blocking(move || diagnostics::by_file(&snapshot, &uris))
                    .await
                    .unwrap_or_default()
            };
            let to_send = self.select_changed(&root, per_file);
            for (uri, list, version) in to_send {
                client.publish_diagnostics(uri, list, version).await;
            }
        }
        // Files that left every workspace (deleted, now ignored) keep no
        // stale diagnostics.
        let orphans = self.state().take_orphans();
        for uri in orphans {
            client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    /// Which lists to send: every open document's (the editor waits for
    /// one per version), and the others' only when they changed (so a
    /// workspace of clean files sends nothing for them). A file
    /// that lies in an outer workspace's tree but has a nearer
    /// `taskc.toml` is published by that nearer workspace only.
    fn select_changed(
        &self,
        root: &Path,
        per_file: Vec<diagnostics::FileDiagnostics>,
    ) -> Vec<(Uri, Vec<Diagnostic>, Option<i32>)> {
        let mut state = self.state();
        let mut out = Vec::new();
        for entry in per_file {
            if !state.owns(root, &entry.path) && !state.reads_module(root, &entry.path) {
                continue;
            }
            let open = state.open.contains_key(&entry.path);
            let before = state.published.get(&entry.path);
            // Nothing to say about a file with no problems that was never
            // reported on; an unchanged list need not be sent again.
            let unchanged = match before {
                Some(list) => *list == entry.diagnostics,
                None => entry.diagnostics.is_empty(),
            };
            if unchanged && !open {
                continue;
            }
            let Some(uri) = state.uri_of(&entry.path) else {
                continue;
            };
            state
                .published
                .insert(entry.path.clone(), entry.diagnostics.clone());
            out.push((uri, entry.diagnostics, entry.version));
        }
        out
    }
}

/// Whether the server analyses this file when the editor opens it.
fn is_workspace_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == taskc_core::workspace::TASK_EXTENSION)
        || path
            .file_name()
            .is_some_and(|n| n == taskc_core::workspace::CONFIG_FILE_NAME)
}

/// Log what the workspace loader could not read, once.
async fn log_problems(client: &Client, shared: &Shared) {
    let problems = std::mem::take(&mut shared.state().problems);
    for problem in problems {
        client.log_message(MessageType::WARNING, problem).await;
    }
}

impl TaskLanguageServer {
    /// Documents that are not files (unsaved buffers, other schemes) have
    /// no place in a workspace; say so in the log instead of failing.
    async fn not_a_file(&self, uri: &Uri) {
        self.client
            .log_message(
                MessageType::INFO,
                format!(
                    "ignored `{}`: only `file:` documents are analysed",
                    uri.as_str()
                ),
            )
            .await;
    }
}

impl LanguageServer for TaskLanguageServer {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|folder| path_of(&folder.uri))
            .collect();
        #[allow(deprecated)] // Older clients send only `rootUri`.
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(path_of));
        }
        self.shared.state().folders = folders;
        self.shared.watch_files.store(
            capabilities::can_register_file_watchers(&params.capabilities),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(),
            server_info: Some(ServerInfo {
                name: "taskc".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Reading the folders touches the disk: do it off the async threads.
        let shared = self.shared.clone();
        let _ = tokio::task::spawn_blocking(move || shared.state().rediscover()).await;
        log_problems(&self.client, &self.shared).await;

        // The diagnostics loop lives as long as the server.
        let shared = self.shared.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                shared.publish_dirty(&client).await;
                shared.wake.notified().await;
            }
        });

        if self
            .shared
            .watch_files
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            let client = self.client.clone();
            tokio::spawn(async move {
                let registration = capabilities::file_watcher_registration();
                if let Err(error) = client.register_capability(vec![registration]).await {
                    client
                        .log_message(
                            MessageType::WARNING,
                            format!("could not watch files: {error}"),
                        )
                        .await;
                }
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let Some(path) = path_of(&document.uri) else {
            self.not_a_file(&document.uri).await;
            return;
        };
        if !is_workspace_file(&path) {
            // A generic client may send every plain-text file it opens.
            self.client
                .log_message(
                    MessageType::INFO,
                    format!(
                        "ignored `{}`: not a `.task` file or `taskc.toml`",
                        path.display()
                    ),
                )
                .await;
            return;
        }
        {
            let mut state = self.shared.state();
            let file = SourceFile::new(path.clone(), document.text);
            state.open.insert(
                path.clone(),
                OpenDocument {
                    uri: document.uri,
                    version: document.version,
                    file,
                },
            );
            state.workspace_for(&path, true);
            state.changed_path(&path);
        }
        self.shared.wake.notify_one();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Documents left alone at `didOpen` (said so there) stay alone.
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        if !is_workspace_file(&path) {
            return;
        }
        let version = params.text_document.version;
        let applied = {
            let mut state = self.shared.state();
            match state.open.get_mut(&path) {
                // A version older than the one we have comes from a
                // confused client; applying it would corrupt the text.
                Some(doc) if version >= doc.version => {
                    let mut file = std::mem::replace(&mut doc.file, SourceFile::new("", ""));
                    for change in params.content_changes {
                        file = apply_change(file, change);
                    }
                    doc.file = file;
                    doc.version = version;
                    state.changed_path(&path);
                    Ok(())
                }
                Some(doc) => Err(format!(
                    "ignored a change to version {version} of `{}`: it is already at version {}",
                    path.display(),
                    doc.version
                )),
                None => Err(format!(
                    "ignored a change to `{}`: it is not open",
                    path.display()
                )),
            }
        };
        match applied {
            Ok(()) => self.shared.wake.notify_one(),
            Err(message) => {
                // Once per document, so a confused client cannot flood the log.
                let first = self
                    .shared
                    .state()
                    .warned
                    .insert(params.text_document.uri.as_str().to_string());
                if first {
                    self.client.log_message(MessageType::WARNING, message).await;
                }
            }
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = path_of(&params.text_document.uri) {
            let mut state = self.shared.state();
            state.reread(&path);
            state.module_saved(&path);
            drop(state);
            self.shared.wake.notify_one();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        self.shared
            .semantic_tokens
            .forget(&params.text_document.uri);
        {
            let mut state = self.shared.state();
            state.open.remove(&path);
            // The disk may differ from the closed buffer (closed unsaved).
            state.reread(&path);
        }
        self.shared.wake.notify_one();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let shared = self.shared.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let mut state = shared.state();
            let mut rediscover = false;
            for event in params.changes {
                let Some(path) = path_of(&event.uri) else {
                    continue;
                };
                if event.typ == FileChangeType::CHANGED {
                    state.reread(&path);
                } else {
                    // A file or a `taskc.toml` appeared or went away: the
                    // set of workspaces and their files may change.
                    rediscover = true;
                }
            }
            if rediscover {
                state.rediscover();
            }
        })
        .await;
        log_problems(&self.client, &self.shared).await;
        self.shared.wake.notify_one();
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let shared = self.shared.clone();
        Ok(self
            .shared
            .query(&uri.clone(), move |ctx, file| {
                requests::semantic_tokens::full(ctx, file, &uri, &shared.semantic_tokens)
            })
            .await
            .map(SemanticTokensResult::Tokens))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let previous_id = params.previous_result_id;
        let shared = self.shared.clone();
        Ok(self
            .shared
            .query(&uri.clone(), move |ctx, file| {
                let previous = &shared.semantic_tokens;
                requests::semantic_tokens::delta(ctx, file, &uri, &previous_id, previous)
            })
            .await)
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let range = params.range;
        Ok(self
            .shared
            .query(&params.text_document.uri, move |ctx, file| {
                requests::semantic_tokens::range(ctx, file, range)
            })
            .await
            .map(SemanticTokensRangeResult::Tokens))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let position = at.position;
        Ok(self
            .shared
            .query(&at.text_document.uri, move |ctx, file| {
                requests::hover::hover(ctx, file, position)
            })
            .await)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let position = at.position;
        Ok(self
            .shared
            .query(&at.text_document.uri, move |ctx, file| {
                requests::completion::completion(ctx, file, position)
            })
            .await)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let position = at.position;
        Ok(self
            .shared
            .query(&at.text_document.uri, move |ctx, file| {
                requests::navigation::definition(ctx, file, position)
            })
            .await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let position = at.position;
        let include = params.context.include_declaration;
        Ok(self
            .shared
            .query(&at.text_document.uri, move |ctx, file| {
                requests::navigation::references(ctx, file, position, include)
            })
            .await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let position = params.position;
        Ok(self
            .shared
            .query(&params.text_document.uri, move |ctx, file| {
                requests::rename::prepare_rename(ctx, file, position)
            })
            .await)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let position = at.position;
        let new_name = params.new_name;
        self.shared
            .query(&at.text_document.uri, move |ctx, file| {
                Some(requests::rename::rename(ctx, file, position, &new_name))
            })
            .await
            .unwrap_or(Ok(None))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .shared
            .query(&params.text_document.uri, |ctx, file| {
                requests::symbols::document_symbols(ctx, file)
            })
            .await
            .map(DocumentSymbolResponse::Nested))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let roots: Vec<PathBuf> = {
            let state = self.shared.state();
            state
                .workspaces
                .iter()
                .map(|w| w.files.root.clone())
                .collect()
        };
        let mut found = Vec::new();
        for root in roots {
            let Some(snapshot) = self.shared.snapshot(&root).await else {
                continue;
            };
            let ctx = Ctx {
                snapshot,
                uris: self.shared.uris(),
            };
            let query = params.query.clone();
            let symbols = tokio::task::spawn_blocking(move || {
                requests::symbols::workspace_symbols(&ctx, &query)
            })
            .await
            .unwrap_or_default();
            found.extend(symbols);
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(found)))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self
            .shared
            .query(&params.text_document.uri, |ctx, file| {
                requests::formatting::format(ctx, file)
            })
            .await)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let range = params.range;
        let sent = params.context.diagnostics;
        Ok(self
            .shared
            .query(&params.text_document.uri, move |ctx, file| {
                requests::code_actions::code_actions(ctx, file, range, &sent)
            })
            .await)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        Ok(self
            .shared
            .query(&params.text_document.uri, move |ctx, file| {
                requests::inlay_hints::inlay_hints(ctx, file, range)
            })
            .await)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self
            .shared
            .query(&params.text_document.uri, |ctx, file| {
                requests::folding::folding_ranges(ctx, file)
            })
            .await)
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let positions = params.positions;
        Ok(self
            .shared
            .query(&params.text_document.uri, move |ctx, file| {
                requests::selection::selection_ranges(ctx, file, &positions)
            })
            .await)
    }
}
