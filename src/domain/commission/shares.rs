//! Who is paid for a deal (佣金分配), by seed 003 §1.7, §5, §6 and §7. The shares follow from
//! the roles the register recorded before the deal ([`Roles`], found by [`super::roles`]); each
//! share names its rule and the shares of a deal always sum to 100 %.
//!
//! | case | shares |
//! | --- | --- |
//! | the owning rep closed it | rep 100 % |
//! | a new customer designated another rep midway, the sales manager agreed (5.2) | first rep 70 %, designated rep 30 %; first rep 100 % if the designated rep instigated it |
//! | a returning customer designated another rep (5.3): a voluntary reception | first rep 100 % |
//! | a company leader designated the rep (6.1.2) | public pool (公佣) 100 % |
//! | company client introduced or brought by the company, the rep followed it through (6.1.3) | rep 70 %, pool 30 % |
//! | company client arranged by the company, the rep did the after-sale follow-up (6.1.4) | rep 30 %, pool 70 % |
//! | the same, other staff did the follow-up (6.1.5) | pool 100 % |
//! | valid employee referral (6.2.5) | referrer 30 %, receiving rep 70 % |
//! | spouses registered by two reps before the deal (7.4) | 50 % each |
//! | a customer who forgot their rep, not closed on the spot, recognised within a month of the second registration (1.7 i) | 50 % each |
//! | recognised the same day, before a deal (1.7 g) | the first rep 100 % |
//! | closed on the spot before anyone recognised them (1.7 h), or not recognised within the month (1.7 j) | second rep 100 % |
//! | no rule settles it, or two rules claim it (7.7) | the project manager's written opinion, approved by the sales director |
//!
//! Two rules that both claim a deal (a referral brought by a company, say) are not combined by
//! guesswork: the deal waits for the project manager's settlement, as 7.7 says; once given,
//! the settlement is the split in force ([`in_force`]).

use super::roles::{Forgot, Roles};
use crate::domain::codes::code_set;
use crate::domain::deal::CompanyDeal;
use crate::error::Invalid;
use crate::messages::Message;

/// Shares are counted in hundredths of a percent: 10,000 is the whole commission.
pub const WHOLE: u32 = 10_000;

/// Who is paid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Party {
    Rep(i64),
    /// An employee who referred the customer (推介).
    Referrer(String),
    /// The public pool (公佣).
    Pool,
}

impl Party {
    /// `rep`, `referrer` or `pool`: what scripts read.
    pub fn role(&self) -> Role {
        match self {
            Party::Rep(_) => Role::Rep,
            Party::Referrer(_) => Role::Referrer,
            Party::Pool => Role::Pool,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Rep,
    Referrer,
    Pool,
}

code_set!(Role, "a commission role", [
    Rep => "rep", "置业顾问",
    Referrer => "referrer", "介绍人",
    Pool => "pool", "公佣",
]);

/// The rule a share follows, named after the seed's clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Plain,
    MidwayDesignation,
    MidwayInstigated,
    ReturningDesignation,
    LeaderDesignated,
    CompanyIntroduced,
    CompanyArranged,
    CompanyArrangedStaff,
    Referral,
    Spouses,
    ForgotSameDay,
    ForgotRecognised,
    ForgotNotRecognised,
    ForgotLater,
    Settled,
}

code_set!(Rule, "a commission rule", [
    Plain => "plain", "本人成交",
    MidwayDesignation => "midway-designation", "中途指定（5.2）",
    MidwayInstigated => "midway-instigated", "怂恿指定（5.2）",
    ReturningDesignation => "returning-designation", "老客户指定（5.3）",
    LeaderDesignated => "leader-designated", "领导指定（6.1.2）",
    CompanyIntroduced => "company-introduced", "公司介绍（6.1.3）",
    CompanyArranged => "company-arranged", "公司安排（6.1.4）",
    CompanyArrangedStaff => "company-arranged-staff", "公司安排他人跟进（6.1.5）",
    Referral => "referral", "员工推介（6.2.5）",
    Spouses => "spouses", "夫妻客（7.4）",
    ForgotSameDay => "forgot-same-day", "当日认出（1.7 g）",
    ForgotRecognised => "forgot-recognised", "一月内认出（1.7 i）",
    ForgotNotRecognised => "forgot-not-recognised", "成交前未认出（1.7 h）",
    ForgotLater => "forgot-later", "一月后认出（1.7 j）",
    Settled => "settled", "项目经理裁定（7.7）",
]);

impl Rule {
    /// The clause of seed 003 the rule comes from.
    pub fn clause(self) -> &'static str {
        match self {
            Rule::Plain => "7.3",
            Rule::MidwayDesignation | Rule::MidwayInstigated => "5.2",
            Rule::ReturningDesignation => "5.3",
            Rule::LeaderDesignated => "6.1.2",
            Rule::CompanyIntroduced => "6.1.3",
            Rule::CompanyArranged => "6.1.4",
            Rule::CompanyArrangedStaff => "6.1.5",
            Rule::Referral => "6.2.5",
            Rule::Spouses => "7.4",
            Rule::ForgotSameDay => "1.7 g",
            Rule::ForgotRecognised => "1.7 i",
            Rule::ForgotNotRecognised => "1.7 h",
            Rule::ForgotLater => "1.7 j",
            Rule::Settled => "7.7",
        }
    }
}

/// One party's share of a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub party: Party,
    /// In hundredths of a percent ([`WHOLE`] is all of it).
    pub share: u32,
    pub rule: Rule,
}

/// What the rules make of a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    Shares(Vec<Share>),
    /// No rule settles it, or several claim it: the project manager settles it (7.7).
    Unsettled(Vec<Rule>),
}

/// The parties of a rule and their shares.
type Parts = Vec<(Party, u32)>;

fn split(rule: Rule, parts: Parts) -> Vec<Share> {
    parts
        .into_iter()
        .filter(|(_, share)| *share > 0)
        .map(|(party, share)| Share { party, share, rule })
        .collect()
}

/// The shares of a deal from its roles.
pub fn shares(roles: &Roles) -> Split {
    let rep = roles.closing_rep;
    // Each rule that applies, with its parts; none where it applies but cannot pay the rep it
    // needs (the deal has no closing rep).
    let mut claims: Vec<(Rule, Option<Parts>)> = Vec::new();
    let with_rep = |rep_share: u32| {
        rep.map(|rep| {
            vec![
                (Party::Rep(rep), rep_share),
                (Party::Pool, WHOLE - rep_share),
            ]
        })
    };
    // A leader's designation of a company client is the company rule that applies (6.1.2),
    // however the company brought the client.
    let company = if roles.leader_designated {
        claims.push((Rule::LeaderDesignated, Some(vec![(Party::Pool, WHOLE)])));
        None
    } else {
        roles.company
    };
    match company {
        Some(CompanyDeal::Introduced) => claims.push((Rule::CompanyIntroduced, with_rep(7_000))),
        Some(CompanyDeal::Arranged) => claims.push((Rule::CompanyArranged, with_rep(3_000))),
        Some(CompanyDeal::ArrangedStaff) => {
            claims.push((Rule::CompanyArrangedStaff, Some(vec![(Party::Pool, WHOLE)])))
        }
        None => {}
    }
    if let Some(midway) = roles.midway {
        claims.push(if midway.instigated {
            (
                Rule::MidwayInstigated,
                Some(vec![(Party::Rep(midway.first_rep), WHOLE)]),
            )
        } else {
            (
                Rule::MidwayDesignation,
                Some(vec![
                    (Party::Rep(midway.first_rep), 7_000),
                    (Party::Rep(midway.designated_rep), 3_000),
                ]),
            )
        });
    }
    if roles.returning_designation.is_some() {
        claims.push((
            Rule::ReturningDesignation,
            rep.map(|rep| vec![(Party::Rep(rep), WHOLE)]),
        ));
    }
    if let Some(referrer) = &roles.referrer {
        claims.push((
            Rule::Referral,
            rep.map(|rep| {
                vec![
                    (Party::Referrer(referrer.clone()), 3_000),
                    (Party::Rep(rep), 7_000),
                ]
            }),
        ));
    }
    if let (Some(spouse), Some(rep)) = (roles.spouse_rep, rep)
        && spouse != rep
    {
        claims.push((
            Rule::Spouses,
            Some(vec![(Party::Rep(rep), 5_000), (Party::Rep(spouse), 5_000)]),
        ));
    }
    // Each 1.7 rule is about the two reps it names; a deal closed by a third rep is not the
    // situation it describes, and it leaves the deal to the other rules.
    let forgot = match roles.forgot {
        Some(Forgot::SameDay { first_rep }) => Some((Rule::ForgotSameDay, vec![first_rep], WHOLE)),
        Some(Forgot::ClosedUnrecognised { second_rep }) => {
            Some((Rule::ForgotNotRecognised, vec![second_rep], WHOLE))
        }
        Some(Forgot::Recognised {
            first_rep,
            second_rep,
        }) => Some((Rule::ForgotRecognised, vec![first_rep, second_rep], 5_000)),
        Some(Forgot::Later { second_rep }) => Some((Rule::ForgotLater, vec![second_rep], WHOLE)),
        None => None,
    };
    if let (Some((rule, paid, each)), Some(closing)) = (forgot, rep)
        && paid.contains(&closing)
    {
        let parts = paid.into_iter().map(|rep| (Party::Rep(rep), each));
        claims.push((rule, Some(parts.collect())));
    }
    match claims.as_slice() {
        [] => match rep {
            Some(rep) => Split::Shares(split(Rule::Plain, vec![(Party::Rep(rep), WHOLE)])),
            None => Split::Unsettled(Vec::new()),
        },
        [(rule, Some(parts))] => Split::Shares(split(*rule, parts.clone())),
        _ => Split::Unsettled(claims.iter().map(|(rule, _)| *rule).collect()),
    }
}

/// The split in force: the project manager's settlement (7.7), share by share as typed, takes
/// the place of what the rules make of the roles.
pub fn in_force(roles: &Roles, settled: Option<&[(Party, u32)]>) -> Split {
    match settled {
        Some(settled) => Split::Shares(
            settled
                .iter()
                .map(|(party, share)| Share {
                    party: party.clone(),
                    share: *share,
                    rule: Rule::Settled,
                })
                .collect(),
        ),
        None => shares(roles),
    }
}

/// Checks a settlement typed by the project manager (7.7) in `field`: every share above zero,
/// no party twice, and together exactly the whole.
pub fn check_settlement(
    shares: &[(Party, u32)],
    name: impl Fn(&Party) -> String,
    field: &str,
) -> Result<(), Invalid> {
    let field = field.to_string();
    if shares.is_empty() {
        return Err(Message::SettlementEmpty { field }.into());
    }
    for (index, (party, _)) in shares.iter().enumerate() {
        if shares[..index].iter().any(|(other, _)| other == party) {
            return Err(Message::SettlementPartyTwice {
                field,
                party: name(party),
            }
            .into());
        }
    }
    if shares.iter().any(|(_, share)| *share == 0) {
        return Err(Message::SettlementZeroShare { field }.into());
    }
    let total: u64 = shares.iter().map(|(_, share)| u64::from(*share)).sum();
    if total != u64::from(WHOLE) {
        return Err(Message::SettlementNotWhole {
            field,
            total: percent(total.min(u64::from(u32::MAX)) as u32),
        }
        .into());
    }
    Ok(())
}

/// `70`, `33.33`: a share in hundredths of a percent as a percentage.
pub fn percent(share: u32) -> String {
    if share.is_multiple_of(100) {
        (share / 100).to_string()
    } else {
        format!("{}.{:02}", share / 100, share % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

/// Parses a percentage typed for a share: `70`, `33.33`, `50%`.
pub fn parse_percent(raw: &str) -> Option<u32> {
    let text = raw.trim().trim_end_matches(['%', '％']).trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 3
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 2
    {
        return None;
    }
    let value = whole.parse::<u32>().ok()? * 100 + format!("{fraction:0<2}").parse::<u32>().ok()?;
    (value <= WHOLE).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::commission::Midway;
    use crate::output::Lang;

    const FIRST: i64 = 1;
    const SECOND: i64 = 2;

    fn rep(id: i64) -> Party {
        Party::Rep(id)
    }

    fn shares_of(roles: Roles) -> Vec<(Party, u32, Rule)> {
        match shares(&roles) {
            Split::Shares(list) => {
                let total: u32 = list.iter().map(|s| s.share).sum();
                assert_eq!(total, WHOLE, "{roles:?}: shares sum to 100 %");
                list.into_iter()
                    .map(|s| (s.party, s.share, s.rule))
                    .collect()
            }
            Split::Unsettled(rules) => panic!("{roles:?} is unsettled: {rules:?}"),
        }
    }

    fn closed_by(rep: i64) -> Roles {
        Roles {
            closing_rep: Some(rep),
            ..Roles::default()
        }
    }

    /// Every row of the table in SPEC §9 and the module header, with its expected shares.
    #[test]
    fn every_case_of_the_commission_table() {
        type Expected = Vec<(Party, u32, Rule)>;
        let cases: Vec<(&str, Roles, Expected)> = vec![
            (
                "the owning rep closed it",
                closed_by(FIRST),
                vec![(rep(FIRST), 10_000, Rule::Plain)],
            ),
            (
                "midway designation (5.2)",
                Roles {
                    midway: Some(Midway {
                        first_rep: FIRST,
                        designated_rep: SECOND,
                        instigated: false,
                    }),
                    ..closed_by(FIRST)
                },
                vec![
                    (rep(FIRST), 7_000, Rule::MidwayDesignation),
                    (rep(SECOND), 3_000, Rule::MidwayDesignation),
                ],
            ),
            (
                "midway designation the designated rep instigated (5.2)",
                Roles {
                    midway: Some(Midway {
                        first_rep: FIRST,
                        designated_rep: SECOND,
                        instigated: true,
                    }),
                    ..closed_by(FIRST)
                },
                vec![(rep(FIRST), 10_000, Rule::MidwayInstigated)],
            ),
            (
                "returning customer designated another rep (5.3)",
                Roles {
                    returning_designation: Some(SECOND),
                    ..closed_by(FIRST)
                },
                vec![(rep(FIRST), 10_000, Rule::ReturningDesignation)],
            ),
            (
                "a leader designated the rep (6.1.2)",
                Roles {
                    leader_designated: true,
                    company: Some(CompanyDeal::Introduced),
                    ..closed_by(FIRST)
                },
                vec![(Party::Pool, 10_000, Rule::LeaderDesignated)],
            ),
            (
                "company client introduced (6.1.3)",
                Roles {
                    company: Some(CompanyDeal::Introduced),
                    ..closed_by(FIRST)
                },
                vec![
                    (rep(FIRST), 7_000, Rule::CompanyIntroduced),
                    (Party::Pool, 3_000, Rule::CompanyIntroduced),
                ],
            ),
            (
                "company client arranged, the rep followed up (6.1.4)",
                Roles {
                    company: Some(CompanyDeal::Arranged),
                    ..closed_by(FIRST)
                },
                vec![
                    (rep(FIRST), 3_000, Rule::CompanyArranged),
                    (Party::Pool, 7_000, Rule::CompanyArranged),
                ],
            ),
            (
                "company client arranged, other staff followed up (6.1.5)",
                Roles {
                    company: Some(CompanyDeal::ArrangedStaff),
                    ..Roles::default()
                },
                vec![(Party::Pool, 10_000, Rule::CompanyArrangedStaff)],
            ),
            (
                "valid employee referral (6.2.5)",
                Roles {
                    referrer: Some("财务小王".into()),
                    ..closed_by(FIRST)
                },
                vec![
                    (Party::Referrer("财务小王".into()), 3_000, Rule::Referral),
                    (rep(FIRST), 7_000, Rule::Referral),
                ],
            ),
            (
                "spouses registered by two reps (7.4)",
                Roles {
                    spouse_rep: Some(SECOND),
                    ..closed_by(FIRST)
                },
                vec![
                    (rep(FIRST), 5_000, Rule::Spouses),
                    (rep(SECOND), 5_000, Rule::Spouses),
                ],
            ),
            (
                "forgot, recognised within the month (1.7 i)",
                Roles {
                    forgot: Some(Forgot::Recognised {
                        first_rep: FIRST,
                        second_rep: SECOND,
                    }),
                    ..closed_by(SECOND)
                },
                vec![
                    (rep(FIRST), 5_000, Rule::ForgotRecognised),
                    (rep(SECOND), 5_000, Rule::ForgotRecognised),
                ],
            ),
            (
                "forgot, recognised the same day (1.7 g)",
                Roles {
                    forgot: Some(Forgot::SameDay { first_rep: FIRST }),
                    ..closed_by(FIRST)
                },
                vec![(rep(FIRST), 10_000, Rule::ForgotSameDay)],
            ),
            (
                "forgot, closed on the spot before anyone recognised them (1.7 h)",
                Roles {
                    forgot: Some(Forgot::ClosedUnrecognised { second_rep: SECOND }),
                    ..closed_by(SECOND)
                },
                vec![(rep(SECOND), 10_000, Rule::ForgotNotRecognised)],
            ),
            (
                "forgot, not recognised within the month (1.7 j)",
                Roles {
                    forgot: Some(Forgot::Later { second_rep: SECOND }),
                    ..closed_by(SECOND)
                },
                vec![(rep(SECOND), 10_000, Rule::ForgotLater)],
            ),
        ];
        for (case, roles, expected) in cases {
            assert_eq!(shares_of(roles), expected, "{case}");
        }
    }

    #[test]
    fn a_forgotten_rep_is_paid_only_on_a_deal_one_of_the_two_closed() {
        let third = Roles {
            forgot: Some(Forgot::Recognised {
                first_rep: FIRST,
                second_rep: SECOND,
            }),
            ..closed_by(3)
        };
        assert_eq!(shares_of(third), vec![(rep(3), 10_000, Rule::Plain)]);
        let later = Roles {
            forgot: Some(Forgot::Later { second_rep: SECOND }),
            ..closed_by(FIRST)
        };
        assert_eq!(shares_of(later), vec![(rep(FIRST), 10_000, Rule::Plain)]);
    }

    #[test]
    fn spouses_with_one_rep_share_nothing() {
        let roles = Roles {
            spouse_rep: Some(FIRST),
            ..closed_by(FIRST)
        };
        assert_eq!(shares_of(roles), vec![(rep(FIRST), 10_000, Rule::Plain)]);
    }

    #[test]
    fn two_rules_claiming_one_deal_wait_for_the_project_manager() {
        let roles = Roles {
            referrer: Some("财务小王".into()),
            company: Some(CompanyDeal::Introduced),
            ..closed_by(FIRST)
        };
        assert_eq!(
            shares(&roles),
            Split::Unsettled(vec![Rule::CompanyIntroduced, Rule::Referral])
        );
        assert_eq!(
            shares(&Roles::default()),
            Split::Unsettled(vec![]),
            "no rep at all"
        );
    }

    #[test]
    fn a_settlement_in_force_replaces_what_the_rules_make_of_the_roles() {
        let roles = Roles {
            referrer: Some("财务小王".into()),
            company: Some(CompanyDeal::Introduced),
            ..closed_by(FIRST)
        };
        assert_eq!(in_force(&roles, None), shares(&roles));
        let settled = [
            (rep(FIRST), 6_000),
            (Party::Referrer("财务小王".into()), 4_000),
        ];
        assert_eq!(
            in_force(&roles, Some(&settled)),
            Split::Shares(vec![
                Share {
                    party: rep(FIRST),
                    share: 6_000,
                    rule: Rule::Settled
                },
                Share {
                    party: Party::Referrer("财务小王".into()),
                    share: 4_000,
                    rule: Rule::Settled
                },
            ])
        );
        let plain = closed_by(FIRST);
        assert_eq!(
            in_force(&plain, Some(&[(rep(SECOND), WHOLE)])),
            Split::Shares(vec![Share {
                party: rep(SECOND),
                share: WHOLE,
                rule: Rule::Settled
            }]),
            "a settlement stands even where the rules would settle it"
        );
    }

    #[test]
    fn a_settlement_adds_up_to_exactly_the_whole() {
        let check = |shares: &[(Party, u32)]| {
            check_settlement(
                shares,
                |party| match party {
                    Party::Rep(id) => format!("rep {id}"),
                    other => format!("{other:?}"),
                },
                "--share",
            )
            .map_err(|why| why.text(Lang::En).to_string())
        };
        assert!(check(&[(rep(1), 6_000), (rep(2), 4_000)]).is_ok());
        assert!(check(&[(rep(1), 3_333), (rep(2), 3_333), (Party::Pool, 3_334)]).is_ok());
        assert_eq!(
            check(&[(rep(1), 6_000), (rep(2), 3_000)]).unwrap_err(),
            "--share: the shares add up to 90, not 100; make them add up to exactly 100"
        );
        assert_eq!(
            check(&[(rep(1), 5_000), (rep(1), 5_000)]).unwrap_err(),
            "--share: rep 1 is named twice; give each party once"
        );
        assert_eq!(
            check(&[]).unwrap_err(),
            "--share: no shares given; type NAME=PCT for each party"
        );
        assert_eq!(
            check(&[(rep(1), 10_000), (rep(2), 0)]).unwrap_err(),
            "--share: a share of 0 pays nobody; leave that party out"
        );
    }

    #[test]
    fn percentages_read_and_print() {
        assert_eq!(parse_percent("70"), Some(7_000));
        assert_eq!(parse_percent("33.33"), Some(3_333));
        assert_eq!(parse_percent("50%"), Some(5_000));
        assert_eq!(parse_percent("100"), Some(10_000));
        for bad in ["", "101", "-5", "7.5.5", "abc", "33.333", "1e2"] {
            assert_eq!(parse_percent(bad), None, "{bad}");
        }
        assert_eq!(percent(7_000), "70");
        assert_eq!(percent(3_333), "33.33");
        assert_eq!(percent(3_350), "33.5");
    }
}
