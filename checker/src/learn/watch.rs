//! `--watch`: grades again on every save, until `q`.
//!
//! A file watcher (`notify`, as rustlings uses) reports changes below the watched folder;
//! changes in `target/` (cargo's own output, which every grade writes) and `.git/` are not
//! saves and are ignored, and a burst of changes (an editor writes a file in several steps)
//! is taken as one once it has been quiet for [`DEBOUNCE`]. Keys are read one at a time, the
//! terminal out of its line mode: `q` or Ctrl-C quits, `r` or Enter grades again. Where file
//! watching does not work (network and mounted file systems), `--manual` grades again on
//! Enter only.

use std::io::{IsTerminal, Read, Write as _};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use anyhow::Context as _;
use notify::{EventKind, RecursiveMode, Watcher as _};

/// How long changes must have stopped before the next grade starts.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What wakes the watch loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// A file changed.
    Changed,
    /// `r` or Enter.
    Again,
    /// `q`, Ctrl-C, or the end of standard input.
    Quit,
}

/// Grades with `grade` now and after every change below `root` (or, when `manual`, every
/// Enter), until the user quits. `grade` prints its report and returns the lines to show
/// last, where the eye lands: the first failure's hint.
///
/// # Errors
///
/// When the file watcher cannot watch `root`.
pub fn run(root: &Path, manual: bool, mut grade: impl FnMut() -> String) -> anyhow::Result<()> {
    let (sender, wakes) = mpsc::channel();
    let _raw = RawKeys::enable();
    spawn_key_reader(sender.clone());
    let _watcher = if manual {
        None
    } else {
        Some(
            watch_files(root, sender)
                .with_context(|| format!("could not watch {}", root.display()))?,
        )
    };
    let keys = if manual {
        "Enter or r grades again"
    } else {
        "saving grades again, r too"
    };
    loop {
        clear_screen();
        let focus = grade();
        anstream::println!("{focus}");
        anstream::print!(
            "\n{}",
            crate::report::dimmed(&format!("Watching {} · {keys} · q quits", root.display()))
        );
        let _ = std::io::stdout().flush();
        match wakes.recv() {
            Ok(Wake::Quit) | Err(_) => break,
            Ok(Wake::Again) => {}
            Ok(Wake::Changed) => {
                if quiet_then(&wakes) == Some(Wake::Quit) {
                    break;
                }
            }
        }
    }
    println!();
    Ok(())
}

/// Waits until no change has come for [`DEBOUNCE`]; a quit on the way is returned.
fn quiet_then(wakes: &Receiver<Wake>) -> Option<Wake> {
    loop {
        match wakes.recv_timeout(DEBOUNCE) {
            Ok(Wake::Quit) => return Some(Wake::Quit),
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return Some(Wake::Quit),
        }
    }
}

/// Starts watching `root`, sending [`Wake::Changed`] for each change that is a save.
fn watch_files(root: &Path, sender: Sender<Wake>) -> notify::Result<notify::RecommendedWatcher> {
    let root_for_events = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let edits = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        if edits
            && event
                .paths
                .iter()
                .any(|path| is_a_save(&root_for_events, path))
        {
            let _ = sender.send(Wake::Changed);
        }
    })?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// Whether a change of `path` is the learner's: not build output, not git's.
fn is_a_save(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|part| part.as_os_str().to_owned());
    !first.is_some_and(|first| first == "target" || first == ".git")
}

/// Reads keys from standard input and sends what they ask for.
fn spawn_key_reader(sender: Sender<Wake>) {
    thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut key = [0];
        loop {
            let wake = match stdin.read(&mut key) {
                Ok(0) | Err(_) => Wake::Quit,
                Ok(_) => match key[0] {
                    b'q' | b'Q' | 3 | 4 => Wake::Quit,
                    b'r' | b'R' | b'\n' | b'\r' => Wake::Again,
                    _ => continue,
                },
            };
            if sender.send(wake).is_err() || wake == Wake::Quit {
                return;
            }
        }
    });
}

/// Clears the terminal, when standard output is one.
fn clear_screen() {
    if std::io::stdout().is_terminal() {
        // Flushed now: the report's errors go to standard error, and a clear still waiting in
        // standard output's buffer would wipe them out when it is written.
        print!("\x1b[2J\x1b[3J\x1b[H");
        let _ = std::io::stdout().flush();
    }
}

/// The terminal out of its line mode while alive: each key arrives as it is pressed, unechoed,
/// and Ctrl-C arrives as a key (so that quitting restores the terminal); restored on drop.
struct RawKeys {
    original: rustix::termios::Termios,
}

impl RawKeys {
    /// Only when standard input is a terminal; elsewhere keys arrive by the line, as they are.
    fn enable() -> Option<Self> {
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

    #[test]
    fn build_output_and_git_are_not_saves() {
        let root = Path::new("/work/learner");
        assert!(is_a_save(root, Path::new("/work/learner/tasks/src/lib.rs")));
        assert!(is_a_save(root, Path::new("/work/learner/Cargo.toml")));
        assert!(!is_a_save(
            root,
            Path::new("/work/learner/target/debug/checker")
        ));
        assert!(!is_a_save(root, Path::new("/work/learner/.git/index")));
    }

    #[test]
    fn a_burst_of_changes_is_one_and_a_quit_on_the_way_wins() {
        let (sender, wakes) = mpsc::channel();
        for _ in 0..5 {
            sender.send(Wake::Changed).unwrap();
        }
        assert_eq!(quiet_then(&wakes), None);
        sender.send(Wake::Changed).unwrap();
        sender.send(Wake::Quit).unwrap();
        assert_eq!(quiet_then(&wakes), Some(Wake::Quit));
    }
}
