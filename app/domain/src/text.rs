//! Free text typed by people: Unicode-normalised (NFC: a syllable typed as separate jamo and the
//! same syllable precomposed are one text), trimmed, bounded in characters (not bytes: Korean is
//! three bytes a character in UTF-8), and free of control characters except line breaks in long
//! texts. Invisible formatting characters — bidirectional overrides, embeddings and isolates,
//! zero-width spaces and joiners — are refused in one-line texts (names, titles: a name could
//! display reversed, or two titles look the same and differ) and dropped from long ones.

use super::{Field, InputRule, ValidationError};
use unicode_normalization::UnicodeNormalization;

/// Characters that change how the text around them is shown, or are not shown at all.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// In a long text, the joiners emoji and some scripts need (U+200C, U+200D) stay; every other
/// invisible formatting character is dropped.
fn neutralised(s: &str) -> String {
    s.chars().filter(|c| !is_invisible_format(*c) || matches!(c, '\u{200C}' | '\u{200D}')).collect()
}

/// `s` normalised and trimmed, if it has `min..=max` characters and no control characters
/// (`multiline` allows line breaks and tabs, and drops invisible formatting characters that a
/// one-line text refuses). Messages name the limits, so the person knows what to change.
/// One CSV field: always quoted, quotes doubled, and a leading `= + - @` neutralised so a
/// spreadsheet never runs it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub fn bounded(field: Field, s: &str, min: usize, max: usize, multiline: bool) -> Result<String, ValidationError> {
    let normal: String = s.nfc().collect();
    let cleaned = if multiline { neutralised(&normal) } else { normal };
    let s = cleaned.trim();
    if !multiline && s.chars().any(is_invisible_format) {
        return Err(ValidationError::new(field, InputRule::InvisibleCharacters));
    }
    let n = s.chars().count();
    let length =
        InputRule::Length { min: u32::try_from(min).unwrap_or(u32::MAX), max: u32::try_from(max).unwrap_or(u32::MAX) };
    if n < min || n > max {
        return Err(ValidationError::new(field, length));
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !s.chars().all(allowed) {
        return Err(ValidationError::new(field, InputRule::ControlCharacters));
    }
    Ok(s.replace("\r\n", "\n"))
}

/// An optional text: empty means `None`.
pub fn optional(field: Field, s: &str, max: usize) -> Result<Option<String>, ValidationError> {
    if s.trim().is_empty() { Ok(None) } else { bounded(field, s, 0, max, false).map(Some) }
}

/// What substring search compares: lower-cased, whitespace collapsed.
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p: String = p.nfc().filter(|c| !is_invisible_format(*c)).collect();
        for w in p.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

/// A search typed into a list's search box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery(String);

impl SearchQuery {
    pub const MAX_CHARS: usize = 100;

    /// `None` for an empty box.
    /// At most `MAX_CHARS` characters as typed (counted before spaces are collapsed and letters
    /// lower-cased, so the limit is the one the API documents).
    pub fn parse(s: &str) -> Result<Option<Self>, ValidationError> {
        if s.chars().count() > Self::MAX_CHARS {
            let max = Self::MAX_CHARS as u32;
            return Err(ValidationError::new(Field::Q, InputRule::Length { min: 0, max }));
        }
        let q = search_text([s]);
        Ok((!q.is_empty()).then_some(Self(q)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `LIKE` pattern matching the query anywhere, with `\` as the escape character.
    pub fn like_pattern(&self) -> String {
        like_pattern(&self.0)
    }
}

/// A `LIKE` pattern matching `s` anywhere, with `\` as the escape character.
pub fn like_pattern(s: &str) -> String {
    let mut p = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A page number from a query string: 1-based, bad input means the first page.
pub fn page_number(s: Option<&str>) -> u64 {
    s.and_then(|s| s.trim().parse::<u64>().ok()).filter(|p| (1..=100_000).contains(p)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_count_characters_not_bytes() {
        assert_eq!(bounded(Field::Title, " 공원 ", 2, 2, false).unwrap(), "공원");
        assert_eq!(bounded(Field::Title, "공", 2, 10, false).unwrap_err().rule, InputRule::Length { min: 2, max: 10 });
        assert_eq!(
            bounded(Field::Title, "공원공원", 1, 3, false).unwrap_err().rule,
            InputRule::Length { min: 1, max: 3 }
        );
        assert_eq!(bounded(Field::Title, "  ", 1, 3, false).unwrap_err().rule, InputRule::Length { min: 1, max: 3 });
    }

    #[test]
    fn line_breaks_only_where_allowed() {
        assert!(bounded(Field::Title, "a\nb", 1, 10, false).is_err());
        assert_eq!(bounded(Field::Title, "a\r\nb", 1, 10, true).unwrap(), "a\nb");
        assert_eq!(bounded(Field::Title, "a\u{7}b", 1, 10, true).unwrap_err().rule, InputRule::ControlCharacters);
    }

    #[test]
    fn text_is_normalised_so_what_looks_the_same_is_the_same() {
        // 한 as three conjoining jamo, and precomposed
        let jamo = "\u{1112}\u{1161}\u{11AB}";
        assert_eq!(bounded(Field::Title, jamo, 1, 1, false).unwrap(), "한", "one character once composed");
        assert_eq!(bounded(Field::Title, "Cafe\u{301}", 1, 10, false).unwrap(), "Café");
        assert_eq!(search_text([jamo]), "한");
    }

    #[test]
    fn invisible_formatting_is_refused_in_names_and_dropped_from_bodies() {
        for sneaky in ["evil\u{202E}gpj.exe", "a\u{200B}b", "\u{2066}x\u{2069}", "\u{FEFF}name", "x\u{200D}y"] {
            let err = bounded(Field::Title, sneaky, 1, 50, false).unwrap_err();
            assert_eq!(err.rule, InputRule::InvisibleCharacters, "{sneaky:?}");
        }
        assert_eq!(bounded(Field::Body, "a\u{202E}b\u{200B}c\nd", 1, 50, true).unwrap(), "abc\nd");
        // emoji sequences keep their joiner in a body
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(bounded(Field::Body, family, 1, 50, true).unwrap(), family);
        // a body that was nothing but invisible characters is empty
        assert_eq!(
            bounded(Field::Body, "\u{200B}\u{202E}", 1, 50, true).unwrap_err().rule,
            InputRule::Length { min: 1, max: 50 }
        );
        assert_eq!(search_text(["공\u{200B}원"]), "공원");
    }

    #[test]
    fn optional_text_is_none_when_empty() {
        assert_eq!(optional(Field::Title, "  ", 5).unwrap(), None);
        assert_eq!(optional(Field::Title, "x", 5).unwrap(), Some("x".into()));
    }

    #[test]
    fn search_is_case_and_space_insensitive_and_escapes_like_wildcards() {
        assert_eq!(search_text(["  Book  Café", "놀이터\n정비"]), "book café 놀이터 정비");
        let q = SearchQuery::parse("  100%_Park ").unwrap().unwrap();
        assert_eq!(q.as_str(), "100%_park");
        assert_eq!(q.like_pattern(), "%100\\%\\_park%");
        assert_eq!(SearchQuery::parse("   ").unwrap(), None);
        assert!(SearchQuery::parse(&"가".repeat(101)).is_err());
    }

    #[test]
    fn bad_page_numbers_mean_the_first_page() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(Some("3")), 3);
    }
}
