//! The agenda: a new item as the organiser describes it (a proposal, options, or a budget).

use crate::{Field, Format, InputRule, Unit, ValidationError};

/// A new agenda item, as the organiser describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewItem {
    /// Approve or reject an eligible proposal of the dong (its title becomes the item's).
    Proposal { proposal_id: i64 },
    /// Choose among options: one (`max` none) or up to `max` (approval voting).
    Options { title: String, description: String, options: Vec<String>, max: Option<u8> },
    /// Share `budget_won` among eligible proposals with a cost.
    Budget { title: String, description: String, budget_won: i64, proposal_ids: Vec<i64> },
}

impl NewItem {
    pub const MAX_OPTIONS: usize = 20;

    /// From the agenda form. `kind` is `proposal`, `single_choice`, `approval` or `budget`;
    /// options are one per line; proposals are numbers separated by commas or spaces.
    pub fn parse(
        kind: &str,
        title: &str,
        description: &str,
        options: &str,
        max: &str,
        budget_won: &str,
        proposals: &str,
    ) -> Result<Self, ValidationError> {
        use crate::text::bounded;
        let ids = |field: Field| -> Result<Vec<i64>, ValidationError> {
            let ids: Result<Vec<i64>, _> =
                proposals.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::parse).collect();
            ids.map_err(|_| ValidationError::new(field, InputRule::Format { format: Format::NumberList }))
        };
        match kind.trim() {
            "proposal" => match ids(Field::Proposals)?.as_slice() {
                [id] => Ok(NewItem::Proposal { proposal_id: *id }),
                _ => Err(ValidationError::new(
                    Field::Proposals,
                    InputRule::Number { min: 1, max: 1, unit: Unit::Entries },
                )),
            },
            "single_choice" | "approval" => {
                let list: Vec<String> =
                    options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
                if list.len() < 2 || list.len() > Self::MAX_OPTIONS {
                    return Err(ValidationError::new(
                        Field::Options,
                        InputRule::Number { min: 2, max: 20, unit: Unit::Entries },
                    ));
                }
                let mut labels = Vec::with_capacity(list.len());
                for l in &list {
                    labels.push(bounded(Field::Options, l, 1, 200, false)?);
                }
                let max = if kind.trim() == "approval" {
                    let n: u8 =
                        max.trim().parse().map_err(|_| ValidationError::new(Field::Max, InputRule::NotChosen))?;
                    if n < 1 || usize::from(n) > labels.len() {
                        return Err(ValidationError::new(Field::Max, InputRule::NotChosen));
                    }
                    Some(n)
                } else {
                    None
                };
                Ok(NewItem::Options {
                    title: bounded(Field::Title, title, 5, 200, false)?,
                    description: bounded(Field::Description, description, 0, 3000, true)?,
                    options: labels,
                    max,
                })
            }
            "budget" => {
                let required = || {
                    ValidationError::new(
                        Field::BudgetWon,
                        InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won },
                    )
                };
                let budget_won = crate::proposal::parse_won(budget_won)
                    .map_err(|_| required())?
                    .filter(|b| *b > 0)
                    .ok_or_else(required)?;
                let mut proposal_ids = ids(Field::Proposals)?;
                proposal_ids.sort_unstable();
                proposal_ids.dedup();
                if proposal_ids.len() < 2 || proposal_ids.len() > Self::MAX_OPTIONS {
                    return Err(ValidationError::new(
                        Field::Proposals,
                        InputRule::Number { min: 2, max: 20, unit: Unit::Entries },
                    ));
                }
                Ok(NewItem::Budget {
                    title: bounded(Field::Title, title, 5, 200, false)?,
                    description: bounded(Field::Description, description, 0, 3000, true)?,
                    budget_won,
                    proposal_ids,
                })
            }
            _ => Err(ValidationError::new(Field::Kind, InputRule::NotChosen)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_items_parse_from_the_form() {
        assert_eq!(NewItem::parse("proposal", "", "", "", "", "", " 42 "), Ok(NewItem::Proposal { proposal_id: 42 }));
        assert!(NewItem::parse("proposal", "", "", "", "", "", "1, 2").is_err());
        let single =
            NewItem::parse("single_choice", "축제 날짜 정하기", "", "5월 둘째 주\n\n9월 첫째 주\n", "", "", "")
                .unwrap();
        assert_eq!(
            single,
            NewItem::Options {
                title: "축제 날짜 정하기".into(),
                description: String::new(),
                options: vec!["5월 둘째 주".into(), "9월 첫째 주".into()],
                max: None
            }
        );
        assert_eq!(
            NewItem::parse("single_choice", "축제 날짜 정하기", "", "하나뿐", "", "", "").unwrap_err().field.name(),
            "options"
        );
        assert!(matches!(
            NewItem::parse("approval", "공원 시설 고르기", "", "a\nb\nc", "2", "", ""),
            Ok(NewItem::Options { max: Some(2), .. })
        ));
        assert_eq!(
            NewItem::parse("approval", "공원 시설 고르기", "", "a\nb", "3", "", "").unwrap_err().field.name(),
            "max"
        );
        let budget = NewItem::parse("budget", "2027 주민참여예산", "", "", "", "5,000,000", "3, 1 3").unwrap();
        assert_eq!(
            budget,
            NewItem::Budget {
                title: "2027 주민참여예산".into(),
                description: String::new(),
                budget_won: 5_000_000,
                proposal_ids: vec![1, 3]
            }
        );
        assert_eq!(
            NewItem::parse("budget", "2027 주민참여예산", "", "", "", "", "1, 2").unwrap_err().field.name(),
            "budget_won"
        );
        assert_eq!(
            NewItem::parse("budget", "2027 주민참여예산", "", "", "", "많이", "1, 2").unwrap_err().field.name(),
            "budget_won"
        );
        assert_eq!(NewItem::parse("vote", "제목입니다", "", "", "", "", "").unwrap_err().field.name(), "kind");
    }
}
