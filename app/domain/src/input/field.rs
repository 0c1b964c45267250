//! Every input a refusal can be about: its wire name and what a person calls it.

use serde::{Deserialize, Serialize};

/// Declares [`Field`]: each variant with its name on the wire (a form's field, a REST body's
/// property) and what a person calls it in Korean and in English.
macro_rules! fields {
    ($($variant:ident => $wire:literal, $ko:literal, $en:literal;)*) => {
        /// The input a refusal is about. One wire name may be several fields (a group's `name`
        /// and a space's `name` are called differently).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Field { $($variant),* }

        impl Field {
            /// Every field, for tests that walk them all.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// The field's name on the wire.
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $wire),* }
            }

            /// What a person calls it, in Korean.
            pub fn ko(self) -> &'static str {
                match self { $(Field::$variant => $ko),* }
            }

            /// What a person calls it, in English (lower case).
            pub fn en(self) -> &'static str {
                match self { $(Field::$variant => $en),* }
            }
        }
    };
}

fields! {
    Abstentions => "abstentions", "기권 수", "number of abstentions";
    Account => "account", "계정 번호", "account number";
    Address => "address", "주소", "address";
    Alt => "alt", "사진 설명", "image description";
    Amount => "amount", "금액", "amount";
    Approve => "approve", "찬성 수", "number of approvals";
    Attendees => "attendees", "오는 사람 수", "number of people coming";
    BallotSets => "ballot_sets", "투표지 묶음", "ballot sets";
    Ballots => "ballots", "투표지 수", "number of ballots";
    BirthYear => "birth_year", "태어난 해", "year of birth";
    Body => "body", "댓글", "comment";
    BudgetWon => "budget_won", "예산", "budget";
    Capacity => "capacity", "정원", "capacity";
    Category => "category", "분야", "category";
    Channel => "channel", "창구", "channel";
    Choice => "choice", "선택", "choice";
    CloseReason => "close_reason", "종결 사유", "reason for closing";
    Code => "code", "코드", "code";
    Config => "config", "설정 파일", "configuration file";
    Confirm => "confirm", "확인란", "confirmation box";
    Contact => "contact", "연락처", "contact";
    Corrects => "corrects", "고칠 기록", "entry to correct";
    CostWon => "cost_won", "예상 비용", "estimated cost";
    Count => "count", "반복 횟수", "number of repetitions";
    Covers => "covers", "맡는 지역", "area covered";
    Date => "date", "날짜", "date";
    Days => "days", "일수", "number of days";
    Decision => "decision", "결정", "decision";
    Demo => "demo", "기준 지리 정보", "reference geography";
    Description => "description", "설명", "description";
    Detail => "detail", "기타 이유", "other reason";
    Direction => "direction", "방향", "direction";
    DisplayName => "display_name", "이름", "name";
    DistrictCode => "district_code", "구 코드", "district code";
    DistrictNameEn => "district_name_en", "구 영문 이름", "district's English name";
    DistrictNameKo => "district_name_ko", "구 이름", "district's Korean name";
    Dong => "dong", "동", "dong";
    DongCode => "dong_code", "동 코드", "dong code";
    DongNameEn => "dong_name_en", "동 영문 이름", "dong's English name";
    DongNameKo => "dong_name_ko", "동 이름", "dong's Korean name";
    End => "end", "끝 시각", "end";
    EndsAt => "ends_at", "끝 시각", "end";
    Email => "email", "전자우편 주소", "e-mail address";
    Entry => "entry", "집계", "tally";
    Equipment => "equipment", "비품", "equipment";
    Event => "event", "단계", "step";
    ExpiresOn => "expires_on", "유효기간", "expiry date";
    Findings => "findings", "기록", "findings";
    Floor => "floor", "층", "floor";
    FeePerHour => "fee_per_hour", "시간당 이용료", "fee per hour";
    Form => "form", "양식", "form";
    From => "from", "시작 날짜", "first date";
    Frequency => "frequency", "받는 간격", "how often";
    FromDate => "from_date", "시작 날짜", "first date";
    FromTime => "from_time", "시작 시각", "start time";
    Group => "group", "모임", "group";
    GroupId => "group_id", "모임", "group";
    GroupName => "name", "모임 이름", "group name";
    Header => "header", "첫 줄", "header";
    HorizonDays => "horizon_days", "예약 가능 기간", "booking horizon";
    Hours => "hours", "운영 시간", "opening hours";
    Id => "id", "번호", "number";
    IdempotencyKey => "idempotency_key", "중복 방지 키", "idempotency key";
    Image => "image", "사진", "image";
    Kind => "kind", "종류", "kind";
    Lang => "lang", "언어", "language";
    Lat => "lat", "위도", "latitude";
    List => "list", "명단", "list";
    Location => "location", "장소", "location";
    Lon => "lon", "경도", "longitude";
    Majority => "majority", "의결 기준", "majority";
    Mark => "mark", "표시", "mark";
    Max => "max", "최대 선택 수", "maximum choices";
    MaxMinutes => "max_minutes", "최대 이용 시간", "longest booking";
    MeetingPattern => "meeting_pattern", "모임 방식", "meeting pattern";
    Membership => "membership", "가입 방식", "membership rule";
    Method => "method", "확인 방법", "verification method";
    MinMinutes => "min_minutes", "최소 이용 시간", "shortest booking";
    MinNoticeMinutes => "min_notice_minutes", "최소 사전 신청 시간", "minimum notice";
    MinimumAge => "minimum_age", "나이 기준", "minimum age";
    Minutes => "minutes", "회의록", "minutes";
    Month => "month", "달", "month";
    NameEn => "name_en", "영문 이름", "English name";
    NameKo => "name_ko", "이름", "Korean name";
    Needs => "needs", "보신 어려움", "what you noticed";
    NoShowLimit => "no_show_limit", "노쇼 횟수", "number of no-shows";
    NoShowWindowDays => "no_show_window_days", "노쇼를 세는 기간", "no-show period";
    Note => "note", "소식", "note";
    OauthProviders => "UD_OAUTH_PROVIDERS", "OAuth 설정", "OAuth settings";
    Observed => "observed", "본 것", "what was seen";
    OffSchedule => "off_schedule", "일정과 다름 확인", "off-schedule confirmation";
    Official => "official", "담당자", "official";
    Options => "options", "선택지", "options";
    ParentId => "parent_id", "답글을 달 댓글", "comment replied to";
    Payee => "payee", "받는 곳", "payee";
    PayeeType => "payee_type", "받는 곳 종류", "kind of payee";
    Phone => "phone", "전화번호", "phone number";
    Mobile => "phone", "휴대전화 번호", "mobile phone number";
    PbRule => "pb_rule", "선정 방식", "selection rule";
    Photo => "photo", "사진", "photo";
    Place => "place", "장소", "place";
    PreVotingStarts => "pre_voting_starts", "사전 투표 시작", "start of pre-voting";
    Problem => "problem", "문제", "problem";
    Project => "project", "사업", "project";
    ProjectName => "title", "사업 이름", "project name";
    Proposals => "proposals", "제안 번호", "proposal numbers";
    PublicReason => "public_reason", "주민에게 보일 사유", "public reason";
    Purpose => "purpose", "목적", "purpose";
    Q => "q", "검색어", "search";
    Quorum => "quorum", "정족수", "quorum";
    QuorumKind => "quorum_kind", "정족수 방식", "kind of quorum";
    Reason => "reason", "사유", "reason";
    ReceiptFile => "receipt", "영수증", "receipt";
    ReceiptNumber => "receipt", "접수번호", "receipt number";
    Reject => "reject", "반대 수", "number of rejections";
    Repeat => "repeat", "반복 방법", "repetition";
    ReportThreshold => "report_threshold", "신고 기준", "report threshold";
    Role => "role", "역할", "role";
    Row => "row", "줄", "row";
    Scope => "scope", "범위", "scope";
    SectionName => "name", "구역 이름", "section name";
    Sections => "name", "구역", "sections";
    Service => "service", "연계 서비스", "service";
    SessionEnds => "session_ends", "총회 끝 시각", "session end";
    SessionStarts => "session_starts", "총회 시작 시각", "session start";
    SlotMinutes => "slot_minutes", "시간 단위", "slot length";
    Solution => "solution", "해결책", "solution";
    Space => "space", "공간", "space";
    SpaceName => "name", "공간 이름", "space name";
    Start => "start", "시작 시각", "start";
    StartsAt => "starts_at", "시작 시각", "start";
    Status => "status", "상태", "status";
    Step => "step", "단계", "step";
    SuspensionDays => "suspension_days", "예약 정지 기간", "suspension";
    TargetKind => "target_kind", "신고 대상", "kind of report target";
    Threshold => "threshold", "공감 기준", "support threshold";
    Title => "title", "제목", "title";
    ToDate => "to_date", "끝 날짜", "last date";
    Token => "t", "확인 링크", "confirmation link";
    TokenName => "token_name", "토큰 이름", "token name";
    Topic => "topic", "알림 종류", "kind of message";
    ToTime => "to_time", "끝 시각", "end time";
    TrustedProxies => "UD_TRUSTED_PROXIES", "신뢰하는 프록시", "trusted proxies";
    Urgency => "urgency", "급한 정도", "urgency";
    Venue => "venue", "장소", "venue";
    VenueSpace => "venue_space", "총회 장소", "venue space";
    Votes => "votes", "표 수", "number of votes";
    WalkInName => "walk_in_name", "예약하는 주민 이름", "resident's name";
    Weekday => "weekday", "요일", "day of the week";
    WeeklyQuotaGroup => "weekly_quota_group", "모임의 주간 예약 한도", "weekly limit per group";
    WeeklyQuotaPerson => "weekly_quota_person", "개인의 주간 예약 한도", "weekly limit per person";
}
