//! The two languages of the platform and how a request's choice is read.

use serde::{Deserialize, Serialize};

/// Korean is the default; English the second language. Every page exists in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

/// Name of the cookie that remembers the language choice.
pub const LANG_COOKIE: &str = "lang";
/// Name of the cookie that remembers easy mode (larger text, one column).
pub const EASY_COOKIE: &str = "easy";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// BCP 47 code, as used in `<html lang>` and in the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ko" | "ko-kr" => Some(Lang::Ko),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text of this language from a Korean/English pair. Used for page-local texts
    /// written side by side at their point of use; shared texts live in `i18n::Messages`.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    /// The language's own name, for the switcher (한국어 / English).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Ko => "한국어",
            Lang::En => "English",
        }
    }
}

/// Reads one cookie's value from a `Cookie` request header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

/// The display preferences a request carries in its cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Prefs {
    pub lang: Lang,
    pub easy: bool,
}

impl Prefs {
    /// Parses the `Cookie` header; unknown or missing values fall back to the defaults.
    pub fn from_cookie_header(header: &str) -> Prefs {
        Prefs {
            lang: cookie_value(header, LANG_COOKIE).and_then(Lang::from_code).unwrap_or_default(),
            easy: cookie_value(header, EASY_COOKIE) == Some("1"),
        }
    }
}

/// A name in both languages. Reference data and user content that is translated carry one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedName {
    pub ko: String,
    pub en: String,
}

impl LocalizedName {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("EN-us"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn prefs_from_cookies() {
        assert_eq!(Prefs::from_cookie_header(""), Prefs { lang: Lang::Ko, easy: false });
        assert_eq!(Prefs::from_cookie_header("a=b; lang=en; easy=1"), Prefs { lang: Lang::En, easy: true });
        assert_eq!(Prefs::from_cookie_header("lang=xx; easy=yes"), Prefs::default());
        // a cookie whose name merely ends in "lang" is not ours
        assert_eq!(Prefs::from_cookie_header("xlang=en").lang, Lang::Ko);
    }

    #[test]
    fn localized_name_picks_language() {
        let n = LocalizedName { ko: "서대문구".into(), en: "Seodaemun-gu".into() };
        assert_eq!(n.get(Lang::Ko), "서대문구");
        assert_eq!(n.get(Lang::En), "Seodaemun-gu");
    }
}

/// A stored enum's name for people, in both languages: what views show for a value they hold in
/// its stored form (`label_of::<ProposalStatus>(lang, &view.status)`). Implemented for every enum
/// with a fixed set of values (`ALL`), a stored form (`as_str`) and a `label`.
pub trait Label: Sized + Copy + 'static {
    /// Every value.
    const VALUES: &'static [Self];
    /// The stored form.
    fn stored(self) -> &'static str;
    /// The name people read.
    fn label(self, lang: Lang) -> &'static str;
}

/// The label of a value in its stored form; empty for a value that is none of the enum's (a view
/// never shows a raw code).
pub fn label_of<L: Label>(lang: Lang, stored: &str) -> &'static str {
    L::VALUES.iter().find(|v| v.stored() == stored).map_or("", |v| v.label(lang))
}

macro_rules! labelled {
    ($($t:ty),* $(,)?) => {$(
        impl Label for $t {
            const VALUES: &'static [Self] = &<$t>::ALL;
            fn stored(self) -> &'static str {
                <$t>::as_str(self)
            }
            fn label(self, lang: Lang) -> &'static str {
                <$t>::label(self, lang)
            }
        }
    )*};
}

labelled!(
    super::assembly::AssemblyStatus,
    super::booking::SpaceKind,
    super::booking::Status,
    super::category::Category,
    super::identity::VerificationMethod,
    super::ledger::ExpenseCategory,
    super::ledger::IncomeCategory,
    super::ledger::PayeeType,
    super::moderation::ReportReason,
    super::moderation::TargetKind,
    super::proposal::Event,
    super::proposal::ProposalStatus,
    super::roles::Role,
);

#[cfg(test)]
mod label_tests {
    use super::*;

    fn every_value_reads_back_and_speaks_both_languages<L: Label + std::fmt::Debug>() {
        assert!(!L::VALUES.is_empty());
        for v in L::VALUES {
            let (ko, en) = (label_of::<L>(Lang::Ko, v.stored()), label_of::<L>(Lang::En, v.stored()));
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{v:?}: {ko}");
            assert!(!en.is_empty() && ko != en, "{v:?}");
        }
        assert_eq!(label_of::<L>(Lang::Ko, "no_such_value"), "", "an unknown value shows nothing");
    }

    #[test]
    fn every_labelled_enum() {
        use super::super::*;
        every_value_reads_back_and_speaks_both_languages::<assembly::AssemblyStatus>();
        every_value_reads_back_and_speaks_both_languages::<booking::SpaceKind>();
        every_value_reads_back_and_speaks_both_languages::<booking::Status>();
        every_value_reads_back_and_speaks_both_languages::<category::Category>();
        every_value_reads_back_and_speaks_both_languages::<identity::VerificationMethod>();
        every_value_reads_back_and_speaks_both_languages::<ledger::ExpenseCategory>();
        every_value_reads_back_and_speaks_both_languages::<ledger::IncomeCategory>();
        every_value_reads_back_and_speaks_both_languages::<ledger::PayeeType>();
        every_value_reads_back_and_speaks_both_languages::<moderation::ReportReason>();
        every_value_reads_back_and_speaks_both_languages::<moderation::TargetKind>();
        every_value_reads_back_and_speaks_both_languages::<proposal::Event>();
        every_value_reads_back_and_speaks_both_languages::<proposal::ProposalStatus>();
        every_value_reads_back_and_speaks_both_languages::<roles::Role>();
    }
}
