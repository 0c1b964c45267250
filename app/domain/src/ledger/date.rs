//! Dates and periods: the day an entry took effect, and the month of a statement.

use crate::calendar::{days_from_civil, days_in_month, month_abbr, weekday_name, weekday_of_day};
use crate::lang::Lang;
use crate::{Field, Format, InputRule, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (`2026-11-24`), the day an entry took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntryDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl EntryDate {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Date, InputRule::Format { format: Format::Date });
        let mut it = s.trim().split('-');
        let mut num = || it.next().and_then(|v| v.parse::<u32>().ok());
        let (y, m, d) = (num().ok_or_else(bad)?, num().ok_or_else(bad)?, num().ok_or_else(bad)?);
        if it.next().is_some()
            || !(2000..=2100).contains(&y)
            || !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(y as i32, m)
        {
            return Err(bad());
        }
        Ok(EntryDate { year: y as i32, month: m, day: d })
    }

    /// Parses and checks the date is not after `today` (books record what happened).
    pub fn parse_not_after(s: &str, today: EntryDate) -> Result<Self, ValidationError> {
        let d = Self::parse(s)?;
        if d > today {
            return Err(ValidationError::new(Field::Date, InputRule::InTheFuture));
        }
        Ok(d)
    }

    pub fn month(self) -> Month {
        Month { year: self.year, month: self.month }
    }

    /// Monday 0 … Sunday 6.
    pub fn weekday(self) -> usize {
        weekday_of_day(days_from_civil(self.year, self.month, self.day))
    }

    /// As people read it: `2026년 11월 24일 (화)` / `Tue 24 Nov 2026`.
    pub fn long(self, lang: Lang) -> String {
        let w = self.weekday();
        match lang {
            Lang::Ko => format!("{}년 {}월 {}일 ({})", self.year, self.month, self.day, weekday_name(lang, w)),
            Lang::En => {
                format!("{} {} {} {}", weekday_name(lang, w), self.day, month_abbr(self.month), self.year)
            }
        }
    }
}

impl fmt::Display for EntryDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month (`2026-11`): the period of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Month, InputRule::Format { format: Format::Month });
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (y, m) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) {
            return Err(bad());
        }
        Ok(Month { year: y, month: m })
    }

    pub fn first_day(self) -> EntryDate {
        EntryDate { year: self.year, month: self.month, day: 1 }
    }

    pub fn last_day(self) -> EntryDate {
        EntryDate { year: self.year, month: self.month, day: days_in_month(self.year, self.month) }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { month: self.month - 1, ..self } }
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// The twelve months ending with this one, oldest first.
    pub fn last_twelve(self) -> Vec<Month> {
        let mut months = Vec::with_capacity(12);
        let mut m = self;
        for _ in 0..12 {
            months.push(m);
            m = m.previous();
        }
        months.reverse();
        months
    }
}

impl Month {
    /// As people read it: `2026년 11월` / `Nov 2026`.
    pub fn long(self, lang: Lang) -> String {
        match lang {
            Lang::Ko => format!("{}년 {}월", self.year, self.month),
            Lang::En => {
                const MONTHS: [&str; 12] =
                    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
                format!("{} {}", MONTHS[(self.month as usize).saturating_sub(1) % 12], self.year)
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months() {
        let today = EntryDate::parse("2026-11-24").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(EntryDate::parse("2028-02-29").map(|d| d.to_string()), Ok("2028-02-29".to_owned()));
        for bad in
            ["2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "26-11-24", "2026-11-24-1", "2026/11/24", ""]
        {
            assert!(EntryDate::parse(bad).is_err(), "{bad}");
        }
        assert!(EntryDate::parse_not_after("2026-11-24", today).is_ok());
        assert_eq!(EntryDate::parse_not_after("2026-11-25", today).err().map(|e| e.field.name()), Some("date"));
        let m = today.month();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(Month::parse("2026-01").map(Month::previous).map(|m| m.to_string()), Ok("2025-12".to_owned()));
        assert_eq!(Month::parse("2026-12").map(Month::next).map(|m| m.to_string()), Ok("2027-01".to_owned()));
        let twelve = m.last_twelve();
        assert_eq!((twelve[0].to_string(), twelve[11].to_string()), ("2025-12".to_owned(), "2026-11".to_owned()));
        assert_eq!(Month::parse("2024-02").map(Month::last_day).map(|d| d.day), Ok(29));
        assert_eq!(today.long(Lang::Ko), "2026년 11월 24일 (화)");
        assert_eq!(today.long(Lang::En), "Tue 24 Nov 2026");
        assert_eq!(EntryDate::parse("2000-01-01").map(|d| d.long(Lang::Ko)), Ok("2000년 1월 1일 (토)".to_owned()));
        assert_eq!(m.long(Lang::Ko), "2026년 11월");
        assert_eq!(m.long(Lang::En), "Nov 2026");
    }
}
