//! The read models several commands share: who a customer belongs to, a complaint with
//! everything its history says about it, a deal with its shares, the receipt of a reception, a
//! survey wave and its figures, a quality check as the due list shows it, a repair with its
//! clocks, and every report ([`reports`]), which the `report` command prints and the group
//! centre gathers from each project. Each gathers rows from the database rooms and hands them to
//! the rules; commands import these, never each other, and nothing here imports a command.

pub mod checks;
pub mod complaint_views;
pub mod deals;
pub mod fairness;
pub mod owners;
pub mod receipt;
pub mod repairs;
pub mod reports;
pub mod waves;

/// Hands what `read` reads to `flush` a batch of `size` at a time, the last batch short: a
/// listing or an export reads what its rows need from other tables for a batch of rows at once,
/// so that its memory is that of one batch whatever the size of the register.
pub fn in_batches<T>(
    size: usize,
    read: impl FnOnce(&mut dyn FnMut(T) -> anyhow::Result<()>) -> anyhow::Result<()>,
    mut flush: impl FnMut(Vec<T>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut batch = Vec::with_capacity(size);
    read(&mut |item| {
        batch.push(item);
        match batch.len() >= size {
            true => flush(std::mem::replace(&mut batch, Vec::with_capacity(size))),
            false => Ok(()),
        }
    })?;
    match batch.is_empty() {
        true => Ok(()),
        false => flush(batch),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_item_is_flushed_once_in_batches_the_last_one_short() {
        let mut seen = Vec::new();
        super::in_batches(
            3,
            |each| (1..=7).try_for_each(each),
            |batch| {
                seen.push(batch);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, [vec![1, 2, 3], vec![4, 5, 6], vec![7]]);
        let mut none = 0;
        super::in_batches(
            3,
            |_| Ok(()),
            |_: Vec<i32>| {
                none += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(none, 0, "nothing read, nothing flushed");
    }
}
