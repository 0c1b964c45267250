//! Welfare referrals (issue 20; docs/ARCHITECTURE.md, "Welfare referrals", with the threat
//! model): the dong's sections and their in-charge officials, referrals and the receipt's status,
//! the team's case work, proactive visiting lists, the published figures, and retention.
//!
//! Every case read goes through `cases` (authorized by `Action::ViewCases`, audited); the fields
//! that identify a household are sealed here and nowhere else (`Fields`).

pub mod cases;
pub mod figures;
pub mod referrals;
pub mod retention;
pub mod sections;

use crate::domain::roles::Role;
use crate::error::AppError;
use crate::server::crypto::WelfareVault;
use crate::server::entities::{welfare_activity, welfare_case};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The dong's welfare team: who works its cases.
pub const TEAM_ROLES: [Role; 2] = [Role::WelfareOfficer, Role::VisitingNurse];

/// The sealed fields of one case or log entry: each value is bound to its row and field
/// (`welfare-case/17/place`), so it cannot be moved to another.
pub(crate) struct Fields<'a> {
    vault: &'a WelfareVault,
    prefix: String,
}

impl<'a> Fields<'a> {
    pub(crate) fn of_case(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-case/{id}") }
    }

    pub(crate) fn of_activity(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-activity/{id}") }
    }

    pub(crate) fn seal(&self, field: &str, plain: &str) -> Result<String, AppError> {
        self.vault.seal(&format!("{}/{field}", self.prefix), plain)
    }

    /// The plaintext of a field; empty where the field is empty (never stored, or purged).
    pub(crate) fn open(&self, field: &str, sealed: Option<&str>) -> Result<String, AppError> {
        match sealed {
            Some(s) => self.vault.open(&format!("{}/{field}", self.prefix), s),
            None => Ok(String::new()),
        }
    }
}

/// Every sealed column of a case and the field name its seals are bound to: what `insert_case`
/// seals, `retention::reseal` re-seals and `retention::purge` empties. `CaseText::values` and
/// `sealed_values` follow this order.
pub(crate) const CASE_SEALED: [(welfare_case::Column, &str); 5] = [
    (welfare_case::Column::Needs, "needs"),
    (welfare_case::Column::Program, "program"),
    (welfare_case::Column::Place, "place"),
    (welfare_case::Column::Note, "note"),
    (welfare_case::Column::Contact, "contact"),
];

/// A stored case's sealed values, in `CASE_SEALED`'s order.
pub(crate) fn sealed_values(m: &welfare_case::Model) -> [Option<&str>; 5] {
    [m.needs.as_deref(), m.program.as_deref(), m.place.as_deref(), m.note.as_deref(), m.contact.as_deref()]
}

/// The plain text of a new case's sealed fields; `None` leaves a field empty.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CaseText<'a> {
    pub needs: Option<&'a str>,
    pub program: Option<&'a str>,
    pub place: Option<&'a str>,
    pub note: Option<&'a str>,
    pub contact: Option<&'a str>,
}

impl<'a> CaseText<'a> {
    /// In `CASE_SEALED`'s order.
    fn values(&self) -> [Option<&'a str>; 5] {
        [self.needs, self.program, self.place, self.note, self.contact]
    }
}

/// Writes a new case: the row as given (its sealed columns left empty), then its fields sealed
/// under the id the insert gave it. Two statements, in the caller's transaction: a seal is bound
/// to its row's id, which exists only once the row does.
pub(crate) async fn insert_case(
    txn: &impl ConnectionTrait,
    vault: &WelfareVault,
    row: welfare_case::ActiveModel,
    text: CaseText<'_>,
) -> Result<i64, AppError> {
    let id = row.insert(txn).await?.id;
    let fields = Fields::of_case(vault, id);
    let mut q = welfare_case::Entity::update_many().filter(welfare_case::Column::Id.eq(id));
    for ((col, name), plain) in CASE_SEALED.into_iter().zip(text.values()) {
        if let Some(plain) = plain {
            q = q.col_expr(col, Expr::value(fields.seal(name, plain)?));
        }
    }
    q.exec(txn).await?;
    Ok(id)
}

/// Writes a new entry of a case's log, its findings (if any) sealed under its id, as
/// `insert_case` does. Returns the entry's id.
pub(crate) async fn insert_activity(
    txn: &impl ConnectionTrait,
    vault: &WelfareVault,
    row: welfare_activity::ActiveModel,
    findings: &str,
) -> Result<i64, AppError> {
    let id = row.insert(txn).await?.id;
    if !findings.is_empty() {
        welfare_activity::Entity::update_many()
            .col_expr(
                welfare_activity::Column::Findings,
                Expr::value(Fields::of_activity(vault, id).seal("findings", findings)?),
            )
            .filter(welfare_activity::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    Ok(id)
}
