//! What a resident group or a proposal is about. The same seven categories serve both, so a
//! group's proposals and the directory filters line up.

use super::lang::Lang;
use super::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    CareSharing,
    EnvironmentEnergy,
    CultureLearning,
    Safety,
    ChildrenYouth,
    Elderly,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::CareSharing,
        Category::EnvironmentEnergy,
        Category::CultureLearning,
        Category::Safety,
        Category::ChildrenYouth,
        Category::Elderly,
        Category::Other,
    ];

    /// The stored form (also used in URLs: `?category=safety`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::CareSharing => "care_sharing",
            Category::EnvironmentEnergy => "environment_energy",
            Category::CultureLearning => "culture_learning",
            Category::Safety => "safety",
            Category::ChildrenYouth => "children_youth",
            Category::Elderly => "elderly",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Category, InputRule::NotChosen))
    }

    /// The name people read.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::CareSharing => lang.pick("돌봄·나눔", "Care & sharing"),
            Category::EnvironmentEnergy => lang.pick("환경·에너지", "Environment & energy"),
            Category::CultureLearning => lang.pick("문화·배움", "Culture & learning"),
            Category::Safety => lang.pick("안전", "Safety"),
            Category::ChildrenYouth => lang.pick("아동·청소년", "Children & youth"),
            Category::Elderly => lang.pick("어르신", "Elderly"),
            Category::Other => lang.pick("기타", "Other"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_forms_round_trip_and_labels_exist_in_both_languages() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()).unwrap(), c);
            assert!(!c.label(Lang::Ko).is_empty());
            assert_ne!(c.label(Lang::Ko), c.label(Lang::En));
        }
        assert!(Category::parse("sports").is_err());
        let stored: std::collections::HashSet<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(stored.len(), Category::ALL.len());
    }
}
