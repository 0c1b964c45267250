//! Reaching people off the site (issue 42): which channels there are, what a person may choose to
//! hear about and how often, when a message may go out (quiet hours, digests), and how long a
//! failed delivery waits before the next try. Pure rules on Seoul's clock
//! ([`LocalMinute`](crate::booking::LocalMinute)); the services store the outbox and deliver.

use crate::booking::{LocalMinute, MINUTES_PER_DAY, weekday};

crate::term_enum! {
    /// Where a message is delivered.
    pub enum Channel {
        /// The bell on the site (what every notice has always been).
        InApp = "in_app",
        Email = "email",
        /// KakaoTalk's business message (알림톡), with SMS or LMS when it cannot be delivered.
        Alimtalk = "alimtalk",
    }
}

crate::term_enum! {
    /// What a person may choose to hear about, each with its own channels and frequency.
    pub enum Topic {
        /// Their dong's assemblies: announced, changed, cancelled, voting, reminders, results.
        Assemblies = "assemblies" => ("우리 동 주민총회", "My dong's assemblies"),
        /// Proposals they wrote or support: threshold reached, on an agenda, decided.
        MyProposals = "my_proposals" => ("내가 쓰거나 지지한 제안", "Proposals I wrote or support"),
        /// Groups they belong to: a new meeting or notice.
        MyGroups = "my_groups" => ("내가 속한 모임", "Groups I belong to"),
        /// Their bookings: approved, refused, cancelled by staff, the day before.
        Bookings = "bookings" => ("내 공간 예약", "My bookings"),
        /// Their expense claims: decided.
        Fund = "fund" => ("내 마을기금 청구", "My fund claims"),
        /// A referral they made: its status changed (only if they left a contact and asked).
        WelfareReceipt = "welfare_receipt" => ("내가 한 복지 신고", "A welfare referral I made"),
    }
}

/// How often a person hears about a topic on a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// Each message as it happens (after the quiet hours, unless it is urgent).
    AtOnce,
    /// One message a day, at [`DIGEST_MINUTE`], with what happened since the last.
    Daily,
    /// One message a week on the weekday (Monday 0 … Sunday 6), at [`DIGEST_MINUTE`].
    Weekly(u8),
}

/// Quiet hours, minutes of Seoul's day: nothing that can wait is sent from 21:00 to 08:00.
pub const QUIET_FROM: i64 = 21 * 60;
pub const QUIET_UNTIL: i64 = 8 * 60;
/// Digests go out at 07:00 Seoul time (before the quiet hours end: a digest is what a person
/// asked to find in the morning, so it is not held back).
pub const DIGEST_MINUTE: i64 = 7 * 60;

/// Whether a message is held back by the quiet hours. Urgent: a cancellation on the day, a room
/// change in the last two hours — what is no use after the night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    CanWait,
    Urgent,
}

/// When a message that is ready at `now` may be sent: at once, or, if it can wait and `now` is in
/// the quiet hours, when they end.
pub fn send_at(now: LocalMinute, urgency: Urgency) -> LocalMinute {
    let day = now.div_euclid(MINUTES_PER_DAY) * MINUTES_PER_DAY;
    let minute = now - day;
    match urgency {
        Urgency::Urgent => now,
        Urgency::CanWait if minute >= QUIET_FROM => day + MINUTES_PER_DAY + QUIET_UNTIL,
        Urgency::CanWait if minute < QUIET_UNTIL => day + QUIET_UNTIL,
        Urgency::CanWait => now,
    }
}

/// When the next digest of `frequency` goes out after `now` (strictly after: a digest that has just
/// gone out is not due again); `None` for messages sent at once.
pub fn next_digest(now: LocalMinute, frequency: Frequency) -> Option<LocalMinute> {
    let today = now.div_euclid(MINUTES_PER_DAY) * MINUTES_PER_DAY;
    let first_after = |day: LocalMinute| {
        if day + DIGEST_MINUTE > now { day + DIGEST_MINUTE } else { day + MINUTES_PER_DAY + DIGEST_MINUTE }
    };
    match frequency {
        Frequency::AtOnce => None,
        Frequency::Daily => Some(first_after(today)),
        Frequency::Weekly(day) => {
            let mut at = first_after(today);
            while weekday(at) != usize::from(day % 7) {
                at += MINUTES_PER_DAY;
            }
            Some(at)
        }
    }
}

crate::term_enum! {
    /// Where a message in the outbox stands: waiting (for its time, or its next try), claimed by a
    /// worker that is sending it, delivered, or given up after the last try (shown to staff).
    pub enum DeliveryState {
        Pending = "pending",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
    }
}

/// How many times delivery is tried before the message is marked failed and shown to staff.
pub const MAX_ATTEMPTS: u32 = 6;

/// Seconds to wait after failed try number `attempt` (1-based) before the next: 1 min, 5 min,
/// 30 min, 2 h, 12 h; `None` after the last try.
pub fn retry_after_secs(attempt: u32) -> Option<i64> {
    match attempt {
        1 => Some(60),
        2 => Some(5 * 60),
        3 => Some(30 * 60),
        4 => Some(2 * 60 * 60),
        5 => Some(12 * 60 * 60),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    /// 2026-12-07 (a Monday) at `h:m`, plus `days`.
    fn at(days: i64, h: i64, m: i64) -> LocalMinute {
        (days_from_civil(2026, 12, 7) + days) * MINUTES_PER_DAY + h * 60 + m
    }

    #[test]
    fn quiet_hours_hold_what_can_wait_until_eight() {
        assert_eq!(send_at(at(0, 14, 0), Urgency::CanWait), at(0, 14, 0), "the day passes at once");
        assert_eq!(send_at(at(0, 20, 59), Urgency::CanWait), at(0, 20, 59));
        assert_eq!(send_at(at(0, 21, 0), Urgency::CanWait), at(1, 8, 0), "from 21:00 to the next morning");
        assert_eq!(send_at(at(0, 23, 30), Urgency::CanWait), at(1, 8, 0));
        assert_eq!(send_at(at(1, 0, 0), Urgency::CanWait), at(1, 8, 0), "after midnight to the same morning");
        assert_eq!(send_at(at(1, 7, 59), Urgency::CanWait), at(1, 8, 0));
        assert_eq!(send_at(at(1, 8, 0), Urgency::CanWait), at(1, 8, 0));
        assert_eq!(send_at(at(0, 23, 30), Urgency::Urgent), at(0, 23, 30), "urgent goes at once");
    }

    #[test]
    fn digests_go_out_at_seven_on_their_day() {
        assert_eq!(next_digest(at(0, 6, 0), Frequency::AtOnce), None);
        assert_eq!(next_digest(at(0, 6, 0), Frequency::Daily), Some(at(0, 7, 0)));
        assert_eq!(next_digest(at(0, 7, 0), Frequency::Daily), Some(at(1, 7, 0)), "not the one just sent");
        assert_eq!(next_digest(at(0, 22, 0), Frequency::Daily), Some(at(1, 7, 0)));
        // 2026-12-07 is a Monday (0); Wednesday is 2
        assert_eq!(next_digest(at(0, 6, 0), Frequency::Weekly(0)), Some(at(0, 7, 0)));
        assert_eq!(next_digest(at(0, 8, 0), Frequency::Weekly(0)), Some(at(7, 7, 0)));
        assert_eq!(next_digest(at(0, 8, 0), Frequency::Weekly(2)), Some(at(2, 7, 0)));
        assert_eq!(next_digest(at(0, 8, 0), Frequency::Weekly(9)), Some(at(2, 7, 0)), "a weekday wraps");
    }

    #[test]
    fn retries_back_off_then_stop() {
        let waits: Vec<i64> = (1..=MAX_ATTEMPTS).filter_map(retry_after_secs).collect();
        assert_eq!(waits.len() as u32, MAX_ATTEMPTS - 1, "the last try is not followed by another");
        assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
        assert_eq!(retry_after_secs(MAX_ATTEMPTS), None);
    }
}
