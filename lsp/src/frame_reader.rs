//! Cutting the client's byte stream into LSP frames (`Content-Length: N`,
//! a blank line, then N bytes of body), whatever the stream holds.
//!
//! tower-lsp-server's own reader ends the whole stream at the first frame
//! it cannot decode, so one bad message from a client silently stopped the
//! server. This reader never stops before the input ends: a header it
//! cannot use is reported and skipped up to the next `Content-Length`, so
//! the frames after it are read as usual.
//!
//! A header is a block of `Name: value` lines ending in a blank line. Only
//! the two headers the LSP specification defines are accepted:
//! `Content-Length` (exactly once, a decimal byte count) and `Content-Type`
//! (its value is not checked: the body is read as UTF-8 JSON either way).
//! Being strict here is what makes skipping safe: a header cut short and
//! glued to the next one reads as an unknown name, a second
//! `Content-Length` or a value that is no number, never as a good header
//! that would swallow the next message's bytes as its body.
//!
//! A good header's body is waited for until exactly that many bytes have
//! come. A body over [`MAX_MESSAGE_BYTES`] is read and thrown away in
//! small pieces, so a bogus length never allocates that much memory.

use std::io::{ErrorKind, Read};

/// The largest body read into memory; longer ones are discarded.
pub const MAX_MESSAGE_BYTES: u64 = 64 * 1024 * 1024;

/// A header block longer than this is taken for garbage. Real ones are
/// under a hundred bytes.
const MAX_HEADER_BYTES: usize = 4096;

/// How much is read from the input at a time.
const READ_CHUNK: usize = 64 * 1024;

/// What skipping looks for, compared without regard to ASCII case.
const CONTENT_LENGTH: &[u8] = b"content-length";

/// One step through the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The body behind a well-formed header; its content is not checked.
    Body(Vec<u8>),
    /// A body longer than [`MAX_MESSAGE_BYTES`], read and discarded.
    Oversized(u64),
    /// Bytes that were no usable frame, skipped up to the next header or
    /// to the end of the input.
    Skipped { bytes: u64, reason: String },
    /// Reading the input failed; nothing more will be read.
    ReadFailed(String),
}

/// Reads [`Frame`]s from `input` until it ends.
pub struct FrameReader<R> {
    input: R,
    /// Bytes read; those from `start` on are not used yet, and the next
    /// frame should begin at `start`. Used bytes are dropped only when
    /// more are read, so a burst of small frames is not copied around.
    buffer: Vec<u8>,
    start: usize,
    ended: bool,
    failure: Option<String>,
}

impl<R: Read> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader {
            input,
            buffer: Vec::new(),
            start: 0,
            ended: false,
            failure: None,
        }
    }

    /// The next frame, or `None` once the input has ended.
    pub fn next_frame(&mut self) -> Option<Frame> {
        if let Some(failure) = self.failure.take() {
            return Some(Frame::ReadFailed(failure));
        }
        loop {
            // Blank lines between frames are harmless: some clients end a
            // body with a newline.
            let blank = self
                .pending()
                .iter()
                .take_while(|byte| matches!(byte, b'\r' | b'\n' | b' ' | b'\t'))
                .count();
            self.consume(blank);
            if self.pending().is_empty() {
                if self.fill() {
                    continue;
                }
                return self.failure.take().map(Frame::ReadFailed);
            }
            let pending = self.pending();
            let window = &pending[..pending.len().min(MAX_HEADER_BYTES)];
            if let Some(header_end) = header_end(window) {
                return Some(match parse_header(&window[..header_end]) {
                    Ok(length) => {
                        self.consume(header_end);
                        self.body(length)
                    }
                    Err(reason) => self.skip_to_next_header(reason),
                });
            }
            if window.len() >= MAX_HEADER_BYTES {
                let reason = format!("no end of header within {MAX_HEADER_BYTES} bytes");
                return Some(self.skip_to_next_header(reason));
            }
            if !self.fill() {
                let bytes = self.consume_all();
                let reason = "the input ended inside a header".to_string();
                return Some(Frame::Skipped { bytes, reason });
            }
        }
    }

    /// Read the body of `length` bytes that follows a good header.
    fn body(&mut self, length: u64) -> Frame {
        let Some(length) = usize::try_from(length)
            .ok()
            .filter(|&length| length as u64 <= MAX_MESSAGE_BYTES)
        else {
            return self.discard(length);
        };
        while self.pending().len() < length {
            if !self.fill() {
                let got = self.consume_all();
                return Frame::Skipped {
                    bytes: got,
                    reason: format!("the input ended {got} bytes into a body of {length}"),
                };
            }
        }
        let body = self.pending()[..length].to_vec();
        self.consume(length);
        Frame::Body(body)
    }

    /// Read and drop `length` bytes, never holding more than a chunk.
    fn discard(&mut self, length: u64) -> Frame {
        let mut left = length;
        loop {
            let pending = self.pending().len();
            let here = usize::try_from(left).map_or(pending, |left| left.min(pending));
            self.consume(here);
            left -= here as u64;
            if left == 0 {
                return Frame::Oversized(length);
            }
            if !self.fill() {
                let got = length - left;
                return Frame::Skipped {
                    bytes: got,
                    reason: format!("the input ended {got} bytes into a body of {length}"),
                };
            }
        }
    }

    /// Drop the unusable frame that starts the pending bytes and
    /// everything after it up to the next `Content-Length`, reading on as
    /// needed.
    fn skip_to_next_header(&mut self, reason: String) -> Frame {
        // The next header starts after the first byte of this one at the
        // earliest; it may well start inside this one's block, when this
        // one was cut short.
        let mut skipped = self.pending().len().min(1);
        self.consume(skipped);
        loop {
            if let Some(at) = find_content_length(self.pending()) {
                self.consume(at);
                skipped += at;
                break;
            }
            // Keep a tail that may be the start of a `Content-Length`
            // whose rest has not been read yet.
            let unmatched = self
                .pending()
                .len()
                .saturating_sub(CONTENT_LENGTH.len() - 1);
            self.consume(unmatched);
            skipped += unmatched;
            if !self.fill() {
                skipped += self.pending().len();
                self.consume_all();
                break;
            }
        }
        Frame::Skipped {
            bytes: skipped as u64,
            reason,
        }
    }

    fn pending(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    fn consume(&mut self, bytes: usize) {
        self.start += bytes;
    }

    /// Drop every pending byte; how many there were.
    fn consume_all(&mut self) -> u64 {
        let bytes = self.pending().len() as u64;
        self.start = self.buffer.len();
        bytes
    }

    /// Append what the input has next; false once it has ended.
    fn fill(&mut self) -> bool {
        if self.ended {
            return false;
        }
        self.buffer.drain(..self.start);
        self.start = 0;
        let end = self.buffer.len();
        self.buffer.resize(end + READ_CHUNK, 0);
        loop {
            match self.input.read(&mut self.buffer[end..]) {
                Ok(read) => {
                    self.buffer.truncate(end + read);
                    self.ended = read == 0;
                    return read > 0;
                }
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => {
                    self.buffer.truncate(end);
                    self.ended = true;
                    self.failure = Some(error.to_string());
                    return false;
                }
            }
        }
    }
}

/// Where the header block at the start of `bytes` ends (just past its
/// blank line), if it is complete. Lines end in `\r\n`; a bare `\n` is
/// taken too.
fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            let line = &bytes[line_start..at];
            if line.is_empty() || line == b"\r" {
                return Some(at + 1);
            }
            line_start = at + 1;
        }
    }
    None
}

/// The body length a header block announces, or why it is unusable.
fn parse_header(block: &[u8]) -> Result<u64, String> {
    let text = std::str::from_utf8(block).map_err(|_| "the header is not ASCII".to_string())?;
    let mut length = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("header line {} has no ':'", excerpt(line)));
        };
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("content-length") {
            if length.is_some() {
                return Err("the header has more than one Content-Length".to_string());
            }
            length = Some(parse_length(value)?);
        } else if !name.eq_ignore_ascii_case("content-type") {
            return Err(format!("unknown header {}", excerpt(name)));
        }
    }
    length.ok_or_else(|| "the header has no Content-Length".to_string())
}

fn parse_length(value: &str) -> Result<u64, String> {
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!(
            "Content-Length {} is not a byte count",
            excerpt(value)
        ));
    }
    value
        .parse()
        .map_err(|_| format!("Content-Length {} is too large", excerpt(value)))
}

/// `text` quoted on one line, cut short if long.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        format!("{text:?}")
    } else {
        let start: String = text.chars().take(MAX_CHARS).collect();
        format!("{start:?}…")
    }
}

fn find_content_length(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(CONTENT_LENGTH.len())
        .position(|window| window.eq_ignore_ascii_case(CONTENT_LENGTH))
}

#[cfg(test)]
#[path = "frame_reader_tests.rs"]
mod tests;
