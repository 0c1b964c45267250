//! Civil-calendar arithmetic shared by the rules that handle dates (assemblies, the fund's books,
//! bookings), and the names of days and months in both languages: no time zones here — the
//! services convert to and from Seoul's clock (`services::time_fmt`, chrono-tz).

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m as i32 + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64::from(era) * 146_097 + i64::from(doe) - 719_468
}

/// The civil date `(year, month, day)` of the day that is `days` after 1970-01-01 (the inverse of
/// [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Monday 0 … Sunday 6 of the day that is `days` after 1970-01-01 (a Thursday).
pub fn weekday_of_day(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2, "2000 was a leap year");
        assert_eq!(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1, "1900 was not");
        assert_eq!(weekday_of_day(days_from_civil(2026, 11, 24)), 1, "a Tuesday");
        assert_eq!(weekday_of_day(days_from_civil(1969, 12, 31)), 2, "before the epoch too");
        for d in [-1, 0, 59, 10_957, days_from_civil(2026, 12, 31), days_from_civil(2028, 2, 29)] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d, "round trip of day {d}");
        }
        assert_eq!(civil_from_days(days_from_civil(2026, 11, 24)), (2026, 11, 24));
        assert_eq!((days_in_month(2028, 2), days_in_month(2026, 2), days_in_month(2026, 13)), (29, 28, 0));
    }
}

/// A weekday's short name, Monday = 0: `월`…`일` / `Mon`…`Sun`.
pub fn weekday_name(lang: super::lang::Lang, monday_based: usize) -> &'static str {
    const KO: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    match lang {
        super::lang::Lang::Ko => KO[monday_based % 7],
        super::lang::Lang::En => EN[monday_based % 7],
    }
}

/// A month's short English name, January = 1 (`Jan`…`Dec`).
pub fn month_abbr(month: u32) -> &'static str {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    EN[(month as usize).saturating_sub(1).min(11)]
}

#[cfg(test)]
mod names_tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn days_and_months_are_named_in_both_languages() {
        // 2026-12-07 is a Monday
        let monday = weekday_of_day(days_from_civil(2026, 12, 7));
        assert_eq!((weekday_name(Lang::Ko, monday), weekday_name(Lang::En, monday)), ("월", "Mon"));
        assert_eq!((weekday_name(Lang::Ko, 6), weekday_name(Lang::En, 6)), ("일", "Sun"));
        assert_eq!((month_abbr(1), month_abbr(12)), ("Jan", "Dec"));
    }
}
