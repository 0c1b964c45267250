//! Reaching people off the site (issue 42): which channels there are, what a person may choose to
//! hear about and how often, when a message may go out (quiet hours, digests), and how long a
//! failed delivery waits before the next try. Pure rules on Seoul's clock
//! ([`LocalMinute`](crate::booking::LocalMinute)); the services store the outbox and deliver.

use crate::booking::{LocalMinute, MINUTES_PER_DAY, weekday};
use crate::lang::Lang;
use crate::moderation::NoticeKind;
use crate::{Field, Format, InputRule, ValidationError};

crate::term_enum! {
    /// Where a message is delivered.
    pub enum Channel {
        /// The bell on the site (what every notice has always been).
        InApp = "in_app" => ("사이트 알림", "the site's bell"),
        Email = "email" => ("전자우편", "e-mail"),
        /// KakaoTalk's business message (알림톡), with SMS or LMS when it cannot be delivered.
        Alimtalk = "alimtalk" => ("카카오톡 알림톡", "KakaoTalk"),
    }
}

pub mod alimtalk;

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
        /// What concerns the account itself (a sign-in code printed, a residency or role changed,
        /// moderation of what one wrote): sent to every verified address, never a choice, since
        /// it is how a person learns that someone acted on their account.
        Account = "account" => ("내 계정에 관한 알림", "About my account"),
    }
}

impl Topic {
    /// The topics a person chooses channels and frequencies for ([`Topic::Account`] is not one).
    pub const CHOOSABLE: [Topic; 6] =
        [Topic::Assemblies, Topic::MyProposals, Topic::MyGroups, Topic::Bookings, Topic::Fund, Topic::WelfareReceipt];

    pub fn is_choosable(self) -> bool {
        self != Topic::Account
    }

    /// The topic from a form's value: one a person may choose.
    pub fn parse_choosable(s: &str) -> Result<Self, ValidationError> {
        Self::CHOOSABLE
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or(ValidationError::new(Field::Topic, InputRule::NotChosen))
    }
}

/// The channels that reach a person off the site, in the order pages list them.
pub const OFF_SITE: [Channel; 2] = [Channel::Email, Channel::Alimtalk];

impl Channel {
    /// The channel from a form's value: an off-site one.
    pub fn parse_off_site(s: &str) -> Result<Self, ValidationError> {
        OFF_SITE
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or(ValidationError::new(Field::Channel, InputRule::NotChosen))
    }
}

/// How a notice of the site travels off it: under which topic, and whether it may wait through
/// the quiet hours. `None`: it stays under the bell (a reply to a comment is not worth a message).
pub fn route(kind: NoticeKind) -> Option<(Topic, Urgency)> {
    use NoticeKind as K;
    Some(match kind {
        K::AssemblyAnnounced | K::AssemblyRescheduled | K::PreVotingOpened | K::ResultsPublished => {
            (Topic::Assemblies, Urgency::CanWait)
        }
        // a cancellation may be on the day: better at night than too late
        K::AssemblyCancelled => (Topic::Assemblies, Urgency::Urgent),
        K::PreVotingClosing | K::SessionIn48h => (Topic::Assemblies, Urgency::CanWait),
        // two hours before: the night does not make it wait (a 07:00 session's reminder is at 05:00)
        K::SessionIn2h => (Topic::Assemblies, Urgency::Urgent),
        K::ProposalEligible | K::NewComment | K::ProposalOnAgenda | K::ProposalDecided => {
            (Topic::MyProposals, Urgency::CanWait)
        }
        K::JoinRequest | K::JoinApproved => (Topic::MyGroups, Urgency::CanWait),
        K::BookingApproved | K::BookingDeclined | K::BookingTomorrow => (Topic::Bookings, Urgency::CanWait),
        // the center called it off: perhaps for today
        K::BookingCancelled => (Topic::Bookings, Urgency::Urgent),
        K::ClaimDecided => (Topic::Fund, Urgency::CanWait),
        // someone acted on the account: the person should know before it is used
        K::SignInCodePrinted | K::RolesChanged => (Topic::Account, Urgency::Urgent),
        K::ResidencyChanged
        | K::CallsRecorded
        | K::ContentHidden
        | K::ContentRestored
        | K::Warned
        | K::Blocked
        | K::WelfareRoleProposed => (Topic::Account, Urgency::CanWait),
        K::NewReply => return None,
    })
}

/// Whether a notice of `kind` about one thing happens once (announced, published): a second one
/// about the same thing is the same news and is not sent again. The others (a new time, a new
/// comment, a code printed, a membership approved again after leaving) are news each time.
pub fn happens_once(kind: NoticeKind) -> bool {
    use NoticeKind as K;
    matches!(
        kind,
        K::AssemblyAnnounced
            | K::AssemblyCancelled
            | K::PreVotingOpened
            | K::ResultsPublished
            | K::ProposalEligible
            | K::ProposalOnAgenda
            | K::ProposalDecided
            | K::ClaimDecided
    )
}

/// Whether a notice is bound to a time (a reminder): it never waits for a digest, which could
/// bring "closes within a day" after the close; only the quiet hours hold what can wait.
pub fn time_bound(kind: NoticeKind) -> bool {
    Reminder::ALL.iter().any(|r| r.notice() == kind)
}

/// A reminder: a notice sent because a time draws near, not because someone acted. The sweep that
/// sends them (`services::messaging::reminders`) records each (what, which reminder, for which
/// time) once, so a reminder goes out once for a time and again only if the time moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// Pre-voting closes (the session opens) within a day: to eligible residents who have not
    /// voted — whether they took part, never what they chose.
    PreVotingCloses,
    /// The session is within 48 hours: to the dong's verified residents, with a calendar entry.
    SessionIn48h,
    /// The session is within 2 hours: the same people, the same entry.
    SessionIn2h,
    /// A confirmed booking starts within a day: to its booker.
    BookingTomorrow,
}

impl Reminder {
    pub const ALL: [Reminder; 4] =
        [Reminder::PreVotingCloses, Reminder::SessionIn48h, Reminder::SessionIn2h, Reminder::BookingTomorrow];

    pub fn as_str(self) -> &'static str {
        match self {
            Reminder::PreVotingCloses => "pre_voting_closes",
            Reminder::SessionIn48h => "session_in_48h",
            Reminder::SessionIn2h => "session_in_2h",
            Reminder::BookingTomorrow => "booking_tomorrow",
        }
    }

    /// The notice it is sent as.
    pub fn notice(self) -> NoticeKind {
        match self {
            Reminder::PreVotingCloses => NoticeKind::PreVotingClosing,
            Reminder::SessionIn48h => NoticeKind::SessionIn48h,
            Reminder::SessionIn2h => NoticeKind::SessionIn2h,
            Reminder::BookingTomorrow => NoticeKind::BookingTomorrow,
        }
    }

    /// (how long before the time it is due, how long before the time it is still worth sending),
    /// in minutes. A sweep that missed the start (a server down) still sends it until the end;
    /// after that the next reminder, or the thing itself, is too close for this one to help.
    fn window(self) -> (i64, i64) {
        match self {
            Reminder::PreVotingCloses => (24 * 60, 2 * 60),
            Reminder::SessionIn48h => (48 * 60, 24 * 60),
            Reminder::SessionIn2h => (2 * 60, 30),
            Reminder::BookingTomorrow => (24 * 60, 2 * 60),
        }
    }

    /// When the reminder for a time `at` falls due (any clock of minutes).
    pub fn due_at(self, at: i64) -> i64 {
        at - self.window().0
    }

    /// Whether, at `now`, the reminder for a time `at` is to be sent: it is due and still of use,
    /// and the thing was known before it fell due (`known_since`: a booking made six hours ahead
    /// needs no reminder "within a day" right after its approval).
    pub fn is_due(self, at: i64, known_since: i64, now: i64) -> bool {
        let (before, until) = self.window();
        now >= at - before && now < at - until && known_since <= at - before
    }

    /// How far ahead a sweep looks for times whose reminder may be due.
    pub const HORIZON_MINUTES: i64 = 48 * 60;
}

/// The version of the consent wording a person agreed to; recorded with each consent, moved on
/// whenever [`consent_wording`] changes.
pub const CONSENT_VERSION: &str = "2026-12-07";

/// What a person agrees to when they turn a topic on for a channel, in plain words.
pub fn consent_wording(lang: Lang) -> &'static str {
    lang.pick(
        "고른 알림을 등록하고 확인한 전자우편이나 카카오톡(안 되면 문자)으로 받는 데 동의합니다. 주소와 번호는 알림을 보내는 데만 쓰고, 암호화해 보관하며, 언제든 지울 수 있습니다. 동의는 이 화면이나 알림 속 링크로 언제든 거두어들일 수 있습니다.",
        "I agree to receive the messages I chose at the e-mail address or KakaoTalk number (or by text message) I added and confirmed. They are used only to send these messages, kept encrypted, and can be removed at any time. I can withdraw this consent here or from the link in any message.",
    )
}

/// What a resident agrees to, said aloud by the center's staff, when they ask to be told by a
/// call or a visit; recorded with the staff member who heard it ([`CALL_CONSENT_VERSION`]).
pub fn call_consent_wording(lang: Lang) -> &'static str {
    lang.pick(
        "주민이 직접 동의했습니다: 고른 알림이 생기면 주민센터가 전화하거나 찾아가 알려 드립니다. 전화번호는 이 일에만 쓰고 암호화해 보관하며, 주민이 원하면 언제든 지우고 그만둡니다.",
        "The resident agreed in person: when something they chose happens, the center calls or visits to tell them. The number is used only for this, kept encrypted, and removed whenever they ask.",
    )
}

/// The version of [`call_consent_wording`].
pub const CALL_CONSENT_VERSION: &str = "2026-12-08";

/// The topics a resident asked to be called about, from a form's checked boxes (at least one,
/// each a choosable topic, each once, in the topics' order).
pub fn parse_call_topics<S: AsRef<str>>(values: &[S]) -> Result<Vec<Topic>, ValidationError> {
    let mut chosen = Vec::new();
    for v in values {
        let t = Topic::parse_choosable(v.as_ref())?;
        if !chosen.contains(&t) {
            chosen.push(t);
        }
    }
    if chosen.is_empty() {
        return Err(ValidationError::new(Field::Topic, InputRule::NotChosen));
    }
    chosen.sort_by_key(|t| Topic::CHOOSABLE.iter().position(|c| c == t));
    Ok(chosen)
}

/// A phone number in Korea as staff type it at the counter: 9 to 11 digits beginning with 0
/// (spaces, hyphens and dots ignored). Personal data: its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl std::fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhoneNumber(..)")
    }
}

impl PhoneNumber {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Phone, InputRule::Format { format: Format::Phone });
        let s = s.trim();
        if s.chars().count() > 20 || !s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.')) {
            return Err(bad());
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        if !(9..=11).contains(&digits.len()) || !digits.starts_with('0') {
            return Err(bad());
        }
        Ok(PhoneNumber(digits))
    }

    /// The digits alone (how it is sealed).
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// As its owner's pages show it: the middle hidden (`010-••••-5678`).
    pub fn masked(&self) -> String {
        let grouped = self.grouped();
        let parts: Vec<&str> = grouped.split('-').collect();
        match parts.as_slice() {
            [head, middle, last] => format!("{head}-{}-{last}", "•".repeat(middle.len())),
            _ => "•••".to_owned(),
        }
    }

    /// Grouped as people read it: `02-123-4567`, `010-1234-5678`.
    pub fn grouped(&self) -> String {
        let d = self.0.as_str();
        let area = if d.starts_with("02") { 2 } else { 3 };
        let (head, rest) = d.split_at(area);
        let (middle, last) = rest.split_at(rest.len() - 4);
        format!("{head}-{middle}-{last}")
    }
}

impl PhoneNumber {
    /// A mobile number (010, 011, 016–019): the only kind KakaoTalk and text messages reach.
    pub fn parse_mobile(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Mobile, InputRule::Format { format: Format::Phone });
        let number = Self::parse(s).map_err(|_| bad())?;
        let d = number.0.as_str();
        // 010 numbers have 11 digits; the older prefixes 10 or 11
        let mobile = (d.starts_with("010") && d.len() == 11)
            || (["011", "016", "017", "018", "019"].iter().any(|p| d.starts_with(p)) && d.len() >= 10);
        if !mobile {
            return Err(bad());
        }
        Ok(number)
    }
}

/// The six digits sent to a phone number to confirm it, as its owner types them back (spaces
/// and hyphens ignored).
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneCode(String);

impl std::fmt::Debug for PhoneCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhoneCode(..)")
    }
}

impl PhoneCode {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if s.chars().count() > 12 || digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(Field::Code, InputRule::Format { format: Format::SixDigits }));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a code sent to a phone number works.
pub const PHONE_CODE_MINUTES: i64 = 10;
/// How many wrong codes end a code (a new one must be asked for, within the day's
/// [`CONFIRMATIONS_PER_DAY`]): five guesses of a million.
pub const PHONE_CODE_TRIES: u32 = 5;

/// An e-mail address as a person typed it, checked for shape (one `@`, a domain with a dot, no
/// spaces or control characters, at most 254 characters). Whether it reaches someone is what
/// the confirmation link finds out.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl std::fmt::Debug for EmailAddress {
    /// Personal data: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmailAddress(..)")
    }
}

impl EmailAddress {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new(Field::Email, InputRule::Format { format: Format::Email });
        let s = s.trim();
        if s.is_empty() {
            return Err(ValidationError::new(Field::Email, InputRule::Length { min: 3, max: Self::MAX_CHARS as u32 }));
        }
        if s.len() > Self::MAX_CHARS || !s.is_ascii() {
            return Err(bad());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && !tld.bytes().all(|b| b.is_ascii_digit()));
        if !local_ok || !domain_ok {
            return Err(bad());
        }
        // the domain is case-insensitive; the local part is the receiving server's to read
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as pages show it to its owner: the first letter, the domain (`n•••@example.com`).
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}•••@{domain}")
    }
}

/// How long a confirmation link sent to a new address works.
pub const CONFIRM_LINK_HOURS: i64 = 24;
/// How many confirmation links a person may ask for in a day (each is a message sent to an
/// address they typed: no more than this many to a stranger).
pub const CONFIRMATIONS_PER_DAY: u64 = 5;

impl Frequency {
    /// The word a form and the database use: `at_once`, `daily`, `weekly`.
    pub fn word(self) -> &'static str {
        match self {
            Frequency::AtOnce => "at_once",
            Frequency::Daily => "daily",
            Frequency::Weekly(_) => "weekly",
        }
    }

    /// The weekday of a weekly digest (Monday 0 … Sunday 6).
    pub fn weekday(self) -> Option<u8> {
        match self {
            Frequency::Weekly(d) => Some(d),
            _ => None,
        }
    }

    /// From a form's or a row's word and weekday.
    pub fn parse(word: &str, weekday: Option<&str>) -> Result<Self, ValidationError> {
        match word.trim() {
            "at_once" => Ok(Frequency::AtOnce),
            "daily" => Ok(Frequency::Daily),
            "weekly" => {
                let day = weekday
                    .map(str::trim)
                    .and_then(|d| d.parse::<u8>().ok())
                    .filter(|d| *d < 7)
                    .ok_or(ValidationError::new(Field::Weekday, InputRule::NotChosen))?;
                Ok(Frequency::Weekly(day))
            }
            _ => Err(ValidationError::new(Field::Frequency, InputRule::NotChosen)),
        }
    }

    /// Said in a sentence: "at once", "daily at 07:00", "every Wednesday at 07:00".
    pub fn label(self, lang: Lang) -> String {
        match self {
            Frequency::AtOnce => lang.pick("바로", "at once").to_owned(),
            Frequency::Daily => lang.pick("매일 아침 7시에 모아서", "daily at 07:00, together").to_owned(),
            Frequency::Weekly(d) => {
                let day = WEEKDAYS.get(usize::from(d % 7)).copied().unwrap_or(("월", "Monday"));
                match lang {
                    Lang::Ko => format!("매주 {}요일 아침 7시에 모아서", day.0),
                    Lang::En => format!("every {} at 07:00, together", day.1),
                }
            }
        }
    }
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [(&str, &str); 7] = [
    ("월", "Monday"),
    ("화", "Tuesday"),
    ("수", "Wednesday"),
    ("목", "Thursday"),
    ("금", "Friday"),
    ("토", "Saturday"),
    ("일", "Sunday"),
];

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
        Pending = "pending" => ("보낼 차례를 기다림", "waiting"),
        Sending = "sending" => ("보내는 중", "being sent"),
        Sent = "sent" => ("보냄", "sent"),
        Failed = "failed" => ("보내지 못함", "not delivered"),
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

    #[test]
    fn phone_codes_and_mobile_numbers() {
        assert_eq!(PhoneCode::parse(" 042 917 ").map(|c| c.as_str().to_owned()), Ok("042917".to_owned()));
        assert_eq!(PhoneCode::parse("042-917").map(|c| c.as_str().to_owned()), Ok("042917".to_owned()));
        for bad in ["", "12345", "1234567", "04291a", "٠٤٢٩١٧", "0 4 2 9 1 7 0 0 0", "042917\u{0}"] {
            assert!(PhoneCode::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format!("{:?}", PhoneCode::parse("042917")), "Ok(PhoneCode(..))", "never in a log");
        assert!(PhoneNumber::parse_mobile("010-1234-5678").is_ok());
        assert!(PhoneNumber::parse_mobile("011 234 5678").is_ok());
        let landline = PhoneNumber::parse_mobile("02-123-4567").map(|_| ()).map_err(|e| e.field);
        assert_eq!(landline, Err(Field::Mobile), "a landline gets no text messages");
        assert!(PhoneNumber::parse_mobile("0101234").is_err());
        assert!(PhoneNumber::parse_mobile("010-123-4567").is_err(), "an 010 number has 11 digits");
        assert_eq!(PhoneNumber::parse("01012345678").map(|p| p.masked()), Ok("010-••••-5678".to_owned()));
    }

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
    fn email_addresses_have_one_shape() {
        for ok in ["a@b.co", "Kim.Minji+dong@Example.COM", "x_y@mail.seoul.go.kr", "o'neil@example.org"] {
            assert!(EmailAddress::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            EmailAddress::parse(" Kim@Example.COM ").map(|e| e.as_str().to_owned()),
            Ok("Kim@example.com".into())
        );
        let long = format!("{}@example.com", "a".repeat(250));
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@b.",
            "a@.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@@example.com",
            ".a@example.com",
            "a..b@example.com",
            "a@-x.com",
            "a@x-.com",
            "a@1.23",
            "a\u{0}@example.com",
            "a\r\n@example.com",
            "김@example.com",
            "a@예시.kr",
            "<a@example.com>",
            "a@example.com\nBcc: b@example.com",
            long.as_str(),
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(EmailAddress::parse("minji@example.com").map(|e| e.masked()), Ok("m•••@example.com".into()));
        assert!(!format!("{:?}", EmailAddress::parse("minji@example.com")).contains("minji"), "never in a log");
    }

    #[test]
    fn frequencies_read_back_what_they_write() {
        for f in [Frequency::AtOnce, Frequency::Daily, Frequency::Weekly(0), Frequency::Weekly(6)] {
            let day = f.weekday().map(|d| d.to_string());
            assert_eq!(Frequency::parse(f.word(), day.as_deref()), Ok(f));
        }
        assert!(Frequency::parse("weekly", None).is_err(), "a weekly digest needs its day");
        assert!(Frequency::parse("weekly", Some("7")).is_err());
        assert!(Frequency::parse("hourly", None).is_err());
        assert!(Frequency::Weekly(2).label(Lang::Ko).contains("수요일"));
    }

    #[test]
    fn every_notice_has_a_route_and_account_notices_are_no_choice() {
        for kind in NoticeKind::ALL {
            if let Some((topic, _)) = route(kind) {
                assert!(Topic::ALL.contains(&topic));
            }
        }
        assert_eq!(route(NoticeKind::SignInCodePrinted), Some((Topic::Account, Urgency::Urgent)));
        assert!(!Topic::CHOOSABLE.contains(&Topic::Account));
        assert_eq!(Topic::CHOOSABLE.len() + 1, Topic::ALL.len(), "every other topic is a choice");
        assert!(Topic::parse_choosable("account").is_err(), "no one turns off being told about their account");
        assert_eq!(Topic::parse_choosable("fund"), Ok(Topic::Fund));
        assert!(Channel::parse_off_site("in_app").is_err());
        assert!(happens_once(NoticeKind::AssemblyAnnounced) && !happens_once(NoticeKind::AssemblyRescheduled));
    }

    #[test]
    fn reminders_fall_due_once_in_their_window() {
        let session = 10_000;
        let r = Reminder::SessionIn48h;
        assert!(!r.is_due(session, 0, session - 48 * 60 - 1), "not before 48 hours");
        assert!(r.is_due(session, 0, session - 48 * 60));
        assert!(r.is_due(session, 0, session - 24 * 60 - 1), "a sweep that came late still sends it");
        assert!(!r.is_due(session, 0, session - 24 * 60), "too close: the next reminder will do");
        assert!(!r.is_due(session, session - 30 * 60, session - 30 * 60), "announced too late for this one");
        let two = Reminder::SessionIn2h;
        assert!(two.is_due(session, 0, session - 120) && two.is_due(session, 0, session - 31));
        assert!(!two.is_due(session, 0, session - 30) && !two.is_due(session, 0, session));
        assert_eq!(Reminder::BookingTomorrow.due_at(session), session - 24 * 60);
        for r in Reminder::ALL {
            assert!(r.window().0 <= Reminder::HORIZON_MINUTES, "{r:?} is within what a sweep looks at");
            assert!(route(r.notice()).is_some(), "{r:?} travels off the site");
            assert!(!happens_once(r.notice()), "a reminder for a moved time is news: the sweep keeps it once");
            assert!(time_bound(r.notice()), "{r:?} never waits for a digest");
        }
        assert_eq!(route(NoticeKind::SessionIn2h).map(|(_, u)| u), Some(Urgency::Urgent));
        assert!(!time_bound(NoticeKind::AssemblyAnnounced));
    }

    #[test]
    fn phone_numbers_have_one_shape() {
        assert_eq!(PhoneNumber::parse(" 010-1234-5678 ").unwrap().digits(), "01012345678");
        assert_eq!(PhoneNumber::parse("01012345678").unwrap().grouped(), "010-1234-5678");
        assert_eq!(PhoneNumber::parse("02 123 4567").unwrap().grouped(), "02-123-4567");
        assert_eq!(PhoneNumber::parse("02-1234-5678").unwrap().grouped(), "02-1234-5678");
        for bad in ["", "1012345678", "010-1234", "010123456789", "010-1234-5678 내선", "+82 10 1234 5678", "０１０"]
        {
            assert_eq!(PhoneNumber::parse(bad).unwrap_err().field, Field::Phone, "{bad:?}");
        }
        assert_eq!(format!("{:?}", PhoneNumber::parse("010-1234-5678").unwrap()), "PhoneNumber(..)");
    }

    #[test]
    fn call_topics_are_chosen_each_once_in_order() {
        assert_eq!(parse_call_topics(&["fund", "assemblies", "fund"]), Ok(vec![Topic::Assemblies, Topic::Fund]));
        assert!(parse_call_topics::<&str>(&[]).is_err(), "at least one");
        assert!(parse_call_topics(&["account"]).is_err(), "not a choice");
    }

    #[test]
    fn retries_back_off_then_stop() {
        let waits: Vec<i64> = (1..=MAX_ATTEMPTS).filter_map(retry_after_secs).collect();
        assert_eq!(waits.len() as u32, MAX_ATTEMPTS - 1, "the last try is not followed by another");
        assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
        assert_eq!(retry_after_secs(MAX_ATTEMPTS), None);
    }
}
