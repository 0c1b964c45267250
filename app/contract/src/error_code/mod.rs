//! Why a request that was understood is refused (409): one code per refusal, with its message in
//! English and in Korean. Each language is one exhaustive `match`, so a new code without its
//! messages does not compile, and nothing anywhere turns an error's text back into its meaning.
//!
//! The domain's typed refusals (`booking::Refusal`, `booking::StepRefusal`, `ledger::ClaimRefusal`)
//! map onto codes (here or where the service decides their status); services raise the rest directly. REST answers carry the code as the
//! problem's `code` (and its `type` ends with it); server functions carry the whole value, so
//! pages say it in the reader's language.

use domain::lang::Lang;

mod en;
mod ko;
use serde::{Deserialize, Serialize};

/// A refusal, with what it needs to be said. Its kind ([`ErrorCodeKind`], derived) names it: the
/// API's `code` is the kind's snake_case name, and the kinds enumerate every refusal for tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[serde(tag = "code", rename_all = "snake_case")]
#[strum_discriminants(name(ErrorCodeKind), derive(strum::IntoStaticStr, strum::EnumIter))]
#[strum_discriminants(strum(serialize_all = "snake_case"))]
pub enum ErrorCode {
    // ---- input ----------------------------------------------------------------------------------
    /// A value refused by a rule of its own (`domain::InputRule`), answered as invalid input on
    /// the field at fault; said in both languages from the rule and the field (`domain::input`).
    Input {
        field: domain::Field,
        rule: domain::InputRule,
    },
    // ---- booking --------------------------------------------------------------------------------
    /// A request the space's rules refuse as asked (too short, too soon, too many people, …):
    /// answered as invalid input on the field at fault.
    BookingRule {
        rule: domain::booking::Refusal,
    },
    AlreadyBooked,
    /// An assembly asked for a venue that is taken.
    VenueBooked,
    /// An assembly moved to times when its venue is taken.
    VenueTakenAtNewTime,
    SpaceClosed {
        reason: String,
    },
    WeeklyLimit {
        limit: u32,
    },
    BookingSuspended {
        /// The last day of the suspension, `YYYY-MM-DD`.
        until: String,
    },
    NoDateBookable,
    SpaceNotTakingBookings,
    CancelOnlyBeforeStart,
    RequestTimePassed,
    BookingOver,
    CheckInWindow,
    NoShowTooEarly,
    BookingWrongState,
    BookingChanged,
    VenueGoesWithAssembly,
    // ---- assembly day -------------------------------------------------------------------------
    TallyChanged,
    TallyAlreadyConfirmed,
    /// `item` counts from 1, as on the agenda.
    PaperCountMissing {
        item: i32,
    },
    PaperCountUnconfirmed {
        item: i32,
    },
    CheckInClosed,
    NotAVerifiedResident,
    TooYoungToVote,
    VotedOnline,
    TalliesClosed,
    UndoOnlyInSession,
    CountingStarted,
    NotCheckedIn,
    // ---- assemblies ---------------------------------------------------------------------------
    AgendaFixed,
    OnlyTimesCanChange,
    AssemblyNotChangeable,
    AssemblyChanged,
    AssemblyStep {
        from: String,
        event: String,
    },
    AgendaEmpty,
    ProposalNoLongerEligible {
        proposal: i64,
    },
    /// A participatory-budget item named a proposal with no estimated cost.
    ProposalWithoutCost {
        proposal: i64,
    },
    VotingNotOpen,
    VotingOnPaper,
    AlreadyVoted,
    MinutesAfterClose,
    /// Won on the agenda, won free in the fund.
    BudgetsUnfunded {
        need: i64,
        free: i64,
    },
    /// Won the winners cost, won free in the fund.
    BudgetShort {
        need: i64,
        free: i64,
    },
    // ---- fund ---------------------------------------------------------------------------------
    FreeBalanceShort,
    AllocationShort,
    BelowZero {
        account: String,
    },
    AlreadyReversed,
    ReversalOfReversal,
    ClaimDecided,
    ProjectDone,
    ProjectStep {
        from: String,
        to: String,
    },
    ProjectChanged,
    // ---- people -------------------------------------------------------------------------------
    /// Typed text that cannot be a code (its length).
    SignInCodeLength,
    /// Typed text with a character codes never use.
    SignInCodeLetter,
    /// A code that is not one the center issued (or not in full).
    SignInCodeWrong,
    SignInCodeUsed,
    SignInCodeExpired,
    SignInLinkedElsewhere,
    OnlyWayToSignIn,
    TooManyTokens {
        max: u64,
    },
    RoleAlreadyHeld,
    OwnAdminRole,
    /// A residency asked for someone who is a verified resident of another dong now.
    ResidentLivesElsewhere,
    /// Staff acting on their own account (verifying, printing a code), an administrator on their own roles.
    NotForYourself,
    /// A sign-in code asked for an account that is not a counter account.
    AccountSignsInElsewhere,
    /// A sign-in code asked at the counter for someone who holds a role.
    HoldsRoleNoCode,
    /// A counter code whose holder holds a role at the moment of use.
    SignInCodeVoid,
    /// A claim whose author the would-be approver prepared.
    PreparedTheClaimant,
    /// A welfare role proposal confirmed by its proposer or its grantee.
    ProposalNeedsAnotherAdmin,
    /// A welfare role proposal that is no longer pending.
    ProposalDecided,
    /// A recovery request confirmed by the staff member who made it.
    RecoveryNeedsAnotherStaff,
    /// A recovery request that is no longer pending.
    RecoveryDecided,
    /// A recovery request for a counter account (which gets a plain code).
    CounterAccountNoRecovery,
    // ---- participation ------------------------------------------------------------------------
    AlreadyReported,
    GroupHidden,
    LastOrganiser,
    OrganiserMustBeActive,
    ProposalNotEditable,
    ProposalStep {
        from: String,
        event: String,
    },
    ProposalChanged,
    NoSupportsNow,
    SupportsFinal,
    NoComments,
    TooManyImages,
    // ---- operators ----------------------------------------------------------------------------
    DongExists {
        dong: String,
    },
    DemoNotRemovable {
        reason: String,
    },
    // ---- welfare ------------------------------------------------------------------------------
    CaseClosed,
    CaseNotAssigned,
    CaseChanged,
    /// Closed as "linked" with no linked service in the log.
    CaseNotLinked,
    // ---- messages -----------------------------------------------------------------------------
    /// More confirmation links asked for in a day than `domain::messaging::CONFIRMATIONS_PER_DAY`.
    TooManyConfirmations {
        max: u64,
    },
    /// A confirmation link that is unknown, used, replaced or past its time.
    ConfirmationLinkInvalid,
    /// A wrong code typed for a phone number; `tries_left` more before the code ends.
    PhoneCodeWrong {
        tries_left: u32,
    },
    /// No code waits for the person's phone number: never asked for, past its ten minutes, ended
    /// by too many wrong tries, or used.
    PhoneCodeInvalid,
    /// A number added for KakaoTalk where this server sends no KakaoTalk messages.
    ChannelNotOffered,
    /// A topic turned on for a channel with no confirmed address.
    NoConfirmedAddress,
    /// An unsubscribe link that is not one the platform sent.
    UnsubscribeLinkInvalid,
    /// A call marked done, or an undelivered message handled, by someone else first.
    CallListChanged,
}

/// `key=value` with both percent-encoded as a form would (RFC 3986 unreserved characters kept).
fn serde_urlencoded_pair(key: &str, value: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!("{}={}", enc(key), enc(value))
}

fn won(n: i64, lang: Lang) -> String {
    domain::money::format_won(n, lang)
}

impl ErrorCode {
    /// The code as the API names it (`snake_case`, the serialised tag): its kind's name.
    pub fn code(&self) -> &'static str {
        ErrorCodeKind::from(self).into()
    }

    /// The code as the value of a query parameter, for the redirect back to a form posted without
    /// JavaScript (an upload): the page says it in its reader's language, from the code alone.
    pub fn to_query(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `key=<the code>`, percent-encoded, for a redirect's query.
    pub fn query_pair(&self, key: &str) -> String {
        serde_urlencoded_pair(key, &self.to_query())
    }

    /// A code read back from a query parameter ([`ErrorCode::to_query`]); `None` for anything else,
    /// and for a code that carries free text (a closure's reason, a step's name): a link anyone
    /// can craft must not make a page say words of the link's author. Uploads are refused with
    /// codes that carry only names and numbers.
    pub fn from_query(s: &str) -> Option<ErrorCode> {
        fn only_names_and_numbers(v: &serde_json::Value, key: &str) -> bool {
            match v {
                serde_json::Value::String(_) => ["code", "rule", "field", "format", "unit"].contains(&key),
                serde_json::Value::Object(m) => m.iter().all(|(k, v)| only_names_and_numbers(v, k)),
                serde_json::Value::Array(a) => a.iter().all(|v| only_names_and_numbers(v, key)),
                _ => true,
            }
        }
        let value: serde_json::Value = serde_json::from_str(s).ok()?;
        if !only_names_and_numbers(&value, "") {
            return None;
        }
        serde_json::from_value(value).ok()
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => self.ko(),
            Lang::En => self.en(),
        }
    }

    /// Every code, one of each kind (with sample values), for tests that walk them all.
    pub fn samples() -> Vec<ErrorCode> {
        use strum::IntoEnumIterator;
        ErrorCodeKind::iter().map(ErrorCodeKind::sample).collect()
    }
}

impl ErrorCodeKind {
    /// A code of this kind with sample values (exhaustive: a new kind does not compile without one).
    pub fn sample(self) -> ErrorCode {
        use ErrorCode::*;
        use ErrorCodeKind as K;
        let s = || "x".to_owned();
        match self {
            K::Input => Input { field: domain::Field::Title, rule: domain::InputRule::Length { min: 2, max: 200 } },
            K::BookingRule => BookingRule { rule: domain::booking::Refusal::TooShort(30) },
            K::AlreadyBooked => AlreadyBooked,
            K::VenueBooked => VenueBooked,
            K::VenueTakenAtNewTime => VenueTakenAtNewTime,
            K::SpaceClosed => SpaceClosed { reason: s() },
            K::WeeklyLimit => WeeklyLimit { limit: 3 },
            K::BookingSuspended => BookingSuspended { until: "2026-12-24".into() },
            K::NoDateBookable => NoDateBookable,
            K::SpaceNotTakingBookings => SpaceNotTakingBookings,
            K::CancelOnlyBeforeStart => CancelOnlyBeforeStart,
            K::RequestTimePassed => RequestTimePassed,
            K::BookingOver => BookingOver,
            K::CheckInWindow => CheckInWindow,
            K::NoShowTooEarly => NoShowTooEarly,
            K::BookingWrongState => BookingWrongState,
            K::BookingChanged => BookingChanged,
            K::VenueGoesWithAssembly => VenueGoesWithAssembly,
            K::TallyChanged => TallyChanged,
            K::TallyAlreadyConfirmed => TallyAlreadyConfirmed,
            K::PaperCountMissing => PaperCountMissing { item: 2 },
            K::PaperCountUnconfirmed => PaperCountUnconfirmed { item: 2 },
            K::CheckInClosed => CheckInClosed,
            K::NotAVerifiedResident => NotAVerifiedResident,
            K::TooYoungToVote => TooYoungToVote,
            K::VotedOnline => VotedOnline,
            K::TalliesClosed => TalliesClosed,
            K::UndoOnlyInSession => UndoOnlyInSession,
            K::CountingStarted => CountingStarted,
            K::NotCheckedIn => NotCheckedIn,
            K::AgendaFixed => AgendaFixed,
            K::OnlyTimesCanChange => OnlyTimesCanChange,
            K::AssemblyNotChangeable => AssemblyNotChangeable,
            K::AssemblyChanged => AssemblyChanged,
            K::AssemblyStep => AssemblyStep { from: "draft".into(), event: "open".into() },
            K::AgendaEmpty => AgendaEmpty,
            K::ProposalNoLongerEligible => ProposalNoLongerEligible { proposal: 7 },
            K::ProposalWithoutCost => ProposalWithoutCost { proposal: 7 },
            K::VotingNotOpen => VotingNotOpen,
            K::VotingOnPaper => VotingOnPaper,
            K::AlreadyVoted => AlreadyVoted,
            K::MinutesAfterClose => MinutesAfterClose,
            K::BudgetsUnfunded => BudgetsUnfunded { need: 5_000_000, free: 1_000_000 },
            K::BudgetShort => BudgetShort { need: 5_000_000, free: 1_000_000 },
            K::FreeBalanceShort => FreeBalanceShort,
            K::AllocationShort => AllocationShort,
            K::BelowZero => BelowZero { account: s() },
            K::AlreadyReversed => AlreadyReversed,
            K::ReversalOfReversal => ReversalOfReversal,
            K::ClaimDecided => ClaimDecided,
            K::ProjectDone => ProjectDone,
            K::ProjectStep => ProjectStep { from: "done".into(), to: "planned".into() },
            K::ProjectChanged => ProjectChanged,
            K::SignInCodeLength => SignInCodeLength,
            K::SignInCodeLetter => SignInCodeLetter,
            K::SignInCodeWrong => SignInCodeWrong,
            K::SignInCodeUsed => SignInCodeUsed,
            K::SignInCodeExpired => SignInCodeExpired,
            K::SignInLinkedElsewhere => SignInLinkedElsewhere,
            K::OnlyWayToSignIn => OnlyWayToSignIn,
            K::TooManyTokens => TooManyTokens { max: 10 },
            K::RoleAlreadyHeld => RoleAlreadyHeld,
            K::OwnAdminRole => OwnAdminRole,
            K::ResidentLivesElsewhere => ResidentLivesElsewhere,
            K::NotForYourself => NotForYourself,
            K::AccountSignsInElsewhere => AccountSignsInElsewhere,
            K::HoldsRoleNoCode => HoldsRoleNoCode,
            K::SignInCodeVoid => SignInCodeVoid,
            K::PreparedTheClaimant => PreparedTheClaimant,
            K::ProposalNeedsAnotherAdmin => ProposalNeedsAnotherAdmin,
            K::ProposalDecided => ProposalDecided,
            K::RecoveryNeedsAnotherStaff => RecoveryNeedsAnotherStaff,
            K::RecoveryDecided => RecoveryDecided,
            K::CounterAccountNoRecovery => CounterAccountNoRecovery,
            K::AlreadyReported => AlreadyReported,
            K::GroupHidden => GroupHidden,
            K::LastOrganiser => LastOrganiser,
            K::OrganiserMustBeActive => OrganiserMustBeActive,
            K::ProposalNotEditable => ProposalNotEditable,
            K::ProposalStep => ProposalStep { from: "draft".into(), event: "support".into() },
            K::ProposalChanged => ProposalChanged,
            K::NoSupportsNow => NoSupportsNow,
            K::SupportsFinal => SupportsFinal,
            K::NoComments => NoComments,
            K::TooManyImages => TooManyImages,
            K::DongExists => DongExists { dong: "1141099000".into() },
            K::DemoNotRemovable => DemoNotRemovable { reason: s() },
            K::CaseClosed => CaseClosed,
            K::CaseNotAssigned => CaseNotAssigned,
            K::CaseChanged => CaseChanged,
            K::CaseNotLinked => CaseNotLinked,
            K::TooManyConfirmations => TooManyConfirmations { max: 5 },
            K::ConfirmationLinkInvalid => ConfirmationLinkInvalid,
            K::PhoneCodeWrong => PhoneCodeWrong { tries_left: 3 },
            K::PhoneCodeInvalid => PhoneCodeInvalid,
            K::ChannelNotOffered => ChannelNotOffered,
            K::NoConfirmedAddress => NoConfirmedAddress,
            K::UnsubscribeLinkInvalid => UnsubscribeLinkInvalid,
            K::CallListChanged => CallListChanged,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl From<domain::ValidationError> for ErrorCode {
    fn from(e: domain::ValidationError) -> Self {
        ErrorCode::Input { field: e.field, rule: e.rule }
    }
}

impl From<domain::booking::StepRefusal> for ErrorCode {
    fn from(r: domain::booking::StepRefusal) -> Self {
        use domain::booking::StepRefusal as R;
        match r {
            R::RequestTimePassed => ErrorCode::RequestTimePassed,
            R::BookingOver => ErrorCode::BookingOver,
            R::CheckInWindow => ErrorCode::CheckInWindow,
            R::NoShowTooEarly => ErrorCode::NoShowTooEarly,
            R::WrongState => ErrorCode::BookingWrongState,
        }
    }
}

#[cfg(test)]
mod tests;
