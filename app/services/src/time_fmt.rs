//! Times are stored in UTC and shown and entered in Seoul time, converted through the IANA time
//! zone database (`chrono-tz`, Asia/Seoul: UTC+9 today, with the daylight saving of 1987–88 and
//! the older offsets for dates that far back).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{Asia::Seoul, Tz};
use domain::booking::LocalMinute;

fn seoul(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&Seoul)
}

/// An instant as minutes on Seoul's clock (the domain's `LocalMinute`), seconds dropped.
pub fn local_minute(t: DateTime<Utc>) -> LocalMinute {
    seoul(t).naive_local().and_utc().timestamp().div_euclid(60)
}

/// Minutes on Seoul's clock as an instant. Where the clock was set back (1987–88) the earlier of
/// the two instants; in an hour the clock skipped, the time an hour later.
pub fn from_local_minute(m: LocalMinute) -> DateTime<Utc> {
    let naive: NaiveDateTime = DateTime::<Utc>::from_timestamp(m * 60, 0).unwrap_or_default().naive_utc();
    match Seoul.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => from_local_minute(m + 60),
    }
}

/// A time on Seoul's clock as an instant, if the clock showed it exactly once (not in an hour it
/// skipped or repeated).
pub fn seoul_instant(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    Seoul.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc))
}

/// Now, on Seoul's clock.
pub fn now_local() -> LocalMinute {
    local_minute(Utc::now())
}

pub fn seoul_date(t: DateTime<Utc>) -> String {
    seoul(t).format("%Y-%m-%d").to_string()
}

pub fn seoul_datetime(t: DateTime<Utc>) -> String {
    seoul(t).format("%Y-%m-%d %H:%M").to_string()
}

pub fn seoul_datetime_seconds(t: DateTime<Utc>) -> String {
    seoul(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A day as people read it: `2026년 12월 12일 (토)` or `Sat 12 Dec 2026`.
pub fn seoul_long_date(t: DateTime<Utc>, lang: domain::lang::Lang) -> String {
    use chrono::Datelike;
    let d = seoul(t);
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        domain::lang::Lang::Ko => {
            let day = domain::calendar::weekday_name(lang, i);
            format!("{}년 {}월 {}일 ({day})", d.year(), d.month(), d.day())
        }
        domain::lang::Lang::En => d.format("%a %-d %b %Y").to_string(),
    }
}

/// The time of day, 24-hour: `14:00`.
pub fn seoul_time(t: DateTime<Utc>) -> String {
    seoul(t).format("%H:%M").to_string()
}

/// The current year in Seoul.
pub fn seoul_year(t: DateTime<Utc>) -> i32 {
    use chrono::Datelike;
    seoul(t).year()
}

/// The end of a Seoul calendar day (`YYYY-MM-DD`), as UTC.
pub fn end_of_seoul_day(date: chrono::NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(23, 59, 59)
        .and_then(|t| t.and_local_timezone(Seoul).single())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_is_nine_hours_ahead() {
        let t = DateTime::parse_from_rfc3339("2026-11-23T15:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(seoul_datetime(t), "2026-11-24 00:30");
        assert_eq!(seoul_date(t), "2026-11-24");
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(end_of_seoul_day(d).to_rfc3339(), "2026-12-01T14:59:59+00:00");
        let sat = DateTime::parse_from_rfc3339("2026-12-12T05:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(seoul_long_date(sat, domain::lang::Lang::Ko), "2026년 12월 12일 (토)");
        assert_eq!(seoul_long_date(sat, domain::lang::Lang::En), "Sat 12 Dec 2026");
        assert_eq!(seoul_time(sat), "14:00");
        let m = local_minute(sat);
        assert_eq!(m, domain::calendar::days_from_civil(2026, 12, 12) * 1440 + 14 * 60);
        assert_eq!(from_local_minute(m), sat);
        // the time zone database knows the summer time of the Olympic year (UTC+10)
        let summer = DateTime::parse_from_rfc3339("1988-07-01T00:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(local_minute(summer), domain::calendar::days_from_civil(1988, 7, 1) * 1440 + 10 * 60);
        assert_eq!(from_local_minute(local_minute(summer)), summer);
    }
}
