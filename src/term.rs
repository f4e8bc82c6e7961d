//! What dossier prints for people: text that cannot drive the terminal,
//! written without ever panicking.
//!
//! Notes and file names are the user's data and may hold control
//! characters. Printed as they are, an ESC starts the sequences that clear
//! the screen, set the window title or write to the clipboard (OSC 52); C1
//! controls (U+0080 to U+009F) do the same on terminals that read them; and
//! bidirectional overrides and isolates (U+202A to U+202E, U+2066 to
//! U+2069) make a line show something else than what it holds ("Trojan
//! Source"). [`escape`] shows each of them as a visible form, as rustc and
//! ripgrep do: C0 controls and DEL as their control pictures (`␛` for ESC,
//! one column each, so that carets under a source line stay aligned), C1
//! controls and bidi characters as `\u{9b}`. Newlines and tabs are kept.
//!
//! Everything dossier prints goes through here: [`outln!`](crate::outln) and
//! [`errln!`](crate::errln) write a line, escaped, to standard output or
//! standard error; the diagnostics (`crate::diagnostic`) escape what they
//! draw with [`escape`] and write it with [`Stream::write`]. A write that
//! fails (the reader closed the pipe: `dossier check 2>&1 | head -c 10`)
//! is dropped and nothing more is written to that stream; the command goes
//! on, so a build whose standard error is closed still writes its site.
//! Only JSON (`check --format json`) is escaped differently, by
//! [`escape_json`], so that it stays JSON.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a character is shown, when it is not shown as itself.
enum Visible {
    /// A control picture (one column).
    Picture(char),
    /// `\u{..}`.
    Code(u32),
}

fn visible(c: char) -> Option<Visible> {
    match c {
        '\n' | '\t' => None,
        // C0 controls: U+2400 + c is the control picture of c.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).map(Visible::Picture),
        '\u{7f}' => Some(Visible::Picture('\u{2421}')),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(Visible::Code(c as u32))
        }
        _ => None,
    }
}

/// True for a character [`escape`] replaces.
pub fn needs_escape(c: char) -> bool {
    visible(c).is_some()
}

/// Pushes `c` to `out` as [`escape`] shows it. Never pushes a newline that
/// was not one.
pub fn push_escaped(out: &mut String, c: char) {
    match visible(c) {
        None => out.push(c),
        Some(Visible::Picture(picture)) => out.push(picture),
        Some(Visible::Code(code)) => {
            use fmt::Write as _;
            let _ = write!(out, "\\u{{{code:x}}}");
        }
    }
}

/// `text` with every character that could drive a terminal shown as a
/// visible form: C0 controls but newline and tab, and DEL, as control
/// pictures (ESC as `␛`); C1 controls (U+0080 to U+009F) and bidirectional
/// overrides and isolates (U+202A to U+202E, U+2066 to U+2069) as
/// `\u{9b}`. Borrowed when there is nothing to replace.
pub fn escape(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(needs_escape) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// JSON text with DEL, the C1 controls and the bidi characters that
/// [`escape`] replaces written as `\u` escapes: the same data once parsed,
/// but nothing a terminal would act on when the JSON is shown in one.
/// (serde_json already escapes the C0 controls.) Outside strings, JSON is
/// ASCII, so these characters are only ever inside strings, where the
/// escapes are valid.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    let Some(first) = json.find(needs_escape) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 16);
    out.push_str(&json[..first]);
    for c in json[first..].chars() {
        if needs_escape(c) {
            use fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Standard output or standard error, written without panicking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// Set once a write to the stream failed: nothing more is written to it.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

impl Stream {
    fn closed_flag(self) -> &'static AtomicBool {
        match self {
            Stream::Stdout => &STDOUT_CLOSED,
            Stream::Stderr => &STDERR_CLOSED,
        }
    }

    /// True once a write to this stream failed.
    pub fn is_closed(self) -> bool {
        self.closed_flag().load(Ordering::Relaxed)
    }

    /// Writes `bytes` as they are (the caller escaped them: they may hold
    /// colour codes) and flushes. A failure, a closed pipe most often, is
    /// remembered and the bytes dropped: false then, and for every later
    /// write.
    pub fn write_bytes(self, bytes: &[u8]) -> bool {
        if self.is_closed() {
            return false;
        }
        let written = match self {
            Stream::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|()| out.flush())
            }
            Stream::Stderr => std::io::stderr().lock().write_all(bytes),
        };
        if written.is_err() {
            self.closed_flag().store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// Writes the line `args` makes, [`escape`]d, with a newline.
    pub fn line(self, args: fmt::Arguments<'_>) -> bool {
        if self.is_closed() {
            return false;
        }
        let text = fmt::format(args);
        let mut line = escape(&text).into_owned();
        line.push('\n');
        self.write_bytes(line.as_bytes())
    }
}

/// Writing to a [`Stream`] as an [`std::io::Write`] (for the diagnostics):
/// the bytes go as they are, through [`Stream::write_bytes`]; once the
/// stream is closed every write fails with `BrokenPipe`, which ends the
/// writer's user early without a panic.
impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.write_bytes(buf) {
            Ok(buf.len())
        } else {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `println!` that escapes the line (see [`escape`]) and never panics: a
/// closed standard output drops it.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::term::Stream::Stdout.line(format_args!($($arg)*))
    };
}

/// `eprintln!` that escapes the line (see [`escape`]) and never panics: a
/// closed standard error drops it.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::term::Stream::Stderr.line(format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        for text in ["", "plain", "tab\tand\nnewline", "é ☕ 日本 \u{2400}"] {
            assert!(
                matches!(escape(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn controls_become_pictures_and_codes() {
        assert_eq!(escape("\x1b[2J"), "\u{241b}[2J");
        assert_eq!(escape("a\x1b]0;title\x07b"), "a\u{241b}]0;title\u{2407}b");
        assert_eq!(
            escape("\x1b]52;c;aGk=\x1b\\"),
            "\u{241b}]52;c;aGk=\u{241b}\\"
        );
        assert_eq!(escape("\0\r\x7f"), "\u{2400}\u{240d}\u{2421}");
        assert_eq!(escape("\u{9b}2J \u{85}"), "\\u{9b}2J \\u{85}");
        assert_eq!(
            escape("x\u{202e}gnp.exe\u{2066}\u{2069}"),
            "x\\u{202e}gnp.exe\\u{2066}\\u{2069}"
        );
        assert_eq!(escape("keep\ttabs\nand lines"), "keep\ttabs\nand lines");
    }

    #[test]
    fn every_escaped_form_is_safe_and_pictures_are_one_column() {
        for code in (0..0x2100u32).chain(0x2400..0x2500) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let mut shown = String::new();
            push_escaped(&mut shown, c);
            assert!(
                shown == c.to_string() || !shown.chars().any(needs_escape),
                "{c:?} shown as {shown:?}"
            );
            if let Some(Visible::Picture(_)) = visible(c) {
                assert_eq!(shown.chars().count(), 1, "{c:?}");
            }
        }
        for c in ['\x1b', '\u{9b}', '\u{202e}', '\u{7f}', '\r', '\u{2068}'] {
            assert!(needs_escape(c), "{c:?}");
        }
        for c in ['\n', '\t', ' ', 'é', '\u{a0}', '\u{200b}', '\u{2400}'] {
            assert!(!needs_escape(c), "{c:?}");
        }
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"m": "a\x1b[2J\u{9b}\u{202e}\x7f\té"});
        let json = serde_json::to_string_pretty(&value).unwrap();
        let escaped = escape_json(&json);
        assert!(
            !escaped.chars().any(|c| c.is_control() && c != '\n'),
            "{escaped}"
        );
        assert!(!escaped.contains('\u{202e}'), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
        assert!(matches!(escape_json("{\"a\": \"é\"}"), Cow::Borrowed(_)));
    }
}
