//! Satisfaction surveys (客户满意度调查): indicators and weights, scoring, the satisfaction index,
//! the call list, and the comparison with the previous wave.
//!
//! # Scoring
//! - Weights are normalised to sum to 1 when a survey is defined.
//! - A respondent's weighted score is the weighted mean of the scores they gave. An indicator
//!   they skipped is left out and the weights of those they answered are re-normalised, so a
//!   skipped question neither lowers nor raises the score: answers 5 and 3 under weights 0.5 and
//!   0.3 (0.2 skipped) score (0.5·5 + 0.3·3) / 0.8 = 4.25.
//! - The satisfaction index is the mean of the respondents' weighted scores, mapped from the
//!   scale onto 0–100: all answers at the lowest point give 0, all at the highest give 100.
//! - The top-two-box share is the share of answers in the two highest points of the scale.
//! - Standard deviations are sample deviations (n − 1); with a single answer there is none.
//!
//! # The half-yearly wave (seed 002: 每半年:对客户进行一次满意度调查(抽查率不低于20%))
//! - A call list drawn at a rate below 20 % is allowed (a second draw tops up a first), but the
//!   clerk is warned that it falls short of the 20 % ([`short_of_required`]).
//! - Every half-year (January–June, July–December) needs a wave: a wave belongs to the half-year
//!   it was started in, whatever its name says, and a half-year without one is flagged
//!   ([`HalfYear`], [`half_years_without_wave`]).

use super::text;
use crate::error::Invalid;
use crate::messages::Message;

/// One indicator with its normalised weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub key: String,
    pub label: String,
    pub weight: f64,
}

/// The standard indicators (SPEC §4): product quality 40 % over its five parts, service quality
/// 30 % over its three, value for money 15 %, brand and image 15 %.
pub fn standard() -> Vec<Indicator> {
    [
        ("environment", "社区环境", 0.08),
        ("layout", "户型设计", 0.08),
        ("construction", "施工质量", 0.08),
        ("function", "功能质量", 0.08),
        ("amenities", "配套设施", 0.08),
        ("sales_service", "销售服务", 0.10),
        ("complaint_handling", "投诉处理", 0.10),
        ("property_service", "物业服务", 0.10),
        ("value", "产品性价比", 0.15),
        ("brand", "公司品牌与形象", 0.15),
    ]
    .into_iter()
    .map(|(key, label, weight)| Indicator {
        key: key.into(),
        label: label.into(),
        weight,
    })
    .collect()
}

/// A key as typed: lower-case letters, digits and `_`, or Chinese; 1 to 40 characters.
fn key(raw: &str, field: &str) -> Result<String, Invalid> {
    let key = raw.trim();
    let fine = !key.is_empty()
        && key.chars().count() <= 40
        && key.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || c == '_'
                || (!c.is_ascii() && !text::acts_on_terminal(c))
        });
    if fine && !key.chars().any(char::is_whitespace) {
        Ok(key.to_string())
    } else {
        Err(Invalid::from(Message::IndicatorKey {
            field: field.to_string(),
            raw: raw.to_string(),
        }))
    }
}

/// Splits `KEY=VALUE`.
fn pair<'a>(raw: &'a str, field: &str, example: &str) -> Result<(&'a str, &'a str), Invalid> {
    raw.split_once('=')
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .ok_or_else(|| {
            Invalid::from(Message::NotAPair {
                field: field.to_string(),
                raw: raw.to_string(),
                example: example.to_string(),
            })
        })
}

/// Parses `KEY=WEIGHT` pairs and normalises the weights to sum to 1. An empty set, a repeated
/// key, a negative or non-numeric weight, or weights that are all zero are refused.
pub fn define(raw: &[String]) -> Result<Vec<Indicator>, Invalid> {
    if raw.is_empty() {
        return Err(Invalid::from(Message::NoIndicators {}));
    }
    let mut indicators: Vec<Indicator> = Vec::new();
    for item in raw {
        let (k, w) = pair(item, "--indicator", "value=0.3")?;
        let key = key(k, "--indicator")?;
        let weight: f64 = w
            .trim()
            .parse()
            .ok()
            .filter(|w: &f64| w.is_finite() && *w >= 0.0)
            .ok_or_else(|| Invalid::from(Message::BadWeight { item: item.clone() }))?;
        if indicators.iter().any(|i| i.key == key) {
            return Err(Invalid::from(Message::IndicatorTwice { key }));
        }
        indicators.push(Indicator {
            label: key.clone(),
            key,
            weight,
        });
    }
    let mut total: f64 = indicators.iter().map(|i| i.weight).sum();
    if total.is_infinite() {
        // Weights near f64::MAX add up to infinity and would all normalise to 0: bring them
        // down by the largest first.
        let largest = indicators.iter().map(|i| i.weight).fold(0.0, f64::max);
        for indicator in &mut indicators {
            indicator.weight /= largest;
        }
        total = indicators.iter().map(|i| i.weight).sum();
    }
    if total <= 0.0 {
        return Err(Invalid::from(Message::WeightsZero {}));
    }
    for indicator in &mut indicators {
        indicator.weight /= total;
    }
    Ok(indicators)
}

/// Parses `KEY=SCORE` answers against a survey's indicators and scale (1..=scale).
pub fn answers(
    raw: &[String],
    indicators: &[Indicator],
    scale: i64,
) -> Result<Vec<(String, i64)>, Invalid> {
    if raw.is_empty() {
        return Err(Invalid::from(Message::NoAnswers {}));
    }
    let mut answers: Vec<(String, i64)> = Vec::new();
    for item in raw {
        let (k, s) = pair(item, "KEY=SCORE", "value=4")?;
        let k = k.trim();
        let Some(indicator) = indicators.iter().find(|i| i.key == k || i.label == k) else {
            return Err(Invalid::from(Message::UnknownIndicator {
                key: k.to_string(),
                keys: indicators.iter().map(|i| i.key.clone()).collect(),
            }));
        };
        let score = score(s, scale, "KEY=SCORE").map_err(|_| {
            Invalid::from(Message::ScoreOffScale {
                field: "KEY=SCORE".to_string(),
                raw: item.clone(),
                scale,
            })
        })?;
        if answers.iter().any(|(key, _)| *key == indicator.key) {
            return Err(Invalid::from(Message::AnsweredTwice {
                key: indicator.key.clone(),
            }));
        }
        answers.push((indicator.key.clone(), score));
    }
    Ok(answers)
}

/// One score: a whole number from 1 to `scale`.
pub fn score(raw: &str, scale: i64, field: &str) -> Result<i64, Invalid> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (1..=scale).contains(s))
        .ok_or_else(|| {
            Invalid::from(Message::ScoreOffScale {
                field: field.to_string(),
                raw: raw.to_string(),
                scale,
            })
        })
}

/// A respondent's weighted score over the indicators they answered (see the module header).
pub fn weighted_score(indicators: &[Indicator], answers: &[(String, i64)]) -> Option<f64> {
    let (sum, weight) = answers
        .iter()
        .fold((0.0, 0.0), |(sum, weight), (key, score)| {
            match indicators.iter().find(|i| i.key == *key) {
                Some(i) => (sum + i.weight * *score as f64, weight + i.weight),
                None => (sum, weight),
            }
        });
    (weight > 0.0).then(|| sum / weight)
}

/// A score on the scale mapped onto 0–100.
pub fn to_index(score: f64, scale: i64) -> f64 {
    (score - 1.0) / (scale as f64 - 1.0) * 100.0
}

/// One indicator's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFigures {
    pub key: String,
    pub label: String,
    pub weight: f64,
    pub count: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub top_two_share: Option<f64>,
    /// Against the same indicator in the previous wave.
    pub delta: Option<f64>,
}

/// A wave's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub respondents: usize,
    pub index: Option<f64>,
    pub top_two_share: Option<f64>,
    pub indicators: Vec<IndicatorFigures>,
    pub index_delta: Option<f64>,
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn sample_sd(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    (values.len() > 1).then(|| {
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt()
    })
}

fn top_two(scores: &[f64], scale: i64) -> Option<f64> {
    (!scores.is_empty()).then(|| {
        scores.iter().filter(|s| **s >= (scale - 1) as f64).count() as f64 / scores.len() as f64
    })
}

/// The figures of a wave from its responses (each a respondent's answers), compared with the
/// previous wave's figures when there is one.
pub fn figures(
    indicators: &[Indicator],
    scale: i64,
    responses: &[Vec<(String, i64)>],
    previous: Option<&Figures>,
) -> Figures {
    let weighted: Vec<f64> = responses
        .iter()
        .filter_map(|r| weighted_score(indicators, r))
        .collect();
    let index = mean(&weighted).map(|m| to_index(m, scale));
    let mut all = Vec::new();
    let per_indicator = indicators
        .iter()
        .map(|indicator| {
            let scores: Vec<f64> = responses
                .iter()
                .flat_map(|r| {
                    r.iter()
                        .filter(|(k, _)| *k == indicator.key)
                        .map(|(_, s)| *s as f64)
                })
                .collect();
            all.extend_from_slice(&scores);
            let mean = mean(&scores);
            let before = previous
                .and_then(|p| p.indicators.iter().find(|i| i.key == indicator.key))
                .and_then(|i| i.mean);
            IndicatorFigures {
                key: indicator.key.clone(),
                label: indicator.label.clone(),
                weight: indicator.weight,
                count: scores.len(),
                mean,
                sd: sample_sd(&scores),
                top_two_share: top_two(&scores, scale),
                delta: mean.zip(before).map(|(now, then)| now - then),
            }
        })
        .collect();
    Figures {
        respondents: weighted.len(),
        index,
        top_two_share: top_two(&all, scale),
        indicators: per_indicator,
        index_delta: index
            .zip(previous.and_then(|p| p.index))
            .map(|(now, then)| now - then),
    }
}

/// The scale of a complaint follow-up call (`complaint revisit --score 1..5`).
pub const FOLLOW_UP_SCALE: i64 = 5;

/// The "complaint handling" figure from follow-up calls: their mean score on 1–5 and that mean
/// as an index on 0–100, comparable with a survey's.
pub fn complaint_handling(scores: &[i64]) -> Option<(f64, f64)> {
    let values: Vec<f64> = scores.iter().map(|s| *s as f64).collect();
    mean(&values).map(|m| (m, to_index(m, FOLLOW_UP_SCALE)))
}

/// The share of owners reached, and whether it meets the 20 % a half-yearly survey needs.
pub const REQUIRED_SAMPLE_RATE: f64 = 0.2;

/// Whether a call list drawn at `rate` falls short of the 20 % a half-yearly survey needs.
pub fn short_of_required(rate: f64) -> bool {
    // The rate was typed as a decimal (0.2): a hair below from floating point is not short.
    rate < REQUIRED_SAMPLE_RATE - 1e-9
}

/// A half of a year: January–June (first) or July–December (second), shown `2026H1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HalfYear {
    pub year: i32,
    /// 1 or 2.
    pub half: u8,
}

impl HalfYear {
    pub fn of(day: chrono::NaiveDate) -> HalfYear {
        use chrono::Datelike;
        HalfYear {
            year: day.year(),
            half: if day.month() <= 6 { 1 } else { 2 },
        }
    }

    pub fn previous(self) -> HalfYear {
        match self.half {
            1 => HalfYear {
                year: self.year - 1,
                half: 2,
            },
            _ => HalfYear { half: 1, ..self },
        }
    }

    /// Its first day.
    pub fn first_day(self) -> chrono::NaiveDate {
        let month = if self.half == 1 { 1 } else { 7 };
        chrono::NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(chrono::NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> chrono::NaiveDate {
        let (month, day) = if self.half == 1 { (6, 30) } else { (12, 31) };
        chrono::NaiveDate::from_ymd_opt(self.year, month, day).unwrap_or(chrono::NaiveDate::MAX)
    }

    pub fn name(self) -> String {
        format!("{}H{}", self.year, self.half)
    }
}

/// How a half-year stands in the report of a month: the waves started in it by the month's end,
/// and whether it is flagged (no wave, and its last month has come).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HalfYearWaves {
    pub half: HalfYear,
    pub waves: usize,
    pub flagged: bool,
}

/// The half-year of the month whose last day is `month_end` and the one before it, each with the
/// waves started in it by then (`started`: the days the waves were started) and whether it is
/// flagged for having none: the half-year before when it ended without a wave, the running one
/// in its last month's report (June's or December's) when none was started in it. Nothing for an
/// office without owners.
pub fn half_years_without_wave(
    month_end: chrono::NaiveDate,
    started: &[chrono::NaiveDate],
    has_owners: bool,
) -> Vec<HalfYearWaves> {
    // The survey asks owners (业主); an office that has sold nothing yet has no one to ask.
    if !has_owners {
        return Vec::new();
    }
    let now = HalfYear::of(month_end);
    [now.previous(), now]
        .into_iter()
        .map(|half| {
            let waves = started
                .iter()
                .filter(|day| HalfYear::of(**day) == half && **day <= month_end)
                .count();
            HalfYearWaves {
                half,
                waves,
                flagged: waves == 0 && half.last_day() <= month_end,
            }
        })
        .collect()
}

pub fn sample_rate(owners_answered: usize, owners: usize) -> Option<f64> {
    (owners > 0).then(|| owners_answered as f64 / owners as f64)
}

/// A small deterministic generator (splitmix64), so that a seed always draws the same list.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A seed from a survey's name, so that the same wave draws the same call list by default.
pub fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// How many owners to call: ceil(rate × owners).
pub fn sample_size(rate: f64, owners: usize) -> usize {
    (rate * owners as f64 - 1e-9).ceil().max(0.0) as usize
}

/// Draws `size` of the eligible owners at random (all of them when fewer are eligible), in the
/// order drawn.
pub fn draw(eligible: &[i64], size: usize, seed: u64) -> Vec<i64> {
    let mut pool = eligible.to_vec();
    let mut random = SplitMix(seed);
    // A partial Fisher–Yates shuffle: the first `size` places are the sample.
    let take = size.min(pool.len());
    for index in 0..take {
        let pick = index + (random.next() % (pool.len() - index) as u64) as usize;
        pool.swap(index, pick);
    }
    pool.truncate(take);
    pool
}

/// Parses `--rate`: a share above 0 and at most 1.
pub fn rate(raw: &str) -> Result<f64, Invalid> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|r| *r > 0.0 && *r <= 1.0)
        .ok_or_else(|| {
            Invalid::from(Message::NotARate {
                raw: raw.to_string(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn weights_are_normalised_and_bad_sets_refused() {
        let indicators = define(&strings(&["quality=2", "service=1", "value=1"])).unwrap();
        let weights: Vec<f64> = indicators.iter().map(|i| i.weight).collect();
        assert_eq!(weights, [0.5, 0.25, 0.25]);
        assert!(define(&[]).unwrap_err().to_string().contains("--standard"));
        assert!(
            define(&strings(&["a=0", "b=0"]))
                .unwrap_err()
                .to_string()
                .contains("every weight is zero")
        );
        assert!(define(&strings(&["a=-1"])).is_err());
        assert!(define(&strings(&["a=x"])).is_err());
        assert!(
            define(&strings(&["a"]))
                .unwrap_err()
                .to_string()
                .contains("KEY=VALUE")
        );
        assert!(
            define(&strings(&["a=1", "a=2"]))
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        assert!(define(&strings(&["Bad Key=1"])).is_err());
        let huge = define(&strings(&["性价比=1e308", "value=1e308"])).unwrap();
        let weights: Vec<f64> = huge.iter().map(|i| i.weight).collect();
        assert_eq!(weights, [0.5, 0.5], "weights whose sum overflows");
        let standard = standard();
        assert_eq!(standard.len(), 10);
        assert!(close(standard.iter().map(|i| i.weight).sum(), 1.0));
    }

    #[test]
    fn answers_are_checked_against_keys_and_scale() {
        let indicators = define(&strings(&["quality=1", "service=1"])).unwrap();
        assert_eq!(
            answers(&strings(&["quality=5", "service=1"]), &indicators, 5)
                .unwrap()
                .len(),
            2
        );
        for (bad, says) in [
            (&["quality=6"][..], "outside the scale"),
            (&["quality=0"][..], "outside the scale"),
            (&["quality=4.5"][..], "outside the scale"),
            (&["price=3"][..], "not an indicator"),
            (&["quality"][..], "KEY=VALUE"),
            (&["quality=3", "quality=4"][..], "twice"),
            (&[][..], "no answers"),
        ] {
            let err = answers(&strings(bad), &indicators, 5).unwrap_err();
            assert!(err.to_string().contains(says), "{bad:?}: {err}");
        }
    }

    #[test]
    fn a_skipped_indicator_is_renormalised_away() {
        let indicators = define(&strings(&["a=0.5", "b=0.3", "c=0.2"])).unwrap();
        let score = weighted_score(&indicators, &[("a".into(), 5), ("b".into(), 3)]).unwrap();
        assert!(close(score, 4.25), "{score}");
        let full = weighted_score(
            &indicators,
            &[("a".into(), 5), ("b".into(), 3), ("c".into(), 1)],
        )
        .unwrap();
        assert!(close(full, 3.6), "{full}");
        assert_eq!(weighted_score(&indicators, &[]), None);
    }

    #[test]
    fn the_index_runs_from_0_to_100() {
        assert!(close(to_index(1.0, 5), 0.0));
        assert!(close(to_index(5.0, 5), 100.0));
        assert!(close(to_index(4.0, 5), 75.0));
        assert!(close(to_index(7.0, 10), 66.666_666_666_666_67));
    }

    #[test]
    fn a_single_respondent_with_unequal_weights() {
        let indicators = define(&strings(&["a=3", "b=1"])).unwrap();
        let figures = figures(
            &indicators,
            5,
            &[vec![("a".into(), 4), ("b".into(), 2)]],
            None,
        );
        // (0.75·4 + 0.25·2) = 3.5 → (3.5 − 1) / 4 · 100 = 62.5
        assert_eq!(figures.respondents, 1);
        assert!(close(figures.index.unwrap(), 62.5));
        assert_eq!(
            figures.indicators[0].sd, None,
            "one answer has no sample deviation"
        );
        assert_eq!(figures.index_delta, None, "no previous wave");
        assert!(
            close(figures.top_two_share.unwrap(), 0.5),
            "4 is a top-two box on 1–5, 2 is not"
        );
    }

    #[test]
    fn figures_of_a_wave_against_the_previous_one() {
        let indicators = define(&strings(&["a=1", "b=1"])).unwrap();
        let first = figures(
            &indicators,
            5,
            &[vec![("a".into(), 3), ("b".into(), 3)]],
            None,
        );
        let responses = vec![
            vec![("a".into(), 5), ("b".into(), 4)],
            vec![("a".into(), 3)],
            vec![("a".into(), 4), ("b".into(), 2)],
        ];
        let second = figures(&indicators, 5, &responses, Some(&first));
        // Weighted scores 4.5, 3 (b skipped), 3 → mean 3.5 → index 62.5.
        assert!(close(second.index.unwrap(), 62.5));
        assert!(
            close(second.index_delta.unwrap(), 12.5),
            "first wave index 50"
        );
        let a = &second.indicators[0];
        assert_eq!(a.count, 3);
        assert!(close(a.mean.unwrap(), 4.0));
        assert!(close(a.sd.unwrap(), 1.0));
        assert!(close(a.delta.unwrap(), 1.0));
        assert!(close(a.top_two_share.unwrap(), 2.0 / 3.0));
        let b = &second.indicators[1];
        assert_eq!(b.count, 2);
        assert!(close(b.mean.unwrap(), 3.0));
        assert!(close(b.sd.unwrap(), 2f64.sqrt()));
        assert!(close(b.delta.unwrap(), 0.0));
        // 5 answers: 5, 4, 3, 4, 2 → three in the top two boxes.
        assert!(close(second.top_two_share.unwrap(), 0.6));
    }

    #[test]
    fn complaint_handling_from_follow_up_scores() {
        let (mean, index) = complaint_handling(&[5, 4, 3]).unwrap();
        assert!(close(mean, 4.0) && close(index, 75.0));
        assert_eq!(complaint_handling(&[]), None);
    }

    #[test]
    fn the_sample_is_the_rate_of_owners_rounded_up_and_repeatable() {
        assert_eq!(sample_size(0.2, 10), 2);
        assert_eq!(sample_size(0.2, 11), 3);
        assert_eq!(sample_size(0.2, 0), 0);
        assert_eq!(sample_size(1.0, 7), 7);
        let owners: Vec<i64> = (1..=50).collect();
        let list = draw(&owners, 10, 42);
        assert_eq!(list.len(), 10);
        assert_eq!(
            list,
            draw(&owners, 10, 42),
            "the same seed draws the same list"
        );
        assert_ne!(list, draw(&owners, 10, 43));
        let mut unique = list.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10, "nobody twice");
        assert_eq!(
            draw(&owners[..3], 10, 1).len(),
            3,
            "fewer eligible than asked"
        );
        assert_eq!(seed_of("2026H2"), seed_of("2026H2"));
        assert!(rate("0").is_err() && rate("1.5").is_err() && rate("x").is_err());
        assert!(close(rate("0.2").unwrap(), 0.2));
        assert_eq!(sample_rate(2, 10), Some(0.2));
        assert_eq!(sample_rate(0, 0), None);
    }

    #[test]
    fn a_rate_below_twenty_percent_falls_short() {
        assert!(short_of_required(0.1));
        assert!(short_of_required(0.199));
        assert!(!short_of_required(0.2));
        assert!(!short_of_required(rate("0.2").unwrap()));
        assert!(!short_of_required(0.35));
    }

    #[test]
    fn a_half_year_without_a_wave_is_flagged_once_it_is_due() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(HalfYear::of(d("2026-06-30")).name(), "2026H1");
        assert_eq!(HalfYear::of(d("2026-07-01")).name(), "2026H2");
        assert_eq!(HalfYear::of(d("2026-03-01")).previous().name(), "2025H2");
        let flags = |end: &str, started: &[&str]| -> Vec<(String, usize, bool)> {
            let started: Vec<_> = started.iter().map(|s| d(s)).collect();
            half_years_without_wave(d(end), &started, true)
                .into_iter()
                .map(|h| (h.half.name(), h.waves, h.flagged))
                .collect()
        };
        // November: the first half had its wave; the second is still running.
        assert_eq!(
            flags("2026-11-30", &["2026-05-10"]),
            [("2026H1".into(), 1, false), ("2026H2".into(), 0, false)]
        );
        // December's report: the second half's last month has come without a wave.
        assert_eq!(
            flags("2026-12-31", &["2026-05-10"]),
            [("2026H1".into(), 1, false), ("2026H2".into(), 0, true)]
        );
        // January: the second half ended without one; a wave started later does not count.
        assert_eq!(
            flags("2027-01-31", &["2026-05-10", "2027-02-03"]),
            [("2026H2".into(), 0, true), ("2027H1".into(), 0, false)]
        );
        assert!(half_years_without_wave(d("2026-12-31"), &[], false).is_empty());
        // A wave started in the half-year clears it, whatever its name.
        assert_eq!(
            flags("2026-12-31", &["2026-12-01"]),
            [("2026H1".into(), 0, true), ("2026H2".into(), 1, false)]
        );
    }
}
