//! Server-Sent Events (`text/event-stream`): a parser that follows the
//! WHATWG EventSource rules ("Interpreting an event stream").
//!
//! Layer 1: imports nothing from the crate.
//!
//! Written here rather than taken from a crate: `eventsource-stream` (last
//! released in 2022) brings in `nom`, and `sse-stream` dispatches a block
//! without data and forgets the last event id after each event, which the
//! rules do not allow. The rules fit in this file.
//!
//! The rules, as implemented:
//!
//! * a line ends at LF, CRLF or CR, also when a chunk ends between the CR
//!   and the LF; a byte order mark at the very start is dropped; each line
//!   is decoded as UTF-8, invalid bytes becoming U+FFFD;
//! * a line starting with `:` is a comment and is ignored;
//! * otherwise the field name is what comes before the first `:` (the whole
//!   line when there is none, with an empty value) and the value what comes
//!   after it, less one leading space;
//! * `data` appends its value and a LF to the data buffer; `event` sets the
//!   event type; `id` sets the last event id unless the value contains NUL
//!   (the id is kept for the following events, and an empty value clears
//!   it); `retry` sets the reconnection time when the value is ASCII digits
//!   only; any other field is ignored;
//! * a blank line dispatches an event, unless the data buffer is empty:
//!   then it only clears the event type. The event's data is the buffer
//!   without its last LF;
//! * at the end of the stream an event without its blank line is not
//!   dispatched.

use std::collections::VecDeque;
use std::time::Duration;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched event of a `text/event-stream` body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The event type: the last `event:` field of the block, or `message`
    /// when it had none (as in a browser's `EventSource`).
    pub event: String,
    /// The `data:` lines of the block joined with `\n`.
    pub data: String,
    /// The last event id seen so far in the stream (the block's own `id:`
    /// or an earlier one), if any: what a reconnection sends as
    /// `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time a `retry:` field of this block set, if any.
    pub retry: Option<Duration>,
}

/// An incremental `text/event-stream` parser: feed it the body's chunks as
/// they come, and take the events each one completes.
#[derive(Debug, Default)]
pub struct Parser {
    /// The current line, not yet ended.
    line: Vec<u8>,
    /// Whether the last line ended with a CR, so that a LF right after it
    /// (possibly at the start of the next chunk) ends nothing.
    after_cr: bool,
    /// Whether a first line has been read (the BOM can only precede it).
    started: bool,
    /// The data buffer: each `data:` value followed by a LF.
    data: String,
    /// The event type buffer.
    event: String,
    /// The last event id buffer; empty means none.
    last_id: String,
    /// The reconnection time, as last set by a `retry:` field.
    retry: Option<Duration>,
    /// The reconnection time set within the current block.
    block_retry: Option<Duration>,
    /// Events completed and not yet taken.
    ready: VecDeque<Event>,
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Parser::default()
    }

    /// Reads one chunk of the body; the events it completes are then
    /// returned by [`Parser::next_event`], in order.
    pub fn feed(&mut self, mut chunk: &[u8]) {
        while let Some(end) = chunk.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            let after_cr = std::mem::replace(&mut self.after_cr, chunk[end] == b'\r');
            if after_cr && end == 0 && chunk[0] == b'\n' {
                // The LF of a CRLF whose CR ended the previous line.
                self.after_cr = false;
                chunk = &chunk[1..];
                continue;
            }
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process_line(&line);
            // Keep the allocation for the next line.
            self.line = line;
            self.line.clear();
            chunk = &chunk[end + 1..];
        }
        if !chunk.is_empty() {
            self.after_cr = false;
            self.line.extend_from_slice(chunk);
        }
    }

    /// The next completed event, if any.
    pub fn next_event(&mut self) -> Option<Event> {
        self.ready.pop_front()
    }

    /// The last event id the stream set, if any (kept across events; an
    /// empty `id:` clears it).
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.last_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The reconnection time the stream last set with `retry:`, if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// How many bytes the parser holds for the event being read (its
    /// unfinished line and data), to bound memory on an endless event.
    pub fn buffered(&self) -> usize {
        self.line.len() + self.data.len() + self.event.len()
    }

    /// One line, without its end.
    fn process_line(&mut self, mut line: &[u8]) {
        if !std::mem::replace(&mut self.started, true) {
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match name {
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"event" => self.event = value.into_owned(),
            b"id" if !value.contains('\0') => self.last_id = value.into_owned(),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits beyond u64 milliseconds: as long as can be.
                let millis = value.parse().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
                self.block_retry = self.retry;
            }
            _ => {}
        }
    }

    /// The blank line: dispatches the block's event if it has data.
    fn dispatch(&mut self) {
        let retry = self.block_retry.take();
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.last_event_id().map(str::to_owned),
            retry,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of `chunks` fed in order.
    fn parse(chunks: &[&[u8]]) -> Vec<Event> {
        let mut parser = Parser::new();
        let mut events = Vec::new();
        for chunk in chunks {
            parser.feed(chunk);
            events.extend(std::iter::from_fn(|| parser.next_event()));
        }
        events
    }

    fn event(data: &str) -> Event {
        Event {
            event: "message".to_owned(),
            data: data.to_owned(),
            id: None,
            retry: None,
        }
    }

    /// A stream with every kind of line, ended in `eol`.
    fn sample(eol: &str) -> String {
        [
            ": a comment",
            "event: update",
            "id: 7",
            "retry: 2500",
            "data: {\"n\":1,",
            "data:  \"s\":\"two\"}",
            "",
            "data",
            "",
            ":keep-alive",
            "",
            "data: last",
            "",
        ]
        .iter()
        .map(|line| format!("{line}{eol}"))
        .collect()
    }

    fn sample_events() -> Vec<Event> {
        vec![
            Event {
                event: "update".to_owned(),
                data: "{\"n\":1,\n \"s\":\"two\"}".to_owned(),
                id: Some("7".to_owned()),
                retry: Some(Duration::from_millis(2500)),
            },
            // `data` without a colon: an empty value, still an event; the
            // id carries over, the type and retry do not.
            Event {
                id: Some("7".to_owned()),
                ..event("")
            },
            Event {
                id: Some("7".to_owned()),
                ..event("last")
            },
        ]
    }

    #[test]
    fn every_line_ending_gives_the_same_events() {
        for eol in ["\n", "\r\n", "\r"] {
            assert_eq!(parse(&[sample(eol).as_bytes()]), sample_events(), "{eol:?}");
        }
    }

    #[test]
    fn a_split_at_any_byte_gives_the_same_events() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = format!("\u{feff}{}", sample(eol));
            let bytes = text.as_bytes();
            for cut in 0..=bytes.len() {
                let (head, tail) = bytes.split_at(cut);
                assert_eq!(
                    parse(&[head, tail]),
                    sample_events(),
                    "{eol:?} cut at {cut}"
                );
            }
            // And one byte at a time, empty chunks between.
            let single: Vec<&[u8]> = bytes.chunks(1).flat_map(|byte| [byte, &b""[..]]).collect();
            assert_eq!(parse(&single), sample_events(), "{eol:?} byte by byte");
        }
    }

    #[test]
    fn a_cr_then_a_lf_in_the_next_chunk_is_one_line_end() {
        // Were the LF a second line end, the blank line would dispatch
        // `a` alone before `b` came.
        assert_eq!(
            parse(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]),
            [event("a\nb")]
        );
        // CR CR is two line ends: a blank line.
        assert_eq!(parse(&[b"data: a\r", b"\r"]), [event("a")]);
    }

    #[test]
    fn an_empty_data_buffer_dispatches_nothing() {
        let events = parse(&[b"event: ping\n\nid: 3\n\nretry: 10\n\n: hi\n\ndata: x\n\n"]);
        // The `ping` type was cleared by its blank line, the id kept; the
        // retry belonged to the block it came in.
        assert_eq!(
            events,
            [Event {
                id: Some("3".to_owned()),
                ..event("x")
            }]
        );
    }

    #[test]
    fn fields_follow_the_rules() {
        let mut parser = Parser::new();
        parser.feed(
            b"data:no space\ndata:  two spaces\ndata\ndata:\nDATA: upper\nfoo: bar\nevent\n\n",
        );
        assert_eq!(
            parser.next_event(),
            Some(event("no space\n two spaces\n\n"))
        );
        // A bad retry leaves the earlier value; a NUL leaves the earlier id.
        parser.feed(b"retry: 100\nid: a\n\nretry: 1.5\nretry: x\nretry:\nid: b\0c\ndata: y\n\n");
        assert_eq!(
            parser.next_event(),
            Some(Event {
                id: Some("a".to_owned()),
                ..event("y")
            })
        );
        assert_eq!(parser.retry(), Some(Duration::from_millis(100)));
        assert_eq!(parser.last_event_id(), Some("a"));
        // An empty id clears it; a value keeps colons after the first.
        parser.feed(b"id\ndata: t: 1\n\n");
        assert_eq!(parser.next_event(), Some(event("t: 1")));
        assert_eq!(parser.last_event_id(), None);
        parser.feed(b"retry: 99999999999999999999999\n\n");
        assert_eq!(parser.retry(), Some(Duration::from_millis(u64::MAX)));
    }

    #[test]
    fn a_bom_is_dropped_only_at_the_start() {
        assert_eq!(parse(&[b"\xEF\xBB", b"\xBFdata: a\n\n"]), [event("a")]);
        // Later, it is part of the field name, which is then unknown.
        assert_eq!(
            parse(&[b"data: a\n\n\xEF\xBB\xBFdata: b\n\n"]),
            [event("a")]
        );
    }

    #[test]
    fn an_event_without_its_blank_line_is_not_dispatched() {
        let mut parser = Parser::new();
        parser.feed(b"data: a\n\ndata: b\n");
        assert_eq!(parser.next_event(), Some(event("a")));
        assert_eq!(parser.next_event(), None);
        assert_eq!(parser.buffered(), "b\n".len());
        parser.feed(b"data: c");
        assert_eq!(parser.next_event(), None);
        assert_eq!(parser.buffered(), "b\n".len() + "data: c".len());
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(parse(&[b"data: \xff\xfe\n\n"]), [event("\u{fffd}\u{fffd}")]);
        // A character split between chunks is whole again.
        let e_acute = "é".as_bytes();
        assert_eq!(
            parse(&[b"data: caf", &e_acute[..1], &e_acute[1..], b"\n\n"]),
            [event("café")]
        );
    }
}
