//! Every code's message in Korean: one exhaustive `match`, so a code without it does not compile.

use super::{ErrorCode, won};
use domain::lang::Lang;

impl ErrorCode {
    /// The Korean message.
    pub fn ko(&self) -> String {
        use ErrorCode::*;
        let changed = |what: &str| format!("그사이 {what}의 상태가 바뀌었습니다. 새로 고친 뒤 다시 해 보세요.");
        match self {
            Input { field, rule } => rule.say(*field, Lang::Ko),
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
            ProposalWithoutCost { proposal } => {
                format!("{proposal}번 제안에는 예상 비용이 없어 주민참여예산 안건에 올릴 수 없습니다.")
            }
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
            ResidentLivesElsewhere => "다른 동의 확인된 주민입니다. 그 동 주민센터가 전출을 처리하거나, 본인이 내 계정에서 이사했다고 알려야 합니다.".into(),
            NotForYourself => "자기 자신의 계정에는 할 수 없습니다. 다른 직원에게 부탁하세요.".into(),
            AccountSignsInElsewhere => "이 계정은 간편 로그인이나 액세스 토큰으로 로그인하므로 직원 한 사람이 로그인 코드를 발급할 수 없습니다. 본인이 가입한 서비스로 다시 로그인하거나, 두 직원이 확인하는 복구 코드를 요청하세요.".into(),
            HoldsRoleNoCode => "역할을 가진 사람입니다. 로그인 코드는 주민센터가 아니라 운영자가 발급합니다.".into(),
            SignInCodeVoid => "이 코드로는 더 이상 로그인할 수 없습니다. 발급 뒤 계정의 역할이 바뀌었으니 새 코드를 받으세요.".into(),
            PreparedTheClaimant => "90일 안에 이 청구를 낸 사람을 등록하거나, 확인하거나, 로그인 코드를 발급했습니다. 다른 직원이나 구 전문가가 결정해야 합니다.".into(),
            ProposalNeedsAnotherAdmin => "복지 역할은 제안한 관리자와 대상자가 아닌 다른 관리자가 승인해야 합니다.".into(),
            ProposalDecided => "이미 승인되었거나 거절된 제안입니다.".into(),
            RecoveryNeedsAnotherStaff => "복구 코드는 요청한 직원이 아닌 다른 직원이 확인하고 발급해야 합니다.".into(),
            RecoveryDecided => "이미 처리되었거나 취소된 복구 요청입니다.".into(),
            CounterAccountNoRecovery => "주민센터에서 만든 계정입니다. 복구 요청 대신 새 코드를 발급하세요.".into(),
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
            CaseClosed => "종결된 사례입니다.".into(),
            CaseNotAssigned => "먼저 담당 공무원이나 간호사를 배정하세요.".into(),
            CaseChanged => "그사이 사례가 바뀌었습니다. 새로 고친 뒤 다시 해 주세요.".into(),
            CaseNotLinked => "연계한 서비스를 먼저 기록하거나 다른 종결 사유를 고르세요.".into(),
            TooManyConfirmations { max } => format!("확인 메시지는 하루에 {max}번까지 보낼 수 있습니다. 내일 다시 해 주세요."),
            ConfirmationLinkInvalid => "쓸 수 없는 확인 링크입니다. 이미 썼거나, 새 링크로 바뀌었거나, 하루가 지났습니다. 내 정보에서 새 링크를 받으세요.".into(),
            PhoneCodeWrong { tries_left } => {
                format!("인증번호가 맞지 않습니다. {tries_left}번 더 넣어 볼 수 있습니다.")
            }
            PhoneCodeInvalid => format!(
                "기다리는 인증번호가 없습니다. {}분이 지났거나, {}번 틀렸거나, 이미 썼습니다. 번호를 다시 넣어 새 인증번호를 받으세요.",
                domain::messaging::PHONE_CODE_MINUTES,
                domain::messaging::PHONE_CODE_TRIES
            ),
            ChannelNotOffered => "이 서버는 아직 카카오톡과 문자를 보내지 않습니다. 전자우편이나 센터의 전화 알림을 이용하세요.".into(),
            NoConfirmedAddress => "먼저 이 방법으로 받을 주소를 등록하고 확인하세요.".into(),
            UnsubscribeLinkInvalid => "쓸 수 없는 링크입니다. 받는 알림은 내 정보에서 바꿀 수 있습니다.".into(),
            CallListChanged => "다른 직원이 먼저 처리했습니다. 목록을 새로 고쳐 확인하세요.".into(),
        }
    }
}

/// A booking rule's refusal in Korean.
fn booking_rule_ko(rule: &domain::booking::Refusal) -> String {
    use domain::booking::Refusal as R;
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
