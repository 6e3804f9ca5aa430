//! Records every wait of the code under test, without its cooperation.
//!
//! tokio built with `--cfg tokio_unstable` and its `tracing` feature opens a
//! `runtime.resource` span for each `Sleep`, with its caller's file and line
//! (`tokio::time::sleep` is `#[track_caller]`); on its first poll it reports how long it is
//! set to wait (a `runtime::resource::state_update` event, in whole milliseconds, from inside
//! the span), and the span closes when the sleep is dropped. [`Recorder`] is a subscriber of
//! just those, installed as the process's global default, so it sees the sleeps of every
//! thread and every runtime, the learner's own included.
//!
//! A check opens a window around the call it times ([`begin`] … [`end`], through
//! `timeline::recording`); the waits created
//! in it become the rows of a [`Timeline`], on the clock the call runs on: tokio's
//! [`Instant`] is the paused clock inside a paused runtime, and the real one elsewhere.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use tokio::time::Instant;
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::subscriber::Interest;
use tracing_core::{Dispatch, Event, Metadata, Subscriber};

use super::{End, FILE_VAR, KEPT_WAITS, Recorded, Timeline, Wait};

/// The span tokio opens for each resource, a `Sleep` among them.
const RESOURCE_SPAN: &str = "runtime.resource";
/// The event in which a sleep says how long it waits.
const STATE_UPDATE: &str = "runtime::resource::state_update";

/// The subscriber: it keeps nothing itself, everything is in [`STATE`].
struct Recorder;

/// A sleep of the open window, while its span is open.
struct Open {
    /// Its row in the window's `waits`.
    row: usize,
    /// How many handles of its span are alive.
    handles: usize,
    /// Whether it counts as waiting: polled, with a deadline ahead of it.
    waiting: bool,
}

/// The open window, if any, and what was recorded.
struct State {
    /// The window a check opened: its title, clock, origin and rows so far.
    window: Option<Window>,
    /// The spans of the window's sleeps that are still open.
    open: HashMap<u64, Open, BuildHasherDefault<IdHasher>>,
    /// The last window closed, for the verdict.
    last: Option<Timeline>,
}

struct Window {
    title: String,
    paused: bool,
    origin: Instant,
    /// The latest time any callback saw: where a window that is never ended stops.
    latest: Instant,
    /// The clock's last reading, and how far readings are moved on: see [`Window::now`].
    last_read: Instant,
    shift: Duration,
    /// Whether the origin is still to be set, by the first reading (a program's).
    origin_at_first_wait: bool,
    /// The rows kept, however many waits a call creates: the first half of
    /// [`KEPT_WAITS`], and the last half so far.
    head: Vec<Wait>,
    tail: VecDeque<Wait>,
    /// How many waits were created in all.
    created: usize,
    /// How many waits are waiting now (polled, not yet dropped), and the most so far: counted
    /// in the order things happen, which a paused clock, where many happen at one instant,
    /// cannot tell.
    waiting: usize,
    at_once: usize,
}

static STATE: Mutex<State> = Mutex::new(State {
    window: None,
    open: HashMap::with_hasher(BuildHasherDefault::new()),
    last: None,
});

/// Hashes a span id for [`State::open`], which is looked up on every poll of every sleep:
/// ids count up from 1, and one multiplication spreads them over the table for a fraction of
/// what SipHash (or a `BTreeMap` of thousands of open sleeps) costs in a debug build.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(self.0 ^ u64::from(byte));
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Span ids: never zero, never reused.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The resource spans this thread is inside, innermost last: a sleep's events come from
    /// inside its span.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn state() -> MutexGuard<'static, State> {
    // A panic in the code under test never happens while this lock is held.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the recorder as the process's subscriber, once, and tries it on a sleep of its
/// own. `Err` says why there is no timeline: tokio was built without its instrumentation, or
/// another subscriber came first.
pub fn install() -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            tracing_core::dispatcher::set_global_default(Dispatch::new(Recorder))
                .map_err(|_| "another tracing subscriber was installed first".to_owned())?;
            try_it()
        })
        .clone()
}

/// A sleep of 1 ms on a paused runtime, recorded: whether tokio reports its sleeps.
fn try_it() -> Result<(), String> {
    let recorded = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .map_err(|error| format!("no runtime to try the recorder on: {error}"))?
        .block_on(async {
            begin("the recorder's own test", true);
            tokio::time::sleep(Duration::from_millis(1)).await;
            end()
        });
    state().last = None;
    match recorded {
        Some(timeline) if timeline.waits.iter().any(|wait| wait.started.is_some()) => Ok(()),
        _ => Err(
            "tokio was built without its instrumentation (`--cfg tokio_unstable` and its \
             `tracing` feature), so no sleep is reported"
                .to_owned(),
        ),
    }
}

/// Opens a window: the waits created from now on are recorded, timed from now on the clock
/// of the runtime this is called in (`paused` says which, for the drawing).
pub fn begin(title: impl Into<String>, paused: bool) {
    let mut state = state();
    let now = Instant::now();
    state.open.clear();
    state.window = Some(Window {
        title: title.into(),
        paused,
        origin: now,
        latest: now,
        last_read: now,
        shift: Duration::ZERO,
        origin_at_first_wait: false,
        head: Vec::new(),
        tail: VecDeque::new(),
        created: 0,
        waiting: 0,
        at_once: 0,
    });
}

/// Closes the window and keeps its timeline as the last one, which it returns too. Waits
/// still pending end now.
pub fn end() -> Option<Timeline> {
    close(true)
}

/// Closes a window that was never ended (a call that hung or panicked) at the latest time
/// any of its waits was seen, its title saying so, and returns the last timeline.
pub fn last() -> Option<Timeline> {
    if let Some(window) = &mut state().window {
        window.title.push_str(", which never returned");
    }
    close(false);
    state().last.clone()
}

/// Gives the last timeline the delays its call returned ([`Timeline::with_returned`]).
pub fn returned(delays: &[f64]) {
    if let Some(last) = &mut state().last {
        last.with_returned(delays);
    }
}

/// Closes the window now (`at_now`), or at the latest time any of its waits was seen.
fn close(at_now: bool) -> Option<Timeline> {
    let mut state = state();
    let mut window = state.window.take()?;
    let open = std::mem::take(&mut state.open);
    if at_now {
        window.now();
    }
    let took = window.latest.saturating_duration_since(window.origin);
    for open in open.values() {
        if let Some(wait) = window.row(open.row) {
            wait.ended = took;
            wait.end = End::Pending;
        }
    }
    let mut waits = window.head;
    waits.extend(window.tail);
    let timeline = Timeline {
        title: window.title,
        paused: window.paused,
        omitted: window.created - waits.len(),
        waits,
        at_once: window.at_once,
        took,
    };
    state.last = Some(timeline.clone());
    Some(timeline)
}

/// Records a whole program run by `checker timeline`: every wait from now until the
/// returned guard drops (at the end of `main`, or as a panic unwinds it), written then as
/// JSON ([`Recorded`]) to the file named by [`FILE_VAR`].
pub fn program(title: &str) -> Program {
    let _ = install();
    begin(title, false);
    // From its first wait: on a paused clock, the same times at every run.
    if let Some(window) = &mut state().window {
        window.origin_at_first_wait = true;
    }
    Program {
        started: std::time::Instant::now(),
    }
}

/// Writes the program's timeline when dropped; see [`program`].
#[derive(Debug)]
#[must_use = "the timeline is written when the guard drops"]
pub struct Program {
    /// When it started, on the real clock.
    started: std::time::Instant,
}

impl Drop for Program {
    fn drop(&mut self) {
        // At its last wait's end: now, after `main`, is outside any runtime, on the real
        // clock, which a paused program's times are not.
        let recorded = match (install(), close(false)) {
            (Ok(()), Some(mut timeline)) => {
                // Its waits took longer than the program: they ran on a paused clock.
                timeline.paused = timeline.took > self.started.elapsed();
                Recorded::Timeline(timeline)
            }
            (Err(why), _) => Recorded::Missing(why),
            (Ok(()), None) => Recorded::Missing("the recording was closed early".to_owned()),
        };
        if let Some(file) = std::env::var_os(FILE_VAR) {
            let _ = std::fs::write(file, recorded.to_json().to_string());
        }
    }
}

/// The fields of a sleep's span or event that matter here.
#[derive(Default)]
struct Fields {
    sleep: bool,
    file: Option<String>,
    line: Option<u64>,
    duration_ms: Option<u64>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "concrete_type" => self.sleep = value == "Sleep",
            "loc.file" => self.file = Some(value.to_owned()),
            _ => {}
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "loc.line" => self.line = Some(value),
            "duration" => self.duration_ms = Some(value),
            _ => {}
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(value) = u64::try_from(value) {
            self.record_u64(field, value);
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl Window {
    /// Keeps `wait`, the next one created: among the first rows, or the last ones, where it
    /// takes the place of the oldest.
    fn push(&mut self, wait: Wait) {
        if self.head.len() < KEPT_WAITS / 2 {
            self.head.push(wait);
        } else {
            if self.tail.len() == KEPT_WAITS / 2 {
                self.tail.pop_front();
            }
            self.tail.push_back(wait);
        }
        self.created += 1;
    }

    /// The row of the `row`-th wait created, if it is still kept.
    fn row(&mut self, row: usize) -> Option<&mut Wait> {
        if row < self.head.len() {
            return self.head.get_mut(row);
        }
        let first_of_tail = self.created - self.tail.len();
        self.tail.get_mut(row.checked_sub(first_of_tail)?)
    }

    /// The clock's reading now, since the origin, noting it as the latest time seen.
    ///
    /// Called with [`STATE`] locked, so that readings on several threads come in order. A
    /// reading earlier than the last one means a new paused runtime, whose clock starts
    /// again from the real time (a program's second `run(…)`): its times are moved on to
    /// follow the last ones, so that runs one after another are drawn one after another.
    fn now(&mut self) -> Duration {
        let read = Instant::now();
        if self.origin_at_first_wait {
            self.origin_at_first_wait = false;
            (self.origin, self.last_read, self.latest) = (read, read, read);
        }
        if read < self.last_read {
            self.shift += self.last_read - read;
        }
        self.last_read = read;
        let now = read + self.shift;
        self.latest = self.latest.max(now);
        now.saturating_duration_since(self.origin)
    }
}

impl Subscriber for Recorder {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.enabled(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // Only the resource spans (to know which sleep an event is about) and the state
        // updates: tokio's other spans and events are never even built.
        (metadata.is_span() && metadata.name() == RESOURCE_SPAN)
            || (metadata.is_event() && metadata.target() == STATE_UPDATE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut fields = Fields::default();
        span.record(&mut fields);
        if fields.sleep {
            let mut state = state();
            let State { window, open, .. } = &mut *state;
            if let Some(window) = window {
                let created = window.now();
                let row = window.created;
                window.push(Wait {
                    index: row + 1,
                    file: fields.file.unwrap_or_else(|| "?".to_owned()),
                    line: fields
                        .line
                        .and_then(|line| u32::try_from(line).ok())
                        .unwrap_or(0),
                    created,
                    started: None,
                    deadline: None,
                    ended: created,
                    end: End::Dropped,
                });
                open.insert(
                    id,
                    Open {
                        row,
                        handles: 1,
                        waiting: false,
                    },
                );
            }
        }
        Id::from_non_zero_u64(NonZeroU64::new(id).unwrap_or(NonZeroU64::MIN))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let Some(inside) = ENTERED.with(|entered| entered.borrow().last().copied()) else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let Some(duration_ms) = fields.duration_ms else {
            return;
        };
        let mut state = state();
        let State { window, open, .. } = &mut *state;
        let (Some(window), Some(open)) = (window, open.get_mut(&inside)) else {
            return;
        };
        let at = window.now();
        // The first report is the first poll; a later one, a reset to a new deadline. A wait
        // of no length (a sleep of 0) never waits, so it counts in no overlap.
        let waiting = duration_ms > 0;
        if waiting != open.waiting {
            open.waiting = waiting;
            if waiting {
                window.waiting += 1;
                window.at_once = window.at_once.max(window.waiting);
            } else {
                window.waiting = window.waiting.saturating_sub(1);
            }
        }
        if let Some(wait) = window.row(open.row) {
            wait.started.get_or_insert(at);
            wait.deadline = Some(at + Duration::from_millis(duration_ms));
        }
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered.iter().rposition(|id| *id == span.into_u64()) {
                entered.remove(at);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Some(open) = state().open.get_mut(&span.into_u64()) {
            open.handles += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let id = span.into_u64();
        let mut state = state();
        let Some(open) = state.open.get_mut(&id) else {
            return true;
        };
        open.handles -= 1;
        if open.handles > 0 {
            return false;
        }
        let (row, waiting) = (open.row, open.waiting);
        state.open.remove(&id);
        if let Some(window) = &mut state.window {
            let at = window.now();
            if waiting {
                window.waiting = window.waiting.saturating_sub(1);
            }
            if let Some(wait) = window.row(row) {
                wait.ended = at;
                // Its deadline reached (to tokio's 1 ms tick, which rounds deadlines up): it
                // elapsed; dropped before, it was cancelled or never awaited.
                let elapsed = wait
                    .deadline
                    .is_some_and(|deadline| at + Duration::from_millis(1) >= deadline);
                wait.end = if elapsed { End::Elapsed } else { End::Dropped };
            }
        }
        true
    }
}
