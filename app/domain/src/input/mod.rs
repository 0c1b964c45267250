//! Why a typed value was refused, said from the rule itself in Korean and in English.
//!
//! A refusal is a [`ValidationError`]: the [`Field`] at fault (its name on the wire and what a
//! person calls it) and the [`InputRule`] that refused the value, carrying the rule's own numbers
//! (a text's bounds, a number's range, a list's maximum). Every sentence is built here, by
//! exhaustive matches over the rule and the field: a new rule or field without its words does not
//! compile, and no sentence is chosen by a field's name or carries a number typed by hand.

mod field;
mod rule;

pub use field::Field;
pub use rule::{Format, InputRule, Unit};

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A value that failed to parse into a domain type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {}", field.name(), rule.say(*field, Lang::En))]
pub struct ValidationError {
    pub field: Field,
    pub rule: InputRule,
}

impl ValidationError {
    pub fn new(field: Field, rule: InputRule) -> Self {
        Self { field, rule }
    }

    /// The refusal in `lang`, one sentence ending with a full stop.
    pub fn say(&self, lang: Lang) -> String {
        self.rule.say(self.field, lang)
    }
}

/// A setting, a reference file or a command-line argument an operator gave that does not read:
/// said to the operator in English at start-up, never to a resident (not a refusal of a request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {reason}")]
pub struct SetupError {
    pub what: &'static str,
    pub reason: String,
}

impl SetupError {
    pub fn new(what: &'static str, reason: impl Into<String>) -> Self {
        Self { what, reason: reason.into() }
    }
}

impl From<ValidationError> for SetupError {
    fn from(e: ValidationError) -> Self {
        SetupError { what: e.field.name(), reason: e.rule.say(e.field, Lang::En) }
    }
}

#[cfg(test)]
mod tests {
    use super::rule::grouped;
    use super::*;

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    /// The digit runs of a sentence, with thousands separators kept (`1,000`).
    fn numbers_in(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in s.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() || (c == ',' && !cur.is_empty()) {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(cur.trim_end_matches(',').to_owned());
                cur.clear();
            }
        }
        out
    }

    #[test]
    fn every_rule_on_every_field_speaks_both_languages_with_its_own_numbers() {
        for &field in Field::ALL {
            for rule in InputRule::samples() {
                let ko = rule.say(field, Lang::Ko);
                let en = rule.say(field, Lang::En);
                assert!(hangul(&ko), "{field:?} {rule:?}: {ko}");
                assert!(!hangul(&en), "{field:?} {rule:?}: {en}");
                assert!(ko.ends_with('.') || ko.contains("예:"), "{ko}");
                assert!(en.ends_with('.'), "{en}");
                // the examples of a format carry digits of their own; every other number is the rule's
                if matches!(rule, InputRule::Format { .. } | InputRule::DateAndTime) {
                    continue;
                }
                let want = rule.numbers();
                for sentence in [&ko, &en] {
                    assert_eq!(numbers_in(sentence), want, "{field:?} {rule:?}: {sentence}");
                }
            }
        }
    }

    #[test]
    fn particles_follow_the_last_syllable() {
        assert_eq!(InputRule::Length { min: 5, max: 200 }.say(Field::Title, Lang::Ko), "제목을 5~200자로 적어 주세요.");
        assert_eq!(
            InputRule::Length { min: 2, max: 60 }.say(Field::SpaceName, Lang::Ko),
            "공간 이름을 2~60자로 적어 주세요."
        );
        assert_eq!(
            InputRule::Length { min: 10, max: 4000 }.say(Field::Purpose, Lang::Ko),
            "목적을 10~4000자로 적어 주세요."
        );
        assert_eq!(
            InputRule::Length { min: 0, max: 200 }.say(Field::Alt, Lang::Ko),
            "사진 설명은 200자까지 쓸 수 있습니다."
        );
        assert_eq!(InputRule::NotChosen.say(Field::Category, Lang::Ko), "분야를 목록에서 고르세요.");
        assert_eq!(
            InputRule::Number { min: 1, max: 500, unit: Unit::People }.say(Field::Capacity, Lang::En),
            "Capacity must be a whole number from 1 to 500 people."
        );
    }

    #[test]
    fn large_numbers_are_grouped() {
        let r = InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won };
        assert_eq!(r.say(Field::Amount, Lang::Ko), "금액을 1~1,000,000,000,000원 사이의 숫자로 적어 주세요.");
        assert_eq!(grouped(-1500), "-1,500");
    }

    #[test]
    fn a_refusal_travels_as_json_and_back() {
        let e = ValidationError::new(Field::Title, InputRule::Length { min: 5, max: 200 });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<ValidationError>(&json).unwrap(), e);
        assert_eq!(e.to_string(), "title: Title must be 5 to 200 characters long.");
    }
}
