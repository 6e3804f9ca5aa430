//! The watch mode's state, and what each key does to it: a small state machine that knows
//! nothing of terminals, files or grading, so that it is tested key by key.
//!
//! [`State::on_key`] turns a [`Key`] into a change of the state and an [`Effect`] for the
//! loop to carry out (grade again, reset a task, quit); [`State::graded`] takes in a grade.

use crate::harness::checks::TASKS;

/// A key, as the key reader decodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter (or Return).
    Enter,
    /// Escape, alone.
    Esc,
    /// The up arrow.
    Up,
    /// The down arrow.
    Down,
    /// Ctrl-C, Ctrl-D, or the end of standard input.
    Quit,
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Only draw the screen again.
    Draw,
    /// Grade the task in focus (and draw).
    Grade,
    /// Put the task in focus back to the starter's `todo!()`, then grade it.
    Reset(u8),
    /// Leave the watch mode.
    Quit,
}

/// What a task's last grade said, for the list and the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not graded yet in this session.
    Unknown,
    /// Every check of its grade passed.
    Passes,
    /// A check of its grade failed, or it was not built.
    Fails,
}

/// What the screen shows in place of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The task in focus: its grade, hints, what to do next.
    Report,
    /// The five tasks, with the one under the cursor.
    List {
        /// The task under the cursor.
        cursor: u8,
    },
    /// What each key does.
    Keys,
}

/// A question the footer asks, answered with `y` (anything else is no).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Move on to the next task although the one in focus does not pass yet?
    MoveOn,
    /// Put the task in focus back to the starter's `todo!()`?
    Reset,
}

/// Everything the watch mode remembers between two screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The task graded on every save.
    pub focus: u8,
    /// Each task's last known grade.
    pub marks: [Mark; 5],
    /// How many steps of the focus task's hint ladder are shown.
    pub hints: usize,
    /// How many steps its ladder has.
    pub ladder: usize,
    /// What the screen shows.
    pub view: View,
    /// The footer's question, if it asks one.
    pub question: Option<Question>,
    /// Whether the going-further checks are run and shown (`f`).
    pub further: bool,
    /// Whether the solution of the task in focus is shown, after a pass (`s`).
    pub solution: bool,
    /// Whether the workspace is a starter, where `x` resets a task.
    pub starter: bool,
    /// A line for the user about the last thing done (a reset, an error).
    pub note: Option<String>,
}

impl State {
    /// The state on opening, on task `focus`.
    pub fn new(focus: u8, starter: bool) -> Self {
        Self {
            focus,
            marks: [Mark::Unknown; 5],
            hints: 0,
            ladder: 0,
            view: View::Report,
            question: None,
            further: false,
            solution: false,
            starter,
            note: None,
        }
    }

    /// Whether the task in focus passes.
    pub fn focus_passes(&self) -> bool {
        self.marks[usize::from(self.focus)] == Mark::Passes
    }

    /// Whether every task passes: the course is done.
    pub fn all_pass(&self) -> bool {
        self.marks.iter().all(|mark| *mark == Mark::Passes)
    }

    /// The first task that does not pass, if any.
    pub fn first_open(&self) -> Option<u8> {
        (0..5u8).find(|&task| self.marks[usize::from(task)] != Mark::Passes)
    }

    /// Takes in a grade: `task` passes or not. The hints of the task in focus give way to
    /// what comes next once it passes (`h` shows them again).
    pub fn graded(&mut self, task: u8, passes: bool) {
        let mark = if passes { Mark::Passes } else { Mark::Fails };
        if task == self.focus && passes && self.marks[usize::from(task)] != mark {
            self.hints = 0;
        }
        self.marks[usize::from(task)] = mark;
    }

    /// Puts `task` in focus, with its hints and solution hidden again.
    fn focus_on(&mut self, task: u8) -> Effect {
        self.view = View::Report;
        if task == self.focus {
            return Effect::Draw;
        }
        self.focus = task;
        self.hints = 0;
        self.solution = false;
        Effect::Grade
    }

    /// What `key` does.
    pub fn on_key(&mut self, key: Key) -> Effect {
        if key == Key::Quit {
            return Effect::Quit;
        }
        self.note = None;
        if let Some(question) = self.question.take() {
            return match (question, key) {
                (Question::MoveOn, Key::Char('y' | 'Y')) => self.next(),
                (Question::Reset, Key::Char('y' | 'Y')) => Effect::Reset(self.focus),
                _ => Effect::Draw,
            };
        }
        match self.view {
            View::List { cursor } => self.on_list_key(cursor, key),
            View::Keys => match key {
                Key::Char('q') => Effect::Quit,
                _ => {
                    self.view = View::Report;
                    Effect::Draw
                }
            },
            View::Report => self.on_report_key(key),
        }
    }

    fn on_list_key(&mut self, cursor: u8, key: Key) -> Effect {
        match key {
            Key::Char(digit @ '0'..='4') => self.focus_on(digit as u8 - b'0'),
            Key::Enter => self.focus_on(cursor),
            Key::Up => {
                self.view = View::List {
                    cursor: cursor.saturating_sub(1),
                };
                Effect::Draw
            }
            Key::Down => {
                self.view = View::List {
                    cursor: (cursor + 1).min(4),
                };
                Effect::Draw
            }
            Key::Esc | Key::Char('l') => {
                self.view = View::Report;
                Effect::Draw
            }
            Key::Char('q') => Effect::Quit,
            _ => Effect::Draw,
        }
    }

    fn on_report_key(&mut self, key: Key) -> Effect {
        match key {
            Key::Char('q') => Effect::Quit,
            Key::Char('r') | Key::Enter => Effect::Grade,
            Key::Char('n') if self.focus_passes() => self.next(),
            Key::Char('n') if usize::from(self.focus) + 1 < TASKS.len() => {
                self.question = Some(Question::MoveOn);
                Effect::Draw
            }
            Key::Char('l') => {
                self.view = View::List { cursor: self.focus };
                Effect::Draw
            }
            Key::Char('h') => {
                self.hints = (self.hints + 1).min(self.ladder);
                Effect::Draw
            }
            Key::Char('x') if self.starter => {
                self.question = Some(Question::Reset);
                Effect::Draw
            }
            Key::Char('f') => {
                self.further = !self.further;
                Effect::Grade
            }
            Key::Char('s') if self.focus_passes() => {
                self.solution = !self.solution;
                Effect::Draw
            }
            Key::Char('?') => {
                self.view = View::Keys;
                Effect::Draw
            }
            _ => Effect::Draw,
        }
    }

    /// The next task, or the end of the course after the last one.
    fn next(&mut self) -> Effect {
        match self.focus {
            4 => {
                self.note = Some(if self.all_pass() {
                    "That was the last task.".to_owned()
                } else {
                    "Task 4 is the last one: l lists the tasks that do not pass yet.".to_owned()
                });
                Effect::Draw
            }
            focus => self.focus_on(focus + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn keys(state: &mut State, keys: &[Key]) -> Vec<Effect> {
        keys.iter().map(|&key| state.on_key(key)).collect()
    }

    #[test]
    fn n_moves_on_after_a_pass_and_asks_before_one() {
        let mut state = State::new(1, true);
        state.graded(1, false);
        assert_eq!(state.on_key(Key::Char('n')), Effect::Draw);
        assert_eq!(state.question, Some(Question::MoveOn));
        // Anything but y keeps the focus.
        assert_eq!(state.on_key(Key::Char('x')), Effect::Draw);
        assert_eq!((state.focus, state.question), (1, None));
        assert_eq!(
            keys(&mut state, &[Key::Char('n'), Key::Char('y')]),
            [Effect::Draw, Effect::Grade]
        );
        assert_eq!(state.focus, 2);
        state.graded(2, true);
        assert_eq!(state.on_key(Key::Char('n')), Effect::Grade);
        assert_eq!((state.focus, state.question), (3, None));
    }

    #[test]
    fn the_list_picks_a_task_by_number_or_by_arrows_and_enter() {
        let mut state = State::new(1, false);
        state.on_key(Key::Char('l'));
        assert_eq!(state.view, View::List { cursor: 1 });
        assert_eq!(state.on_key(Key::Char('3')), Effect::Grade);
        assert_eq!((state.focus, state.view), (3, View::Report));
        let effects = keys(
            &mut state,
            &[Key::Char('l'), Key::Down, Key::Down, Key::Down, Key::Enter],
        );
        assert_eq!(
            effects,
            [
                Effect::Draw,
                Effect::Draw,
                Effect::Draw,
                Effect::Draw,
                Effect::Grade
            ]
        );
        assert_eq!(state.focus, 4);
        // Esc and l close it, the focus as it was.
        for close in [Key::Esc, Key::Char('l')] {
            keys(&mut state, &[Key::Char('l'), Key::Up]);
            assert_eq!(state.on_key(close), Effect::Draw);
            assert_eq!((state.focus, state.view), (4, View::Report));
        }
    }

    #[test]
    fn hints_come_a_step_at_a_time_and_start_again_on_another_task() {
        let mut state = State::new(0, false);
        state.ladder = 3;
        keys(&mut state, &[Key::Char('h'); 5]);
        assert_eq!(state.hints, 3);
        // A pass puts them away; h shows them again.
        state.graded(0, true);
        assert_eq!(state.hints, 0);
        state.on_key(Key::Char('h'));
        assert_eq!(state.hints, 1);
        state.graded(0, true);
        assert_eq!(state.hints, 1, "a pass again keeps what was asked for");
        state.on_key(Key::Char('n'));
        assert_eq!((state.focus, state.hints), (1, 0));
    }

    #[test]
    fn a_reset_is_offered_only_in_a_starter_and_only_after_a_yes() {
        let mut reference = State::new(2, false);
        assert_eq!(reference.on_key(Key::Char('x')), Effect::Draw);
        assert_eq!(reference.question, None);
        let mut starter = State::new(2, true);
        assert_eq!(
            keys(&mut starter, &[Key::Char('x'), Key::Char('n')]),
            [Effect::Draw, Effect::Draw]
        );
        assert_eq!(
            keys(&mut starter, &[Key::Char('x'), Key::Char('y')]),
            [Effect::Draw, Effect::Reset(2)]
        );
    }

    #[test]
    fn q_and_ctrl_c_quit_from_every_view_and_question() {
        for prelude in [
            &[][..],
            &[Key::Char('l')],
            &[Key::Char('?')],
            &[Key::Char('n')],
        ] {
            let mut state = State::new(1, true);
            keys(&mut state, prelude);
            assert_eq!(state.clone().on_key(Key::Quit), Effect::Quit);
            if state.question.is_none() {
                assert_eq!(
                    state.on_key(Key::Char('q')),
                    Effect::Quit,
                    "after {prelude:?}"
                );
            }
        }
    }

    #[test]
    fn the_first_open_task_is_the_first_that_does_not_pass() {
        let mut state = State::new(0, true);
        assert_eq!(state.first_open(), Some(0));
        state.graded(0, true);
        state.graded(2, true);
        assert_eq!(state.first_open(), Some(1));
        for task in 0..5 {
            state.graded(task, true);
        }
        assert_eq!((state.first_open(), state.all_pass()), (None, true));
    }
}
