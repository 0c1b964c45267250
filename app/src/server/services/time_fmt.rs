//! Times are stored in UTC and shown in Seoul time (UTC+9; Korea has kept no daylight saving
//! time since 1988).

use chrono::{DateTime, FixedOffset, Utc};

fn seoul(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix());
    t.with_timezone(&offset)
}

use chrono::Offset;

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
pub fn seoul_long_date(t: DateTime<Utc>, lang: crate::domain::lang::Lang) -> String {
    use chrono::Datelike;
    let d = seoul(t);
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        crate::domain::lang::Lang::Ko => {
            let day = ["월", "화", "수", "목", "금", "토", "일"][i];
            format!("{}년 {}월 {}일 ({day})", d.year(), d.month(), d.day())
        }
        crate::domain::lang::Lang::En => d.format("%a %-d %b %Y").to_string(),
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
    let offset = FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix());
    date.and_hms_opt(23, 59, 59)
        .and_then(|t| t.and_local_timezone(offset).single())
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
        assert_eq!(seoul_long_date(sat, crate::domain::lang::Lang::Ko), "2026년 12월 12일 (토)");
        assert_eq!(seoul_long_date(sat, crate::domain::lang::Lang::En), "Sat 12 Dec 2026");
        assert_eq!(seoul_time(sat), "14:00");
    }
}
