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
//! - The queue of a past moment is the day's log replayed up to that moment ([`DayLog`]):
//!   lunch duty is the first two of the rotation *at that time* (3.14).
//!
//! Every function that changes the queue also says what the roster log records of the change
//! ([`RosterEvent`]); the command stores the queue and those lines together.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::codes::{Code, code_enum};
use crate::error::Invalid;
use crate::messages::Message;

code_enum! {
    /// Why a rep on the roster is not at the desk.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Away: "a reason to be away" {
        /// Away without reason: loses the turn when it comes.
        Absent => "absent", "缺勤" | "请假",
        /// Pulled away by a manager: the turn is kept as a priority turn.
        Manager => "manager", "领导安排" | "经理差遣" | "经理安排" | "领导差遣",
        /// Receiving a customer outside the rotation: loses the turn, no make-up.
        Busy => "busy", "接待中",
    }
}

impl Away {
    /// The codes as a clerk types them, for messages.
    pub const CODES: &'static str = "absent, manager or busy";
}

code_enum! {
    /// What happened to a day's queue, as the roster log (roster_events) records it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RosterChange: "a roster change" {
        /// The queue was set for the day.
        Set => "set", "排班",
        /// Two reps exchanged places, with a supervisor's approval.
        Swap => "swap", "调换顺序",
        Away => "away", "离开",
        Back => "back", "返回",
        /// A rep away without reason lost the turn.
        Skipped => "skipped", "取消本轮",
        /// A rep on a manager's errand was passed over and keeps a priority turn.
        Passed => "passed", "保留优先",
        /// A customer refused the rep: the turn is void.
        Void => "void", "轮空",
    }
}

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

code_enum! {
    /// What `roster show` calls a rep's state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Status: "a roster status" {
        OnDuty => "on_duty", "在岗",
        Away => "away", "离开",
        Priority => "priority", "优先",
    }
}

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

/// A register entry of the day that took a rotation turn, as the replay of the day needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenTurn {
    pub rep_id: i64,
    pub at: NaiveDateTime,
    /// Taken as a priority turn.
    pub priority: bool,
    /// For a customer who refused their rep (`reassign`): that rep, and whether the entry they
    /// left had taken a turn (then the refused rep was owed it back).
    pub refused: Option<(i64, bool)>,
    /// When the entry stopped counting as a turn: reassigned or voided.
    pub undone_at: Option<NaiveDateTime>,
}

/// What the file keeps of one day's queue: the roster log, the register's turns and the reps
/// who retired, each with its moment. The stored queue is only the latest state; this is how
/// the queue of an earlier moment is told.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayLog {
    pub day: NaiveDate,
    /// The roster log of the day, in the order it was written.
    pub events: Vec<(NaiveDateTime, RosterEvent)>,
    /// The entries of the day that took a turn, in the order they were written.
    pub turns: Vec<TakenTurn>,
    /// Every rep, with when they retired.
    pub reps: Vec<(RepRef, Option<NaiveDateTime>)>,
}

/// One step of the replay, in time order.
enum Step<'a> {
    Logged(&'a RosterEvent),
    Turn(&'a TakenTurn),
    Retired(i64),
}

impl DayLog {
    /// When a step counts: a roster set for an earlier day (`roster set --date yesterday`,
    /// written the day after) stands from that day's start.
    pub fn when(&self, at: NaiveDateTime) -> NaiveDateTime {
        if at.date() > self.day {
            self.day.and_time(NaiveTime::MIN)
        } else {
            at
        }
    }

    /// The moments of the day at which the queue or the turns changed.
    fn moments(&self) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let events = self.events.iter().map(|(at, _)| *at);
        let turns = self.turns.iter().flat_map(|t| [Some(t.at), t.undone_at]);
        let retired = self.reps.iter().map(|(_, retired)| *retired);
        events
            .chain(turns.flatten())
            .chain(retired.flatten().filter(|at| at.date() == self.day))
            .map(|at| self.when(at))
    }

    /// Whether the day's queue changed after `moment`: then the stored queue, its latest
    /// state, is not the one of that moment. At or after the last change it is, and the
    /// stored queue is what a moment asks for.
    pub fn changed_after(&self, moment: NaiveDateTime) -> bool {
        self.moments().any(|at| at > moment)
    }

    /// The queue as it stood at `moment`: the day's steps timed by then, in time order, roster
    /// changes before turns of the same moment (the reps a turn passed over are logged with
    /// it). `None` when no roster was set by then. Reps retired by then are off it.
    pub fn queue_at(&self, moment: NaiveDateTime) -> Option<Queue> {
        let mut steps: Vec<(NaiveDateTime, u8, Step)> = Vec::new();
        for (at, event) in &self.events {
            steps.push((self.when(*at), 0, Step::Logged(event)));
        }
        for turn in &self.turns {
            steps.push((self.when(turn.at), 1, Step::Turn(turn)));
        }
        for (rep, retired) in &self.reps {
            if let Some(at) = retired {
                steps.push((self.when(*at), 2, Step::Retired(rep.id)));
            }
        }
        steps.retain(|(at, _, _)| *at <= moment);
        // Stable: steps of one kind and moment keep the order they were written in.
        steps.sort_by_key(|(at, kind, _)| (*at, *kind));
        let mut queue: Option<Queue> = None;
        // The reps passed over on the way to a turn, logged just before it: (moment, rep).
        let mut passed: Vec<(NaiveDateTime, i64)> = Vec::new();
        for (at, _, step) in steps {
            match step {
                Step::Logged(event) => {
                    if let Some(rep_id) = self.replay_event(&mut queue, event) {
                        passed.push((at, rep_id));
                    }
                }
                Step::Turn(turn) => {
                    if let Some(queue) = queue.as_mut() {
                        queue.replay_turn(turn, at, &mut passed);
                    }
                }
                Step::Retired(rep_id) => {
                    if let Some(queue) = queue.as_mut() {
                        queue.remove(rep_id);
                    }
                }
            }
        }
        queue.filter(|queue| !queue.slots.is_empty())
    }

    /// Applies one line of the roster log. The lines a turn writes of the reps it passed over
    /// are not applied here: they return that rep, for the turn to pass.
    fn replay_event(&self, queue: &mut Option<Queue>, event: &RosterEvent) -> Option<i64> {
        if event.change == RosterChange::Set {
            let order = event.detail.as_deref().unwrap_or("");
            *queue = Some(Queue::new(self.named(order)));
            return None;
        }
        let queue = queue.as_mut()?;
        let rep_id = event.rep_id?;
        match event.change {
            // Applied above, before a queue is needed.
            RosterChange::Set => {}
            RosterChange::Swap => {
                // A rep the swap named who is off the queue since (retired) is no swap to replay.
                if let Some(other) = event.other_rep_id {
                    let _ = queue.swap(rep_id, other);
                }
            }
            RosterChange::Away => {
                if let Some(away) = event.detail.as_deref().and_then(Away::from_code) {
                    queue.set_away(rep_id, away);
                }
            }
            RosterChange::Back => {
                let rep = self.rep(rep_id)?;
                queue.back(rep);
            }
            RosterChange::Skipped | RosterChange::Passed => return Some(rep_id),
            // A refusal's line names the rep who took over; its turn owes the refused rep.
            RosterChange::Void if event.other_rep_id.is_some() => {}
            RosterChange::Void => {
                queue.void_turn(rep_id);
            }
        }
        None
    }

    fn rep(&self, rep_id: i64) -> Option<RepRef> {
        self.reps
            .iter()
            .find(|(rep, _)| rep.id == rep_id)
            .map(|(rep, _)| rep.clone())
    }

    /// The reps of a roster set's line, which names them in queue order separated by spaces
    /// (a name may hold a space itself: the longest name that fits is taken).
    pub fn named(&self, order: &str) -> Vec<RepRef> {
        let mut reps = Vec::new();
        let mut rest = order.trim_start();
        while !rest.is_empty() {
            let fits = |name: &str| {
                rest.strip_prefix(name)
                    .is_some_and(|after| after.is_empty() || after.starts_with(' '))
            };
            let Some(rep) = self
                .reps
                .iter()
                .map(|(rep, _)| rep)
                .filter(|rep| !rep.name.is_empty() && fits(&rep.name))
                .max_by_key(|rep| rep.name.len())
            else {
                // A name no rep bears any more: skip that word.
                rest = rest.split_once(' ').map_or("", |(_, after)| after);
                rest = rest.trim_start();
                continue;
            };
            reps.push(rep.clone());
            rest = rest[rep.name.len()..].trim_start();
        }
        reps
    }

    /// Turns per rep at `moment`: entries timed by then, not yet reassigned or voided by then.
    pub fn turns_at(&self, moment: NaiveDateTime) -> HashMap<i64, i64> {
        let mut turns = HashMap::new();
        for turn in &self.turns {
            let undone = turn.undone_at.is_some_and(|at| self.when(at) <= moment);
            if self.when(turn.at) <= moment && !undone {
                *turns.entry(turn.rep_id).or_insert(0) += 1;
            }
        }
        turns
    }
}

impl Queue {
    /// Moves the queue as a turn taken at the desk did ([`Queue::take_turn`]), from what the
    /// file kept of it: who took it, whether as a priority turn, and the reps it passed over
    /// (`passed`, logged with it; a refusal's turn logs none and passed every rep away ahead
    /// but the refused one). The reps a customer refused keep their places.
    fn replay_turn(
        &mut self,
        turn: &TakenTurn,
        at: NaiveDateTime,
        passed: &mut Vec<(NaiveDateTime, i64)>,
    ) {
        let Some(taker) = self.index_of(turn.rep_id) else {
            return;
        };
        if turn.priority {
            let slot = &mut self.slots[taker];
            slot.priority = slot.priority.saturating_sub(1);
            self.send_to_back(taker);
        } else {
            let ahead: Vec<i64> = self.slots[..taker].iter().map(|s| s.rep.id).collect();
            for rep_id in ahead {
                let Some(index) = self.index_of(rep_id) else {
                    continue;
                };
                let Some(away) = self.slots[index].away else {
                    continue;
                };
                let logged = passed
                    .iter()
                    .position(|(logged, id)| *logged == at && *id == rep_id);
                let passed_over = match (turn.refused, logged) {
                    (_, Some(line)) => {
                        passed.remove(line);
                        true
                    }
                    (Some((refused, _)), None) => refused != rep_id,
                    (None, None) => false,
                };
                if passed_over {
                    if away == Away::Manager {
                        self.slots[index].priority += 1;
                    }
                    self.send_to_back(index);
                }
            }
            if let Some(index) = self.index_of(turn.rep_id) {
                self.send_to_back(index);
            }
        }
        if let Some((refused, true)) = turn.refused {
            self.void_turn(refused);
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

    fn at(time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("2026-11-23 {time}"), "%Y-%m-%d %H:%M").unwrap()
    }

    fn logged(
        time: &str,
        change: RosterChange,
        rep_id: i64,
        detail: &str,
    ) -> (NaiveDateTime, RosterEvent) {
        (
            at(time),
            RosterEvent {
                rep_id: Some(rep_id),
                detail: Some(detail.to_string()),
                ..RosterEvent::of(change)
            },
        )
    }

    fn turn(time: &str, rep_id: i64) -> TakenTurn {
        TakenTurn {
            rep_id,
            at: at(time),
            priority: false,
            refused: None,
            undone_at: None,
        }
    }

    /// Four reps set at 08:30; r1 and r2 take turns before noon, r3 leaves on an errand at
    /// 12:30 and is passed over by r4's turn at 13:00, r1 takes another at 14:00.
    fn day_log() -> DayLog {
        let set = RosterEvent {
            detail: Some("r1 r2 r3 r4".into()),
            ..RosterEvent::of(RosterChange::Set)
        };
        DayLog {
            day: at("00:00").date(),
            events: vec![
                (at("08:30"), set),
                logged("12:30", RosterChange::Away, 3, "manager"),
                logged("13:00", RosterChange::Passed, 3, "manager"),
            ],
            turns: vec![
                turn("10:00", 1),
                turn("11:00", 2),
                turn("13:00", 4),
                turn("14:00", 1),
            ],
            reps: (1..=4).map(|id| (rep(id), None)).collect(),
        }
    }

    fn lunch(queue: &Queue) -> Vec<i64> {
        queue.lunch_duty().iter().map(|s| s.rep.id).collect()
    }

    #[test]
    fn the_queue_of_a_moment_replays_the_day_up_to_that_moment_and_no_further() {
        let log = day_log();
        assert_eq!(log.queue_at(at("08:00")), None, "no roster set yet");
        let noon = log.queue_at(at("12:00")).unwrap();
        assert_eq!(order(&noon), [3, 4, 1, 2]);
        assert_eq!(lunch(&noon), [3, 4], "lunch duty of 12:00 (3.14)");
        assert_eq!(log.turns_at(at("12:00")), HashMap::from([(1, 1), (2, 1)]));
        let after = log.queue_at(at("13:30")).unwrap();
        assert_eq!(order(&after), [1, 2, 3, 4], "r3 passed over on the errand");
        assert_eq!(after.slot(3).unwrap().priority, 1);
        assert_eq!(lunch(&after), [1, 2]);
        let evening = log.queue_at(at("18:00")).unwrap();
        assert_eq!(order(&evening), [2, 3, 4, 1]);
        assert_eq!(lunch(&evening), [2, 4]);
        // The stored queue is the latest: it answers any moment from the last change on.
        assert!(log.changed_after(at("13:59")));
        assert!(!log.changed_after(at("14:00")));
    }

    #[test]
    fn a_replayed_turn_passes_only_whom_it_passed_and_a_refusal_owes_its_turn() {
        // r1 is away, but the customer had refused r1 before: no line says r1 was passed, so r1
        // keeps the place; r2 takes the turn.
        let mut log = day_log();
        log.events.truncate(1);
        log.events
            .push(logged("09:00", RosterChange::Away, 1, "absent"));
        log.turns = vec![turn("09:30", 2)];
        assert_eq!(order(&log.queue_at(at("10:00")).unwrap()), [1, 3, 4, 2]);
        // At 10:00 r3's customer refused r3 (3.10c): r4 takes over, passing the away r1, and
        // r3 is owed the turn back; the reassignment's own line changes nothing more.
        log.turns.push(TakenTurn {
            refused: Some((3, true)),
            ..turn("10:00", 4)
        });
        log.events.push((
            at("10:00"),
            RosterEvent {
                rep_id: Some(3),
                other_rep_id: Some(4),
                ..RosterEvent::of(RosterChange::Void)
            },
        ));
        let queue = log.queue_at(at("10:00")).unwrap();
        assert_eq!(order(&queue), [3, 2, 1, 4]);
        assert_eq!(queue.slot(3).unwrap().priority, 1);
        assert_eq!(queue.slot(1).unwrap().priority, 0, "absent: nothing owed");
    }

    #[test]
    fn a_day_log_reads_names_with_spaces_a_late_set_and_undone_turns() {
        let mut log = day_log();
        log.reps[1].0.name = "r1 r2".into();
        // Set for this day the morning after: it stands from the day's start.
        log.events[0].0 = at("08:30") + chrono::Duration::days(1);
        log.events[0].1.detail = Some("r1 r2 r4 r1".into());
        log.events.truncate(1);
        log.turns.clear();
        assert_eq!(order(&log.queue_at(at("07:00")).unwrap()), [2, 4, 1]);
        // A turn reassigned at 11:00 counts until then; a retired rep leaves at retirement.
        log.turns = vec![TakenTurn {
            undone_at: Some(at("11:00")),
            ..turn("10:00", 2)
        }];
        assert_eq!(log.turns_at(at("10:30")), HashMap::from([(2, 1)]));
        assert_eq!(log.turns_at(at("11:00")), HashMap::new());
        log.reps[3].1 = Some(at("12:00"));
        assert_eq!(order(&log.queue_at(at("11:59")).unwrap()), [4, 1, 2]);
        assert_eq!(order(&log.queue_at(at("12:00")).unwrap()), [1, 2]);
        assert!(log.changed_after(at("11:59")));
    }
}
