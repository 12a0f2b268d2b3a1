//! A file of reps (销售人员名单): each row a rep's name and, if the office keeps it, their
//! phone. A rep is known by name, so the name is all a row needs.

use chrono::NaiveDateTime;

use super::{Cells, Field, Kind, PHONE_NAMES, Sheet, field};
use crate::domain::phone::Phone;

const REP_FIELDS: &[Field] = &[
    field(
        "name",
        &["姓名", "置业顾问", "销售员", "顾问", "员工姓名", "rep"],
        true,
        "the rep's name",
    ),
    field("phone", PHONE_NAMES, false, "a phone number"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct RepLine {
    pub name: String,
    pub phone: Option<Phone>,
}

pub struct Reps;

impl Sheet for Reps {
    const KIND: Kind = Kind::Reps;
    const FIELDS: &'static [Field] = REP_FIELDS;
    type Line = RepLine;

    fn line(cells: &mut Cells, _now: NaiveDateTime) -> Option<RepLine> {
        let name = cells.required("name", crate::domain::field::name);
        let phone = cells.optional("phone", Phone::parse);
        Some(RepLine { name: name?, phone })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, read};
    use super::*;

    #[test]
    fn a_rep_is_a_name_and_perhaps_a_phone() {
        let line = read::<Reps>(&["置业顾问", "手机"], &[" 王芳 ", "138 1234 5678"]).unwrap();
        assert_eq!(line.name, "王芳");
        assert_eq!(
            line.phone.map(|p| p.as_str().to_string()).as_deref(),
            Some("13812345678")
        );
        let line = read::<Reps>(&["姓名", "电话"], &["王芳", ""]).unwrap();
        assert_eq!(line.phone, None);
    }

    #[test]
    fn a_rep_without_a_name_or_with_a_bad_phone_is_refused() {
        let problems = read::<Reps>(&["姓名", "电话"], &["", "12345"]).unwrap_err();
        assert_eq!(columns(&problems), ["姓名", "电话"]);
        assert!(
            problems[0]
                .message
                .starts_with("姓名: empty; type the rep's name"),
            "{problems:?}"
        );
    }
}
