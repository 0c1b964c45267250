//! What a referral says: the needs the neighbour noticed, how urgent it is, where, and how to reach them.

use crate::lang::Lang;
use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

/// What the neighbour noticed. Several may be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Nobody seems to come or go; mail piles up.
    Isolation,
    /// An older person living alone.
    OlderAlone,
    /// A family with a newborn that is struggling.
    NewbornFamily,
    /// Unpaid bills, or electricity, gas or water cut off.
    UnpaidBills,
    Food,
    Health,
    Housing,
    Other,
}

impl Need {
    pub const ALL: [Need; 8] = [
        Need::Isolation,
        Need::OlderAlone,
        Need::NewbornFamily,
        Need::UnpaidBills,
        Need::Food,
        Need::Health,
        Need::Housing,
        Need::Other,
    ];

    /// The stored and submitted form.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Isolation => "isolation",
            Need::OlderAlone => "older_alone",
            Need::NewbornFamily => "newborn_family",
            Need::UnpaidBills => "unpaid_bills",
            Need::Food => "food",
            Need::Health => "health",
            Need::Housing => "housing",
            Need::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.as_str() == s.trim())
    }
}

/// The needs of one referral: at least one, each once, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs(Vec<Need>);

impl Needs {
    /// From the submitted values (a form's checkboxes, a JSON list). Unknown values are refused,
    /// not dropped: a client that sends them is wrong, and a person must not lose what they chose.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Needs, ValidationError> {
        let mut needs = Vec::new();
        for v in values {
            let need = Need::parse(v).ok_or_else(|| ValidationError::new(Field::Needs, InputRule::NotChosen))?;
            if !needs.contains(&need) {
                needs.push(need);
            }
        }
        if needs.is_empty() {
            return Err(ValidationError::new(Field::Needs, InputRule::NotChosen));
        }
        needs.sort();
        Ok(Needs(needs))
    }

    pub fn as_slice(&self) -> &[Need] {
        &self.0
    }

    /// The stored form: the needs' names joined by commas (`isolation,food`).
    pub fn stored(&self) -> String {
        self.0.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form back; `None` when it was not written by `stored`.
    pub fn from_stored(s: &str) -> Option<Needs> {
        Needs::parse(s.split(',')).ok()
    }
}

/// How soon someone should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Someone may be in danger now (the form also says to call 119 or 112).
    Urgent,
    /// Within days.
    Soon,
    /// When the team can.
    Whenever,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Urgent, Urgency::Soon, Urgency::Whenever];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::Soon => "soon",
            Urgency::Whenever => "whenever",
        }
    }

    pub fn parse(s: &str) -> Result<Urgency, ValidationError> {
        Urgency::ALL
            .into_iter()
            .find(|u| u.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Urgency, InputRule::NotChosen))
    }
}

/// Where the household is: an address or a landmark within the dong, as the neighbour says it.
pub const PLACE_MAX: usize = 200;
/// What they noticed, in their words.
pub const NOTE_MAX: usize = 2_000;
/// The referrer's own contact (a phone number or an e-mail address), when they give one.
pub const CONTACT_MAX: usize = 100;

/// A referral as submitted, parsed: what the team needs to find the household and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub needs: Needs,
    pub urgency: Urgency,
    pub place: String,
    /// May be empty: the needs may say enough.
    pub note: String,
    pub contact: Option<String>,
    /// Whether the team may contact the referrer; never without a contact.
    pub may_contact: bool,
}

impl Referral {
    pub fn parse<'a>(
        needs: impl IntoIterator<Item = &'a str>,
        urgency: &str,
        place: &str,
        note: &str,
        contact: &str,
        may_contact: bool,
    ) -> Result<Referral, ValidationError> {
        let needs = Needs::parse(needs)?;
        let urgency = Urgency::parse(urgency)?;
        let place = crate::text::bounded(Field::Place, place, 2, PLACE_MAX, false)?;
        let note = crate::text::bounded(Field::Observed, note, 0, NOTE_MAX, true)?;
        let contact = crate::text::optional(Field::Contact, contact, CONTACT_MAX)?;
        let may_contact = may_contact && contact.is_some();
        Ok(Referral { needs, urgency, place, note, contact, may_contact })
    }
}

impl Need {
    /// In plain words, as the referral form asks.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Need::Isolation => "고립 (인기척이 없음, 우편물이 쌓임)",
                Need::OlderAlone => "혼자 사는 어르신",
                Need::NewbornFamily => "어려움을 겪는 아기 있는 가정",
                Need::UnpaidBills => "공과금 체납, 전기·가스·수도 끊김",
                Need::Food => "끼니를 거름",
                Need::Health => "건강 (아픈데 돌봐 줄 사람이 없음)",
                Need::Housing => "주거 (집이 위험하거나 쫓겨날 처지)",
                Need::Other => "기타",
            },
            match self {
                Need::Isolation => "Isolation (nobody comes or goes, mail piles up)",
                Need::OlderAlone => "An older person living alone",
                Need::NewbornFamily => "A family with a baby that is struggling",
                Need::UnpaidBills => "Unpaid bills; electricity, gas or water cut off",
                Need::Food => "Going without meals",
                Need::Health => "Health (ill, with nobody to look after them)",
                Need::Housing => "Housing (unsafe home, or about to lose it)",
                Need::Other => "Something else",
            },
        )
    }

    /// A short name, for the team's queue.
    pub fn short(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Need::Isolation => "고립",
                Need::OlderAlone => "홀몸 어르신",
                Need::NewbornFamily => "출산 가정",
                Need::UnpaidBills => "공과금·단전",
                Need::Food => "식사",
                Need::Health => "건강",
                Need::Housing => "주거",
                Need::Other => "기타",
            },
            match self {
                Need::Isolation => "isolation",
                Need::OlderAlone => "older, alone",
                Need::NewbornFamily => "newborn family",
                Need::UnpaidBills => "bills, utilities",
                Need::Food => "food",
                Need::Health => "health",
                Need::Housing => "housing",
                Need::Other => "other",
            },
        )
    }
}

impl Urgency {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Urgency::Urgent => lang.pick("급해요 — 지금 위험할 수 있어요", "Urgent — someone may be in danger now"),
            Urgency::Soon => lang.pick("며칠 안에 살펴봐 주세요", "Please look within a few days"),
            Urgency::Whenever => lang.pick("급하지 않아요", "Not urgent"),
        }
    }

    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Urgency::Urgent => lang.pick("긴급", "urgent"),
            Urgency::Soon => lang.pick("빠른 확인", "soon"),
            Urgency::Whenever => lang.pick("보통", "when possible"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_are_a_non_empty_set_in_order() {
        let n = Needs::parse(["food", "isolation", "food"]).map(|n| n.stored());
        assert_eq!(n, Ok("isolation,food".to_owned()));
        assert!(Needs::parse([]).is_err());
        assert!(Needs::parse(["food", "drugs"]).is_err(), "an unknown need is refused, not dropped");
        let back = Needs::from_stored("isolation,food").map(|n| n.as_slice().to_vec());
        assert_eq!(back, Some(vec![Need::Isolation, Need::Food]));
        for need in Need::ALL {
            assert_eq!(Need::parse(need.as_str()), Some(need));
        }
    }

    #[test]
    fn a_referral_needs_a_place_and_a_contact_to_be_contacted() {
        let r = Referral::parse(["food"], "soon", "  연희로 1 근처 파란 대문 ", "", "", true);
        let r = r.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.place, "연희로 1 근처 파란 대문");
        assert!(!r.may_contact, "no contact, so nobody can be contacted");
        let r = Referral::parse(["food"], "soon", "연희로 1", "", "010-0000-0000", true);
        assert!(r.is_ok_and(|r| r.may_contact));
        let field = |r: Result<Referral, ValidationError>| r.err().map(|e| e.field.name());
        assert_eq!(field(Referral::parse(["food"], "soon", " ", "", "", false)), Some("place"));
        assert_eq!(field(Referral::parse(["food"], "later", "연희로 1", "", "", false)), Some("urgency"));
        assert_eq!(field(Referral::parse([], "soon", "연희로 1", "", "", false)), Some("needs"));
        let long = "가".repeat(NOTE_MAX + 1);
        assert_eq!(field(Referral::parse(["food"], "soon", "연희로 1", &long, "", false)), Some("observed"));
    }
}
