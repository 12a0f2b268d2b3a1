//! The day's queue of reps on duty (排班表) and how new customers are handed out round-robin
//! (滚动循环式). Plain data in, plain data out: the command layer loads the queue from the
//! database, asks these functions what happens, and writes the queue back in one transaction.
//!
//! The rules, as this module applies them:
//! - The rep at the head takes the next new customer and moves to the back.
//! - A rep owed a priority turn who is present takes the next new customer before the head.
//! - A rep away without reason (`absent`) or busy with a customer outside the rotation (`busy`,
//!   e.g. a designated reception) when their turn comes loses it: skipped, to the back, nothing
//!   owed. Designated receptions never earn a make-up turn.
//! - A rep away on a manager's errand (`manager`) when their turn comes is passed to the back and
//!   owed one priority turn for each turn passed.
//! - A rep whose customer refused them is owed one priority turn (the void turn).
//! - A voided entry of today that took a rotation turn owes the rep that turn back, as a
//!   priority turn: the customer they received is registered again, correctly.
//! - Lunch duty falls to the first two present reps in the order they would receive.
//!
//! Every function that changes the queue also says what the roster log records of the change
//! ([`RosterEvent`]); the command stores the queue and those lines together.

use chrono::NaiveDate;

use super::codes::{Code, code_set};
use crate::error::Invalid;
use crate::messages::Message;

/// Why a rep on the roster is not at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Away {
    /// Away without reason: loses the turn when it comes.
    Absent,
    /// Pulled away by a manager: the turn is kept as a priority turn.
    Manager,
    /// Receiving a customer outside the rotation: loses the turn, no make-up.
    Busy,
}

code_set!(Away, "a reason to be away", [
    Absent => "absent", "缺勤" | "请假",
    Manager => "manager", "领导安排" | "经理差遣" | "经理安排" | "领导差遣",
    Busy => "busy", "接待中",
]);

impl Away {
    /// The codes as a clerk types them, for messages.
    pub const CODES: &'static str = "absent, manager or busy";
}

/// What happened to a day's queue, as the roster log (roster_events) records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterChange {
    /// The queue was set for the day.
    Set,
    /// Two reps exchanged places, with a supervisor's approval.
    Swap,
    Away,
    Back,
    /// A rep away without reason lost the turn.
    Skipped,
    /// A rep on a manager's errand was passed over and keeps a priority turn.
    Passed,
    /// A customer refused the rep: the turn is void.
    Void,
}

code_set!(RosterChange, "a roster change", [
    Set => "set", "排班",
    Swap => "swap", "调换顺序",
    Away => "away", "离开",
    Back => "back", "返回",
    Skipped => "skipped", "取消本轮",
    Passed => "passed", "保留优先",
    Void => "void", "轮空",
]);

/// One line of the roster log (roster_events): what changed, for whom, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEvent {
    pub change: RosterChange,
    pub rep_id: Option<i64>,
    pub other_rep_id: Option<i64>,
    pub approved_by: Option<String>,
    pub detail: Option<String>,
}

impl RosterEvent {
    /// A change with nothing but its kind; the rest is filled in with struct update syntax.
    pub fn of(change: RosterChange) -> RosterEvent {
        RosterEvent {
            change,
            rep_id: None,
            other_rep_id: None,
            approved_by: None,
            detail: None,
        }
    }
}

/// A rep as the roster rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepRef {
    pub id: i64,
    pub name: String,
}

/// One rep's place in the day's queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub rep: RepRef,
    pub away: Option<Away>,
    /// Priority turns owed (manager's errands passed over, void turns).
    pub priority: u32,
}

impl Slot {
    pub fn new(rep: RepRef) -> Slot {
        Slot {
            rep,
            away: None,
            priority: 0,
        }
    }

    pub fn present(&self) -> bool {
        self.away.is_none()
    }
}

/// What `roster show` calls a rep's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    OnDuty,
    Away,
    Priority,
}

code_set!(Status, "a roster status", [
    OnDuty => "on_duty", "在岗",
    Away => "away", "离开",
    Priority => "priority", "优先",
]);

/// A rep passed over on the way to the one who takes the turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    pub rep: RepRef,
    pub away: Away,
    /// True when the missed turn is kept as a priority turn (a manager's errand).
    pub kept_as_priority: bool,
}

/// One turn handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub rep: RepRef,
    /// Taken as a priority turn, before the queue head.
    pub priority: bool,
    pub passed: Vec<Passed>,
}

impl Turn {
    /// What the roster log records of the reps passed over on the way to this turn: kept as a
    /// priority turn (a manager's errand) or skipped, with why they were away.
    pub fn events(&self) -> Vec<RosterEvent> {
        self.passed
            .iter()
            .map(|passed| RosterEvent {
                rep_id: Some(passed.rep.id),
                detail: Some(passed.away.code().to_string()),
                ..RosterEvent::of(if passed.kept_as_priority {
                    RosterChange::Passed
                } else {
                    RosterChange::Skipped
                })
            })
            .collect()
    }
}

/// A register entry being voided, as the turn owed for it needs to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoidedEntry {
    pub visit_id: i64,
    pub rep_id: Option<i64>,
    /// The entry took a rotation turn.
    pub turn: bool,
    pub day: NaiveDate,
}

/// Nobody on the roster can take a customer right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NobodyPresent;

/// The day's queue, head first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Queue {
    pub slots: Vec<Slot>,
}

impl Queue {
    pub fn new(reps: Vec<RepRef>) -> Queue {
        Queue {
            slots: reps.into_iter().map(Slot::new).collect(),
        }
    }

    fn index_of(&self, rep_id: i64) -> Option<usize> {
        self.slots.iter().position(|slot| slot.rep.id == rep_id)
    }

    pub fn slot(&self, rep_id: i64) -> Option<&Slot> {
        self.slots.iter().find(|slot| slot.rep.id == rep_id)
    }

    /// Whether a rep can take the friend of a customer they are receiving: yes unless the roster
    /// says they left the desk (absent or on an errand); busy means busy with that very customer.
    pub fn with_their_customer(&self, rep_id: i64) -> bool {
        match self.slot(rep_id) {
            None => true,
            Some(slot) => matches!(slot.away, None | Some(Away::Busy)),
        }
    }

    /// On the roster and at the desk.
    pub fn on_duty(&self, rep_id: i64) -> bool {
        self.slot(rep_id).is_some_and(Slot::present)
    }

    fn send_to_back(&mut self, index: usize) {
        let slot = self.slots.remove(index);
        self.slots.push(slot);
    }

    /// Hands the next new customer to a rep and moves the queue on. `excluding` are the reps who
    /// must not receive this customer (those the customer refused, 3.10c); they keep their
    /// places and their priority turns. On error the queue is unchanged.
    pub fn take_turn(&mut self, excluding: &[i64]) -> Result<Turn, NobodyPresent> {
        let eligible = |slot: &Slot| slot.present() && !excluding.contains(&slot.rep.id);
        if !self.slots.iter().any(eligible) {
            return Err(NobodyPresent);
        }
        if let Some(index) = self
            .slots
            .iter()
            .position(|s| eligible(s) && s.priority > 0)
        {
            self.slots[index].priority -= 1;
            let rep = self.slots[index].rep.clone();
            self.send_to_back(index);
            return Ok(Turn {
                rep,
                priority: true,
                passed: Vec::new(),
            });
        }
        let mut passed = Vec::new();
        let mut index = 0;
        // Terminates: an eligible slot exists, and every slot passed over goes behind it.
        loop {
            let slot = &mut self.slots[index];
            if excluding.contains(&slot.rep.id) {
                index += 1;
                continue;
            }
            match slot.away {
                None => {
                    let rep = slot.rep.clone();
                    self.send_to_back(index);
                    return Ok(Turn {
                        rep,
                        priority: false,
                        passed,
                    });
                }
                Some(away) => {
                    let kept_as_priority = away == Away::Manager;
                    if kept_as_priority {
                        slot.priority += 1;
                    }
                    passed.push(Passed {
                        rep: slot.rep.clone(),
                        away,
                        kept_as_priority,
                    });
                    self.send_to_back(index);
                }
            }
        }
    }

    /// The turn a present rep takes out of order for a reception that counts as one (1.3:
    /// 接待老客户带一新客户，视接待客户一次 — the old customer's rep receives the new customer
    /// they brought): a priority turn owed is spent first, and either way the rep goes to the
    /// back of the queue as if their turn had come. Nobody else moves or is passed over. `None`
    /// when the rep is not present.
    pub fn take_turn_of(&mut self, rep_id: i64) -> Option<Turn> {
        let index = self.index_of(rep_id)?;
        if !self.slots[index].present() {
            return None;
        }
        let priority = self.slots[index].priority > 0;
        if priority {
            self.slots[index].priority -= 1;
        }
        let rep = self.slots[index].rep.clone();
        self.send_to_back(index);
        Some(Turn {
            rep,
            priority,
            passed: Vec::new(),
        })
    }

    /// Who would take the next new customer, without changing anything.
    pub fn peek(&self) -> Result<Turn, NobodyPresent> {
        self.clone().take_turn(&[])
    }

    /// Present reps in the order they would receive: those owed a priority turn first, then
    /// the queue order.
    pub fn service_order(&self) -> Vec<&Slot> {
        let mut present: Vec<(usize, &Slot)> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.present())
            .collect();
        present.sort_by_key(|(index, slot)| (slot.priority == 0, *index));
        present.into_iter().map(|(_, slot)| slot).collect()
    }

    /// The two reps who stay at the desk over lunch (午餐值班).
    pub fn lunch_duty(&self) -> Vec<&Slot> {
        self.service_order().into_iter().take(2).collect()
    }

    /// The present rep last in the queue: the one who makes a voluntary reception (义务接待).
    pub fn last_present(&self) -> Option<&Slot> {
        self.slots.iter().rev().find(|slot| slot.present())
    }

    pub fn status(&self, slot: &Slot) -> Status {
        match (slot.away, slot.priority) {
            (Some(_), _) => Status::Away,
            (None, 0) => Status::OnDuty,
            (None, _) => Status::Priority,
        }
    }

    /// Exchanges two reps' places (needs a supervisor's approval, recorded by the caller).
    pub fn swap(&mut self, a: i64, b: i64) -> Result<(), i64> {
        let first = self.index_of(a).ok_or(a)?;
        let second = self.index_of(b).ok_or(b)?;
        self.slots.swap(first, second);
        Ok(())
    }

    /// Marks a rep away. Returns false when the rep is not on the roster.
    pub fn set_away(&mut self, rep_id: i64, away: Away) -> bool {
        match self.index_of(rep_id) {
            Some(index) => {
                self.slots[index].away = Some(away);
                true
            }
            None => false,
        }
    }

    /// A rep back at the desk; one not yet on the roster (a late arrival) joins at the back.
    /// Returns true when the rep joined.
    pub fn back(&mut self, rep: RepRef) -> bool {
        match self.index_of(rep.id) {
            Some(index) => {
                self.slots[index].away = None;
                false
            }
            None => {
                self.slots.push(Slot::new(rep));
                true
            }
        }
    }

    /// The customer refused this rep: the turn is void and owed back as a priority turn.
    pub fn void_turn(&mut self, rep_id: i64) -> bool {
        match self.index_of(rep_id) {
            Some(index) => {
                self.slots[index].priority += 1;
                true
            }
            None => false,
        }
    }

    /// A voided entry that took one of `today`'s turns: its rep is owed the turn back as a
    /// priority turn. A turn of another day is gone with that day's queue, and a rep no longer
    /// on the queue is owed nothing. Returns the line for the roster log when a turn is owed.
    pub fn owe_for_void(&mut self, voided: &VoidedEntry, today: NaiveDate) -> Option<RosterEvent> {
        let (true, Some(rep_id)) = (voided.turn && voided.day == today, voided.rep_id) else {
            return None;
        };
        self.void_turn(rep_id).then(|| RosterEvent {
            rep_id: Some(rep_id),
            detail: Some(format!("entry {} voided", voided.visit_id)),
            ..RosterEvent::of(RosterChange::Void)
        })
    }

    /// Takes a retired rep off the queue.
    pub fn remove(&mut self, rep_id: i64) -> bool {
        match self.index_of(rep_id) {
            Some(index) => {
                self.slots.remove(index);
                true
            }
            None => false,
        }
    }
}

/// A rep as `roster set` must check them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub rep: RepRef,
    pub retired: bool,
}

/// Checks the names typed for `roster set` against the known reps and returns the queue in the
/// order given. Unknown, retired and repeated names are refused, all of them in one message.
pub fn plan_roster(names: &[String], known: &[Candidate]) -> Result<Queue, Invalid> {
    if names.is_empty() {
        return Err(Invalid::from(Message::RosterNoReps {}));
    }
    let mut problems = Vec::new();
    let mut reps: Vec<RepRef> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            problems.push(Message::RosterEmptyName {});
            continue;
        }
        match known.iter().find(|c| c.rep.name == name) {
            None => problems.push(Message::RosterUnknown {
                name: name.to_string(),
            }),
            Some(c) if c.retired => problems.push(Message::RosterRetired {
                name: name.to_string(),
            }),
            Some(c) if reps.iter().any(|r| r.id == c.rep.id) => {
                problems.push(Message::RosterTwice {
                    name: name.to_string(),
                })
            }
            Some(c) => reps.push(c.rep.clone()),
        }
    }
    if problems.is_empty() {
        Ok(Queue::new(reps))
    } else {
        Err(Invalid::from(Message::RosterRefused {
            problems,
            reps: known
                .iter()
                .filter(|c| !c.retired)
                .map(|c| c.rep.name.clone())
                .collect(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(id: i64) -> RepRef {
        RepRef {
            id,
            name: format!("r{id}"),
        }
    }

    fn queue(n: i64) -> Queue {
        Queue::new((1..=n).map(rep).collect())
    }

    fn order(queue: &Queue) -> Vec<i64> {
        queue.slots.iter().map(|s| s.rep.id).collect()
    }

    fn take(queue: &mut Queue) -> i64 {
        queue.take_turn(&[]).unwrap().rep.id
    }

    #[test]
    fn round_robin_head_takes_and_moves_to_the_back() {
        let mut q = queue(3);
        let taken: Vec<i64> = (0..7).map(|_| take(&mut q)).collect();
        assert_eq!(taken, [1, 2, 3, 1, 2, 3, 1]);
        assert_eq!(order(&q), [2, 3, 1]);
    }

    #[test]
    fn absent_rep_loses_the_turn_and_goes_to_the_back() {
        let mut q = queue(3);
        q.set_away(1, Away::Absent);
        let turn = q.take_turn(&[]).unwrap();
        assert_eq!(turn.rep.id, 2);
        assert_eq!(
            turn.passed,
            [Passed {
                rep: rep(1),
                away: Away::Absent,
                kept_as_priority: false
            }]
        );
        assert_eq!(order(&q), [3, 1, 2]);
        assert_eq!(
            q.slot(1).unwrap().priority,
            0,
            "no make-up turn for an absence"
        );
        q.back(rep(1));
        // Back, but the lost turn stays lost: 3 is next, then 1 in its new place.
        assert_eq!(take(&mut q), 3);
        assert_eq!(take(&mut q), 1);
    }

    #[test]
    fn a_rep_who_receives_a_brought_customer_goes_to_the_back() {
        let mut q = Queue::new(vec![rep(1), rep(2), rep(3)]);
        let turn = q.take_turn_of(2).unwrap();
        assert_eq!((turn.rep.id, turn.priority), (2, false));
        assert_eq!(order(&q), [1, 3, 2]);
        assert_eq!(
            q.take_turn(&[]).unwrap().rep.id,
            1,
            "the head is still next"
        );
        // A priority turn owed is what the reception spends.
        q.slots[0].priority = 1;
        let owed = q.slots[0].rep.id;
        let turn = q.take_turn_of(owed).unwrap();
        assert!(turn.priority);
        assert_eq!(q.slot(owed).unwrap().priority, 0);
        // A rep who is not at the desk takes no turn.
        q.set_away(1, Away::Busy);
        assert_eq!(q.take_turn_of(1), None);
        assert_eq!(q.take_turn_of(9), None);
    }

    #[test]
    fn busy_rep_loses_the_turn_without_make_up() {
        let mut q = queue(2);
        q.set_away(1, Away::Busy);
        assert_eq!(take(&mut q), 2);
        q.back(rep(1));
        assert_eq!(q.slot(1).unwrap().priority, 0);
        assert_eq!(take(&mut q), 1);
        assert_eq!(take(&mut q), 2);
    }

    #[test]
    fn manager_errand_keeps_a_priority_turn_taken_on_return() {
        let mut q = queue(3);
        q.set_away(1, Away::Manager);
        let turn = q.take_turn(&[]).unwrap();
        assert_eq!(turn.rep.id, 2);
        assert!(turn.passed[0].kept_as_priority);
        assert_eq!(q.slot(1).unwrap().priority, 1);
        assert_eq!(
            q.status(q.slot(1).unwrap()),
            Status::Away,
            "away until back"
        );
        assert_eq!(
            take(&mut q),
            3,
            "still away: no turn yet, and no second pass either"
        );
        q.back(rep(1));
        assert_eq!(q.status(q.slot(1).unwrap()), Status::Priority);
        let turn = q.take_turn(&[]).unwrap();
        assert_eq!(
            (turn.rep.id, turn.priority),
            (1, true),
            "before the queue head"
        );
        assert_eq!(q.slot(1).unwrap().priority, 0);
        assert_eq!(take(&mut q), 2, "then the queue goes on");
    }

    #[test]
    fn each_turn_missed_on_an_errand_is_owed() {
        let mut q = queue(3);
        q.set_away(1, Away::Manager);
        let taken: Vec<i64> = (0..3).map(|_| take(&mut q)).collect();
        assert_eq!(taken, [2, 3, 2]);
        assert_eq!(q.slot(1).unwrap().priority, 2, "passed twice while away");
        q.back(rep(1));
        let taken: Vec<i64> = (0..3).map(|_| take(&mut q)).collect();
        assert_eq!(taken, [1, 1, 3], "both owed turns, then the queue");
    }

    #[test]
    fn nobody_present_is_an_error_and_changes_nothing() {
        let mut q = queue(2);
        q.set_away(1, Away::Manager);
        q.set_away(2, Away::Absent);
        let before = q.clone();
        assert_eq!(q.take_turn(&[]), Err(NobodyPresent));
        assert_eq!(q, before);
        assert_eq!(Queue::default().take_turn(&[]), Err(NobodyPresent));
    }

    #[test]
    fn excluded_rep_is_not_chosen_and_keeps_the_place() {
        let mut q = queue(3);
        // Rep 1 at the head is the one the customer refused.
        let turn = q.take_turn(&[1]).unwrap();
        assert_eq!(turn.rep.id, 2);
        assert_eq!(order(&q), [1, 3, 2]);
        // Even owed a priority turn, the refused rep is passed by.
        q.void_turn(1);
        assert_eq!(q.take_turn(&[1]).unwrap().rep.id, 3);
        // Alone on duty, the refused rep cannot take their own customer back.
        let mut alone = queue(1);
        assert_eq!(alone.take_turn(&[1]), Err(NobodyPresent));
    }

    #[test]
    fn void_turn_is_owed_back_as_priority() {
        let mut q = queue(3);
        assert_eq!(take(&mut q), 1);
        q.void_turn(1);
        assert_eq!(q.status(q.slot(1).unwrap()), Status::Priority);
        let turn = q.take_turn(&[]).unwrap();
        assert_eq!((turn.rep.id, turn.priority), (1, true));
    }

    #[test]
    fn peek_changes_nothing() {
        let mut q = queue(3);
        q.set_away(1, Away::Absent);
        let before = q.clone();
        assert_eq!(q.peek().unwrap().rep.id, 2);
        assert_eq!(q, before);
    }

    #[test]
    fn lunch_duty_is_the_first_two_present_in_service_order() {
        let mut q = queue(4);
        let names = |q: &Queue| q.lunch_duty().iter().map(|s| s.rep.id).collect::<Vec<_>>();
        assert_eq!(names(&q), [1, 2]);
        q.set_away(2, Away::Absent);
        assert_eq!(names(&q), [1, 3]);
        q.void_turn(4);
        assert_eq!(names(&q), [4, 1]);
    }

    #[test]
    fn voluntary_reception_falls_to_the_last_present_rep() {
        let mut q = queue(3);
        assert_eq!(q.last_present().unwrap().rep.id, 3);
        q.set_away(3, Away::Absent);
        assert_eq!(q.last_present().unwrap().rep.id, 2);
    }

    #[test]
    fn swap_and_late_arrival() {
        let mut q = queue(3);
        q.swap(1, 3).unwrap();
        assert_eq!(order(&q), [3, 2, 1]);
        assert_eq!(q.swap(1, 9), Err(9));
        assert!(q.back(rep(4)), "a rep not on the roster joins");
        assert_eq!(order(&q), [3, 2, 1, 4]);
        assert!(!q.back(rep(4)));
        assert!(q.remove(2));
        assert_eq!(order(&q), [3, 1, 4]);
    }

    #[test]
    fn turns_stay_fair_under_any_mix_of_absences() {
        // Reps who are always present differ by at most one turn however the others come and go.
        let mut q = queue(4);
        let mut turns = [0u32; 5];
        for step in 0..200 {
            if step % 7 == 0 {
                q.set_away(4, Away::Absent);
            }
            if step % 7 == 3 {
                q.back(rep(4));
            }
            turns[take(&mut q) as usize] += 1;
        }
        let steady = &turns[1..4];
        assert!(
            steady.iter().max().unwrap() - steady.iter().min().unwrap() <= 1,
            "{turns:?}"
        );
    }

    #[test]
    fn plan_roster_refuses_unknown_retired_and_repeated_names() {
        let known = vec![
            Candidate {
                rep: RepRef {
                    id: 1,
                    name: "王芳".into(),
                },
                retired: false,
            },
            Candidate {
                rep: RepRef {
                    id: 2,
                    name: "张伟".into(),
                },
                retired: true,
            },
            Candidate {
                rep: RepRef {
                    id: 3,
                    name: "李娜".into(),
                },
                retired: false,
            },
        ];
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let q = plan_roster(&names(&["李娜", "王芳"]), &known).unwrap();
        assert_eq!(order(&q), [3, 1]);
        let err = plan_roster(&names(&["王芳", "张伟", "赵磊", "王芳", " "]), &known).unwrap_err();
        assert!(err.to_string().contains("an empty name"), "{err}");
        assert!(err.to_string().contains("\"张伟\" is retired"), "{err}");
        assert!(err.to_string().contains("\"赵磊\" is not a rep"), "{err}");
        assert!(err.to_string().contains("\"王芳\" is named twice"), "{err}");
        assert!(
            err.to_string().contains("王芳 李娜"),
            "lists who can be rostered: {err}"
        );
        assert!(plan_roster(&[], &known).is_err());
    }

    #[test]
    fn the_reps_passed_over_are_logged_as_kept_or_skipped() {
        let mut q = queue(3);
        q.set_away(1, Away::Manager);
        q.set_away(2, Away::Absent);
        let turn = q.take_turn(&[]).unwrap();
        let events = turn.events();
        assert_eq!(
            events
                .iter()
                .map(|e| (e.change, e.rep_id, e.detail.as_deref()))
                .collect::<Vec<_>>(),
            [
                (RosterChange::Passed, Some(1), Some("manager")),
                (RosterChange::Skipped, Some(2), Some("absent")),
            ]
        );
        // Rep 1 comes back owed a priority turn: taken before the head, nobody passed.
        q.back(q.slot(1).unwrap().rep.clone());
        let priority = q.take_turn(&[]).unwrap();
        assert_eq!((priority.rep.id, priority.priority), (1, true));
        assert!(priority.events().is_empty());
    }

    #[test]
    fn a_voided_entry_owes_its_turn_back_only_on_its_own_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let voided = VoidedEntry {
            visit_id: 7,
            rep_id: Some(2),
            turn: true,
            day: today,
        };
        let mut q = queue(3);
        let event = q.owe_for_void(&voided, today).expect("a turn owed");
        assert_eq!(
            (event.change, event.rep_id, event.detail.as_deref()),
            (RosterChange::Void, Some(2), Some("entry 7 voided"))
        );
        assert_eq!(q.slot(2).unwrap().priority, 1);
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(q.owe_for_void(&voided, tomorrow), None, "another day");
        let no_turn = VoidedEntry {
            turn: false,
            ..voided
        };
        assert_eq!(q.owe_for_void(&no_turn, today), None, "no turn was taken");
        let gone = VoidedEntry {
            rep_id: Some(9),
            ..voided
        };
        assert_eq!(q.owe_for_void(&gone, today), None, "not on the queue");
        assert_eq!(q.slot(2).unwrap().priority, 1, "nothing more was owed");
    }
}
