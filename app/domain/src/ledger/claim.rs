//! Expense claims: as submitted, their status and payee, and who may decide them.

use super::account::ExpenseCategory;
use super::entry::Won;
use crate::{Field, Format, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimStatus {
    Submitted,
    Approved,
    Rejected,
}

impl ClaimStatus {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            ClaimStatus::Submitted => lang.pick("심사 중", "Awaiting a decision"),
            ClaimStatus::Approved => lang.pick("승인 · 지급됨", "Approved and paid"),
            ClaimStatus::Rejected => lang.pick("반려됨", "Rejected"),
        }
    }

    pub const ALL: [ClaimStatus; 3] = [ClaimStatus::Submitted, ClaimStatus::Approved, ClaimStatus::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s {
            "submitted" => Ok(ClaimStatus::Submitted),
            "approved" => Ok(ClaimStatus::Approved),
            "rejected" => Ok(ClaimStatus::Rejected),
            _ => Err(ValidationError::new(Field::Status, InputRule::NotChosen)),
        }
    }
}

/// Whom a payment goes to, as the public journal shows it (never the payee's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayeeType {
    Person,
    Business,
    Organisation,
}

impl PayeeType {
    pub const ALL: [PayeeType; 3] = [PayeeType::Person, PayeeType::Business, PayeeType::Organisation];

    pub fn as_str(self) -> &'static str {
        match self {
            PayeeType::Person => "person",
            PayeeType::Business => "business",
            PayeeType::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::PayeeType, InputRule::NotChosen))
    }
}

/// An expense claim as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub payee: String,
    pub payee_type: PayeeType,
    pub purpose: String,
    pub category: ExpenseCategory,
    pub amount: Won,
    pub project: Option<i64>,
    /// Makes a repeated submission (double click, retry) the same claim.
    pub idempotency_key: IdempotencyKey,
}

impl NewClaim {
    pub fn parse(
        payee: &str,
        payee_type: &str,
        purpose: &str,
        category: &str,
        amount: &str,
        project: &str,
        idempotency_key: &str,
    ) -> Result<Self, ValidationError> {
        use crate::text::bounded;
        let project = match project.trim() {
            "" => None,
            p => Some(
                p.parse::<i64>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| ValidationError::new(Field::Project, InputRule::NotChosen))?,
            ),
        };
        Ok(NewClaim {
            payee: bounded(Field::Payee, payee, 2, 100, false)?,
            payee_type: PayeeType::parse(payee_type)?,
            purpose: bounded(Field::Purpose, purpose, 5, 300, false)?,
            category: ExpenseCategory::parse(category)?,
            amount: Won::parse(amount)?,
            project,
            idempotency_key: IdempotencyKey::parse(idempotency_key)?,
        })
    }
}

/// A client-chosen key, 16–64 characters of `[A-Za-z0-9_-]` (forms carry a random one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        if (16..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            Ok(IdempotencyKey(s.to_owned()))
        } else {
            Err(ValidationError::new(Field::IdempotencyKey, InputRule::Format { format: Format::Key }))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who may decide a claim: anyone allowed to approve, except its author.
pub fn may_decide(author: i64, decider: i64, status: ClaimStatus) -> Result<(), ClaimRefusal> {
    if status != ClaimStatus::Submitted {
        Err(ClaimRefusal::AlreadyDecided)
    } else if author == decider {
        Err(ClaimRefusal::OwnClaim)
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("the claim has already been decided")]
    AlreadyDecided,
    #[error("nobody approves their own claim")]
    OwnClaim,
}

impl PayeeType {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            PayeeType::Person => lang.pick("개인", "Individual"),
            PayeeType::Business => lang.pick("업체", "Business"),
            PayeeType::Organisation => lang.pick("단체", "Organisation"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_decides_their_own_claim_or_one_already_decided() {
        assert_eq!(may_decide(1, 2, ClaimStatus::Submitted), Ok(()));
        assert_eq!(may_decide(1, 1, ClaimStatus::Submitted), Err(ClaimRefusal::OwnClaim));
        assert_eq!(may_decide(1, 2, ClaimStatus::Approved), Err(ClaimRefusal::AlreadyDecided));
        assert_eq!(may_decide(1, 2, ClaimStatus::Rejected), Err(ClaimRefusal::AlreadyDecided));
    }

    #[test]
    fn claims_are_parsed_at_the_edge() {
        let ok = NewClaim::parse(
            "동네철물",
            "business",
            "화단 흙과 모종 구입",
            "materials",
            "45,000",
            "3",
            "k-0123456789abcdef",
        );
        assert!(ok.is_ok());
        let field = |r: Result<NewClaim, ValidationError>| r.err().map(|e| e.field.name());
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "materials", "0", "", "k-0123456789abcdef")),
            Some("amount")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "friend", "화단 흙 구입", "materials", "10", "", "k-0123456789abcdef")),
            Some("payee_type")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "food", "10", "", "k-0123456789abcdef")),
            Some("category")
        );
        assert_eq!(
            field(NewClaim::parse(
                "동네철물",
                "business",
                "화단 흙 구입",
                "materials",
                "10",
                "x",
                "k-0123456789abcdef"
            )),
            Some("project")
        );
        assert_eq!(
            field(NewClaim::parse("동네철물", "business", "화단 흙 구입", "materials", "10", "", "short")),
            Some("idempotency_key")
        );
        assert_eq!(
            field(NewClaim::parse(
                "동네철물",
                "business",
                "화단 흙 구입",
                "materials",
                "10",
                "",
                "k-0123456789abcdef'--"
            )),
            Some("idempotency_key")
        );
    }
}
