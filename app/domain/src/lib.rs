//! Pure domain rules: no I/O, no framework. Everything here is unit-tested beside the code.
//!
//! Inputs are parsed into these types at the edge (server functions, REST handlers, the CLI, the
//! reference-data loader), so code further in never re-checks them.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod assembly;
pub mod authz;
pub mod booking;
pub mod budgeting;
pub mod calendar;
pub mod category;
pub mod config_file;
pub mod geo;
pub mod group;
pub mod identity;
pub mod image;
pub mod image_meta;
pub mod lang;
pub mod ledger;
pub mod moderation;
pub mod money;
pub mod net;
pub mod oauth;
pub mod padding;
pub mod proposal;
pub mod receipt;
pub mod roles;
pub mod search;
pub mod text;
pub mod welfare;

/// A value that failed to parse into a domain type. The message is for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    pub field: &'static str,
    pub reason: String,
    /// The rule that refused the value, where the field's name alone does not tell which (one
    /// field, several rules that need different words). Pages speak from it, never from `reason`.
    pub rule: Option<InputRule>,
}

impl ValidationError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self { field, reason: reason.into(), rule: None }
    }

    /// The same error, naming the rule that refused the value.
    pub fn because(self, rule: InputRule) -> Self {
        Self { rule: Some(rule), ..self }
    }
}

/// Why a value was refused, for the fields that can be refused for more than one reason. The
/// numbers are the rule's own (a text's bounds, an approval's maximum), so messages can say them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum InputRule {
    /// Text-direction marks, zero-width spaces and the like in a one-line text.
    InvisibleCharacters,
    /// A text shorter than `min` or longer than `max` characters (empty included).
    Length { min: u32, max: u32 },
    /// A date and time that do not read as one.
    DateAndTime,
    /// A moment that must lie ahead and does not.
    NotInTheFuture,
    /// A date that must not lie ahead and does.
    InTheFuture,
    /// An end at or before its start.
    EndsBeforeStart,
    /// A session longer than the rule allows.
    TooLong { hours: u32 },
    /// A step that needs a reason, asked without one.
    ReasonMissing,
    /// A reason to be chosen from a list, not chosen.
    NotChosen,
    /// A ballot that abstains and chooses options at once.
    AbstainAndChoose,
    /// An approval ballot with more options than the item allows.
    TooManyChoices { max: u32 },
    /// A budget ballot whose projects cost more than the budget.
    OverBudget,
    /// Paper ballots counted beyond those given out.
    MoreThanGivenOut { issued: u64 },
    /// A line of a multi-line entry (counting from 1) that does not read.
    OnLine { line: u32 },
}

impl InputRule {
    /// One of each rule, with sample numbers, for tests that walk them all (a new rule without a
    /// line here fails to compile the `match`).
    pub fn samples() -> Vec<InputRule> {
        use InputRule as R;
        let all = vec![
            R::InvisibleCharacters,
            R::Length { min: 2, max: 200 },
            R::Length { min: 0, max: 200 },
            R::DateAndTime,
            R::NotInTheFuture,
            R::InTheFuture,
            R::EndsBeforeStart,
            R::TooLong { hours: 12 },
            R::ReasonMissing,
            R::NotChosen,
            R::AbstainAndChoose,
            R::TooManyChoices { max: 3 },
            R::OverBudget,
            R::MoreThanGivenOut { issued: 40 },
            R::OnLine { line: 3 },
        ];
        for r in &all {
            match r {
                R::InvisibleCharacters
                | R::Length { .. }
                | R::DateAndTime
                | R::NotInTheFuture
                | R::InTheFuture
                | R::EndsBeforeStart
                | R::TooLong { .. }
                | R::ReasonMissing
                | R::NotChosen
                | R::AbstainAndChoose
                | R::TooManyChoices { .. }
                | R::OverBudget
                | R::MoreThanGivenOut { .. }
                | R::OnLine { .. } => {}
            }
        }
        all
    }
}
