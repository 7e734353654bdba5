//! The server over a byte stream (stdin/stdout for `taskc lsp`).
//!
//! This takes the place of tower-lsp-server's `Server::serve` for one
//! reason: its reader ends the stream at the first frame it cannot decode,
//! so one bad message stopped the server (it then exited 0, silently).
//! Here the input is cut by [`FrameReader`], which skips what it cannot
//! use and goes on, and each body is sorted by [`classify`]; only
//! well-formed messages reach the service. Everything dropped is logged to
//! stderr, one line each, and answered with a JSON-RPC error where a body
//! was read. The rest follows `Server::serve` step for step: requests are
//! handed to the service in the order they came, at most
//! [`MAX_CONCURRENCY`] run at once, and reading stops at `exit`.
//!
//! The input is read on a thread of its own with blocking reads: a tokio
//! read of stdin would sit in the runtime's blocking pool, and the runtime
//! would wait for it at shutdown, after `exit`, while the client keeps
//! stdin open.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::channel::mpsc;
use futures::future::{self, BoxFuture};
use futures::{FutureExt, SinkExt, StreamExt, join, stream, stream_select};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};

use crate::frame_reader::{Frame, FrameReader, MAX_MESSAGE_BYTES};
use crate::incoming::{Incoming, Rejected, classify};

/// How many requests the service works on at once (tower-lsp-server's
/// default, which `taskc lsp` always used).
const MAX_CONCURRENCY: usize = 4;

/// Requests handed to the service but not started yet.
const MESSAGE_QUEUE_SIZE: usize = 100;

/// Frames read ahead of the service.
const READ_AHEAD: usize = 16;

/// How a session ended. The LSP specification asks for exit code 0 after
/// `shutdown` and 1 otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown` was answered before `exit` (or before the input ended).
    AfterShutdown,
    /// `exit` came, or the input ended, without a `shutdown` first.
    WithoutShutdown,
}

/// What the input thread passes on.
enum Arriving {
    Message(Incoming),
    /// The error answer to a frame that was dropped.
    Answer(Response),
}

enum Outgoing {
    Request(Request),
    Response(Response),
}

/// Serve `service` with messages read from `input` and written to
/// `output`, until `exit` or the end of the input.
pub async fn serve<S, R, W>(
    input: R,
    mut output: W,
    mut service: LspService<S>,
    socket: ClientSocket,
) -> io::Result<Ending>
where
    S: LanguageServer,
    R: Read + Send + 'static,
    W: AsyncWrite + Unpin,
{
    let (arriving_tx, mut arriving_rx) = tokio::sync::mpsc::channel(READ_AHEAD);
    std::thread::Builder::new()
        .name("lsp-input".to_string())
        .spawn(move || read_input(input, &arriving_tx))?;

    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    let (mut responses_tx, responses_rx) = mpsc::channel::<Response>(0);
    let (mut tasks_tx, tasks_rx) =
        mpsc::channel::<BoxFuture<'static, Option<Response>>>(MESSAGE_QUEUE_SIZE);
    let shut_down = Arc::new(AtomicBool::new(false));

    let run_tasks = tasks_rx
        .buffer_unordered(MAX_CONCURRENCY)
        .filter_map(future::ready)
        .map(Ok)
        .forward(responses_tx.clone());

    let write_output = async {
        let mut outgoing = stream_select!(
            responses_rx.map(Outgoing::Response),
            client_requests.map(Outgoing::Request)
        );
        while let Some(message) = outgoing.next().await {
            if let Err(error) = write_message(&mut output, &message).await {
                log(&format!("could not write to the client: {error}"));
                break;
            }
        }
    };

    let dispatch = async {
        while let Some(arriving) = arriving_rx.recv().await {
            match arriving {
                Arriving::Message(Incoming::Request(request)) => {
                    if let Err(error) = future::poll_fn(|cx| service.poll_ready(cx)).await {
                        log(&error.to_string());
                        break;
                    }
                    // The specification has the server exit right after
                    // `exit`, and some clients never close stdin.
                    let exit = request.method() == "exit";
                    let task = answer_of(&mut service, request, &shut_down);
                    if tasks_tx.send(task).await.is_err() || exit {
                        break;
                    }
                }
                Arriving::Message(Incoming::Response(response)) => {
                    if let Err(error) = client_responses.send(response).await {
                        log(&error.to_string());
                        break;
                    }
                }
                Arriving::Answer(answer) => {
                    let _ = responses_tx.send(answer).await;
                }
            }
        }
        tasks_tx.disconnect();
        responses_tx.disconnect();
        client_abort.abort();
    };

    join!(run_tasks.map(|_| ()), write_output, dispatch);
    Ok(if shut_down.load(Ordering::SeqCst) {
        Ending::AfterShutdown
    } else {
        Ending::WithoutShutdown
    })
}

/// Hand `request` to the service; the answer, once there, also records
/// whether a `shutdown` succeeded.
fn answer_of<S: LanguageServer>(
    service: &mut LspService<S>,
    request: Request,
    shut_down: &Arc<AtomicBool>,
) -> BoxFuture<'static, Option<Response>> {
    let shutdown = request.method() == "shutdown";
    let shut_down = shut_down.clone();
    service
        .call(request)
        .map(move |answer| {
            let answer = answer.unwrap_or_else(|error| {
                log(&error.to_string());
                None
            });
            if shutdown && answer.as_ref().is_some_and(Response::is_ok) {
                shut_down.store(true, Ordering::SeqCst);
            }
            answer
        })
        .boxed()
}

/// The input thread: frames in, messages and error answers out, a log
/// line for everything dropped.
fn read_input(input: impl Read, arriving: &tokio::sync::mpsc::Sender<Arriving>) {
    let mut reader = FrameReader::new(input);
    while let Some(frame) = reader.next_frame() {
        let sorted = match frame {
            Frame::Body(body) => classify(&body),
            Frame::Oversized(length) => Err(Rejected::oversized(length, MAX_MESSAGE_BYTES)),
            Frame::Skipped { bytes, reason } => {
                log(&format!(
                    "skipped {bytes} bytes that are no message: {reason}"
                ));
                continue;
            }
            Frame::ReadFailed(error) => {
                log(&format!("could not read the input: {error}"));
                continue;
            }
        };
        let next = match sorted {
            Ok(message) => Arriving::Message(message),
            Err(Rejected { answer, reason }) => {
                log(&format!("dropped a message: {reason}"));
                Arriving::Answer(*answer)
            }
        };
        if arriving.blocking_send(next).is_err() {
            // The session is over.
            return;
        }
    }
}

async fn write_message<W: AsyncWrite + Unpin>(
    output: &mut W,
    message: &Outgoing,
) -> io::Result<()> {
    let body = match message {
        Outgoing::Request(request) => serde_json::to_vec(request),
        Outgoing::Response(response) => serde_json::to_vec(response),
    }
    .map_err(io::Error::other)?;
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    output.write_all(&frame).await?;
    output.flush().await
}

/// One line on stderr. Not `eprintln!`, which panics when stderr is gone.
fn log(line: &str) {
    let _ = writeln!(io::stderr().lock(), "taskc lsp: {line}");
}
