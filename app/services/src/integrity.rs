//! The platform's invariants, checked over the whole database (`uri-dongne check`, after a
//! restore, by the crash and scale-out tests). Each is also kept where it is written — by a
//! constraint, a trigger or the transaction that writes it; this is the second look, which finds
//! what a crash, a restore or a bug left behind. Read-only, and the same SQL on SQLite and
//! PostgreSQL.

use crate::storage::MediaStore;
use contract::error::AppError;
use sea_orm::{ConnectionTrait, Statement};

/// One invariant and the rows that break it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub invariant: &'static str,
    /// How many rows (entries, bookings, items, …) break it; 0 when it holds.
    pub violations: i64,
}

/// Each invariant, as a query counting the rows that break it.
const CHECKS: [(&str, &str); 8] = [
    (
        "every journal entry balances (debits = credits = its total)",
        "SELECT COUNT(*) AS n FROM journal_entries e WHERE e.total <> \
           (SELECT COALESCE(SUM(l.debit), 0) FROM journal_lines l WHERE l.entry_id = e.id) \
           OR e.total <> (SELECT COALESCE(SUM(l.credit), 0) FROM journal_lines l WHERE l.entry_id = e.id)",
    ),
    (
        "each fund's month totals are its journal's sums",
        "SELECT COUNT(*) AS n FROM ( \
           SELECT t.dong_code FROM fund_month_totals t LEFT JOIN ( \
             SELECT e.dong_code, substr(e.entry_date, 1, 7) AS month, l.account, \
                    SUM(l.debit) - SUM(l.credit) AS net \
               FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id \
              GROUP BY e.dong_code, substr(e.entry_date, 1, 7), l.account) j \
             ON j.dong_code = t.dong_code AND j.month = t.month AND j.account = t.account \
            WHERE COALESCE(j.net, 0) <> t.net \
           UNION ALL \
           SELECT j.dong_code FROM ( \
             SELECT e.dong_code, substr(e.entry_date, 1, 7) AS month, l.account, \
                    SUM(l.debit) - SUM(l.credit) AS net \
               FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id \
              GROUP BY e.dong_code, substr(e.entry_date, 1, 7), l.account) j \
           LEFT JOIN fund_month_totals t \
             ON j.dong_code = t.dong_code AND j.month = t.month AND j.account = t.account \
            WHERE t.net IS NULL AND j.net <> 0) x",
    ),
    (
        "no fund's cash is below zero",
        "SELECT COUNT(*) AS n FROM (SELECT e.dong_code FROM journal_lines l \
           JOIN journal_entries e ON e.id = l.entry_id WHERE l.account = 'cash' \
           GROUP BY e.dong_code HAVING SUM(l.debit) - SUM(l.credit) < 0) t",
    ),
    (
        "no two active bookings of one space overlap",
        "SELECT COUNT(*) AS n FROM bookings a JOIN bookings b \
           ON a.space_id = b.space_id AND a.id < b.id \
          WHERE a.status IN ('requested', 'confirmed', 'checked_in') \
            AND b.status IN ('requested', 'confirmed', 'checked_in') \
            AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
    ),
    (
        "each proposal's support count is its support rows",
        "SELECT COUNT(*) AS n FROM proposals p WHERE p.supports_count <> \
           (SELECT COUNT(*) FROM proposal_supports s WHERE s.proposal_id = p.id)",
    ),
    (
        "each dong's kept proposal counts are its public proposals",
        "SELECT COUNT(*) AS n FROM ( \
           SELECT c.dong_code FROM proposal_counts c LEFT JOIN ( \
             SELECT dong_code, status, category, COUNT(*) AS n FROM proposals \
              WHERE NOT hidden AND published_at IS NOT NULL GROUP BY dong_code, status, category) p \
             ON p.dong_code = c.dong_code AND p.status = c.status AND p.category = c.category \
            WHERE COALESCE(p.n, 0) <> c.n \
           UNION ALL \
           SELECT p.dong_code FROM ( \
             SELECT dong_code, status, category FROM proposals \
              WHERE NOT hidden AND published_at IS NOT NULL GROUP BY dong_code, status, category) p \
           LEFT JOIN proposal_counts c \
             ON p.dong_code = c.dong_code AND p.status = c.status AND p.category = c.category \
            WHERE c.n IS NULL) x",
    ),
    (
        "each agenda item has one ballot per online participation (cancelled assemblies' are void)",
        "SELECT COUNT(*) AS n FROM agenda_items i JOIN assemblies a ON a.id = i.assembly_id \
          WHERE a.status <> 'cancelled' AND \
            (SELECT COUNT(*) FROM participations p WHERE p.item_id = i.id AND p.channel = 'online') <> \
            (SELECT COUNT(*) FROM sealed_ballots s WHERE s.item_id = i.id) \
            + (SELECT COUNT(*) FROM secret_ballots s WHERE s.item_id = i.id) \
            + (SELECT COUNT(*) FROM open_ballots o WHERE o.item_id = i.id)",
    ),
    (
        "each resident votes on an assembly through one channel only",
        "SELECT COUNT(*) AS n FROM (SELECT assembly_id, user_id FROM assembly_channels \
           GROUP BY assembly_id, user_id HAVING COUNT(*) > 1) t",
    ),
];

/// The name of the media invariant in the findings.
pub const MEDIA_INVARIANT: &str = "every file a row names is in the media store";

/// Checks every invariant; with `media`, also that every file a row names is stored.
pub async fn check(db: &impl ConnectionTrait, media: Option<&MediaStore>) -> Result<Vec<Finding>, AppError> {
    let backend = db.get_database_backend();
    let mut findings = Vec::with_capacity(CHECKS.len() + 1);
    for (invariant, sql) in CHECKS {
        let row = db.query_one_raw(Statement::from_string(backend, sql)).await?;
        let violations = match row {
            Some(r) => r.try_get::<i64>("", "n")?,
            None => 0,
        };
        findings.push(Finding { invariant, violations });
    }
    if let Some(store) = media {
        let report = crate::storage::upkeep::check(db, store, chrono::Duration::zero(), chrono::Utc::now()).await?;
        let missing = i64::try_from(report.missing.len()).unwrap_or(i64::MAX);
        findings.push(Finding { invariant: MEDIA_INVARIANT, violations: missing });
    }
    Ok(findings)
}

/// The findings that do not hold.
pub fn broken(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.violations != 0).collect()
}
