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

#[cfg(test)]
mod label_tests {
    /// Every term's label speaks both languages (the list of terms is `term.rs`'s).
    #[test]
    fn every_labelled_enum() {
        crate::term::check_every_term();
    }
}
