//! `announce PHONE --rep REP --expected TIME`: a rep declares, before the visit, that an old
//! customer of theirs will bring a new one at the time agreed (老带新, 7.5a). On that day the
//! new customer typed with `visit --brought-by PHONE` is the rep's, as one reception, though
//! the old customer does not come along.

use anyhow::Result;

use super::facts::owners::owner_of;
use super::{Context, active_rep};
use crate::cli::AnnounceArgs;
use crate::db::{announcements, customers};
use crate::domain::dates;
use crate::domain::phone::Phone;
use crate::domain::reception::{self, Announcement};
use crate::error::invalid;
use crate::messages::columns::announce::COLUMNS;
use crate::messages::{Composed, Message};
use crate::output::Records;

pub fn run(context: &Context, args: AnnounceArgs) -> Result<()> {
    let phone = Phone::parse(&args.phone, "PHONE")?;
    let expected_at = dates::parse_moment(&args.expected, "--expected")?;
    let mut conn = context.writable()?;
    let (id, customer, rep, announcement) = context.write(&mut conn, |tx| {
        let rep = active_rep(tx, &args.rep, "--rep")?.as_ref();
        let customer = customers::by_phone(tx, phone.as_str())?.ok_or_else(|| {
            invalid(Message::NoCustomerWithPhone {
                field: Composed("PHONE".to_string()),
                phone: phone.masked(),
            })
        })?;
        let now = context.now();
        let owner = owner_of(tx, customer.id, now)?.map(|(rep, _)| rep);
        let announcement = Announcement {
            rep_id: rep.id,
            at: now,
            expected_at,
        };
        reception::check_announcement(&customer.name, &rep, owner.as_ref(), &announcement)?;
        let id = announcements::add(tx, customer.id, &announcement, context.clock())?;
        Ok((id, customer, rep, announcement))
    })?;
    let line = Message::Announced {
        rep: rep.name.clone(),
        name: customer.name.clone(),
        expected: dates::minute(announcement.expected_at),
    }
    .text(context.out.lang);
    let mut records = Records::new(COLUMNS);
    records.push(vec![
        id.into(),
        customer.id.into(),
        customer.name.into(),
        rep.name.into(),
        dates::minute(announcement.at).into(),
        dates::minute(announcement.expected_at).into(),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}
