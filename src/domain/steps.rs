//! What the two life cycles of the office share — a complaint's (seed 004) and a repair's
//! (seed 002): a status allows some steps next, each typed as a subcommand, and a refused step
//! is told with the steps that would do, so that the clerk reads what to type instead. Each
//! cycle keeps its own statuses, steps and transitions; this is only the refusal.

use super::codes::Code;
use crate::messages::Message;

/// A life cycle's status and the steps it allows next.
pub trait LifeCycle: Code {
    type Step: Code;

    /// The steps of the cycle a record in this status may take next.
    fn allowed(self) -> &'static [Self::Step];

    /// What the clerk types to take `step`.
    fn command(step: Self::Step) -> &'static str;

    /// The message refusing a step on record `id`.
    fn refusal(id: i64, refused: Refused) -> Message;
}

/// A step the life cycle does not allow, with the status it was refused in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Illegal<S: LifeCycle> {
    pub status: S,
    pub step: S::Step,
}

/// What a refusal says: the status (code and label), the step as typed, the steps allowed next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: String,
    pub status_zh: String,
    pub step: String,
    pub next: Vec<String>,
}

impl<S: LifeCycle> Illegal<S> {
    /// The refusal the clerk reads, naming record `id`.
    pub fn refusal(&self, id: i64) -> Message {
        S::refusal(id, self.refused())
    }

    pub fn refused(&self) -> Refused {
        Refused {
            status: self.status.code().to_string(),
            status_zh: self.status.zh().to_string(),
            step: S::command(self.step).to_string(),
            next: self
                .status
                .allowed()
                .iter()
                .map(|step| S::command(*step).to_string())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aftersales::{RepairStatus, RepairStep};
    use crate::domain::complaint::{Status, Step};

    #[test]
    fn a_refusal_names_the_status_the_step_as_typed_and_what_may_come_next() {
        let refused = Illegal {
            status: Status::Resolved,
            step: Step::FailRectification,
        }
        .refused();
        assert_eq!(refused.status, "resolved");
        assert_eq!(refused.status_zh, Status::Resolved.zh());
        assert_eq!(refused.step, "fail-rectification");
        assert_eq!(refused.next, ["revisit", "escalate"]);

        let refused = Illegal {
            status: RepairStatus::Done,
            step: RepairStep::Notice,
        }
        .refused();
        assert_eq!(refused.step, "notice");
        assert_eq!(refused.next, ["revisit", "revisit --problem"]);
    }

    #[test]
    fn a_closed_record_allows_nothing_next() {
        let refused = Illegal {
            status: RepairStatus::Revisited,
            step: RepairStep::Done,
        }
        .refused();
        assert!(refused.next.is_empty());
    }
}
