//! Why a request that was understood is refused (409): one code per refusal, with its message in
//! English and in Korean. Each language is one exhaustive `match`, so a new code without its
//! messages does not compile, and nothing anywhere turns an error's text back into its meaning.
//!
//! The domain's typed refusals (`booking::Refusal`, `booking::StepRefusal`, `ledger::ClaimRefusal`)
//! map onto codes (here or where the service decides their status); services raise the rest directly. REST answers carry the code as the
//! problem's `code` (and its `type` ends with it); server functions carry the whole value, so
//! pages say it in the reader's language.

use crate::domain::lang::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    // ---- booking --------------------------------------------------------------------------------
    /// A request the space's rules refuse as asked (too short, too soon, too many people, …):
    /// answered as invalid input on the field at fault.
    BookingRule {
        rule: crate::domain::booking::Refusal,
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
}

fn won(n: i64, lang: Lang) -> String {
    crate::domain::money::format_won(n, lang)
}

impl ErrorCode {
    /// The code as the API names it (`snake_case`, the serialised tag).
    pub fn code(&self) -> &'static str {
        use ErrorCode::*;
        match self {
            BookingRule { .. } => "booking_rule",
            AlreadyBooked => "already_booked",
            VenueBooked => "venue_booked",
            VenueTakenAtNewTime => "venue_taken_at_new_time",
            SpaceClosed { .. } => "space_closed",
            WeeklyLimit { .. } => "weekly_limit",
            BookingSuspended { .. } => "booking_suspended",
            NoDateBookable => "no_date_bookable",
            SpaceNotTakingBookings => "space_not_taking_bookings",
            CancelOnlyBeforeStart => "cancel_only_before_start",
            RequestTimePassed => "request_time_passed",
            BookingOver => "booking_over",
            CheckInWindow => "check_in_window",
            NoShowTooEarly => "no_show_too_early",
            BookingWrongState => "booking_wrong_state",
            BookingChanged => "booking_changed",
            VenueGoesWithAssembly => "venue_goes_with_assembly",
            TallyChanged => "tally_changed",
            TallyAlreadyConfirmed => "tally_already_confirmed",
            PaperCountMissing { .. } => "paper_count_missing",
            PaperCountUnconfirmed { .. } => "paper_count_unconfirmed",
            CheckInClosed => "check_in_closed",
            NotAVerifiedResident => "not_a_verified_resident",
            TooYoungToVote => "too_young_to_vote",
            VotedOnline => "voted_online",
            TalliesClosed => "tallies_closed",
            UndoOnlyInSession => "undo_only_in_session",
            CountingStarted => "counting_started",
            NotCheckedIn => "not_checked_in",
            AgendaFixed => "agenda_fixed",
            OnlyTimesCanChange => "only_times_can_change",
            AssemblyNotChangeable => "assembly_not_changeable",
            AssemblyChanged => "assembly_changed",
            AssemblyStep { .. } => "assembly_step",
            AgendaEmpty => "agenda_empty",
            ProposalNoLongerEligible { .. } => "proposal_no_longer_eligible",
            VotingNotOpen => "voting_not_open",
            VotingOnPaper => "voting_on_paper",
            AlreadyVoted => "already_voted",
            MinutesAfterClose => "minutes_after_close",
            BudgetsUnfunded { .. } => "budgets_unfunded",
            BudgetShort { .. } => "budget_short",
            FreeBalanceShort => "free_balance_short",
            AllocationShort => "allocation_short",
            BelowZero { .. } => "below_zero",
            AlreadyReversed => "already_reversed",
            ReversalOfReversal => "reversal_of_reversal",
            ClaimDecided => "claim_decided",
            ProjectDone => "project_done",
            ProjectStep { .. } => "project_step",
            ProjectChanged => "project_changed",
            SignInCodeLength => "sign_in_code_length",
            SignInCodeLetter => "sign_in_code_letter",
            SignInCodeWrong => "sign_in_code_wrong",
            SignInCodeUsed => "sign_in_code_used",
            SignInCodeExpired => "sign_in_code_expired",
            SignInLinkedElsewhere => "sign_in_linked_elsewhere",
            OnlyWayToSignIn => "only_way_to_sign_in",
            TooManyTokens { .. } => "too_many_tokens",
            RoleAlreadyHeld => "role_already_held",
            OwnAdminRole => "own_admin_role",
            AlreadyReported => "already_reported",
            GroupHidden => "group_hidden",
            LastOrganiser => "last_organiser",
            OrganiserMustBeActive => "organiser_must_be_active",
            ProposalNotEditable => "proposal_not_editable",
            ProposalStep { .. } => "proposal_step",
            ProposalChanged => "proposal_changed",
            NoSupportsNow => "no_supports_now",
            SupportsFinal => "supports_final",
            NoComments => "no_comments",
            TooManyImages => "too_many_images",
            DongExists { .. } => "dong_exists",
            DemoNotRemovable { .. } => "demo_not_removable",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => self.ko(),
            Lang::En => self.en(),
        }
    }

    /// The English message (also the REST problem's `detail` and the logs' text).
    pub fn en(&self) -> String {
        use ErrorCode::*;
        match self {
            BookingRule { rule } => rule.to_string(),
            AlreadyBooked => "already booked".into(),
            VenueBooked => "the venue is already booked at that time".into(),
            VenueTakenAtNewTime => {
                "the venue is already booked at the new time: choose other times, or release the venue first".into()
            }
            SpaceClosed { reason } => format!("the space is closed then: {reason}"),
            WeeklyLimit { limit } => format!("the weekly limit of {limit} bookings is reached"),
            BookingSuspended { until } => format!("booking is suspended after repeated no-shows until {until}"),
            NoDateBookable => "none of the dates could be booked".into(),
            SpaceNotTakingBookings => "this space is not taking bookings".into(),
            CancelOnlyBeforeStart => "a booking can be cancelled only before it starts".into(),
            RequestTimePassed => "this request's time has passed".into(),
            BookingOver => "this booking is over".into(),
            CheckInWindow => "check-in is from 15 minutes before the start to the end".into(),
            NoShowTooEarly => "a no-show can be marked once the booking has started".into(),
            BookingWrongState => "this booking is not in a state for that".into(),
            BookingChanged => "this booking was changed meanwhile; reload the page".into(),
            VenueGoesWithAssembly => "an assembly's venue is released with the assembly".into(),
            TallyChanged => "the tally changed meanwhile: reload the page and check the figures again".into(),
            TallyAlreadyConfirmed => "this tally is already confirmed".into(),
            PaperCountMissing { item } => {
                format!("item {item}: paper ballots were given out, and their count is not entered")
            }
            PaperCountUnconfirmed { item } => {
                format!("item {item}: the paper tally waits for a second person to confirm it")
            }
            CheckInClosed => "check-in is open only while the assembly is in session".into(),
            NotAVerifiedResident => "not a verified resident of this dong".into(),
            TooYoungToVote => "too young to vote by this assembly's bylaws".into(),
            VotedOnline => "this resident voted online: one channel per assembly, so no paper ballots".into(),
            TalliesClosed => "paper tallies are entered during the session or after the close".into(),
            UndoOnlyInSession => "a check-in can be undone only while the session runs".into(),
            CountingStarted => "paper ballots are already being counted: a check-in cannot be undone any more".into(),
            NotCheckedIn => "this resident is not checked in".into(),
            AgendaFixed => "the agenda cannot change once voting has opened".into(),
            OnlyTimesCanChange => "while pre-voting runs only the times can change".into(),
            AssemblyNotChangeable => "an assembly cannot change once its session has opened, or once cancelled".into(),
            AssemblyChanged => "the assembly changed meanwhile; reload and try again".into(),
            AssemblyStep { from, event } => format!("a {from} assembly cannot {event}"),
            AgendaEmpty => "an assembly needs at least one agenda item to be announced".into(),
            ProposalNoLongerEligible { proposal } => {
                format!("proposal {proposal} is no longer eligible: remove its item from the agenda before announcing")
            }
            VotingNotOpen => "voting is not open".into(),
            VotingOnPaper => "you were checked in at the door: you take part in this assembly on paper".into(),
            AlreadyVoted => "you have already voted on this item".into(),
            MinutesAfterClose => "minutes are written after the close".into(),
            BudgetsUnfunded { need, free } => format!(
                "the fund's free balance does not cover the participatory budgets on the agenda: {need} won on the agenda, {free} won free"
            ),
            BudgetShort { need, free } => format!(
                "the fund's free balance does not cover the funded projects: {need} won funded, {free} won free"
            ),
            FreeBalanceShort => "the fund's free balance is not enough".into(),
            AllocationShort => "the project's remaining allocation is not enough".into(),
            BelowZero { account } => format!("{account} cannot go below zero"),
            AlreadyReversed => "this entry has already been corrected".into(),
            ReversalOfReversal => "a correction cannot itself be reversed; record the right entry instead".into(),
            ClaimDecided => "the claim has already been decided".into(),
            ProjectDone => "the project is done".into(),
            ProjectStep { from, to } => format!("a {from} project cannot become {to}"),
            ProjectChanged => "the project changed meanwhile; reload and try again".into(),
            SignInCodeLength => "must be 12 letters and digits, like ABCD-EFGH-JKMN".into(),
            SignInCodeLetter => "contains a character that is never used in codes".into(),
            SignInCodeWrong => "this code is not valid: check it, or ask the center for a new one".into(),
            SignInCodeUsed => "this code was already used: ask the center for a new one".into(),
            SignInCodeExpired => "this code has expired: ask the center for a new one".into(),
            SignInLinkedElsewhere => "this sign-in is already linked to another account".into(),
            OnlyWayToSignIn => "this is your only way to sign in; link another one first".into(),
            TooManyTokens { max } => format!("at most {max} tokens; revoke one first"),
            RoleAlreadyHeld => "this person already holds this role".into(),
            OwnAdminRole => "you cannot revoke your own administrator role".into(),
            AlreadyReported => "you have already reported this; the expert will review it".into(),
            GroupHidden => "this group is hidden by moderation".into(),
            LastOrganiser => "the last organiser cannot leave; make someone else an organiser first".into(),
            OrganiserMustBeActive => "only an active member can become an organiser".into(),
            ProposalNotEditable => "a proposal cannot be edited once someone has supported it".into(),
            ProposalStep { from, event } => format!("a {from} proposal cannot {event}"),
            ProposalChanged => "the proposal changed meanwhile; reload and try again".into(),
            NoSupportsNow => "this proposal does not take supports now".into(),
            SupportsFinal => "the assembly has decided; supports can no longer be taken back".into(),
            NoComments => "this proposal does not take comments".into(),
            TooManyImages => "a proposal can have at most 5 images".into(),
            DongExists { dong } => format!("dong {dong} already exists"),
            DemoNotRemovable { reason } => format!("the demo cannot be removed: {reason}"),
        }
    }

    /// The Korean message.
    pub fn ko(&self) -> String {
        use ErrorCode::*;
        let changed = |what: &str| format!("그사이 {what}의 상태가 바뀌었습니다. 새로 고친 뒤 다시 해 보세요.");
        match self {
            BookingRule { rule } => booking_rule_ko(rule),
            AlreadyBooked | VenueBooked => "이미 예약된 시간입니다. 다른 시간을 골라 주세요.".into(),
            VenueTakenAtNewTime => {
                "새 일시에는 총회 장소가 이미 다른 예약으로 차 있어 바꾸지 않았습니다. 다른 시간을 골라 주세요.".into()
            }
            SpaceClosed { reason } => format!("그 시간에는 공간이 쉽니다: {reason}"),
            WeeklyLimit { limit } => format!("이번 주 예약 한도({limit}건)에 이르렀습니다."),
            BookingSuspended { until } => {
                format!("예약하고 오지 않은 일이 거듭되어 {until}까지 예약할 수 없습니다.")
            }
            NoDateBookable => "고른 날짜 중 예약할 수 있는 날이 없습니다.".into(),
            SpaceNotTakingBookings => "지금은 예약을 받지 않는 공간입니다.".into(),
            CancelOnlyBeforeStart => "예약은 시작하기 전에만 취소할 수 있습니다.".into(),
            RequestTimePassed | BookingOver | BookingWrongState | BookingChanged => {
                "그사이 예약의 상태가 바뀌었거나 시간이 지났습니다. 새로 고친 뒤 다시 해 보세요.".into()
            }
            CheckInWindow => "입실 확인은 시작 15분 전부터 끝날 때까지 할 수 있습니다.".into(),
            NoShowTooEarly => "노쇼는 예약 시간이 시작된 뒤에 표시할 수 있습니다.".into(),
            VenueGoesWithAssembly => "총회 장소 예약은 총회와 함께 정리됩니다.".into(),
            TallyChanged => "그사이 다른 담당자가 집계를 입력했습니다. 새로 고친 뒤 숫자를 다시 확인해 주세요.".into(),
            TallyAlreadyConfirmed => "이미 확인된 집계입니다.".into(),
            PaperCountMissing { item } => {
                format!("안건 {item}번: 종이 투표지를 나눠 준 안건의 집계를 먼저 입력해 주세요.")
            }
            PaperCountUnconfirmed { item } => {
                format!("안건 {item}번: 종이 투표 집계를 다른 담당자가 확인해야 결과를 공개할 수 있습니다.")
            }
            CheckInClosed => "참석 확인은 총회가 진행 중일 때만 할 수 있습니다.".into(),
            NotAVerifiedResident => "이 동의 거주가 확인된 주민이 아닙니다. 먼저 거주 확인을 해 주세요.".into(),
            TooYoungToVote => "이 총회의 규칙에 따라 아직 투표할 수 있는 나이가 아닙니다.".into(),
            VotedOnline => {
                "이미 온라인으로 투표한 주민입니다. 한 총회에는 한 가지 방법으로만 참여하므로 종이 투표지를 드리지 않습니다."
                    .into()
            }
            TalliesClosed => "종이 투표 집계는 총회 중과 마감 뒤 결과 공개 전까지 입력합니다.".into(),
            UndoOnlyInSession => "접수 취소는 총회가 진행 중일 때만 할 수 있습니다.".into(),
            CountingStarted => "종이 투표를 세기 시작한 뒤에는 접수를 취소할 수 없습니다.".into(),
            NotCheckedIn => "접수되지 않은 주민입니다.".into(),
            AgendaFixed => "투표가 시작된 뒤에는 안건을 바꿀 수 없습니다.".into(),
            OnlyTimesCanChange => "사전 투표가 진행 중일 때는 일시만 바꿀 수 있습니다.".into(),
            AssemblyNotChangeable => "총회가 시작되었거나 취소된 뒤에는 고치거나 취소할 수 없습니다.".into(),
            AssemblyChanged | AssemblyStep { .. } => {
                "그사이 총회의 단계가 바뀌었습니다. 새로 고친 뒤 다시 해 보세요.".into()
            }
            AgendaEmpty => "안건을 하나 이상 넣어야 공고할 수 있습니다.".into(),
            ProposalNoLongerEligible { .. } => {
                "총회에 올릴 수 없게 된 제안이 있습니다 (지지가 줄었거나 다른 총회에 올랐거나 철회됨). 그 안건을 먼저 빼 주세요."
                    .into()
            }
            VotingNotOpen => "지금은 온라인 투표 기간이 아닙니다.".into(),
            VotingOnPaper => "현장에서 참석 확인을 하셨으므로 이 총회는 종이 투표지로 투표합니다.".into(),
            AlreadyVoted => "이미 이 안건에 투표하셨습니다. 비밀투표는 바꿀 수 없습니다.".into(),
            MinutesAfterClose => "회의록은 총회를 마감한 뒤에 씁니다.".into(),
            BudgetsUnfunded { need, free } => format!(
                "안건에 오른 주민참여예산이 마을기금의 쓸 수 있는 돈보다 많습니다 (필요한 돈 {}, 쓸 수 있는 돈 {}). 기금에 수입을 기록하거나 예산을 줄인 뒤 다시 해 주세요.",
                won(*need, Lang::Ko),
                won(*free, Lang::Ko)
            ),
            BudgetShort { need, free } => format!(
                "선정된 사업의 비용이 마을기금의 쓸 수 있는 돈보다 많아 결과를 공개할 수 없습니다 (필요한 돈 {}, 쓸 수 있는 돈 {}). 기금을 채운 뒤 다시 공개해 주세요.",
                won(*need, Lang::Ko),
                won(*free, Lang::Ko)
            ),
            FreeBalanceShort => "기금의 쓸 수 있는 돈이 모자랍니다.".into(),
            AllocationShort => "이 사업에 남은 돈이 모자랍니다.".into(),
            BelowZero { .. } => "이 기록은 장부를 0원 아래로 만듭니다.".into(),
            AlreadyReversed => "이미 정정한 기록입니다.".into(),
            ReversalOfReversal => "정정 기록은 다시 정정할 수 없습니다. 맞는 기록을 새로 남기세요.".into(),
            ClaimDecided => "이미 결정된 청구입니다.".into(),
            ProjectDone => "이미 끝난 사업입니다.".into(),
            ProjectStep { .. } | ProjectChanged => changed("사업"),
            SignInCodeLength => "코드는 12자입니다. 예: ABCD-EFGH-JKMN".into(),
            SignInCodeLetter => {
                "코드에 쓰지 않는 글자가 있습니다 (숫자 0과 1, 영문 O와 I는 쓰지 않습니다). 다시 확인해 주세요.".into()
            }
            SignInCodeWrong => "코드가 맞지 않습니다. 다시 확인하거나 주민센터에 문의하세요.".into(),
            SignInCodeUsed => "이미 사용한 코드입니다. 주민센터에서 새 코드를 받으세요.".into(),
            SignInCodeExpired => "기간이 지난 코드입니다. 주민센터에서 새 코드를 받으세요.".into(),
            SignInLinkedElsewhere => "이 로그인은 이미 다른 계정에 연결되어 있습니다.".into(),
            OnlyWayToSignIn => "유일한 로그인 방법은 해제할 수 없습니다. 다른 방법을 먼저 연결하세요.".into(),
            TooManyTokens { max } => format!("토큰은 {max}개까지 만들 수 있습니다. 먼저 하나를 폐기하세요."),
            RoleAlreadyHeld => "이미 이 역할을 가진 사람입니다.".into(),
            OwnAdminRole => "자신의 관리자 역할은 해제할 수 없습니다.".into(),
            AlreadyReported => "이미 신고하셨습니다. 마을공동체 전문가가 검토합니다.".into(),
            GroupHidden => "운영 원칙에 따라 가려진 모임입니다.".into(),
            LastOrganiser => "마지막 모임지기는 나갈 수 없습니다. 먼저 다른 회원을 모임지기로 정하세요.".into(),
            OrganiserMustBeActive => "활동 중인 회원만 모임지기가 될 수 있습니다.".into(),
            ProposalNotEditable => "공감을 받은 제안은 고칠 수 없습니다. 댓글로 보충해 주세요.".into(),
            ProposalStep { .. } | ProposalChanged => changed("제안"),
            NoSupportsNow => "지금은 이 제안에 공감할 수 없습니다.".into(),
            SupportsFinal => "총회에서 결정된 제안은 공감을 취소할 수 없습니다.".into(),
            NoComments => "이 제안에는 댓글을 쓸 수 없습니다.".into(),
            TooManyImages => "사진은 5장까지 올릴 수 있습니다.".into(),
            DongExists { dong } => format!("동 코드 {dong}는 이미 있습니다."),
            DemoNotRemovable { reason } => format!("데모 데이터를 지울 수 없습니다: {reason}"),
        }
    }

    /// Every code, one of each (with sample values), for tests that walk them all.
    pub fn samples() -> Vec<ErrorCode> {
        use ErrorCode::*;
        let s = || "x".to_owned();
        vec![
            BookingRule { rule: crate::domain::booking::Refusal::TooShort(30) },
            AlreadyBooked,
            VenueBooked,
            VenueTakenAtNewTime,
            SpaceClosed { reason: s() },
            WeeklyLimit { limit: 3 },
            BookingSuspended { until: "2026-12-24".into() },
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
            TallyChanged,
            TallyAlreadyConfirmed,
            PaperCountMissing { item: 2 },
            PaperCountUnconfirmed { item: 2 },
            CheckInClosed,
            NotAVerifiedResident,
            TooYoungToVote,
            VotedOnline,
            TalliesClosed,
            UndoOnlyInSession,
            CountingStarted,
            NotCheckedIn,
            AgendaFixed,
            OnlyTimesCanChange,
            AssemblyNotChangeable,
            AssemblyChanged,
            AssemblyStep { from: "draft".into(), event: "open".into() },
            AgendaEmpty,
            ProposalNoLongerEligible { proposal: 7 },
            VotingNotOpen,
            VotingOnPaper,
            AlreadyVoted,
            MinutesAfterClose,
            BudgetsUnfunded { need: 5_000_000, free: 1_000_000 },
            BudgetShort { need: 5_000_000, free: 1_000_000 },
            FreeBalanceShort,
            AllocationShort,
            BelowZero { account: s() },
            AlreadyReversed,
            ReversalOfReversal,
            ClaimDecided,
            ProjectDone,
            ProjectStep { from: "done".into(), to: "planned".into() },
            ProjectChanged,
            SignInCodeLength,
            SignInCodeLetter,
            SignInCodeWrong,
            SignInCodeUsed,
            SignInCodeExpired,
            SignInLinkedElsewhere,
            OnlyWayToSignIn,
            TooManyTokens { max: 10 },
            RoleAlreadyHeld,
            OwnAdminRole,
            AlreadyReported,
            GroupHidden,
            LastOrganiser,
            OrganiserMustBeActive,
            ProposalNotEditable,
            ProposalStep { from: "draft".into(), event: "support".into() },
            ProposalChanged,
            NoSupportsNow,
            SupportsFinal,
            NoComments,
            TooManyImages,
            DongExists { dong: "1141099000".into() },
            DemoNotRemovable { reason: s() },
        ]
    }
}

/// A booking rule's refusal in Korean.
fn booking_rule_ko(rule: &crate::domain::booking::Refusal) -> String {
    use crate::domain::booking::Refusal as R;
    match rule {
        R::NotOnSlots(n) => format!("예약은 {n}분 단위로 시작하고 끝납니다."),
        R::TooShort(n) => format!("예약은 {n}분 이상이어야 합니다."),
        R::TooLong(n) => format!("예약은 {n}분까지 할 수 있습니다."),
        R::InThePast => "이미 지난 시간입니다.".into(),
        R::TooSoon(n) => format!("적어도 {n}분 전에 예약해야 합니다."),
        R::TooFarAhead(n) => format!("{n}일 뒤까지만 예약할 수 있습니다."),
        R::OutsideHours => "그 시간은 운영 시간이 아닙니다.".into(),
        R::Blackout(reason) => format!("그 시간에는 공간이 쉽니다: {reason}"),
        R::OverCapacity(n) => format!("이 공간에는 {n}명까지 들어갈 수 있습니다."),
        R::NoAttendees => "인원은 1명 이상입니다.".into(),
        R::QuotaReached(n) => format!("이번 주 예약 한도({n}건)에 이르렀습니다."),
        R::AlreadyBooked => "이미 예약된 시간입니다. 다른 시간을 골라 주세요.".into(),
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl From<crate::domain::booking::StepRefusal> for ErrorCode {
    fn from(r: crate::domain::booking::StepRefusal) -> Self {
        use crate::domain::booking::StepRefusal as R;
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
mod tests {
    use super::*;

    #[test]
    fn every_code_speaks_both_languages_and_names_itself() {
        let samples = ErrorCode::samples();
        let generic = ["지금은 처리할 수 없습니다.", "입력한 내용을 확인해 주세요."];
        let mut codes = std::collections::HashSet::new();
        for c in &samples {
            let (ko, en) = (c.ko(), c.en());
            assert!(!ko.is_empty() && !en.is_empty(), "{c:?}");
            assert!(!generic.contains(&ko.as_str()), "{c:?} falls back to a generic message");
            assert!(ko.chars().any(|ch| ('가'..='힣').contains(&ch)), "{c:?}: Korean: {ko}");
            assert_ne!(ko, en, "{c:?}");
            assert!(codes.insert(c.code()), "{} named twice", c.code());
            // the serialised tag is the code the API shows
            let json = serde_json::to_value(c).unwrap_or_default();
            assert_eq!(json["code"], c.code(), "{c:?}");
            assert_eq!(serde_json::from_value::<ErrorCode>(json).ok().as_ref(), Some(c));
        }
    }

    #[test]
    fn every_booking_rule_speaks_korean() {
        use crate::domain::booking::Refusal as R;
        let rules = [
            R::NotOnSlots(30),
            R::TooShort(30),
            R::TooLong(240),
            R::InThePast,
            R::TooSoon(60),
            R::TooFarAhead(30),
            R::OutsideHours,
            R::Blackout("청소".into()),
            R::OverCapacity(12),
            R::NoAttendees,
            R::QuotaReached(3),
            R::AlreadyBooked,
        ];
        for rule in rules {
            let code = ErrorCode::BookingRule { rule: rule.clone() };
            assert_eq!(code.en(), rule.to_string());
            assert!(code.ko().chars().any(|c| ('가'..='힣').contains(&c)), "{rule:?}");
        }
    }

    #[test]
    fn samples_hold_every_variant() {
        // a variant missing from `samples` would escape the test above: count the `code` arms
        let source = include_str!("error_code.rs");
        let arms = source.split("pub fn code(").nth(1).and_then(|s| s.split("pub fn message(").next()).unwrap_or("");
        let n = arms.matches("=> \"").count();
        assert_eq!(ErrorCode::samples().len(), n, "every code has a sample");
    }
}
