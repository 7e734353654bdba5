use std::io::Read;

use super::*;

const BODY: &[u8] = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Every frame of `input`, read in pieces of `piece` bytes.
fn frames_in_pieces(input: &[u8], piece: usize) -> Vec<Frame> {
    struct Pieces<'a>(&'a [u8], usize);
    impl Read for Pieces<'_> {
        fn read(&mut self, into: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(into.len());
            into[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut reader = FrameReader::new(Pieces(input, piece));
    std::iter::from_fn(|| reader.next_frame()).collect()
}

fn frames(input: &[u8]) -> Vec<Frame> {
    let whole = frames_in_pieces(input, usize::MAX);
    for piece in [1, 2, 7] {
        assert_eq!(
            frames_in_pieces(input, piece),
            whole,
            "read {piece} bytes at a time"
        );
    }
    whole
}

fn is_skipped(frame: &Frame) -> bool {
    matches!(frame, Frame::Skipped { .. })
}

#[test]
fn reads_frames_one_after_another() {
    let mut input = framed(BODY);
    input.extend(framed(b"{}"));
    assert_eq!(
        frames(&input),
        [Frame::Body(BODY.to_vec()), Frame::Body(b"{}".to_vec())]
    );
}

#[test]
fn takes_a_content_type_bare_newlines_and_blank_lines_between_frames() {
    let mut input = format!(
        "content-length: {}\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n",
        BODY.len()
    )
    .into_bytes();
    input.extend_from_slice(BODY);
    input.extend_from_slice(b"\r\n\r\n");
    input.extend(framed(b"{}"));
    assert_eq!(
        frames(&input),
        [Frame::Body(BODY.to_vec()), Frame::Body(b"{}".to_vec())]
    );
}

#[test]
fn an_empty_body_is_a_frame_and_the_next_one_follows() {
    let mut input = framed(b"");
    input.extend(framed(BODY));
    assert_eq!(
        frames(&input),
        [Frame::Body(Vec::new()), Frame::Body(BODY.to_vec())]
    );
}

#[test]
fn unusable_headers_are_skipped_up_to_the_next_frame() {
    let headers = [
        "Content-Type: application/vscode-jsonrpc\r\n\r\n".to_string(),
        "Content-Length: twelve\r\n\r\n".to_string(),
        "Content-Length: -5\r\n\r\n".to_string(),
        "Content-Length: +5\r\n\r\n".to_string(),
        "Content-Length: 99999999999999999999999\r\n\r\n".to_string(),
        "Content-Length: 5\r\nX-Extra: 1\r\n\r\n".to_string(),
        "Content-Length 5\r\n\r\n".to_string(),
        "\u{e9}: 5\r\n\r\n".to_string(),
    ];
    for header in headers {
        // The bad header's "body" is a good message: it must not be read.
        let mut input = header.clone().into_bytes();
        input.extend_from_slice(BODY);
        input.extend(framed(b"{}"));
        let frames = frames(&input);
        assert_eq!(frames.len(), 2, "{header:?}: {frames:?}");
        assert!(is_skipped(&frames[0]), "{header:?}: {frames:?}");
        assert_eq!(frames[1], Frame::Body(b"{}".to_vec()), "{header:?}");
    }
}

#[test]
fn of_two_content_lengths_the_first_is_a_header_cut_short() {
    let input = b"Content-Length: 5\r\nContent-Length: 2\r\n\r\n{}";
    assert_eq!(
        frames(input),
        [
            Frame::Skipped {
                bytes: 19,
                reason: "the header has more than one Content-Length".to_string()
            },
            Frame::Body(b"{}".to_vec())
        ]
    );
}

#[test]
fn a_header_cut_short_does_not_swallow_the_next_frame() {
    let header = format!("Content-Length: {}\r\n\r\n", BODY.len());
    for cut in 1..header.len() {
        let mut input = header.as_bytes()[..cut].to_vec();
        input.extend(framed(BODY));
        let frames = frames(&input);
        assert_eq!(frames.len(), 2, "cut after {cut}: {frames:?}");
        assert!(is_skipped(&frames[0]), "cut after {cut}: {frames:?}");
        assert_eq!(frames[1], Frame::Body(BODY.to_vec()), "cut after {cut}");
    }
}

#[test]
fn garbage_before_a_frame_is_skipped_in_one_piece() {
    for garbage in [
        &b"garbage"[..],
        b"\x00\xff\xfe junk: with a colon",
        b"{}\r\n\r\n{}",
        &[b'x'; 3 * MAX_HEADER_BYTES],
        &[b'\n'; 10],
    ] {
        let mut input = garbage.to_vec();
        input.extend(framed(BODY));
        let frames = frames(&input);
        let expected_skips = usize::from(garbage.iter().any(|b| !b.is_ascii_whitespace()));
        assert_eq!(frames.len(), expected_skips + 1, "{frames:?}");
        assert_eq!(frames[expected_skips], Frame::Body(BODY.to_vec()));
        if let Some(Frame::Skipped { bytes, .. }) = frames.first() {
            assert_eq!(*bytes, garbage.len() as u64);
        }
    }
}

#[test]
fn an_oversized_body_is_discarded_in_small_pieces() {
    let length = MAX_MESSAGE_BYTES + 1;
    let mut input = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    input.resize(input.len() + length as usize, b'x');
    input.extend(framed(BODY));
    let mut reader = FrameReader::new(input.as_slice());
    assert_eq!(reader.next_frame(), Some(Frame::Oversized(length)));
    assert!(reader.buffer.capacity() <= 2 * READ_CHUNK);
    assert_eq!(reader.next_frame(), Some(Frame::Body(BODY.to_vec())));
    assert_eq!(reader.next_frame(), None);
}

#[test]
fn a_length_beyond_any_memory_is_discarded_too() {
    let input = format!("Content-Length: {}\r\n\r\nabc", u64::MAX);
    let frames = frames(input.as_bytes());
    assert_eq!(
        frames,
        [Frame::Skipped {
            bytes: 3,
            reason: format!("the input ended 3 bytes into a body of {}", u64::MAX),
        }]
    );
}

#[test]
fn input_that_ends_inside_a_frame_is_reported_once() {
    let mut cut_body = framed(BODY);
    cut_body.truncate(cut_body.len() - 1);
    let cut_header = b"Content-Length: 3\r\n".to_vec();
    for input in [cut_body, cut_header] {
        let frames = frames(&input);
        assert_eq!(frames.len(), 1, "{frames:?}");
        assert!(is_skipped(&frames[0]), "{frames:?}");
    }
    assert_eq!(frames(b"\r\n"), []);
}

#[test]
fn a_read_error_ends_the_input_after_saying_so() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("broken pipe"))
        }
    }
    let mut reader = FrameReader::new(Failing);
    assert_eq!(
        reader.next_frame(),
        Some(Frame::ReadFailed("broken pipe".to_string()))
    );
    assert_eq!(reader.next_frame(), None);
}
