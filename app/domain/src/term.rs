//! Closed sets of values with one stable word each — a booking's status, a space's kind, a role.
//!
//! The word is what the database stores, what the API sends and what a URL carries; the label is
//! what people read. Storage (`services::entities::Stored<T>`), the wire ([`as_word`]) and the
//! labels ([`Label`]) all go through [`Term`], so a new value is one edit: a variant with its word
//! (and its label) in its enum.

use crate::lang::Lang;

/// A closed set of values, each with one stable word.
pub trait Term: Sized + Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// Every value.
    const VALUES: &'static [Self];
    /// The word stored and sent for this value.
    fn stored(self) -> &'static str;
    /// The value whose word is `word`; `None` for a word that is none of them.
    fn from_stored(word: &str) -> Option<Self> {
        Self::VALUES.iter().copied().find(|v| v.stored() == word)
    }
}

/// A term's name for people, in both languages.
pub trait Label: Term {
    fn label(self, lang: Lang) -> &'static str;
}

/// The label of a word carried as text (a view field that may hold one of several terms, such as
/// a journal line's income or expense category); empty for a word that is none of `L`'s (a page
/// never shows a raw code). A field that holds one term carries the enum and calls `label`.
pub fn label_of<L: Label>(lang: Lang, word: &str) -> &'static str {
    L::from_stored(word).map_or("", |v| v.label(lang))
}

/// `#[serde(with = "domain::term::as_word")]`: a term travels as its stored word (the wire form
/// of the API), whatever the enum's own serde form is (sealed ballots keep theirs).
pub mod as_word {
    use super::Term;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<T: Term, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.stored())
    }

    pub fn deserialize<'de, T: Term, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let word = std::borrow::Cow::<'de, str>::deserialize(d)?;
        T::from_stored(&word).ok_or_else(|| {
            let expected: Vec<&str> = T::VALUES.iter().map(|v| v.stored()).collect();
            D::Error::custom(format!("unknown value `{word}`, expected one of {}", expected.join(", ")))
        })
    }
}

/// `#[serde(with = "domain::term::as_word_opt")]`: [`as_word`] for an optional term.
pub mod as_word_opt {
    use super::Term;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<T: Term, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(v.stored()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Term, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        #[derive(Deserialize)]
        struct Word<T: Term>(#[serde(with = "super::as_word")] T);
        Ok(Option::<Word<T>>::deserialize(d)?.map(|Word(v)| v))
    }
}

/// `#[serde(with = "domain::term::as_words")]`: [`as_word`] for a list of terms.
pub mod as_words {
    use super::Term;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<T: Term, S: Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|v| v.stored()))
    }

    pub fn deserialize<'de, T: Term, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        #[derive(Deserialize)]
        struct Word<T: Term>(#[serde(with = "super::as_word")] T);
        Ok(Vec::<Word<T>>::deserialize(d)?.into_iter().map(|Word(v)| v).collect())
    }
}

/// Declares a term: the enum, `ALL`, `as_str` and its [`Term`] implementation, from one list of
/// `Variant = "word"`, or of `Variant = "word" => ("한국어", "English")` for a term people read
/// (then also `label` and [`Label`]). A new value is that one line: `ALL` and every match follow
/// from it. The services declare theirs with it too (`domain::term_enum!`).
#[macro_export]
macro_rules! term_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident {
        $($(#[$vm:meta])* $v:ident = $w:literal => ($ko:literal, $en:literal)),+ $(,)?
    }) => {
        $crate::term_enum!($(#[$m])* $vis enum $name { $($(#[$vm])* $v = $w),+ });

        impl $name {
            /// The name people read.
            pub fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match self {
                    $($name::$v => lang.pick($ko, $en)),+
                }
            }
        }

        impl $crate::term::Label for $name {
            fn label(self, lang: $crate::lang::Lang) -> &'static str {
                $name::label(self, lang)
            }
        }
    };
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident = $w:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vm])* $v),+
        }

        impl $name {
            pub const ALL: [$name; [$($w),+].len()] = [$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $w),+
                }
            }
        }

        impl $crate::term::Term for $name {
            const VALUES: &'static [Self] = &$name::ALL;
            fn stored(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

/// Implements [`Term`] for enums that have `ALL` and `as_str`, and also [`Label`] for those that
/// have `label(lang)`; the test below walks the same lists.
macro_rules! terms {
    (
        declared: [$($d:ty),* $(,)?]
        declared_labelled: [$($dl:ty),* $(,)?]
        plain: [$($t:ty),* $(,)?]
        labelled: [$($l:ty),* $(,)?]
    ) => {
        $(terms!(@term $t);)*
        $(
            terms!(@term $l);
            impl Label for $l {
                fn label(self, lang: Lang) -> &'static str {
                    <$l>::label(self, lang)
                }
            }
        )*
        /// Every term's words read back; every label speaks both languages.
        #[cfg(test)]
        pub(crate) fn check_every_term() {
            $(tests::every_word_reads_back::<$d>();)*
            $(tests::every_label_speaks_both_languages::<$dl>();)*
            $(tests::every_word_reads_back::<$t>();)*
            $(tests::every_label_speaks_both_languages::<$l>();)*
        }
    };
    (@term $t:ty) => {
        impl Term for $t {
            const VALUES: &'static [Self] = &<$t>::ALL;
            fn stored(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

// Every term of the domain: a new stored enum is listed here (`declared`: by `term_enum!`, which
// implements `Term` itself; `plain`: no label; `labelled`: a name in both languages).
terms! {
    declared: [
        crate::assembly::AttendanceStep,
        crate::assembly::Channel,
        crate::assembly::OutcomeKind,
        crate::assembly::QuorumKind,
        crate::booking::Approval,
        crate::identity::RecoveryOutcome,
        crate::moderation::RestrictionKind,
        crate::roles::ProposalOutcome,
        crate::welfare::CaseKind,
        crate::welfare::LogKind,
    ]
    declared_labelled: [
        crate::assembly::ItemKind,
        crate::ledger::EntryKind,
        crate::ledger::ProjectStatus,
        crate::messaging::Channel,
        crate::messaging::DeliveryState,
        crate::messaging::Topic,
    ]
    plain: [
        crate::assembly::Majority,
        crate::booking::Every,
        crate::budgeting::PbRule,
        crate::group::Membership,
        crate::group::MemberRole,
        crate::group::MemberState,
        crate::identity::TokenScope,
        crate::moderation::NoticeKind,
    ]
    labelled: [
        crate::assembly::AssemblyStatus,
        crate::assembly::PaperState,
        crate::booking::SpaceKind,
        crate::booking::Status,
        crate::category::Category,
        crate::identity::VerificationMethod,
        crate::ledger::ClaimStatus,
        crate::ledger::ExpenseCategory,
        crate::ledger::IncomeCategory,
        crate::ledger::PayeeType,
        crate::moderation::ReportReason,
        crate::moderation::TargetKind,
        crate::proposal::Event,
        crate::proposal::ProposalStatus,
        crate::roles::Role,
        crate::welfare::ActivityKind,
        crate::welfare::CloseReason,
        crate::welfare::Need,
        crate::welfare::Origin,
        crate::welfare::Program,
        crate::welfare::Service,
        crate::welfare::Stage,
        crate::welfare::Urgency,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    pub(super) fn every_word_reads_back<T: Term>() {
        assert!(!T::VALUES.is_empty());
        let mut words: Vec<&str> = T::VALUES.iter().map(|v| v.stored()).collect();
        for v in T::VALUES {
            assert_eq!(T::from_stored(v.stored()), Some(*v), "{v:?}");
            // the word is what a database column and a URL hold: lower snake case
            assert!(v.stored().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{v:?}");
        }
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), T::VALUES.len(), "two values share a word");
        assert_eq!(T::from_stored("no_such_value"), None);
    }

    pub(super) fn every_label_speaks_both_languages<L: Label>() {
        every_word_reads_back::<L>();
        for v in L::VALUES {
            let (ko, en) = (v.label(Lang::Ko), v.label(Lang::En));
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{v:?}: {ko}");
            assert!(!en.is_empty() && ko != en, "{v:?}");
        }
    }

    #[test]
    fn a_term_travels_as_its_word() {
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct View {
            #[serde(with = "as_word")]
            status: booking::Status,
            #[serde(with = "as_word_opt")]
            outcome: Option<booking::Status>,
        }
        let v = View { status: booking::Status::CheckedIn, outcome: None };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"status":"checked_in","outcome":null}"#);
        assert_eq!(serde_json::from_str::<View>(&json).unwrap(), v);
        let some = r#"{"status":"no_show","outcome":"cancelled"}"#;
        assert_eq!(serde_json::from_str::<View>(some).unwrap().outcome, Some(booking::Status::Cancelled));
        let err = serde_json::from_str::<View>(r#"{"status":"lost","outcome":null}"#).unwrap_err();
        assert!(err.to_string().contains("unknown value `lost`, expected one of requested"), "{err}");
    }
}
