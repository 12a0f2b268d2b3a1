//! How a report is filed by cron without being misfiled: a period that has not begun is a typo
//! (a wrong year in a crontab), not an empty report; and the name `--output` gives is filled
//! from the report's own period (`daily-{period}.csv` is the day reported, not the day the job
//! ran), each `{word}` one the command knows.

use chrono::NaiveDate;

use crate::error::Invalid;
use crate::messages::Message;

/// Refuses a period whose first day is after `today`: a report of it would be empty, and filed
/// under a name that would later be taken by the real one.
pub fn begun(first: NaiveDate, today: NaiveDate, field: &str, raw: &str) -> Result<(), Invalid> {
    if first > today {
        return Err(Invalid::from(Message::PeriodNotBegun {
            field: field.to_string(),
            raw: raw.to_string(),
            first: first.format("%Y-%m-%d").to_string(),
            today: today.format("%Y-%m-%d").to_string(),
        }));
    }
    Ok(())
}

/// The words of `template` in braces, in order, checked against `known`: an unknown one is
/// refused, naming the words that are known.
pub fn words<'a>(template: &'a str, known: &[&str], field: &str) -> Result<Vec<&'a str>, Invalid> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let word = &after[..close];
        if !known.contains(&word) {
            let known: Vec<String> = known.iter().map(|w| format!("{{{w}}}")).collect();
            return Err(Invalid::from(Message::UnknownPlaceholder {
                field: field.to_string(),
                word: word.to_string(),
                known: known.join(", "),
            }));
        }
        found.push(word);
        rest = &after[close + 1..];
    }
    Ok(found)
}

/// `template` with each `{word}` replaced by its value. The words are those [`words`] checked;
/// a value never holds a folder separator, so a filled name stays in the folder typed.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = template.to_string();
    for (word, value) in values {
        let safe: String = value
            .chars()
            .map(|c| if c == '/' || c == '\\' { '-' } else { c })
            .collect();
        filled = filled.replace(&format!("{{{word}}}"), &safe);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_that_has_not_begun_is_refused_and_asks_about_the_year() {
        let today = day(2026, 12, 4);
        assert!(begun(day(2026, 12, 1), today, "--month", "this").is_ok());
        assert!(begun(today, today, "--date", "today").is_ok());
        let err = begun(day(2031, 1, 1), today, "--month", "2031-01").unwrap_err();
        let text = err.text(Lang::En);
        assert!(text.contains("--month"), "{text}");
        assert!(text.contains("2031-01"), "{text}");
        assert!(text.contains("is the year right?"), "{text}");
    }

    #[test]
    fn placeholders_are_known_words_filled_from_the_period() {
        let known = ["period", "date"];
        assert_eq!(
            words("daily-{period}.csv", &known, "--output").unwrap(),
            vec!["period"]
        );
        assert!(words("daily.csv", &known, "--output").unwrap().is_empty());
        let err = words("daily-{day}.csv", &known, "--output").unwrap_err();
        assert!(err.text(Lang::En).contains("{day}"));
        assert!(err.text(Lang::En).contains("{period}"));
        assert_eq!(
            fill(
                "/srv/{period}/m-{period}.csv",
                &[("period", "2026-11"), ("date", "2026-12-02")]
            ),
            "/srv/2026-11/m-2026-11.csv"
        );
        assert_eq!(fill("g-{project}.csv", &[("project", "a/b")]), "g-a-b.csv");
    }
}
