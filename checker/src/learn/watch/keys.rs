//! The terminal's side of the watch mode: keys read one at a time, the screen cleared.
//!
//! The terminal is taken out of its line mode while the watch mode runs ([`RawKeys`]):
//! each key arrives as it is pressed, unechoed, and Ctrl-C arrives as a key, so that
//! quitting restores the terminal. An arrow is the escape sequence `ESC [ A`; an Escape
//! alone is an `ESC` that nothing follows within 30 ms.

use std::io::{IsTerminal, Write as _};
use std::sync::mpsc::Sender;
use std::thread;

use super::Wake;
use super::state::Key;

/// How long the bytes of an escape sequence may take to follow its `ESC`: a terminal
/// sends them together.
const ESCAPE_WAIT: rustix::event::Timespec = rustix::event::Timespec {
    tv_sec: 0,
    tv_nsec: 30_000_000,
};

/// Reads keys from standard input and sends them, until it ends or the receiver is gone.
/// `raw` says that the terminal sends each key as it is pressed; otherwise keys come by the
/// line (a pipe, a test), and a line's end is Enter.
pub fn spawn_reader(sender: Sender<Wake>, raw: bool) {
    thread::spawn(move || {
        // Read from the descriptor itself, not through std's buffered `Stdin`: the bytes of
        // an escape sequence already in a buffer would look to `poll` as if none followed.
        let stdin = std::io::stdin();
        let read = |buffer: &mut [u8]| rustix::io::read(&stdin, buffer).unwrap_or(0);
        let mut buffer = [0; 64];
        loop {
            let mut length = read(&mut buffer);
            // An escape sequence's bytes come together; one cut at the end of the read (or a
            // lone ESC) is given a moment for the rest.
            while raw
                && length > 0
                && length < buffer.len()
                && (buffer[length - 1] == 0x1b || (length > 1 && buffer[length - 2] == 0x1b))
                && ready(&stdin)
            {
                let more = read(&mut buffer[length..]);
                if more == 0 {
                    break;
                }
                length += more;
            }
            let keys = if length == 0 {
                vec![Key::Quit]
            } else {
                decode(&buffer[..length], raw)
            };
            for key in keys {
                if sender.send(Wake::Key(key)).is_err() || key == Key::Quit {
                    return;
                }
            }
        }
    });
}

/// Whether standard input has a byte to read within 30 ms.
fn ready(stdin: &impl std::os::fd::AsFd) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};

    let mut fds = [PollFd::new(stdin, PollFlags::IN)];
    poll(&mut fds, Some(&ESCAPE_WAIT)).is_ok_and(|ready| ready > 0)
}

/// The keys in `bytes`, as one read gave them: arrows from their escape sequences when `raw`
/// (a terminal sends each key as it is pressed), an ESC alone as Escape; bytes that are no
/// key of ours are left out.
fn decode(bytes: &[u8], raw: bool) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        let key = match byte {
            3 | 4 => Some(Key::Quit),
            b'\r' | b'\n' => Some(Key::Enter),
            0x1b if raw && matches!(bytes.get(at), Some(b'[' | b'O')) => {
                let arrow = bytes.get(at + 1).copied();
                at += 2;
                match arrow {
                    Some(b'A') => Some(Key::Up),
                    Some(b'B') => Some(Key::Down),
                    _ => None,
                }
            }
            0x1b => Some(Key::Esc),
            byte if byte.is_ascii_graphic() => Some(Key::Char(char::from(byte))),
            _ => None,
        };
        keys.extend(key);
    }
    keys
}

/// Clears the terminal, when standard output is one.
pub fn clear_screen() {
    if std::io::stdout().is_terminal() {
        // Flushed now: an error goes to standard error, and a clear still waiting in
        // standard output's buffer would wipe it out when it is written.
        print!("\x1b[2J\x1b[3J\x1b[H");
        let _ = std::io::stdout().flush();
    }
}

/// The terminal out of its line mode while alive; restored on drop.
pub struct RawKeys {
    original: rustix::termios::Termios,
}

impl RawKeys {
    /// Only when standard input is a terminal; elsewhere keys arrive by the line, as they are.
    pub fn enable() -> Option<Self> {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};

        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return None;
        }
        let original = tcgetattr(&stdin).ok()?;
        let mut raw = original.clone();
        raw.local_modes
            .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG);
        tcsetattr(&stdin, OptionalActions::Now, &raw).ok()?;
        Some(Self { original })
    }
}

impl Drop for RawKeys {
    fn drop(&mut self) {
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            &self.original,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn bytes_become_keys_and_escape_sequences_arrows() {
        let one = |bytes: &[u8]| decode(bytes, true);
        assert_eq!(one(b"n"), [Key::Char('n')]);
        assert_eq!(one(b"\r"), [Key::Enter]);
        assert_eq!(one(b"\x03"), [Key::Quit]);
        assert_eq!(one(b"\x1b"), [Key::Esc]);
        assert_eq!(one(b"\x1b[A"), [Key::Up]);
        assert_eq!(one(b"\x1bOB"), [Key::Down]);
        assert_eq!(one(b"\x1b[C"), []);
        assert_eq!(one(b"\x7f"), []);
        // Keys typed together stay apart: an Escape, then h; two arrows; a key after one.
        assert_eq!(one(b"\x1bh"), [Key::Esc, Key::Char('h')]);
        assert_eq!(
            one(b"\x1b[B\x1b[Bq"),
            [Key::Down, Key::Down, Key::Char('q')]
        );
        // By the line, an escape is an escape.
        assert_eq!(decode(b"\x1b[", false), [Key::Esc, Key::Char('[')]);
    }
}
