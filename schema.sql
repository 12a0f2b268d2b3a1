-- The salesdesk schema. Each migration starts at a line `-- migration: N` and is applied once,
-- in order, under PRAGMA user_version. A released migration is never edited: a change to the
-- schema is a new migration appended at the end of this file.

-- migration: 1

-- Sales reps. A retired rep keeps their history but never receives a customer again.
CREATE TABLE reps (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    phone       TEXT,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);

-- Customers (客户). Identified by their normalised phone number; everything else may be unknown.
CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    phone           TEXT NOT NULL UNIQUE,
    class           TEXT NOT NULL DEFAULT 'potential'
                    CHECK (class IN ('owner', 'intent', 'potential')),
    company         INTEGER NOT NULL DEFAULT 0 CHECK (company IN (0, 1)),
    gender          TEXT,
    age             INTEGER,
    education       TEXT,
    occupation      TEXT,
    income          TEXT,
    family          TEXT,
    address         TEXT,
    email           TEXT,
    personality     TEXT,
    interests       TEXT,
    attitude        TEXT,
    requirements    TEXT,
    purchase        TEXT,
    tendency        TEXT,
    -- 夫妻客: spouses registered separately are joint customers of both reps before a deal.
    spouse_id       INTEGER REFERENCES customers(id),
    created_at      TEXT NOT NULL
);

-- The visitor register (客户来访登记表): one row per visit or call. Append-only: a correction is
-- a new row whose `supersedes` names the row it replaces; both stay in the history.
CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    rep_id      INTEGER REFERENCES reps(id),
    at          TEXT NOT NULL,                       -- 'YYYY-MM-DD HH:MM:SS', local time
    day         TEXT NOT NULL,                       -- 'YYYY-MM-DD' of `at`, the roster it used
    kind        TEXT NOT NULL CHECK (kind IN ('visit', 'call')),
    channel     TEXT NOT NULL
                CHECK (channel IN ('walk-in', 'phone', 'referral', 'web', 'event')),
    reason      TEXT NOT NULL
                CHECK (reason IN ('rotation', 'returning', 'voluntary', 'designated',
                                  'referral', 'reassigned', 'call')),
    turn        INTEGER NOT NULL DEFAULT 0 CHECK (turn IN (0, 1)),     -- used a rotation turn
    priority    INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)), -- taken as a priority turn
    brought_by  INTEGER REFERENCES customers(id),    -- old customer who brought this one
    referrer    TEXT,                                -- employee who referred the customer
    referral_day TEXT,                               -- the day the referral expected the visit
    note        TEXT,
    supersedes  INTEGER UNIQUE REFERENCES visits(id),
    recorded_at TEXT NOT NULL,
    CHECK (kind = 'call' OR rep_id IS NOT NULL),
    CHECK ((kind = 'call') = (reason = 'call'))
);
CREATE INDEX visits_customer ON visits(customer_id, at);
CREATE INDEX visits_day ON visits(day, rep_id);

-- INSERT OR REPLACE would delete the row it replaces without firing the DELETE trigger.
CREATE TRIGGER visits_append_only_replace BEFORE INSERT ON visits
WHEN EXISTS (SELECT 1 FROM visits WHERE id = NEW.id)
  OR (NEW.supersedes IS NOT NULL AND EXISTS (SELECT 1 FROM visits WHERE supersedes = NEW.supersedes))
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: an entry is never replaced');
END;
CREATE TRIGGER visits_append_only_update BEFORE UPDATE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: record a correction instead');
END;
CREATE TRIGGER visits_append_only_delete BEFORE DELETE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: record a correction instead');
END;

-- The day's queue (排班表). Rows change as turns are handed out; what happened is kept in
-- roster_events and in the register itself.
CREATE TABLE roster (
    day         TEXT NOT NULL,
    rep_id      INTEGER NOT NULL REFERENCES reps(id),
    seq         INTEGER NOT NULL,                     -- queue order, the head is the lowest
    away        TEXT CHECK (away IN ('absent', 'manager', 'busy')),
    priority    INTEGER NOT NULL DEFAULT 0 CHECK (priority >= 0), -- priority turns owed
    PRIMARY KEY (day, rep_id)
) WITHOUT ROWID;

-- What happened to the queue and why: set, swap (with the approving supervisor), away, back,
-- skipped (a lost turn), passed (a manager's errand, kept as a priority turn), void.
CREATE TABLE roster_events (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL
                CHECK (kind IN ('set', 'swap', 'away', 'back', 'skipped', 'passed', 'void')),
    rep_id      INTEGER REFERENCES reps(id),
    other_rep_id INTEGER REFERENCES reps(id),
    approved_by TEXT,
    detail      TEXT
);
CREATE INDEX roster_events_day ON roster_events(day);

CREATE TRIGGER roster_events_append_only_replace BEFORE INSERT ON roster_events
WHEN EXISTS (SELECT 1 FROM roster_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the roster log is append-only');
END;
CREATE TRIGGER roster_events_append_only_update BEFORE UPDATE ON roster_events
BEGIN
    SELECT RAISE(ABORT, 'the roster log is append-only');
END;
CREATE TRIGGER roster_events_append_only_delete BEFORE DELETE ON roster_events
BEGIN
    SELECT RAISE(ABORT, 'the roster log is append-only');
END;

-- The project manager's approval of a day's register (由项目经理审核确认). It covers every entry
-- of that day up to `last_visit_id`; entries added later need a new approval.
CREATE TABLE approvals (
    id              INTEGER PRIMARY KEY,
    day             TEXT NOT NULL,
    approved_by     TEXT NOT NULL CHECK (length(trim(approved_by)) > 0),
    at              TEXT NOT NULL,
    last_visit_id   INTEGER NOT NULL
);
CREATE INDEX approvals_day ON approvals(day);

CREATE TRIGGER approvals_append_only_replace BEFORE INSERT ON approvals
WHEN EXISTS (SELECT 1 FROM approvals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;
CREATE TRIGGER approvals_append_only_update BEFORE UPDATE ON approvals
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;
CREATE TRIGGER approvals_append_only_delete BEFORE DELETE ON approvals
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;

-- migration: 2

-- The working calendar (工作日历): statutory holidays and make-up working days (调休). A day not
-- listed is a working day from Monday to Friday.
CREATE TABLE calendar_days (
    day         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name        TEXT
) WITHOUT ROWID;

-- Office settings: 'hours' holds the office hours as 'HH:MM-HH:MM'.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;

-- The complaint book (客户意见台账). A complaint's facts are fixed when it is received; what
-- happens to it afterwards is appended to complaint_events.
CREATE TABLE complaints (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers(id),
    received_at          TEXT NOT NULL,
    ticketed_at          TEXT NOT NULL,
    channel              TEXT NOT NULL
                         CHECK (channel IN ('onsite', 'phone', 'web', 'forum', 'letter', 'other',
                                            'inspection', 'certificate', 'leader', 'revisit',
                                            'internal')),
    category             TEXT NOT NULL
                         CHECK (category IN ('sales', 'signing', 'handover', 'certificate',
                                             'property', 'quality', 'design', 'other')),
    department           TEXT NOT NULL
                         CHECK (department IN ('property', 'engineering', 'marketing',
                                               'cost-control', 'finance', 'administration',
                                               'customer-centre')),
    amount_fen           INTEGER CHECK (amount_fen >= 0),
    safety               INTEGER NOT NULL DEFAULT 0 CHECK (safety IN (0, 1)),
    group_complaint      INTEGER NOT NULL DEFAULT 0 CHECK (group_complaint IN (0, 1)),
    government           INTEGER NOT NULL DEFAULT 0 CHECK (government IN (0, 1)),
    media                INTEGER NOT NULL DEFAULT 0 CHECK (media IN (0, 1)),
    consumer_association INTEGER NOT NULL DEFAULT 0 CHECK (consumer_association IN (0, 1)),
    structural           INTEGER NOT NULL DEFAULT 0 CHECK (structural IN (0, 1)),
    class                TEXT NOT NULL CHECK (class IN ('general', 'important', 'major')),
    class_reason         TEXT NOT NULL,
    authority            TEXT NOT NULL
                         CHECK (authority IN ('customer-director', 'presidents-office',
                                              'vice-president', 'president')),
    text                 TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_by          TEXT,
    recorded_at          TEXT NOT NULL
);
CREATE INDEX complaints_received ON complaints(received_at);
CREATE INDEX complaints_customer ON complaints(customer_id);

CREATE TRIGGER complaints_append_only_replace BEFORE INSERT ON complaints
WHEN EXISTS (SELECT 1 FROM complaints WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_update BEFORE UPDATE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_delete BEFORE DELETE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;

-- Every step of a complaint's life cycle, with who took it and when.
CREATE TABLE complaint_events (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    at              TEXT NOT NULL,
    step            TEXT NOT NULL
                    CHECK (step IN ('progress', 'resolve', 'escalate', 'fail_rectification',
                                    'revisit', 'archive')),
    actor           TEXT,
    note            TEXT,
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    recorded_at     TEXT NOT NULL,
    CHECK ((step = 'revisit') = (score IS NOT NULL))
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

CREATE TRIGGER complaint_events_append_only_replace BEFORE INSERT ON complaint_events
WHEN EXISTS (SELECT 1 FROM complaint_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;

-- migration: 3

-- Satisfaction surveys (客户满意度调查): one row per wave, e.g. 2026H2.
CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    scale       INTEGER NOT NULL CHECK (scale BETWEEN 2 AND 10),
    created_at  TEXT NOT NULL
);

-- One response per customer and wave; a replacement supersedes the earlier response, which
-- stays in the history.
CREATE TABLE survey_responses (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES surveys(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    at          TEXT NOT NULL,
    supersedes  INTEGER UNIQUE REFERENCES survey_responses(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, customer_id);

CREATE TABLE survey_scores (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id),
    key         TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score >= 1),
    PRIMARY KEY (response_id, key)
) WITHOUT ROWID;

-- A wave's indicators and their weights (normalised to sum to 1).
CREATE TABLE survey_indicators (
    survey_id   INTEGER NOT NULL REFERENCES surveys(id),
    key         TEXT NOT NULL,
    label       TEXT NOT NULL,
    weight      REAL NOT NULL CHECK (weight >= 0),
    position    INTEGER NOT NULL,
    PRIMARY KEY (survey_id, key)
) WITHOUT ROWID;

-- Indicators are fixed once the first response is recorded.
CREATE TRIGGER survey_indicators_fixed_insert BEFORE INSERT ON survey_indicators
WHEN EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = NEW.survey_id)
BEGIN
    SELECT RAISE(ABORT, 'the survey''s indicators are fixed once its first response is recorded');
END;
CREATE TRIGGER survey_indicators_fixed_update BEFORE UPDATE ON survey_indicators
WHEN EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = OLD.survey_id)
BEGIN
    SELECT RAISE(ABORT, 'the survey''s indicators are fixed once its first response is recorded');
END;
CREATE TRIGGER survey_indicators_fixed_delete BEFORE DELETE ON survey_indicators
WHEN EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = OLD.survey_id)
BEGIN
    SELECT RAISE(ABORT, 'the survey''s indicators are fixed once its first response is recorded');
END;
CREATE TRIGGER surveys_fixed_update BEFORE UPDATE ON surveys
WHEN EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'the survey is fixed once its first response is recorded');
END;

CREATE TRIGGER survey_responses_append_only_replace BEFORE INSERT ON survey_responses
WHEN EXISTS (SELECT 1 FROM survey_responses WHERE id = NEW.id)
  OR (NEW.supersedes IS NOT NULL
      AND EXISTS (SELECT 1 FROM survey_responses WHERE supersedes = NEW.supersedes))
BEGIN
    SELECT RAISE(ABORT, 'survey responses are append-only: record a replacement instead');
END;
CREATE TRIGGER survey_responses_append_only_update BEFORE UPDATE ON survey_responses
BEGIN
    SELECT RAISE(ABORT, 'survey responses are append-only: record a replacement instead');
END;
CREATE TRIGGER survey_responses_append_only_delete BEFORE DELETE ON survey_responses
BEGIN
    SELECT RAISE(ABORT, 'survey responses are append-only: record a replacement instead');
END;
CREATE TRIGGER survey_scores_append_only_update BEFORE UPDATE ON survey_scores
BEGIN
    SELECT RAISE(ABORT, 'survey responses are append-only: record a replacement instead');
END;
CREATE TRIGGER survey_scores_append_only_delete BEFORE DELETE ON survey_scores
BEGIN
    SELECT RAISE(ABORT, 'survey responses are append-only: record a replacement instead');
END;

-- migration: 4

-- When a customer became an owner (业主): the deal that weekly reports count.
ALTER TABLE customers ADD COLUMN bought_at TEXT;
CREATE INDEX customers_bought ON customers(bought_at);
-- Reports look steps up by kind and time: resolutions of a day, follow-up calls of a month.
CREATE INDEX complaint_events_step ON complaint_events(step, at);
-- The complaints not yet archived, kept by triggers, so that the overdue checks read a handful of
-- rows instead of every complaint ever received. It is an index, not a record: the history stays
-- in complaint_events.
CREATE TABLE complaints_open (
    complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id)
);
INSERT INTO complaints_open (complaint_id)
    SELECT k.id FROM complaints k
    WHERE NOT EXISTS (SELECT 1 FROM complaint_events e
                      WHERE e.complaint_id = k.id AND e.step = 'archive');
CREATE TRIGGER complaints_open_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaints_open (complaint_id) VALUES (NEW.id);
END;
CREATE TRIGGER complaints_open_archive AFTER INSERT ON complaint_events WHEN NEW.step = 'archive'
BEGIN
    DELETE FROM complaints_open WHERE complaint_id = NEW.complaint_id;
END;

-- migration: 5

-- Employee referrals (介绍客户登记表): registered with the project manager before the customer's
-- first visit, naming the day agreed. A referral holds only if the customer comes that day, the
-- referrer or the project manager confirms it on arrival, and no rep registered them first.
CREATE TABLE referrals (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    phone           TEXT NOT NULL,
    referrer        TEXT NOT NULL CHECK (length(trim(referrer)) > 0),
    day             TEXT NOT NULL,                   -- 'YYYY-MM-DD', the visit agreed
    registered_at   TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX referrals_phone ON referrals(phone, day);

-- The confirmation on arrival, by the referrer or the project manager.
CREATE TABLE referral_confirmations (
    referral_id     INTEGER PRIMARY KEY REFERENCES referrals(id),
    confirmed_by    TEXT NOT NULL CHECK (length(trim(confirmed_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);

-- What the register records for the commission rules (seed 003 §5–§7):
-- for_rep_id: a voluntary reception made for this rep, whose customer the visitor becomes (an
--   old customer brings a new one while their rep is away, 7.5);
-- designated_from: the reception a customer left midway for another rep (5.2, 5.3), with the
--   sales manager who agreed (approved_by) and whether that rep instigated it (instigated);
-- leader: the company leader who designated the rep of a company client (6.1.2);
-- referral_id: the employee referral the visitor came on (6.2).
ALTER TABLE visits ADD COLUMN for_rep_id INTEGER REFERENCES reps(id);
ALTER TABLE visits ADD COLUMN designated_from INTEGER REFERENCES visits(id);
ALTER TABLE visits ADD COLUMN approved_by TEXT;
ALTER TABLE visits ADD COLUMN instigated INTEGER NOT NULL DEFAULT 0 CHECK (instigated IN (0, 1));
ALTER TABLE visits ADD COLUMN leader TEXT;
ALTER TABLE visits ADD COLUMN referral_id INTEGER REFERENCES referrals(id);

-- A mistaken entry (a double Enter, the wrong person) is voided, never deleted or edited: the
-- void names the entry, who voided it and why. The entry stays in the history and no longer
-- counts for ownership, turns or reports.
CREATE TABLE visit_voids (
    visit_id        INTEGER PRIMARY KEY REFERENCES visits(id),
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by       TEXT NOT NULL CHECK (length(trim(voided_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);

-- Two customer records found to be one person who forgot their rep (客户忘记原售楼员, 1.7): a
-- second phone. The dates of the two registrations and of the link decide the shares.
CREATE TABLE customer_links (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    other_id        INTEGER NOT NULL REFERENCES customers(id),
    linked_by       TEXT NOT NULL CHECK (length(trim(linked_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    CHECK (customer_id <> other_id)
);
CREATE UNIQUE INDEX customer_links_customer ON customer_links(customer_id);
CREATE UNIQUE INDEX customer_links_other ON customer_links(other_id);

-- Deals (成交): the unit, the price and the rep who closed it; from the deal on the customer is
-- that rep's for good. A company deal (6.1.3–6.1.5) says how the company brought the client.
CREATE TABLE deals (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    unit            TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    buyer           TEXT NOT NULL CHECK (length(trim(buyer)) > 0),
    price_fen       INTEGER NOT NULL CHECK (price_fen > 0),
    at              TEXT NOT NULL,
    rep_id          INTEGER REFERENCES reps(id),
    company         TEXT CHECK (company IN ('introduced', 'arranged', 'arranged-staff')),
    recorded_at     TEXT NOT NULL,
    CHECK (rep_id IS NOT NULL OR company = 'arranged-staff')
);
CREATE INDEX deals_at ON deals(at);
CREATE INDEX deals_customer ON deals(customer_id);
CREATE INDEX deals_unit ON deals(unit);

-- 换房 and 更名 after a deal (7.6): the unit or the buyer's name changes, the rep and the shares
-- never do.
CREATE TABLE deal_changes (
    id              INTEGER PRIMARY KEY,
    deal_id         INTEGER NOT NULL REFERENCES deals(id),
    kind            TEXT NOT NULL CHECK (kind IN ('unit', 'name')),
    value           TEXT NOT NULL CHECK (length(trim(value)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX deal_changes_deal ON deal_changes(deal_id, id);
CREATE INDEX deal_changes_value ON deal_changes(value);

-- A deal no rule settles (7.7): the project manager's written opinion, approved by the sales
-- director. A later settlement of the same deal supersedes an earlier one; both are kept.
CREATE TABLE settlements (
    id              INTEGER PRIMARY KEY,
    deal_id         INTEGER NOT NULL REFERENCES deals(id),
    settled_by      TEXT NOT NULL CHECK (length(trim(settled_by)) > 0),
    approved_by     TEXT NOT NULL CHECK (length(trim(approved_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX settlements_deal ON settlements(deal_id, id);

-- The shares of a settlement, in hundredths of a percent: they sum to 10000.
CREATE TABLE settlement_shares (
    settlement_id   INTEGER NOT NULL REFERENCES settlements(id),
    position        INTEGER NOT NULL,
    party           TEXT NOT NULL CHECK (party IN ('rep', 'referrer', 'pool')),
    rep_id          INTEGER REFERENCES reps(id),
    name            TEXT,
    share_bp        INTEGER NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
    PRIMARY KEY (settlement_id, position),
    CHECK ((party = 'rep') = (rep_id IS NOT NULL))
) WITHOUT ROWID;

CREATE TRIGGER referrals_append_only_replace BEFORE INSERT ON referrals
WHEN EXISTS (SELECT 1 FROM referrals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'employee referrals are append-only');
END;
CREATE TRIGGER referrals_append_only_update BEFORE UPDATE ON referrals
BEGIN
    SELECT RAISE(ABORT, 'employee referrals are append-only');
END;
CREATE TRIGGER referrals_append_only_delete BEFORE DELETE ON referrals
BEGIN
    SELECT RAISE(ABORT, 'employee referrals are append-only');
END;
CREATE TRIGGER referral_confirmations_append_only_replace BEFORE INSERT ON referral_confirmations
WHEN EXISTS (SELECT 1 FROM referral_confirmations WHERE referral_id = NEW.referral_id)
BEGIN
    SELECT RAISE(ABORT, 'referral confirmations are append-only');
END;
CREATE TRIGGER referral_confirmations_append_only_update BEFORE UPDATE ON referral_confirmations
BEGIN
    SELECT RAISE(ABORT, 'referral confirmations are append-only');
END;
CREATE TRIGGER referral_confirmations_append_only_delete BEFORE DELETE ON referral_confirmations
BEGIN
    SELECT RAISE(ABORT, 'referral confirmations are append-only');
END;
CREATE TRIGGER visit_voids_append_only_replace BEFORE INSERT ON visit_voids
WHEN EXISTS (SELECT 1 FROM visit_voids WHERE visit_id = NEW.visit_id)
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided entry stays voided');
END;
CREATE TRIGGER visit_voids_append_only_update BEFORE UPDATE ON visit_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided entry stays voided');
END;
CREATE TRIGGER visit_voids_append_only_delete BEFORE DELETE ON visit_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided entry stays voided');
END;
CREATE TRIGGER customer_links_append_only_replace BEFORE INSERT ON customer_links
WHEN EXISTS (SELECT 1 FROM customer_links WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'customer links are append-only');
END;
CREATE TRIGGER customer_links_append_only_update BEFORE UPDATE ON customer_links
BEGIN
    SELECT RAISE(ABORT, 'customer links are append-only');
END;
CREATE TRIGGER customer_links_append_only_delete BEFORE DELETE ON customer_links
BEGIN
    SELECT RAISE(ABORT, 'customer links are append-only');
END;
CREATE TRIGGER deals_append_only_replace BEFORE INSERT ON deals
WHEN EXISTS (SELECT 1 FROM deals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;
CREATE TRIGGER deals_append_only_update BEFORE UPDATE ON deals
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;
CREATE TRIGGER deals_append_only_delete BEFORE DELETE ON deals
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;
CREATE TRIGGER deal_changes_append_only_replace BEFORE INSERT ON deal_changes
WHEN EXISTS (SELECT 1 FROM deal_changes WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;
CREATE TRIGGER deal_changes_append_only_update BEFORE UPDATE ON deal_changes
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;
CREATE TRIGGER deal_changes_append_only_delete BEFORE DELETE ON deal_changes
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;
CREATE TRIGGER settlements_append_only_replace BEFORE INSERT ON settlements
WHEN EXISTS (SELECT 1 FROM settlements WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only: record a new settlement instead');
END;
CREATE TRIGGER settlements_append_only_update BEFORE UPDATE ON settlements
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only: record a new settlement instead');
END;
CREATE TRIGGER settlements_append_only_delete BEFORE DELETE ON settlements
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only: record a new settlement instead');
END;
CREATE TRIGGER settlement_shares_append_only_update BEFORE UPDATE ON settlement_shares
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only: record a new settlement instead');
END;
CREATE TRIGGER settlement_shares_append_only_delete BEFORE DELETE ON settlement_shares
BEGIN
    SELECT RAISE(ABORT, 'settlements are append-only: record a new settlement instead');
END;

-- migration: 6

-- The complaint procedure's second release (seed 004). Staff-attitude and service-quality
-- complaints are filed under the category `service` (服务态度) and are general whatever the
-- business (3.1.1.1); a complaint that needs several centres is important (3.1.2.7). The history
-- gains the evidence step (全面取证), the reply time agreed with the customer (协商约定制, with the
-- agreed moment in reply_by) and the typical case (典型案例, with its lesson in the note).
-- SQLite cannot change a CHECK constraint in place, so both tables are rebuilt as its manual
-- describes: created anew, copied, the old one dropped and the new one renamed, then their
-- indexes and triggers made again. The upgrade runs with foreign keys paused and checks every
-- reference before it commits.
CREATE TABLE complaints_v6 (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers(id),
    received_at          TEXT NOT NULL,
    ticketed_at          TEXT NOT NULL,
    channel              TEXT NOT NULL
                         CHECK (channel IN ('onsite', 'phone', 'web', 'forum', 'letter', 'other',
                                            'inspection', 'certificate', 'leader', 'revisit',
                                            'internal')),
    category             TEXT NOT NULL
                         CHECK (category IN ('sales', 'signing', 'handover', 'certificate',
                                             'property', 'quality', 'design', 'service',
                                             'other')),
    department           TEXT NOT NULL
                         CHECK (department IN ('property', 'engineering', 'marketing',
                                               'cost-control', 'finance', 'administration',
                                               'customer-centre')),
    amount_fen           INTEGER CHECK (amount_fen >= 0),
    safety               INTEGER NOT NULL DEFAULT 0 CHECK (safety IN (0, 1)),
    group_complaint      INTEGER NOT NULL DEFAULT 0 CHECK (group_complaint IN (0, 1)),
    government           INTEGER NOT NULL DEFAULT 0 CHECK (government IN (0, 1)),
    media                INTEGER NOT NULL DEFAULT 0 CHECK (media IN (0, 1)),
    consumer_association INTEGER NOT NULL DEFAULT 0 CHECK (consumer_association IN (0, 1)),
    structural           INTEGER NOT NULL DEFAULT 0 CHECK (structural IN (0, 1)),
    class                TEXT NOT NULL CHECK (class IN ('general', 'important', 'major')),
    class_reason         TEXT NOT NULL,
    authority            TEXT NOT NULL
                         CHECK (authority IN ('customer-director', 'presidents-office',
                                              'vice-president', 'president')),
    text                 TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_by          TEXT,
    recorded_at          TEXT NOT NULL,
    cross_department     INTEGER NOT NULL DEFAULT 0 CHECK (cross_department IN (0, 1))
);
INSERT INTO complaints_v6 (id, customer_id, received_at, ticketed_at, channel, category,
        department, amount_fen, safety, group_complaint, government, media, consumer_association,
        structural, class, class_reason, authority, text, received_by, recorded_at)
    SELECT id, customer_id, received_at, ticketed_at, channel, category, department, amount_fen,
        safety, group_complaint, government, media, consumer_association, structural, class,
        class_reason, authority, text, received_by, recorded_at
    FROM complaints;
DROP TABLE complaints;
ALTER TABLE complaints_v6 RENAME TO complaints;
CREATE INDEX complaints_received ON complaints(received_at);
CREATE INDEX complaints_customer ON complaints(customer_id);
CREATE TRIGGER complaints_append_only_replace BEFORE INSERT ON complaints
WHEN EXISTS (SELECT 1 FROM complaints WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_update BEFORE UPDATE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_delete BEFORE DELETE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_open_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaints_open (complaint_id) VALUES (NEW.id);
END;

CREATE TABLE complaint_events_v6 (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    at              TEXT NOT NULL,
    step            TEXT NOT NULL
                    CHECK (step IN ('progress', 'resolve', 'escalate', 'fail_rectification',
                                    'revisit', 'archive', 'evidence', 'agree', 'typical')),
    actor           TEXT,
    note            TEXT,
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    recorded_at     TEXT NOT NULL,
    reply_by        TEXT,
    CHECK ((step = 'revisit') = (score IS NOT NULL)),
    CHECK ((step = 'agree') = (reply_by IS NOT NULL)),
    CHECK (step <> 'typical' OR length(trim(note)) > 0)
);
INSERT INTO complaint_events_v6 (id, complaint_id, at, step, actor, note, score, recorded_at)
    SELECT id, complaint_id, at, step, actor, note, score, recorded_at FROM complaint_events;
DROP TABLE complaint_events;
ALTER TABLE complaint_events_v6 RENAME TO complaint_events;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);
CREATE INDEX complaint_events_step ON complaint_events(step, at);
CREATE TRIGGER complaint_events_append_only_replace BEFORE INSERT ON complaint_events
WHEN EXISTS (SELECT 1 FROM complaint_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaints_open_archive AFTER INSERT ON complaint_events WHEN NEW.step = 'archive'
BEGIN
    DELETE FROM complaints_open WHERE complaint_id = NEW.complaint_id;
END;

-- migration: 7

-- After-sales service (售后服务, seeds 001, 003 第3篇, 002).
-- The handover (交付/交房) of a unit to its owner, with its date: it starts the quality check
-- schedule. A unit is handed over once; the deal is kept when the unit came through one.
CREATE TABLE handovers (
    id              INTEGER PRIMARY KEY,
    unit            TEXT NOT NULL UNIQUE CHECK (length(trim(unit)) > 0),
    deal_id         INTEGER REFERENCES deals(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    handed_over     TEXT NOT NULL CHECK (handed_over GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at     TEXT NOT NULL
);
CREATE INDEX handovers_customer ON handovers(customer_id);

-- The quality checks after handover (交付3/11/23/35个月质量检查), scheduled with the handover.
CREATE TABLE quality_checks (
    id              INTEGER PRIMARY KEY,
    handover_id     INTEGER NOT NULL REFERENCES handovers(id),
    months          INTEGER NOT NULL CHECK (months IN (3, 11, 23, 35)),
    due             TEXT NOT NULL,
    UNIQUE (handover_id, months)
);
CREATE INDEX quality_checks_due ON quality_checks(due);

-- A check's result (检查记录): who did it, when, and the owner's score if asked. One per check.
CREATE TABLE check_results (
    check_id        INTEGER PRIMARY KEY REFERENCES quality_checks(id),
    done_at         TEXT NOT NULL,
    done_by         TEXT NOT NULL CHECK (length(trim(done_by)) > 0),
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    note            TEXT,
    recorded_at     TEXT NOT NULL
);

-- The checks without a result, by due date, kept by triggers, so that the due list of an estate
-- of a hundred thousand units reads the checks still to do instead of every check ever
-- scheduled. It is an index, not a record: the history stays in check_results.
CREATE TABLE checks_open (
    due             TEXT NOT NULL,
    check_id        INTEGER NOT NULL REFERENCES quality_checks(id),
    PRIMARY KEY (due, check_id)
) WITHOUT ROWID;
CREATE TRIGGER checks_open_schedule AFTER INSERT ON quality_checks
BEGIN
    INSERT INTO checks_open (due, check_id) VALUES (NEW.due, NEW.id);
END;
CREATE TRIGGER checks_open_done AFTER INSERT ON check_results
BEGIN
    DELETE FROM checks_open
    WHERE check_id = NEW.check_id
      AND due = (SELECT due FROM quality_checks WHERE id = NEW.check_id);
END;

-- The repair register (报修登记): the date, the owner, the address (unit), the content and the
-- appointment (约修日期). Later appointments, completion, revisits and notices are events.
CREATE TABLE repairs (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    unit            TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('safety', 'leak', 'general')),
    text            TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_at     TEXT NOT NULL,
    appointment     TEXT,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX repairs_customer ON repairs(customer_id);
CREATE INDEX repairs_received ON repairs(received_at);

-- Every step of a repair: another appointment with the customer told (另约), the repair done
-- (维修完成), a revisit (维修回访) by the director, an administrator or the repair lead, with or
-- without a problem found, and the written rectification notice (书面通知整改).
CREATE TABLE repair_events (
    id              INTEGER PRIMARY KEY,
    repair_id       INTEGER NOT NULL REFERENCES repairs(id),
    at              TEXT NOT NULL,
    step            TEXT NOT NULL
                    CHECK (step IN ('reschedule', 'done', 'revisit', 'revisit_problem', 'notice')),
    actor           TEXT,
    role            TEXT CHECK (role IN ('director', 'admin', 'lead')),
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    note            TEXT,
    appointment     TEXT,
    recorded_at     TEXT NOT NULL,
    CHECK ((step IN ('revisit', 'revisit_problem')) = (role IS NOT NULL)),
    CHECK ((step = 'reschedule') = (appointment IS NOT NULL)),
    CHECK (step <> 'revisit_problem' OR length(trim(note)) > 0)
);
CREATE INDEX repair_events_repair ON repair_events(repair_id, id);
CREATE INDEX repair_events_step ON repair_events(step, at);

-- The repairs not yet closed by a revisit that found them in order, with the stage they are at,
-- when its clock started (the completion for a revisit, the revisit for a notice), the
-- appointment now and the latest completion, kept by triggers: the overdue list reads the few
-- repairs still running, and judges them, without reading every step of every repair. It is an
-- index, not a record: the history stays in repair_events.
CREATE TABLE repairs_open (
    repair_id       INTEGER PRIMARY KEY REFERENCES repairs(id),
    stage           TEXT NOT NULL CHECK (stage IN ('booked', 'done', 'problem', 'rectifying')),
    since           TEXT,
    appointment     TEXT,
    done_at         TEXT
);
CREATE INDEX repairs_open_clock ON repairs_open(stage, since);
CREATE TRIGGER repairs_open_insert AFTER INSERT ON repairs
BEGIN
    INSERT INTO repairs_open (repair_id, stage, since, appointment)
    VALUES (NEW.id, 'booked', NULL, NEW.appointment);
END;
CREATE TRIGGER repairs_open_reschedule AFTER INSERT ON repair_events
WHEN NEW.step = 'reschedule'
BEGIN
    UPDATE repairs_open SET appointment = NEW.appointment WHERE repair_id = NEW.repair_id;
END;
CREATE TRIGGER repairs_open_step AFTER INSERT ON repair_events
WHEN NEW.step IN ('done', 'revisit_problem', 'notice')
BEGIN
    UPDATE repairs_open
    SET stage = CASE NEW.step WHEN 'done' THEN 'done'
                              WHEN 'revisit_problem' THEN 'problem'
                              ELSE 'rectifying' END,
        since = NEW.at,
        done_at = CASE NEW.step WHEN 'done' THEN NEW.at ELSE done_at END
    WHERE repair_id = NEW.repair_id;
END;
CREATE TRIGGER repairs_open_close AFTER INSERT ON repair_events WHEN NEW.step = 'revisit'
BEGIN
    DELETE FROM repairs_open WHERE repair_id = NEW.repair_id;
END;

-- History is never edited: INSERT OR REPLACE would delete the row it replaces, so it is refused
-- like an UPDATE or a DELETE; every change is a new row.
CREATE TRIGGER handovers_append_only_replace BEFORE INSERT ON handovers
WHEN EXISTS (SELECT 1 FROM handovers WHERE id = NEW.id OR unit = NEW.unit)
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;
CREATE TRIGGER handovers_append_only_update BEFORE UPDATE ON handovers
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;
CREATE TRIGGER handovers_append_only_delete BEFORE DELETE ON handovers
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;
CREATE TRIGGER quality_checks_append_only_replace BEFORE INSERT ON quality_checks
WHEN EXISTS (SELECT 1 FROM quality_checks
             WHERE id = NEW.id OR (handover_id = NEW.handover_id AND months = NEW.months))
BEGIN
    SELECT RAISE(ABORT, 'quality checks are append-only: the schedule follows the handover');
END;
CREATE TRIGGER quality_checks_append_only_update BEFORE UPDATE ON quality_checks
BEGIN
    SELECT RAISE(ABORT, 'quality checks are append-only: the schedule follows the handover');
END;
CREATE TRIGGER quality_checks_append_only_delete BEFORE DELETE ON quality_checks
BEGIN
    SELECT RAISE(ABORT, 'quality checks are append-only: the schedule follows the handover');
END;
CREATE TRIGGER check_results_append_only_replace BEFORE INSERT ON check_results
WHEN EXISTS (SELECT 1 FROM check_results WHERE check_id = NEW.check_id)
BEGIN
    SELECT RAISE(ABORT, 'check results are append-only: a check is done once');
END;
CREATE TRIGGER check_results_append_only_update BEFORE UPDATE ON check_results
BEGIN
    SELECT RAISE(ABORT, 'check results are append-only: a check is done once');
END;
CREATE TRIGGER check_results_append_only_delete BEFORE DELETE ON check_results
BEGIN
    SELECT RAISE(ABORT, 'check results are append-only: a check is done once');
END;
CREATE TRIGGER repairs_append_only_replace BEFORE INSERT ON repairs
WHEN EXISTS (SELECT 1 FROM repairs WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;
CREATE TRIGGER repairs_append_only_update BEFORE UPDATE ON repairs
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;
CREATE TRIGGER repairs_append_only_delete BEFORE DELETE ON repairs
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;
CREATE TRIGGER repair_events_append_only_replace BEFORE INSERT ON repair_events
WHEN EXISTS (SELECT 1 FROM repair_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'repair events are append-only');
END;
CREATE TRIGGER repair_events_append_only_update BEFORE UPDATE ON repair_events
BEGIN
    SELECT RAISE(ABORT, 'repair events are append-only');
END;
CREATE TRIGGER repair_events_append_only_delete BEFORE DELETE ON repair_events
BEGIN
    SELECT RAISE(ABORT, 'repair events are append-only');
END;

-- migration: 8

-- Third release: the file says whose it is. `PRAGMA application_id` sits in the database
-- header, where salesdesk (and file(1)) tell a salesdesk database from any other SQLite file
-- before reading a table; an older salesdesk file, recognised by its schema, is stamped here.
-- src/db/schema.rs APPLICATION_ID is the same number ("SDSK").
-- The settings table also keeps 'zone': the office's IANA time zone (Asia/Shanghai when the
-- row is absent), in which every "now", day and deadline is reckoned.
PRAGMA application_id = 1396986699;

-- migration: 9

-- Seed 003's third reading (SPEC §16). An old customer's friend received by their rep (老带新)
-- gets its own reason, `brought`; `referral` is the employee referral's word (推介) and no
-- longer a reason. The register is rebuilt as SQLite's manual describes for a new CHECK, its
-- rows copied with the old word changed, its indexes and triggers made again.
CREATE TABLE visits_v9 (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    rep_id      INTEGER REFERENCES reps(id),
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('visit', 'call')),
    channel     TEXT NOT NULL
                CHECK (channel IN ('walk-in', 'phone', 'referral', 'web', 'event')),
    reason      TEXT NOT NULL
                CHECK (reason IN ('rotation', 'returning', 'voluntary', 'designated',
                                  'brought', 'reassigned', 'call')),
    turn        INTEGER NOT NULL DEFAULT 0 CHECK (turn IN (0, 1)),
    priority    INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    brought_by  INTEGER REFERENCES customers(id),
    referrer    TEXT,
    referral_day TEXT,
    note        TEXT,
    supersedes  INTEGER UNIQUE REFERENCES visits(id),
    recorded_at TEXT NOT NULL,
    for_rep_id  INTEGER REFERENCES reps(id),
    designated_from INTEGER REFERENCES visits(id),
    approved_by TEXT,
    instigated  INTEGER NOT NULL DEFAULT 0 CHECK (instigated IN (0, 1)),
    leader      TEXT,
    referral_id INTEGER REFERENCES referrals(id),
    CHECK (kind = 'call' OR rep_id IS NOT NULL),
    CHECK ((kind = 'call') = (reason = 'call'))
);
INSERT INTO visits_v9 (id, customer_id, rep_id, at, day, kind, channel, reason, turn, priority,
        brought_by, referrer, referral_day, note, supersedes, recorded_at, for_rep_id,
        designated_from, approved_by, instigated, leader, referral_id)
    SELECT id, customer_id, rep_id, at, day, kind, channel,
        CASE reason WHEN 'referral' THEN 'brought' ELSE reason END, turn, priority,
        brought_by, referrer, referral_day, note, supersedes, recorded_at, for_rep_id,
        designated_from, approved_by, instigated, leader, referral_id
    FROM visits ORDER BY id;
DROP TABLE visits;
ALTER TABLE visits_v9 RENAME TO visits;
CREATE INDEX visits_customer ON visits(customer_id, at);
CREATE INDEX visits_day ON visits(day, rep_id);
CREATE TRIGGER visits_append_only_replace BEFORE INSERT ON visits
WHEN EXISTS (SELECT 1 FROM visits WHERE id = NEW.id)
  OR (NEW.supersedes IS NOT NULL AND EXISTS (SELECT 1 FROM visits WHERE supersedes = NEW.supersedes))
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: an entry is never replaced');
END;
CREATE TRIGGER visits_append_only_update BEFORE UPDATE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: record a correction instead');
END;
CREATE TRIGGER visits_append_only_delete BEFORE DELETE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: record a correction instead');
END;

-- A rep's declaration that their customer will bring a new one at an agreed time (7.5a: 老客户
-- 打电话直接给以前接待过的售楼员说，要介绍新客户来，并且甲售楼员事先声明自已的客户会来，而且约好
-- 时间), recorded before the visit: on that day the new customer is the rep's, though the old
-- customer does not come along. Append-only.
CREATE TABLE announcements (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    rep_id          INTEGER NOT NULL REFERENCES reps(id),
    at              TEXT NOT NULL,                   -- when the rep declared it
    expected_at     TEXT NOT NULL,                   -- the time agreed for the visit
    recorded_at     TEXT NOT NULL
);
CREATE INDEX announcements_customer ON announcements(customer_id, expected_at);
CREATE TRIGGER announcements_append_only_update BEFORE UPDATE ON announcements
BEGIN
    SELECT RAISE(ABORT, 'announcements are append-only');
END;
CREATE TRIGGER announcements_append_only_delete BEFORE DELETE ON announcements
BEGIN
    SELECT RAISE(ABORT, 'announcements are append-only');
END;

-- migration: 10

-- A complaint filed under `sales` that is a consultation, a query or a slow reply rather than a
-- broken promise (seed 004 4.2.4.2: 置业咨询、信息查询、销售服务质量问题) is general, not
-- important: the clerk says so when it is received.
ALTER TABLE complaints ADD COLUMN consultation INTEGER NOT NULL DEFAULT 0
    CHECK (consultation IN (0, 1));

-- migration: 11

-- An entry of the register keeps the customer's name as it was written that day (003 7.2:
-- 不得涂改): renaming the customer later changes the customer card, not the entries before it.
-- The column is filled for the entries already made with the name they show today, the only
-- name they were ever written with; the update guard is set aside for that one fill and put
-- back as it was.
ALTER TABLE visits ADD COLUMN name TEXT;
DROP TRIGGER visits_append_only_update;
UPDATE visits SET name = (SELECT c.name FROM customers c WHERE c.id = visits.customer_id);
CREATE TRIGGER visits_append_only_update BEFORE UPDATE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visitor register is append-only: record a correction instead');
END;

-- migration: 12

-- Monday's follow-up calls (004 4.10.5, 4.11.7: 每周一……电话跟踪回访): one row per call made on
-- a week's call list, `week` being the Monday of the week the list is about. A complaint is
-- called once per list. Append-only.
CREATE TABLE complaint_calls (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    week         TEXT NOT NULL,
    at           TEXT NOT NULL,
    caller       TEXT NOT NULL,
    note         TEXT,
    recorded_at  TEXT NOT NULL,
    UNIQUE (complaint_id, week)
);
CREATE INDEX complaint_calls_week ON complaint_calls(week);
CREATE TRIGGER complaint_calls_append_only_update BEFORE UPDATE ON complaint_calls
BEGIN
    SELECT RAISE(ABORT, 'the follow-up calls are append-only');
END;
CREATE TRIGGER complaint_calls_append_only_delete BEFORE DELETE ON complaint_calls
BEGIN
    SELECT RAISE(ABORT, 'the follow-up calls are append-only');
END;

-- migration: 13

-- Seed 004's third reading (SPEC §16). A complaint that needs several centres names them
-- (centres: their department codes, separated by spaces) and is decided by their general
-- managers (3.9.4: 协作投诉处理，核决最高权限为各协作中心总经理), the authority
-- `centre-managers`; the complaints already in the book that need several centres and are
-- neither major nor of 10,000 CNY or more are given it (none of them could have been escalated,
-- the president deciding them before). The history gains two steps: `reclassify`, the class
-- judged again with its reason (5.1.10 正确判断投诉性质), the new class in `class`; and `void`, a
-- complaint recorded by mistake, kept in the book and out of every clock, list and count. Both
-- say who took them and why. A voided complaint leaves the index of open complaints. Both tables
-- are rebuilt as migration 6 rebuilt them, for the new CHECK constraints.
CREATE TABLE complaints_v11 (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers(id),
    received_at          TEXT NOT NULL,
    ticketed_at          TEXT NOT NULL,
    channel              TEXT NOT NULL
                         CHECK (channel IN ('onsite', 'phone', 'web', 'forum', 'letter', 'other',
                                            'inspection', 'certificate', 'leader', 'revisit',
                                            'internal')),
    category             TEXT NOT NULL
                         CHECK (category IN ('sales', 'signing', 'handover', 'certificate',
                                             'property', 'quality', 'design', 'service',
                                             'other')),
    department           TEXT NOT NULL
                         CHECK (department IN ('property', 'engineering', 'marketing',
                                               'cost-control', 'finance', 'administration',
                                               'customer-centre')),
    amount_fen           INTEGER CHECK (amount_fen >= 0),
    safety               INTEGER NOT NULL DEFAULT 0 CHECK (safety IN (0, 1)),
    group_complaint      INTEGER NOT NULL DEFAULT 0 CHECK (group_complaint IN (0, 1)),
    government           INTEGER NOT NULL DEFAULT 0 CHECK (government IN (0, 1)),
    media                INTEGER NOT NULL DEFAULT 0 CHECK (media IN (0, 1)),
    consumer_association INTEGER NOT NULL DEFAULT 0 CHECK (consumer_association IN (0, 1)),
    structural           INTEGER NOT NULL DEFAULT 0 CHECK (structural IN (0, 1)),
    class                TEXT NOT NULL CHECK (class IN ('general', 'important', 'major')),
    class_reason         TEXT NOT NULL,
    authority            TEXT NOT NULL
                         CHECK (authority IN ('customer-director', 'presidents-office',
                                              'vice-president', 'president',
                                              'centre-managers')),
    text                 TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_by          TEXT,
    recorded_at          TEXT NOT NULL,
    cross_department     INTEGER NOT NULL DEFAULT 0 CHECK (cross_department IN (0, 1)),
    consultation         INTEGER NOT NULL DEFAULT 0 CHECK (consultation IN (0, 1)),
    centres              TEXT CHECK (centres IS NULL OR length(trim(centres)) > 0),
    CHECK (centres IS NULL OR cross_department = 1)
);
INSERT INTO complaints_v11 (id, customer_id, received_at, ticketed_at, channel, category,
        department, amount_fen, safety, group_complaint, government, media, consumer_association,
        structural, class, class_reason, authority, text, received_by, recorded_at,
        cross_department, consultation)
    SELECT id, customer_id, received_at, ticketed_at, channel, category, department, amount_fen,
        safety, group_complaint, government, media, consumer_association, structural, class,
        class_reason,
        CASE WHEN cross_department = 1 AND class IN ('general', 'important')
                  AND (amount_fen IS NULL OR amount_fen < 1000000)
             THEN 'centre-managers' ELSE authority END,
        text, received_by, recorded_at, cross_department, consultation
    FROM complaints ORDER BY id;
DROP TABLE complaints;
ALTER TABLE complaints_v11 RENAME TO complaints;
CREATE INDEX complaints_received ON complaints(received_at);
CREATE INDEX complaints_customer ON complaints(customer_id);
CREATE TRIGGER complaints_append_only_replace BEFORE INSERT ON complaints
WHEN EXISTS (SELECT 1 FROM complaints WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_update BEFORE UPDATE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_append_only_delete BEFORE DELETE ON complaints
BEGIN
    SELECT RAISE(ABORT, 'complaints are append-only: record a step instead');
END;
CREATE TRIGGER complaints_open_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaints_open (complaint_id) VALUES (NEW.id);
END;

CREATE TABLE complaint_events_v11 (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints(id),
    at              TEXT NOT NULL,
    step            TEXT NOT NULL
                    CHECK (step IN ('progress', 'resolve', 'escalate', 'fail_rectification',
                                    'revisit', 'archive', 'evidence', 'agree', 'typical',
                                    'reclassify', 'void')),
    actor           TEXT,
    note            TEXT,
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    recorded_at     TEXT NOT NULL,
    reply_by        TEXT,
    class           TEXT CHECK (class IN ('general', 'important', 'major')),
    CHECK ((step = 'revisit') = (score IS NOT NULL)),
    CHECK ((step = 'agree') = (reply_by IS NOT NULL)),
    CHECK ((step = 'reclassify') = (class IS NOT NULL)),
    CHECK (step <> 'typical' OR length(trim(note)) > 0),
    -- A reclassification and a void say why and who: length() of a missing note is NULL, which
    -- a CHECK would let through, hence coalesce.
    CHECK (step NOT IN ('reclassify', 'void')
           OR (coalesce(length(trim(note)), 0) > 0 AND coalesce(length(trim(actor)), 0) > 0))
);
INSERT INTO complaint_events_v11 (id, complaint_id, at, step, actor, note, score, recorded_at,
        reply_by)
    SELECT id, complaint_id, at, step, actor, note, score, recorded_at, reply_by
    FROM complaint_events ORDER BY id;
DROP TABLE complaint_events;
ALTER TABLE complaint_events_v11 RENAME TO complaint_events;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);
CREATE INDEX complaint_events_step ON complaint_events(step, at);
CREATE TRIGGER complaint_events_append_only_replace BEFORE INSERT ON complaint_events
WHEN EXISTS (SELECT 1 FROM complaint_events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaint_events_append_only_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint events are append-only');
END;
CREATE TRIGGER complaints_open_archive AFTER INSERT ON complaint_events WHEN NEW.step = 'archive'
BEGIN
    DELETE FROM complaints_open WHERE complaint_id = NEW.complaint_id;
END;
CREATE TRIGGER complaints_open_void AFTER INSERT ON complaint_events WHEN NEW.step = 'void'
BEGIN
    DELETE FROM complaints_open WHERE complaint_id = NEW.complaint_id;
END;

-- migration: 14

-- Seed 003 §7 and 第3篇, third reading (SPEC §16).
-- One flat, one unit number: units are stored normalised as phones are (src/domain/deal.rs
-- `unit`): full-width characters folded to ASCII, letters upper case, dashes and spaces between
-- the parts made one dash, each part's leading zeros dropped (one kept before a letter or
-- alone), so that `5－2－1201`, `05-02-1201` and `5-2-1201` are one unit. The units stored
-- before are normalised here by the same steps: each unit read character by character, then
-- part by part.
CREATE TEMP TABLE unit_keys (raw TEXT PRIMARY KEY, unit TEXT NOT NULL);
WITH RECURSIVE
raws(raw) AS (
    SELECT unit FROM deals
    UNION SELECT value FROM deal_changes WHERE kind = 'unit'
    UNION SELECT unit FROM handovers
    UNION SELECT unit FROM repairs
),
folded(raw, rest, out) AS (
    SELECT raw, trim(raw), '' FROM raws
    UNION ALL
    SELECT raw, substr(rest, 2), out ||
        CASE WHEN (CASE WHEN unicode(substr(rest, 1, 1)) BETWEEN 65281 AND 65374
                        THEN char(unicode(substr(rest, 1, 1)) - 65248)
                        ELSE substr(rest, 1, 1) END)
                  IN (' ', '-', char(9), char(12288), char(8208), char(8209), char(8211),
                      char(8212), char(8213), char(8722))
             THEN '-'
             ELSE upper(CASE WHEN unicode(substr(rest, 1, 1)) BETWEEN 65281 AND 65374
                             THEN char(unicode(substr(rest, 1, 1)) - 65248)
                             ELSE substr(rest, 1, 1) END)
        END
    FROM folded WHERE rest <> ''
),
parts(raw, rest, position, part) AS (
    SELECT raw, out || '-', 0, '' FROM folded WHERE rest = ''
    UNION ALL
    SELECT raw, substr(rest, instr(rest, '-') + 1), position + 1,
        substr(rest, 1, instr(rest, '-') - 1)
    FROM parts WHERE rest <> ''
)
INSERT INTO unit_keys (raw, unit)
SELECT raw, group_concat(
        CASE WHEN ltrim(part, '0') = part THEN part
             WHEN ltrim(part, '0') GLOB '[0-9]*' THEN ltrim(part, '0')
             ELSE '0' || ltrim(part, '0') END,
        '-' ORDER BY position)
FROM parts WHERE part <> '' GROUP BY raw;

-- The append-only tables holding units are rebuilt as migration 9 rebuilt the register, their
-- rows copied with the unit normalised, their indexes and triggers made again.
CREATE TABLE deals_v11 (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    unit            TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    buyer           TEXT NOT NULL CHECK (length(trim(buyer)) > 0),
    price_fen       INTEGER NOT NULL CHECK (price_fen > 0),
    at              TEXT NOT NULL,
    rep_id          INTEGER REFERENCES reps(id),
    company         TEXT CHECK (company IN ('introduced', 'arranged', 'arranged-staff')),
    recorded_at     TEXT NOT NULL,
    CHECK (rep_id IS NOT NULL OR company = 'arranged-staff')
);
INSERT INTO deals_v11 (id, customer_id, unit, buyer, price_fen, at, rep_id, company, recorded_at)
    SELECT id, customer_id, coalesce((SELECT k.unit FROM unit_keys k WHERE k.raw = deals.unit), unit),
        buyer, price_fen, at, rep_id, company, recorded_at
    FROM deals ORDER BY id;
DROP TABLE deals;
ALTER TABLE deals_v11 RENAME TO deals;
CREATE INDEX deals_at ON deals(at);
CREATE INDEX deals_customer ON deals(customer_id);
CREATE INDEX deals_unit ON deals(unit);
CREATE TRIGGER deals_append_only_replace BEFORE INSERT ON deals
WHEN EXISTS (SELECT 1 FROM deals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;
CREATE TRIGGER deals_append_only_update BEFORE UPDATE ON deals
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;
CREATE TRIGGER deals_append_only_delete BEFORE DELETE ON deals
BEGIN
    SELECT RAISE(ABORT, 'deals are append-only: record a change instead');
END;

CREATE TABLE deal_changes_v11 (
    id              INTEGER PRIMARY KEY,
    deal_id         INTEGER NOT NULL REFERENCES deals(id),
    kind            TEXT NOT NULL CHECK (kind IN ('unit', 'name')),
    value           TEXT NOT NULL CHECK (length(trim(value)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
INSERT INTO deal_changes_v11 (id, deal_id, kind, value, at, recorded_at)
    SELECT id, deal_id, kind,
        CASE kind WHEN 'unit'
            THEN coalesce((SELECT k.unit FROM unit_keys k WHERE k.raw = deal_changes.value), value)
            ELSE value END,
        at, recorded_at
    FROM deal_changes ORDER BY id;
DROP TABLE deal_changes;
ALTER TABLE deal_changes_v11 RENAME TO deal_changes;
CREATE INDEX deal_changes_deal ON deal_changes(deal_id, id);
CREATE INDEX deal_changes_value ON deal_changes(value);
CREATE TRIGGER deal_changes_append_only_replace BEFORE INSERT ON deal_changes
WHEN EXISTS (SELECT 1 FROM deal_changes WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;
CREATE TRIGGER deal_changes_append_only_update BEFORE UPDATE ON deal_changes
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;
CREATE TRIGGER deal_changes_append_only_delete BEFORE DELETE ON deal_changes
BEGIN
    SELECT RAISE(ABORT, 'deal changes are append-only');
END;

CREATE TABLE repairs_v11 (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    unit            TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('safety', 'leak', 'general')),
    text            TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_at     TEXT NOT NULL,
    appointment     TEXT,
    recorded_at     TEXT NOT NULL
);
INSERT INTO repairs_v11 (id, customer_id, unit, kind, text, received_at, appointment, recorded_at)
    SELECT id, customer_id,
        coalesce((SELECT k.unit FROM unit_keys k WHERE k.raw = repairs.unit), unit),
        kind, text, received_at, appointment, recorded_at
    FROM repairs ORDER BY id;
DROP TABLE repairs;
ALTER TABLE repairs_v11 RENAME TO repairs;
CREATE INDEX repairs_customer ON repairs(customer_id);
CREATE INDEX repairs_received ON repairs(received_at);
CREATE TRIGGER repairs_open_insert AFTER INSERT ON repairs
BEGIN
    INSERT INTO repairs_open (repair_id, stage, since, appointment)
    VALUES (NEW.id, 'booked', NULL, NEW.appointment);
END;
CREATE TRIGGER repairs_append_only_replace BEFORE INSERT ON repairs
WHEN EXISTS (SELECT 1 FROM repairs WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;
CREATE TRIGGER repairs_append_only_update BEFORE UPDATE ON repairs
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;
CREATE TRIGGER repairs_append_only_delete BEFORE DELETE ON repairs
BEGIN
    SELECT RAISE(ABORT, 'repairs are append-only: record a step instead');
END;

-- A deal voided (退房, or entered by mistake: 录错): who, why and when. The deal stays in the
-- history, marked; it holds no unit, pays no share and makes nobody an owner. Append-only.
CREATE TABLE deal_voids (
    deal_id         INTEGER PRIMARY KEY REFERENCES deals(id),
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by       TEXT NOT NULL CHECK (length(trim(voided_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE TRIGGER deal_voids_append_only_replace BEFORE INSERT ON deal_voids
WHEN EXISTS (SELECT 1 FROM deal_voids WHERE deal_id = NEW.deal_id)
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided deal stays voided');
END;
CREATE TRIGGER deal_voids_append_only_update BEFORE UPDATE ON deal_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided deal stays voided');
END;
CREATE TRIGGER deal_voids_append_only_delete BEFORE DELETE ON deal_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided deal stays voided');
END;

-- A handover voided (recorded for the wrong unit or day), with its checks: who, why and when.
-- The unit may then be handed over again, so a unit is handed over once among the handovers
-- not voided; the table is rebuilt without its UNIQUE unit.
CREATE TABLE handover_voids (
    handover_id     INTEGER PRIMARY KEY REFERENCES handovers(id),
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by       TEXT NOT NULL CHECK (length(trim(voided_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE TRIGGER handover_voids_append_only_replace BEFORE INSERT ON handover_voids
WHEN EXISTS (SELECT 1 FROM handover_voids WHERE handover_id = NEW.handover_id)
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided handover stays voided');
END;
CREATE TRIGGER handover_voids_append_only_update BEFORE UPDATE ON handover_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided handover stays voided');
END;
CREATE TRIGGER handover_voids_append_only_delete BEFORE DELETE ON handover_voids
BEGIN
    SELECT RAISE(ABORT, 'voids are append-only: a voided handover stays voided');
END;
CREATE TRIGGER checks_open_voided AFTER INSERT ON handover_voids
BEGIN
    DELETE FROM checks_open
    WHERE check_id IN (SELECT id FROM quality_checks WHERE handover_id = NEW.handover_id);
END;
CREATE TABLE handovers_v11 (
    id              INTEGER PRIMARY KEY,
    unit            TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    deal_id         INTEGER REFERENCES deals(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    handed_over     TEXT NOT NULL CHECK (handed_over GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at     TEXT NOT NULL
);
INSERT INTO handovers_v11 (id, unit, deal_id, customer_id, handed_over, recorded_at)
    SELECT id, coalesce((SELECT k.unit FROM unit_keys k WHERE k.raw = handovers.unit), unit),
        deal_id, customer_id, handed_over, recorded_at
    FROM handovers ORDER BY id;
DROP TABLE handovers;
ALTER TABLE handovers_v11 RENAME TO handovers;
CREATE INDEX handovers_customer ON handovers(customer_id);
CREATE INDEX handovers_unit ON handovers(unit);
CREATE TRIGGER handovers_append_only_replace BEFORE INSERT ON handovers
WHEN EXISTS (SELECT 1 FROM handovers WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM handovers h WHERE h.unit = NEW.unit
             AND h.id NOT IN (SELECT handover_id FROM handover_voids))
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;
CREATE TRIGGER handovers_append_only_update BEFORE UPDATE ON handovers
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;
CREATE TRIGGER handovers_append_only_delete BEFORE DELETE ON handovers
BEGIN
    SELECT RAISE(ABORT, 'handovers are append-only: a unit is handed over once');
END;

-- A spouse link (夫妻客, 7.4) or unlink (`linked` 0), dated, with who made it: a link made after
-- a deal of either spouse changes that deal's shares, and shows among its changes. The
-- customers' spouse_id keeps the link in force; this is its history. Append-only.
CREATE TABLE spouse_links (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    spouse_id       INTEGER NOT NULL REFERENCES customers(id),
    linked          INTEGER NOT NULL CHECK (linked IN (0, 1)),
    linked_by       TEXT CHECK (length(trim(linked_by)) > 0),
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    CHECK (customer_id <> spouse_id)
);
CREATE INDEX spouse_links_customer ON spouse_links(customer_id, at);
CREATE INDEX spouse_links_spouse ON spouse_links(spouse_id, at);
CREATE TRIGGER spouse_links_append_only_replace BEFORE INSERT ON spouse_links
WHEN EXISTS (SELECT 1 FROM spouse_links WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'spouse links are append-only');
END;
CREATE TRIGGER spouse_links_append_only_update BEFORE UPDATE ON spouse_links
BEGIN
    SELECT RAISE(ABORT, 'spouse links are append-only');
END;
CREATE TRIGGER spouse_links_append_only_delete BEFORE DELETE ON spouse_links
BEGIN
    SELECT RAISE(ABORT, 'spouse links are append-only');
END;

DROP TABLE temp.unit_keys;

-- migration: 15

-- `customer find 5678` and a masked phone (138****5678) look customers up by the last four
-- digits of their phone: an index on that expression answers them without reading every
-- customer (the queries say `substr(phone, -4)` exactly as here).
CREATE INDEX customers_phone_tail ON customers(substr(phone, -4));

-- migration: 16

-- Whether the office has owners at all (the half-yearly survey's rule) is asked of every
-- monthly report: a partial index holding only the owners answers it at once, where the
-- question read customers until the first owner, most of them on a register of years. Only an
-- owner's row is written into it, so an import of visitors pays nothing for it.
CREATE INDEX customers_owners ON customers(id) WHERE class = 'owner';
