//! Reports, moderation decisions, posting restrictions and notifications: the rules the district
//! expert works by.
//!
//! An item (proposal, comment or group) is hidden automatically once enough *different* verified
//! residents of its dong have open reports on it (the district's threshold, default 3), pending
//! the expert's review. Anyone signed in may report, and every report reaches the expert's queue,
//! but a report from an account that is not a verified resident of the item's dong does not count
//! toward hiding: accounts cost nothing to make, and three of them hid any content city-wide.
//! Reports are limited per person ([`REPORTS_PER_WINDOW`] within [`REPORT_WINDOW_SECS`]).
//! The expert hides or restores it with a public reason; either decision closes the open
//! reports, so a restored item is hidden again only by new reports.

use super::authz::Actor;
use super::geo::DongCode;
use super::lang::Lang;
use super::text::bounded;
use super::{Field, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

/// What can be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetKind {
    Proposal,
    Comment,
    Group,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [TargetKind::Proposal, TargetKind::Comment, TargetKind::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Proposal => "proposal",
            TargetKind::Comment => "comment",
            TargetKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::TargetKind, InputRule::NotChosen))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TargetKind::Proposal => lang.pick("제안", "Proposal"),
            TargetKind::Comment => lang.pick("댓글", "Comment"),
            TargetKind::Group => lang.pick("주민모임", "Group"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportReason {
    Spam,
    Offensive,
    PersonalInfo,
    OffTopic,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::Spam,
        ReportReason::Offensive,
        ReportReason::PersonalInfo,
        ReportReason::OffTopic,
        ReportReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Offensive => "offensive",
            ReportReason::PersonalInfo => "personal_info",
            ReportReason::OffTopic => "off_topic",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Reason, InputRule::NotChosen))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportReason::Spam => lang.pick("스팸·광고", "Spam or advertising"),
            ReportReason::Offensive => lang.pick("모욕·혐오 표현", "Offensive"),
            ReportReason::PersonalInfo => lang.pick("개인정보 노출", "Personal information"),
            ReportReason::OffTopic => lang.pick("주제와 무관", "Off-topic"),
            ReportReason::Other => lang.pick("기타", "Other"),
        }
    }
}

/// A report as typed: the reason, and (required for "other") a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInput {
    pub reason: ReportReason,
    pub detail: String,
}

impl ReportInput {
    pub fn parse(reason: &str, detail: &str) -> Result<Self, ValidationError> {
        let reason = ReportReason::parse(reason)?;
        let min = if reason == ReportReason::Other { 5 } else { 0 };
        Ok(Self { reason, detail: bounded(Field::Detail, detail, min, 500, true)? })
    }
}

/// How many different people's reports hide an item pending review (a per-district setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportThreshold(u32);

impl ReportThreshold {
    pub const DEFAULT: ReportThreshold = ReportThreshold(3);
    /// The rule a threshold keeps: 1 to 100 people.
    pub const RULE: InputRule = InputRule::Number { min: 1, max: 100, unit: Unit::People };

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim().parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => Ok(Self(n)),
            _ => Err(ValidationError::new(Field::ReportThreshold, Self::RULE)),
        }
    }

    pub fn from_stored(n: i32) -> Self {
        u32::try_from(n).ok().filter(|n| (1..=100).contains(n)).map_or(Self::DEFAULT, Self)
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// Whether `open_reports` reports from different people hide the item.
    pub fn hides(self, open_reports: u64) -> bool {
        open_reports >= u64::from(self.0)
    }
}

/// How many reports one person may make within [`REPORT_WINDOW_SECS`]; the next is refused
/// (429) until the window has moved on. Ten minutes, because the shared attempt limiter keeps at
/// most ten sign-in windows (600 s) of places.
pub const REPORTS_PER_WINDOW: u64 = 10;
pub const REPORT_WINDOW_SECS: i64 = 600;
const _: () = assert!(REPORTS_PER_WINDOW >= 1 && REPORT_WINDOW_SECS <= super::identity::ATTEMPT_WINDOW_SECS * 10);

/// Whether `reporter`'s report of an item in `dong` counts toward hiding it: only a verified
/// resident of that dong's does (as loaded with the request). Other reports are recorded and
/// shown to the expert, and count for nothing else. Roles give no weight either: the expert
/// hides by decision, not by report.
pub fn counts_toward_hiding(reporter: &Actor, dong: &DongCode) -> bool {
    reporter.is_verified_resident_of(dong)
}

/// The expert's decision on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    Hide,
    Restore,
}

impl Decision {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "hide" => Ok(Decision::Hide),
            "restore" => Ok(Decision::Restore),
            _ => Err(ValidationError::new(Field::Decision, InputRule::NotChosen)),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Hide => "hide",
            Decision::Restore => "restore",
        }
    }
}

/// The reason a moderation decision shows in public, in place of the content or beside it.
pub fn public_reason(s: &str) -> Result<String, ValidationError> {
    bounded(Field::PublicReason, s, 5, 500, false)
}

/// A warning, or a block from posting in the district for some days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Restriction {
    Warning,
    Block { days: u32 },
}

impl Restriction {
    pub const MAX_BLOCK_DAYS: u32 = 365;

    pub fn parse(kind: &str, days: &str) -> Result<Self, ValidationError> {
        match kind.trim() {
            "warning" => Ok(Restriction::Warning),
            "block" => match days.trim().parse::<u32>() {
                Ok(d) if (1..=Self::MAX_BLOCK_DAYS).contains(&d) => Ok(Restriction::Block { days: d }),
                _ => Err(ValidationError::new(Field::Days, InputRule::Number { min: 1, max: 365, unit: Unit::Days })),
            },
            _ => Err(ValidationError::new(Field::Kind, InputRule::NotChosen)),
        }
    }

    pub fn kind(self) -> RestrictionKind {
        match self {
            Restriction::Warning => RestrictionKind::Warning,
            Restriction::Block { .. } => RestrictionKind::Block,
        }
    }
}

crate::term_enum! {
    /// A [`Restriction`] without its length.
    pub enum RestrictionKind {
        Warning = "warning",
        Block = "block",
    }
}

/// What a notification is about. The text is composed when shown, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeKind {
    /// Your proposal reached the threshold and can go on the assembly's agenda.
    ProposalEligible,
    /// Someone commented on your proposal (or a proposal of a group you organise).
    NewComment,
    /// Someone replied to your comment.
    NewReply,
    /// Someone asks to join a group you organise.
    JoinRequest,
    /// An organiser approved your membership.
    JoinApproved,
    /// The expert hid something of yours.
    ContentHidden,
    /// The expert restored something of yours.
    ContentRestored,
    /// The expert warned you.
    Warned,
    /// The expert blocked you from posting in the district for a while.
    Blocked,
    /// Your dong's assembly was announced (every verified resident of the dong).
    AssemblyAnnounced,
    /// Its session moved to other times.
    AssemblyRescheduled,
    /// It was cancelled (pre-votes are void).
    AssemblyCancelled,
    /// Online pre-voting opened.
    PreVotingOpened,
    /// Its results were published.
    ResultsPublished,
    /// Someone printed a sign-in code for your account.
    SignInCodePrinted,
    /// Your residency was recorded, ended or moved.
    ResidencyChanged,
    /// A role was granted to you or revoked: your codes, sessions and tokens ended.
    RolesChanged,
    /// A welfare role was proposed or granted in your district (to its supervisor).
    WelfareRoleProposed,
    /// A proposal you wrote or support was put on an assembly's agenda.
    ProposalOnAgenda,
    /// The assembly decided a proposal you wrote or support (its results are published).
    ProposalDecided,
    /// The center approved your booking request.
    BookingApproved,
    /// The center declined your booking request, saying why.
    BookingDeclined,
    /// The center cancelled your booking, saying why.
    BookingCancelled,
    /// Your booking is within a day (a reminder).
    BookingTomorrow,
    /// Your expense claim was approved or rejected.
    ClaimDecided,
    /// Pre-voting closes within a day and you have not voted (a reminder).
    PreVotingClosing,
    /// The assembly's session is within two days (a reminder, with a calendar entry).
    SessionIn48h,
    /// The assembly's session is within two hours (a reminder, with a calendar entry).
    SessionIn2h,
    /// The center recorded (or ended) your wish to be told by a call or a visit.
    CallsRecorded,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 29] = [
        NoticeKind::ProposalEligible,
        NoticeKind::NewComment,
        NoticeKind::NewReply,
        NoticeKind::JoinRequest,
        NoticeKind::JoinApproved,
        NoticeKind::ContentHidden,
        NoticeKind::ContentRestored,
        NoticeKind::Warned,
        NoticeKind::Blocked,
        NoticeKind::AssemblyAnnounced,
        NoticeKind::AssemblyRescheduled,
        NoticeKind::AssemblyCancelled,
        NoticeKind::PreVotingOpened,
        NoticeKind::ResultsPublished,
        NoticeKind::SignInCodePrinted,
        NoticeKind::ResidencyChanged,
        NoticeKind::RolesChanged,
        NoticeKind::WelfareRoleProposed,
        NoticeKind::ProposalOnAgenda,
        NoticeKind::ProposalDecided,
        NoticeKind::BookingApproved,
        NoticeKind::BookingDeclined,
        NoticeKind::BookingCancelled,
        NoticeKind::BookingTomorrow,
        NoticeKind::ClaimDecided,
        NoticeKind::PreVotingClosing,
        NoticeKind::SessionIn48h,
        NoticeKind::SessionIn2h,
        NoticeKind::CallsRecorded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::ProposalEligible => "proposal_eligible",
            NoticeKind::NewComment => "new_comment",
            NoticeKind::NewReply => "new_reply",
            NoticeKind::JoinRequest => "join_request",
            NoticeKind::JoinApproved => "join_approved",
            NoticeKind::ContentHidden => "content_hidden",
            NoticeKind::ContentRestored => "content_restored",
            NoticeKind::Warned => "warned",
            NoticeKind::Blocked => "blocked",
            NoticeKind::AssemblyAnnounced => "assembly_announced",
            NoticeKind::AssemblyRescheduled => "assembly_rescheduled",
            NoticeKind::AssemblyCancelled => "assembly_cancelled",
            NoticeKind::PreVotingOpened => "pre_voting_opened",
            NoticeKind::ResultsPublished => "results_published",
            NoticeKind::SignInCodePrinted => "sign_in_code_printed",
            NoticeKind::ResidencyChanged => "residency_changed",
            NoticeKind::RolesChanged => "roles_changed",
            NoticeKind::WelfareRoleProposed => "welfare_role_proposed",
            NoticeKind::ProposalOnAgenda => "proposal_on_agenda",
            NoticeKind::ProposalDecided => "proposal_decided",
            NoticeKind::BookingApproved => "booking_approved",
            NoticeKind::BookingDeclined => "booking_declined",
            NoticeKind::BookingCancelled => "booking_cancelled",
            NoticeKind::BookingTomorrow => "booking_tomorrow",
            NoticeKind::ClaimDecided => "claim_decided",
            NoticeKind::PreVotingClosing => "pre_voting_closing",
            NoticeKind::SessionIn48h => "session_in_48h",
            NoticeKind::SessionIn2h => "session_in_2h",
            NoticeKind::CallsRecorded => "calls_recorded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The sentence shown, before the subject's title.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            NoticeKind::ProposalEligible => lang.pick(
                "제안이 공감 기준을 넘어 주민총회 안건이 될 수 있습니다",
                "Your proposal reached the threshold and can go on the assembly's agenda",
            ),
            NoticeKind::NewComment => lang.pick("제안에 새 댓글이 달렸습니다", "New comment on a proposal"),
            NoticeKind::NewReply => lang.pick("내 댓글에 답글이 달렸습니다", "Someone replied to your comment"),
            NoticeKind::JoinRequest => lang.pick("모임 가입 신청이 왔습니다", "Someone asks to join your group"),
            NoticeKind::JoinApproved => lang.pick("모임 가입이 승인되었습니다", "Your membership was approved"),
            NoticeKind::ContentHidden => {
                lang.pick("내 글이 운영 원칙에 따라 가려졌습니다", "Something you posted was hidden by moderation")
            }
            NoticeKind::ContentRestored => {
                lang.pick("가려졌던 내 글이 다시 보입니다", "Something you posted was restored")
            }
            NoticeKind::Warned => {
                lang.pick("마을공동체 전문가가 주의를 드렸습니다", "The community expert sent you a warning")
            }
            NoticeKind::Blocked => {
                lang.pick("일정 기간 이 구에서 글을 쓸 수 없습니다", "You cannot post in this district for a while")
            }
            NoticeKind::AssemblyAnnounced => {
                lang.pick("우리 동 주민총회가 공고되었습니다", "Your dong's assembly was announced")
            }
            NoticeKind::AssemblyRescheduled => {
                lang.pick("주민총회 일정이 바뀌었습니다", "The assembly's times changed")
            }
            NoticeKind::AssemblyCancelled => lang.pick(
                "주민총회가 취소되었습니다 (사전 투표는 무효입니다)",
                "The assembly was cancelled (pre-votes are void)",
            ),
            NoticeKind::PreVotingOpened => {
                lang.pick("주민총회 사전 온라인 투표가 시작되었습니다", "Online pre-voting opened")
            }
            NoticeKind::ResultsPublished => {
                lang.pick("주민총회 결과가 공개되었습니다", "The assembly's results are published")
            }
            NoticeKind::SignInCodePrinted => {
                lang.pick("내 계정의 로그인 코드가 발급되었습니다. 직접 요청하지 않았다면 주민센터에 알려 주세요", "A sign-in code was printed for your account. If you did not ask for it, tell your center")
            }
            NoticeKind::ResidencyChanged => {
                lang.pick("내 거주 확인 정보가 바뀌었습니다", "Your residency record changed")
            }
            NoticeKind::RolesChanged => {
                lang.pick("내 역할이 바뀌었습니다. 보안을 위해 로그인 코드, 로그인 상태, 토큰, 간편 로그인 연결이 모두 해제되었습니다", "Your roles changed: for safety, your sign-in codes, sessions, tokens and linked sign-ins were ended")
            }
            NoticeKind::WelfareRoleProposed => {
                lang.pick("우리 구에 복지 역할이 제안되거나 부여되었습니다", "A welfare role was proposed or granted in your district")
            }
            NoticeKind::ProposalOnAgenda => lang.pick(
                "내가 쓰거나 지지한 제안이 주민총회 안건이 되었습니다",
                "A proposal you wrote or support is on the assembly's agenda",
            ),
            NoticeKind::ProposalDecided => lang.pick(
                "주민총회가 내가 쓰거나 지지한 제안을 결정했습니다",
                "The assembly decided a proposal you wrote or support",
            ),
            NoticeKind::BookingApproved => lang.pick("공간 예약이 승인되었습니다", "Your booking was approved"),
            NoticeKind::BookingDeclined => {
                lang.pick("공간 예약 신청이 거절되었습니다 (까닭은 예약 화면에)", "Your booking request was declined (the reason is on its page)")
            }
            NoticeKind::BookingCancelled => {
                lang.pick("주민센터가 공간 예약을 취소했습니다 (까닭은 예약 화면에)", "The center cancelled your booking (the reason is on its page)")
            }
            NoticeKind::BookingTomorrow => lang.pick("공간 예약이 하루 안에 있습니다", "Your booking is within a day"),
            NoticeKind::ClaimDecided => {
                lang.pick("마을기금 청구가 결정되었습니다", "Your fund claim was decided")
            }
            NoticeKind::PreVotingClosing => lang.pick(
                "주민총회 사전 투표가 하루 안에 마감됩니다. 아직 투표하지 않으셨습니다",
                "Pre-voting closes within a day, and you have not voted yet",
            ),
            NoticeKind::SessionIn48h => {
                lang.pick("주민총회가 이틀 안에 열립니다", "The assembly meets within two days")
            }
            NoticeKind::SessionIn2h => {
                lang.pick("주민총회가 두 시간 안에 열립니다", "The assembly meets within two hours")
            }
            NoticeKind::CallsRecorded => lang.pick(
                "주민센터가 전화나 방문으로 알려 드릴 알림을 기록하거나 바꾸었습니다. 직접 요청하지 않았다면 주민센터에 알려 주세요",
                "The center recorded or changed what it tells you by a call or a visit. If you did not ask for it, tell your center",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_different_people_hide_an_item_by_default() {
        let t = ReportThreshold::DEFAULT;
        assert!(!t.hides(2));
        assert!(t.hides(3));
        assert!(ReportThreshold::parse("1").unwrap().hides(1));
        assert!(ReportThreshold::parse("0").is_err());
        assert_eq!(ReportThreshold::from_stored(-4), ReportThreshold::DEFAULT);
    }

    #[test]
    fn only_verified_residents_of_the_items_dong_count() {
        let sinchon = DongCode::parse("1141052000").unwrap();
        let other = DongCode::parse("1141055500").unwrap();
        let person = |residencies: Vec<DongCode>| Actor {
            user_id: 1,
            grants: vec![],
            residencies,
            organises: vec![],
            blocked_in: vec![],
        };
        assert!(counts_toward_hiding(&person(vec![sinchon.clone()]), &sinchon));
        assert!(!counts_toward_hiding(&person(vec![]), &sinchon), "an unverified account");
        assert!(!counts_toward_hiding(&person(vec![other.clone()]), &sinchon), "a resident of another dong");
        let staff = Actor { grants: vec![crate::authz::Grant::CenterStaff(sinchon.clone())], ..person(vec![]) };
        assert!(!counts_toward_hiding(&staff, &sinchon), "a role is no residency");
    }

    #[test]
    fn other_needs_words() {
        assert!(ReportInput::parse("spam", "").is_ok());
        assert_eq!(ReportInput::parse("other", "").unwrap_err().field.name(), "detail");
        assert!(ReportInput::parse("other", "전화번호가 적혀 있어요").is_ok());
        assert_eq!(ReportInput::parse("rude", "").unwrap_err().field.name(), "reason");
    }

    #[test]
    fn restrictions() {
        assert_eq!(Restriction::parse("warning", "").unwrap(), Restriction::Warning);
        assert_eq!(Restriction::parse("block", "7").unwrap(), Restriction::Block { days: 7 });
        assert_eq!(Restriction::parse("block", "0").unwrap_err().field.name(), "days");
        assert_eq!(Restriction::parse("block", "366").unwrap_err().field.name(), "days");
    }

    #[test]
    fn stored_forms_round_trip() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.as_str()), Some(k));
            assert!(!k.text(Lang::Ko).is_empty() && !k.text(Lang::En).is_empty());
        }
        for k in TargetKind::ALL {
            assert_eq!(TargetKind::parse(k.as_str()).unwrap(), k);
        }
        for r in ReportReason::ALL {
            assert_eq!(ReportReason::parse(r.as_str()).unwrap(), r);
        }
        assert!(public_reason("짧다").is_err());
        assert!(public_reason("개인정보가 포함되어 가렸습니다").is_ok());
    }
}
