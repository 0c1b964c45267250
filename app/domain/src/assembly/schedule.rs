//! An assembly's particulars and plan as organisers type them: minutes on Seoul's clock, the details,
//! the schedule a step is held to, and the public reason for calling it off.

use super::status::AssemblyEvent;
use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

/// A minute on Seoul's clock, as typed into a `datetime-local` field (`2026-12-05T14:00`). The
/// services turn it into UTC (Seoul keeps UTC+9 all year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeoulMinute {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl SeoulMinute {
    pub fn parse(field: Field, s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(field, InputRule::DateAndTime);
        let s = s.trim();
        let (date, time) = s.split_once(['T', ' ']).ok_or_else(bad)?;
        let mut d = date.split('-');
        let mut t = time.split(':');
        let num = |it: &mut std::str::Split<'_, char>| it.next().and_then(|v| v.parse::<u32>().ok());
        let (year, month, day) =
            (num(&mut d).ok_or_else(bad)?, num(&mut d).ok_or_else(bad)?, num(&mut d).ok_or_else(bad)?);
        let (hour, minute) = (num(&mut t).ok_or_else(bad)?, num(&mut t).ok_or_else(bad)?);
        let days = crate::calendar::days_in_month(year as i32, month);
        if !(2000..=2100).contains(&year)
            || days == 0
            || day == 0
            || day > days
            || hour > 23
            || minute > 59
            || d.next().is_some()
        {
            return Err(bad());
        }
        Ok(SeoulMinute { year: year as i32, month, day, hour, minute })
    }

    /// Minutes since 1970-01-01 00:00 on Seoul's clock (a `booking::LocalMinute`).
    pub fn ordinal_minutes(self) -> i64 {
        let days = crate::calendar::days_from_civil(self.year, self.month, self.day);
        days * 1440 + i64::from(self.hour) * 60 + i64::from(self.minute)
    }
}

/// An assembly's particulars, as the organiser enters them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyDetails {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub venue: String,
    pub pre_voting_starts: Option<SeoulMinute>,
    pub session_starts: SeoulMinute,
    pub session_ends: SeoulMinute,
}

impl AssemblyDetails {
    /// A session lasts at most this long.
    pub const MAX_SESSION_MINUTES: i64 = 12 * 60;

    pub fn parse(
        title: &str,
        description: &str,
        venue: &str,
        pre_voting_starts: &str,
        session_starts: &str,
        session_ends: &str,
    ) -> Result<Self, ValidationError> {
        use crate::text::bounded;
        let pre_voting_starts = if pre_voting_starts.trim().is_empty() {
            None
        } else {
            Some(SeoulMinute::parse(Field::PreVotingStarts, pre_voting_starts)?)
        };
        let session_starts = SeoulMinute::parse(Field::SessionStarts, session_starts)?;
        let session_ends = SeoulMinute::parse(Field::SessionEnds, session_ends)?;
        let length = session_ends.ordinal_minutes() - session_starts.ordinal_minutes();
        if length <= 0 {
            return Err(ValidationError::new(Field::SessionEnds, InputRule::EndsBeforeStart));
        }
        if length > Self::MAX_SESSION_MINUTES {
            return Err(ValidationError::new(Field::SessionEnds, InputRule::TooLong { hours: 12 }));
        }
        if pre_voting_starts.is_some_and(|p| p >= session_starts) {
            return Err(ValidationError::new(Field::PreVotingStarts, InputRule::AfterTheSession));
        }
        Ok(AssemblyDetails {
            title: bounded(Field::Title, title, 5, 120, false)?,
            description: bounded(Field::Description, description, 0, 5000, true)?,
            venue: bounded(Field::Venue, venue, 2, 200, false)?,
            pre_voting_starts,
            session_starts,
            session_ends,
        })
    }
}

/// How far a step is from the plan, when it is taken outside the planned window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OffSchedule {
    /// Before the planned time.
    Early,
    /// After the window closed.
    Late,
    /// Pre-voting was not planned at all.
    Unplanned,
}

impl OffSchedule {
    pub fn as_str(self) -> &'static str {
        match self {
            OffSchedule::Early => "early",
            OffSchedule::Late => "late",
            OffSchedule::Unplanned => "unplanned",
        }
    }
}

/// The planned times, in minutes on Seoul's clock (`SeoulMinute::ordinal_minutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub pre_voting_starts: Option<i64>,
    pub session_starts: i64,
    pub session_ends: i64,
}

impl Schedule {
    /// The doors open this long before the session starts: opening then is on time.
    pub const DOORS_OPEN_MINUTES: i64 = 60;

    /// Whether taking `event` at `now` departs from the plan; the organiser must then confirm
    /// it, and the departure is recorded. Only the steps that open voting are held to the plan:
    /// closing early (the agenda is done) or late (the count ran over), cancelling and publishing
    /// are the organisers' judgement.
    pub fn off_schedule(self, event: AssemblyEvent, now: i64) -> Option<OffSchedule> {
        match event {
            AssemblyEvent::OpenPreVoting => match self.pre_voting_starts {
                None => Some(OffSchedule::Unplanned),
                Some(p) if now < p => Some(OffSchedule::Early),
                Some(_) if now >= self.session_starts => Some(OffSchedule::Late),
                Some(_) => None,
            },
            AssemblyEvent::OpenSession if now < self.session_starts - Self::DOORS_OPEN_MINUTES => {
                Some(OffSchedule::Early)
            }
            AssemblyEvent::OpenSession if now >= self.session_ends => Some(OffSchedule::Late),
            _ => None,
        }
    }
}

/// Why an assembly is called off: shown to residents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelReason(String);

impl CancelReason {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Ok(CancelReason(crate::text::bounded(Field::Reason, s, 5, 500, false)?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_minutes_parse_strictly() {
        let m = SeoulMinute::parse(Field::Start, "2026-12-05T14:30").unwrap();
        assert_eq!((m.year, m.month, m.day, m.hour, m.minute), (2026, 12, 5, 14, 30));
        assert_eq!(SeoulMinute::parse(Field::Start, "2026-12-05 14:30"), Ok(m));
        assert!(SeoulMinute::parse(Field::Start, "2028-02-29T10:00").is_ok());
        for bad in ["2026-02-29T10:00", "2026-13-01T10:00", "2026-12-05", "2026-12-05T24:00", "x", "2026-12-05T14:60"] {
            assert!(SeoulMinute::parse(Field::Start, bad).is_err(), "{bad}");
        }
        let a = SeoulMinute::parse(Field::Start, "2026-12-31T23:00").unwrap();
        let b = SeoulMinute::parse(Field::Start, "2027-01-01T01:00").unwrap();
        assert_eq!(b.ordinal_minutes() - a.ordinal_minutes(), 120);
    }

    #[test]
    fn assembly_details_check_times_and_texts() {
        let ok = AssemblyDetails::parse(
            "2026 신촌동 주민총회",
            "",
            "신촌동 주민센터 3층",
            "2026-12-01T09:00",
            "2026-12-05T14:00",
            "2026-12-05T16:00",
        );
        assert!(ok.is_ok(), "{ok:?}");
        let field = |r: Result<AssemblyDetails, ValidationError>| r.unwrap_err().field.name();
        assert_eq!(
            field(AssemblyDetails::parse("2026 총회입니다", "", "센터", "", "2026-12-05T14:00", "2026-12-05T14:00")),
            "session_ends"
        );
        assert_eq!(
            field(AssemblyDetails::parse("2026 총회입니다", "", "센터", "", "2026-12-05T14:00", "2026-12-06T03:00")),
            "session_ends"
        );
        assert_eq!(
            field(AssemblyDetails::parse(
                "2026 총회입니다",
                "",
                "센터",
                "2026-12-05T14:00",
                "2026-12-05T14:00",
                "2026-12-05T16:00"
            )),
            "pre_voting_starts"
        );
        assert_eq!(
            field(AssemblyDetails::parse("총회", "", "센터", "", "2026-12-05T14:00", "2026-12-05T16:00")),
            "title"
        );
    }

    #[test]
    fn opening_voting_outside_the_plan_is_named() {
        let at = |s: &str| SeoulMinute::parse(Field::Start, s).unwrap().ordinal_minutes();
        let plan = Schedule {
            pre_voting_starts: Some(at("2026-12-01T09:00")),
            session_starts: at("2026-12-05T14:00"),
            session_ends: at("2026-12-05T16:00"),
        };
        let open_pre = |now: &str| plan.off_schedule(AssemblyEvent::OpenPreVoting, at(now));
        assert_eq!(open_pre("2026-11-06T09:00"), Some(OffSchedule::Early));
        assert_eq!(open_pre("2026-12-01T08:59"), Some(OffSchedule::Early));
        assert_eq!(open_pre("2026-12-01T09:00"), None);
        assert_eq!(open_pre("2026-12-05T13:59"), None);
        assert_eq!(open_pre("2026-12-05T14:00"), Some(OffSchedule::Late));
        let unplanned = Schedule { pre_voting_starts: None, ..plan };
        assert_eq!(
            unplanned.off_schedule(AssemblyEvent::OpenPreVoting, at("2026-12-02T10:00")),
            Some(OffSchedule::Unplanned)
        );

        let open = |now: &str| plan.off_schedule(AssemblyEvent::OpenSession, at(now));
        assert_eq!(open("2026-11-10T14:00"), Some(OffSchedule::Early), "25 days early");
        assert_eq!(open("2026-12-05T12:59"), Some(OffSchedule::Early));
        assert_eq!(open("2026-12-05T13:00"), None, "the doors open an hour before");
        assert_eq!(open("2026-12-05T15:59"), None);
        assert_eq!(open("2026-12-05T16:00"), Some(OffSchedule::Late));
        // closing, publishing, cancelling and announcing are never held to the plan
        for e in [AssemblyEvent::Announce, AssemblyEvent::Close, AssemblyEvent::PublishResults, AssemblyEvent::Cancel] {
            assert_eq!(plan.off_schedule(e, at("2026-11-01T00:00")), None, "{e:?}");
            assert_eq!(plan.off_schedule(e, at("2027-01-01T00:00")), None, "{e:?}");
        }
    }

    #[test]
    fn a_cancellation_says_why() {
        assert!(CancelReason::parse("강당 공사로 연기 후 다시 공지합니다").is_ok());
        assert_eq!(CancelReason::parse("  ").unwrap_err().field.name(), "reason");
        assert!(CancelReason::parse(&"가".repeat(501)).is_err());
    }
}
