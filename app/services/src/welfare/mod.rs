//! Welfare referrals (issue 20; docs/features/welfare.md, with its "Threat model"): the dong's
//! sections and their in-charge officials, referrals and the receipt's status, the team's case
//! work, proactive visiting lists, the published figures, and retention.
//!
//! Every case read goes through `cases` (authorized by `Action::ViewCases`, audited); the fields
//! that identify a household are sealed here and nowhere else (`Fields`).

pub mod cases;
pub mod figures;
pub mod referrals;
pub mod retention;
pub mod sections;

use crate::crypto::WelfareVault;
use crate::entities::{welfare_activity, welfare_case};
use contract::error::AppError;
use domain::padding::{WELFARE_BUCKETS, bucket, pad, unpad};
use domain::roles::Role;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The dong's welfare team: who works its cases.
pub const TEAM_ROLES: [Role; 2] = [Role::WelfareOfficer, Role::VisitingNurse];

/// The sealed fields of one case or log entry: each value is bound to its row and field
/// (`welfare-case/17/place`), so it cannot be moved to another.
///
/// A value is padded before it is sealed (`domain::padding`, to `WELFARE_BUCKETS`), so its
/// sealed length tells at most which bucket it fits: not which needs were ticked (needs are
/// padded to the length of all needs at once), nor how long an address or a note is. The padded
/// bytes are carried as base64 text (the vault seals text) and bound to `…/field/p1`: a value
/// sealed before padding (bound to `…/field`, unpadded) never opens as a padded one, and the
/// other way round. Both open; `retention::reseal` pads the old.
pub(crate) struct Fields<'a> {
    vault: &'a WelfareVault,
    prefix: String,
}

/// What a stored value opened to: its text, and whether it was sealed padded.
pub(crate) struct Opened {
    pub text: String,
    pub padded: bool,
}

/// The associated-data suffix of a padded value (the format's version).
const PADDED: &str = "p1";

impl<'a> Fields<'a> {
    pub(crate) fn of_case(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-case/{id}") }
    }

    pub(crate) fn of_activity(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-activity/{id}") }
    }

    /// `plain` padded to its bucket and sealed under the current key. A case's needs are padded
    /// to the bucket of all needs at once, so every combination has one length.
    pub(crate) fn seal(&self, field: &str, plain: &str) -> Result<String, AppError> {
        let at_least = if field == "needs" { all_needs_len() } else { 0 };
        self.vault.seal(&format!("{}/{field}/{PADDED}", self.prefix), &encode_padded(plain, at_least)?)
    }

    /// The plaintext of a field; empty where the field is empty (never stored, or purged).
    pub(crate) fn open(&self, field: &str, sealed: Option<&str>) -> Result<String, AppError> {
        Ok(self.open_any(field, sealed)?.map(|o| o.text).unwrap_or_default())
    }

    /// A stored value opened, padded or from before padding. A value whose length is one a
    /// padded value has is opened as padded first; only if that fails (an old value that
    /// happens to be as long) as an old one.
    pub(crate) fn open_any(&self, field: &str, sealed: Option<&str>) -> Result<Option<Opened>, AppError> {
        let Some(sealed) = sealed else { return Ok(None) };
        let legacy = format!("{}/{field}", self.prefix);
        if has_padded_length(sealed)
            && let Ok(encoded) = self.vault.open(&format!("{legacy}/{PADDED}"), sealed)
        {
            return Ok(Some(Opened { text: decode_padded(&encoded)?, padded: true }));
        }
        Ok(Some(Opened { text: self.vault.open(&legacy, sealed)?, padded: false }))
    }
}

/// How long the stored form of every need at once is (`Needs::stored`: comma-joined).
fn all_needs_len() -> usize {
    let names: Vec<&str> = domain::welfare::Need::ALL.iter().map(|n| n.as_str()).collect();
    names.join(",").len()
}

/// `plain` padded to its bucket (the bucket of `at_least` bytes, if larger), as base64 (no `=`):
/// the text the vault seals.
fn encode_padded(plain: &str, at_least: usize) -> Result<String, AppError> {
    use base64::Engine;
    let size = bucket(plain.len().max(at_least), &WELFARE_BUCKETS);
    let padded = pad(plain.as_bytes(), size).ok_or_else(|| {
        tracing::error!("a welfare field does not fit its bucket");
        AppError::Internal
    })?;
    Ok(base64::engine::general_purpose::STANDARD_NO_PAD.encode(padded))
}

fn decode_padded(encoded: &str) -> Result<String, AppError> {
    use base64::Engine;
    let fail = |why: &str| {
        tracing::error!(why, "a padded welfare field is malformed");
        AppError::Internal
    };
    let padded = base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded).map_err(|_| fail("base64"))?;
    let plain = unpad(&padded).ok_or_else(|| fail("padding"))?;
    String::from_utf8(plain.to_vec()).map_err(|_| fail("not text"))
}

/// Base64 (no `=`) length of `n` bytes.
const fn b64_len(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

/// The length of the base64 part of a sealed value whose padded plaintext is `size` bytes: the
/// vault seals `nonce (12) ‖ ciphertext ‖ tag (16)` of the base64 of the padded bytes.
pub(crate) const fn sealed_body_len(size: usize) -> usize {
    b64_len(12 + b64_len(size) + 16)
}

/// Whether `sealed` (`key:base64`) is as long as a padded value: a bucket, or a multiple of the
/// last one.
fn has_padded_length(sealed: &str) -> bool {
    let Some((_, body)) = sealed.split_once(':') else { return false };
    let len = body.len();
    if WELFARE_BUCKETS.iter().any(|b| sealed_body_len(*b) == len) {
        return true;
    }
    let last = WELFARE_BUCKETS.last().copied().unwrap_or(4096);
    let mut size = 2 * last;
    while sealed_body_len(size) <= len {
        if sealed_body_len(size) == len {
            return true;
        }
        size += last;
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::welfare::{Need, Needs};
    use std::collections::BTreeSet;

    fn vault() -> WelfareVault {
        WelfareVault::derived(b"a secret of at least thirty-two characters")
    }

    /// Every combination of needs seals to one length, and every text to a bucket's length.
    #[test]
    fn every_sealed_field_is_as_long_as_its_bucket() {
        let vault = vault();
        let fields = Fields::of_case(&vault, 17);
        let at_bucket: BTreeSet<usize> = WELFARE_BUCKETS.iter().map(|b| sealed_body_len(*b)).collect();
        let body = |s: &str| s.split_once(':').map(|(_, b)| b.len()).unwrap_or_default();
        let mut needs_lengths = BTreeSet::new();
        for mask in 1u32..(1 << Need::ALL.len()) {
            let picked: Vec<&str> =
                Need::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, n)| n.as_str()).collect();
            let needs = Needs::parse(picked).unwrap().stored();
            let sealed = fields.seal("needs", &needs).unwrap();
            needs_lengths.insert(body(&sealed));
            assert_eq!(fields.open("needs", Some(&sealed)).unwrap(), needs);
        }
        assert_eq!(needs_lengths.len(), 1, "every combination of needs seals to one length: {needs_lengths:?}");
        assert!(needs_lengths.is_subset(&at_bucket));
        // texts of every length up to the largest field: only bucket lengths (or multiples of 4096)
        let mut seen = BTreeSet::new();
        for n in (0..=4_000usize).step_by(7).chain([63, 64, 255, 256, 1023, 1024, 4095, 4096]) {
            for text in ["a".repeat(n), "가".repeat(n)] {
                let sealed = fields.seal("note", &text).unwrap();
                let len = body(&sealed);
                let size = bucket(text.len(), &WELFARE_BUCKETS);
                assert_eq!(len, sealed_body_len(size), "{} bytes", text.len());
                assert!(size.is_multiple_of(4096) || WELFARE_BUCKETS.contains(&size));
                assert!(has_padded_length(&sealed));
                assert_eq!(fields.open("note", Some(&sealed)).unwrap(), text);
                seen.insert(size);
            }
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), [64, 256, 1024, 4096, 8192, 12288, 16384]);
    }

    /// A value sealed before padding still opens; a padded one is bound to its format, field
    /// and row.
    #[test]
    fn values_sealed_before_padding_still_open() {
        let vault = vault();
        let fields = Fields::of_case(&vault, 17);
        let old = vault.seal("welfare-case/17/place", "연희로 11, 반지하").unwrap();
        let opened = fields.open_any("place", Some(&old)).unwrap().unwrap();
        assert_eq!((opened.text.as_str(), opened.padded), ("연희로 11, 반지하", false));
        // an old value exactly as long as a padded one still opens as what it is
        let as_long = "x".repeat(b64_len(64));
        let old = vault.seal("welfare-case/17/note", &as_long).unwrap();
        assert!(has_padded_length(&old));
        assert_eq!(fields.open("note", Some(&old)).unwrap(), as_long);
        let new = fields.seal("place", "연희로 11").unwrap();
        assert!(fields.open_any("place", Some(&new)).unwrap().unwrap().padded);
        assert!(fields.open("note", Some(&new)).is_err(), "moved to another field");
        assert!(Fields::of_case(&vault, 18).open("place", Some(&new)).is_err(), "moved to another case");
        assert!(vault.open("welfare-case/17/place", &new).is_err(), "a padded value is not an old one");
        assert_eq!(fields.open("place", None).unwrap(), "");
    }
}

/// How welfare cases are kept (docs/features/welfare.md).
#[derive(Clone, Debug)]
pub struct WelfareSettings {
    /// Seals the fields that identify a household (`UD_WELFARE_KEYS`).
    pub vault: crate::crypto::WelfareVault,
    /// Years a closed case keeps its sealed fields (`UD_WELFARE_RETENTION_YEARS`, default 3).
    pub retention_years: u32,
}

impl WelfareSettings {
    /// Where no keys are configured (development, tests): a key derived from `UD_SECRET`.
    pub fn derived(secret: &str) -> Self {
        Self {
            vault: crate::crypto::WelfareVault::derived(secret.as_bytes()),
            retention_years: domain::welfare::DEFAULT_RETENTION_YEARS,
        }
    }
}
