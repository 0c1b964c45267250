//! Why a typed value was refused, said from the rule itself in Korean and in English.
//!
//! A refusal is a [`ValidationError`]: the [`Field`] at fault (its name on the wire and what a
//! person calls it) and the [`InputRule`] that refused the value, carrying the rule's own numbers
//! (a text's bounds, a number's range, a list's maximum). Every sentence is built here, by
//! exhaustive matches over the rule and the field: a new rule or field without its words does not
//! compile, and no sentence is chosen by a field's name or carries a number typed by hand.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A value that failed to parse into a domain type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {}", field.name(), rule.say(*field, Lang::En))]
pub struct ValidationError {
    pub field: Field,
    pub rule: InputRule,
}

impl ValidationError {
    pub fn new(field: Field, rule: InputRule) -> Self {
        Self { field, rule }
    }

    /// The refusal in `lang`, one sentence ending with a full stop.
    pub fn say(&self, lang: Lang) -> String {
        self.rule.say(self.field, lang)
    }
}

/// A setting, a reference file or a command-line argument an operator gave that does not read:
/// said to the operator in English at start-up, never to a resident (not a refusal of a request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {reason}")]
pub struct SetupError {
    pub what: &'static str,
    pub reason: String,
}

impl SetupError {
    pub fn new(what: &'static str, reason: impl Into<String>) -> Self {
        Self { what, reason: reason.into() }
    }
}

impl From<ValidationError> for SetupError {
    fn from(e: ValidationError) -> Self {
        SetupError { what: e.field.name(), reason: e.rule.say(e.field, Lang::En) }
    }
}

/// The unit a whole number counts, for the sentence that states its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A plain number (an id, a count of ballots).
    Plain,
    People,
    Days,
    Won,
    Percent,
    Years,
    /// Times a series repeats.
    Times,
    /// Entries of a list (options, proposals).
    Entries,
    Minutes,
}

impl Unit {
    fn ko(self) -> &'static str {
        match self {
            Unit::Plain => "",
            Unit::People => "명",
            Unit::Days => "일",
            Unit::Won => "원",
            Unit::Percent => "%",
            Unit::Years => "세",
            Unit::Times => "번",
            Unit::Entries => "개",
            Unit::Minutes => "분",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Unit::Plain => "",
            Unit::People => " people",
            Unit::Days => " days",
            Unit::Won => " won",
            Unit::Percent => " percent",
            Unit::Years => " years",
            Unit::Times => " times",
            Unit::Entries => " entries",
            Unit::Minutes => " minutes",
        }
    }
}

/// A written form a value must take, shown by example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `2026-11-24`
    Date,
    /// `2026-11`
    Month,
    /// `1956`
    Year,
    /// `2026-12-05 14:00`
    DateAndTime,
    /// `09:00`
    TimeOfDay,
    /// Opening hours, `09:00-18:00`, closing after opening.
    OpeningHours,
    /// A resident's account number, `1042`.
    AccountNumber,
    /// Ten digits: a dong's or a district's code.
    TenDigits,
    /// A referral's receipt number, `WB-7KQ4-M2XN-HD`.
    Receipt,
    /// Proposal numbers separated by commas, `12, 15`.
    NumberList,
    /// A decimal degree (latitude −90..90, longitude −180..180).
    Degrees,
    /// 16 to 64 letters, digits, `-` or `_` (an idempotency key).
    Key,
    /// A line of comma-separated values as the header names them.
    CsvRow,
    /// An RFC 3339 time in whole minutes, `2026-12-07T19:00:00+09:00`.
    Rfc3339Minute,
}

impl Format {
    fn example(self) -> &'static str {
        match self {
            Format::Date => "2026-11-24",
            Format::Month => "2026-11",
            Format::Year => "1956",
            Format::DateAndTime => "2026-12-05 14:00",
            Format::TimeOfDay => "09:00",
            Format::OpeningHours => "09:00-18:00",
            Format::AccountNumber => "1042",
            Format::TenDigits => "1141052000",
            Format::Receipt => "WB-7KQ4-M2XN-HD",
            Format::NumberList => "12, 15",
            Format::Degrees => "37.5665",
            Format::Key => "order-2026-0001",
            Format::CsvRow => "turning_65,서대문구 연희로 1,2027-01",
            Format::Rfc3339Minute => "2026-12-07T19:00:00+09:00",
        }
    }
}

/// Why a value was refused. The numbers are the rule's own, so the sentence says them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum InputRule {
    /// Text-direction marks, zero-width spaces and the like in a one-line text.
    InvisibleCharacters,
    /// Control characters (a bell, an escape) in a text.
    ControlCharacters,
    /// A text shorter than `min` or longer than `max` characters (empty included).
    Length { min: u32, max: u32 },
    /// Not a whole number from `min` to `max`.
    Number { min: i64, max: i64, unit: Unit },
    /// Not written as `format` shows.
    Format { format: Format },
    /// A choice from a list that was not made, or is not on the list.
    NotChosen,
    /// A file to upload that was not chosen (or is empty).
    NoFile,
    /// Something named by its number or code that does not exist (here).
    NoSuch,
    /// A name another one of its kind already has.
    Taken,
    /// A box to tick before going on, left empty.
    NotConfirmed,
    /// A date and time that do not read as one.
    DateAndTime,
    /// A moment that must lie ahead and does not.
    NotInTheFuture,
    /// A date that must not lie ahead and does.
    InTheFuture,
    /// An end at or before its start.
    EndsBeforeStart,
    /// A moment that must come before the session's start and does not.
    AfterTheSession,
    /// A session longer than the rule allows.
    TooLong { hours: u32 },
    /// A step that needs a reason, asked without one.
    ReasonMissing,
    /// A ballot that abstains and chooses options at once.
    AbstainAndChoose,
    /// The same entry chosen twice (an option on a ballot, a project in a set).
    ChosenTwice,
    /// An approval ballot with more options than the item allows.
    TooManyChoices { max: u32 },
    /// A budget ballot whose projects cost more than the budget.
    OverBudget,
    /// Paper ballots counted beyond those given out.
    MoreThanGivenOut { issued: u64 },
    /// Paper counts that do not add up to the ballots.
    CountsDoNotAddUp,
    /// A line of a multi-line entry (counting from 1) that does not read.
    OnLine { line: u32 },
    /// A tally confirmed by the person who entered it.
    SecondPersonConfirms,
    /// More of something than one may have (`max` of them).
    AtMost { max: u32 },
    /// A file larger than `megabytes` MB.
    FileTooLarge { megabytes: u32 },
    /// An image that is not JPEG, PNG or WebP, or does not read.
    NotAnImage,
    /// A receipt that is neither a photo (JPEG, PNG, WebP) nor a whole PDF.
    NotAPhotoOrPdf,
    /// An image wider or higher than `pixels`.
    ImageTooBig { pixels: u32 },
    /// A form that is not a form (a multipart body that does not read).
    NotAForm,
    /// Something that must exist first (the reference geography before the demo).
    NeedsFirst,
    /// A list with nothing in it.
    Empty,
}

/// Korean's object and topic particles after a noun: 을/를, 은/는 by its last syllable.
fn batchim(noun: &str) -> bool {
    noun.chars().last().is_some_and(|c| ('가'..='힣').contains(&c) && !(c as u32 - '가' as u32).is_multiple_of(28))
}

fn eul(noun: &str) -> String {
    format!("{noun}{}", if batchim(noun) { "을" } else { "를" })
}

fn eun(noun: &str) -> String {
    format!("{noun}{}", if batchim(noun) { "은" } else { "는" })
}

fn iga(noun: &str) -> String {
    format!("{noun}{}", if batchim(noun) { "이" } else { "가" })
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// `1234567` → `1,234,567`.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl InputRule {
    /// The refusal of `field`'s value in `lang`: one sentence, from the rule and the field's noun.
    pub fn say(self, field: Field, lang: Lang) -> String {
        match lang {
            Lang::Ko => self.ko(field.ko()),
            Lang::En => self.en(field.en()),
        }
    }

    fn ko(self, noun: &str) -> String {
        use InputRule as R;
        match self {
            R::InvisibleCharacters => format!(
                "{noun}에 눈에 보이지 않는 문자(글자 방향 표시, 폭 없는 공백 등)가 들어 있습니다. 그 부분을 지우고 다시 입력해 주세요."
            ),
            R::ControlCharacters => {
                format!("{noun}에 쓸 수 없는 제어 문자가 들어 있습니다. 지우고 다시 입력해 주세요.")
            }
            R::Length { min: 0, max } => format!("{} {max}자까지 쓸 수 있습니다.", eun(noun)),
            R::Length { min, max } if min == max => format!("{} {min}자로 적어 주세요.", eul(noun)),
            R::Length { min, max } => format!("{} {min}~{max}자로 적어 주세요.", eul(noun)),
            R::Number { min, max, unit } => {
                format!("{} {}~{}{} 사이의 숫자로 적어 주세요.", eul(noun), grouped(min), grouped(max), unit.ko())
            }
            R::Format { format } => format!("{} 예시처럼 적어 주세요. 예: {}", eul(noun), format.example()),
            R::NotChosen => format!("{} 목록에서 고르세요.", eul(noun)),
            R::NoFile => format!("올릴 {} 파일을 골라 주세요.", noun),
            R::NoSuch => format!("그런 {} 없습니다. 다시 확인해 주세요.", iga(noun)),
            R::Taken => format!("같은 {} 이미 있습니다. 다른 것으로 정해 주세요.", iga(noun)),
            R::NotConfirmed => format!("{}에 표시해야 진행됩니다.", noun),
            R::DateAndTime => format!("{} 날짜와 시각으로 적어 주세요. 예: 2026-12-05 14:00", eul(noun)),
            R::NotInTheFuture => format!("{} 지금보다 뒤여야 합니다.", eun(noun)),
            R::InTheFuture => format!("{} 오늘이나 그 전이어야 합니다.", eun(noun)),
            R::EndsBeforeStart => format!("{} 시작보다 뒤여야 합니다.", eun(noun)),
            R::AfterTheSession => format!("{} 총회 시작 전이어야 합니다.", eun(noun)),
            R::TooLong { hours } => format!("{} {hours}시간을 넘을 수 없습니다.", eun(noun)),
            R::ReasonMissing => format!("{} 적어야 합니다.", eul(noun)),
            R::AbstainAndChoose => "기권하거나 선택지를 고르세요. 둘 다는 안 됩니다.".into(),
            R::ChosenTwice => format!("{}에서 같은 것을 두 번 고를 수 없습니다.", noun),
            R::TooManyChoices { max } => format!("{max}개까지 고를 수 있습니다."),
            R::OverBudget => "고른 사업의 합계가 예산을 넘습니다.".into(),
            R::MoreThanGivenOut { issued } => format!("나눠 준 종이 투표지({issued}장)보다 많이 셀 수 없습니다."),
            R::CountsDoNotAddUp => "종이 투표 집계가 맞지 않습니다. 투표지 수와 표를 다시 세어 보세요.".into(),
            R::OnLine { line } => format!("{noun}의 {line}번째 줄을 확인해 주세요."),
            R::SecondPersonConfirms => "집계를 입력한 사람은 확인할 수 없습니다. 다른 담당자가 확인해 주세요.".into(),
            R::AtMost { max } => format!("{} {max}개까지입니다.", eun(noun)),
            R::FileTooLarge { megabytes } => format!("{} {megabytes}MB까지 올릴 수 있습니다.", eun(noun)),
            R::NotAnImage => format!("{} JPEG, PNG, WebP 사진만 올릴 수 있습니다.", eun(noun)),
            R::NotAPhotoOrPdf => format!("{} 사진(JPEG, PNG, WebP)이나 온전한 PDF 파일만 올릴 수 있습니다.", eun(noun)),
            R::ImageTooBig { pixels } => format!("{} 가로·세로 {pixels}픽셀까지 올릴 수 있습니다.", eun(noun)),
            R::NotAForm => "보낸 양식을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.".into(),
            R::NeedsFirst => format!("{} 먼저 불러와야 합니다.", eul(noun)),
            R::Empty => format!("{} 비어 있습니다.", iga(noun)),
        }
    }

    fn en(self, noun: &str) -> String {
        use InputRule as R;
        let the = capital(noun);
        match self {
            R::InvisibleCharacters => {
                format!("{the} contains invisible characters (direction marks, zero-width spaces); remove them.")
            }
            R::ControlCharacters => format!("{the} contains control characters; remove them."),
            R::Length { min: 0, max } => format!("{the} may be at most {max} characters long."),
            R::Length { min, max } if min == max => format!("{the} must be {min} characters long."),
            R::Length { min, max } => format!("{the} must be {min} to {max} characters long."),
            R::Number { min, max, unit } => {
                format!("{the} must be a whole number from {} to {}{}.", grouped(min), grouped(max), unit.en())
            }
            R::Format { format } => format!("{the} must be written like {}.", format.example()),
            R::NotChosen => format!("Choose the {noun} from the list."),
            R::NoFile => format!("Choose a file for the {noun}."),
            R::NoSuch => format!("There is no such {noun}; please check it."),
            R::Taken => format!("There is already one with this {noun}; choose another."),
            R::NotConfirmed => format!("Tick “{noun}” to go on."),
            R::DateAndTime => format!("{the} must be a date and time like 2026-12-05 14:00."),
            R::NotInTheFuture => format!("{the} must be later than now."),
            R::InTheFuture => format!("{the} must be today or earlier."),
            R::EndsBeforeStart => format!("{the} must come after the start."),
            R::AfterTheSession => format!("{the} must come before the session starts."),
            R::TooLong { hours } => format!("{the} may not be longer than {hours} hours."),
            R::ReasonMissing => format!("{the} is required."),
            R::AbstainAndChoose => "Abstain or choose options, not both.".into(),
            R::ChosenTwice => format!("The {noun} names the same entry twice."),
            R::TooManyChoices { max } => format!("Choose at most {max}."),
            R::OverBudget => "The chosen projects cost more than the budget.".into(),
            R::MoreThanGivenOut { issued } => format!("More paper ballots counted than the {issued} given out."),
            R::CountsDoNotAddUp => "The paper counts do not add up; count the ballots and votes again.".into(),
            R::OnLine { line } => format!("Check line {line} of the {noun}."),
            R::SecondPersonConfirms => "A tally is confirmed by a second person, not by who entered it.".into(),
            R::AtMost { max } => format!("There may be at most {max} of the {noun}."),
            R::FileTooLarge { megabytes } => format!("{the} may be at most {megabytes} MB."),
            R::NotAnImage => format!("{the} must be a JPEG, PNG or WebP image."),
            R::NotAPhotoOrPdf => format!("{the} must be a photo (JPEG, PNG, WebP) or a whole PDF file."),
            R::ImageTooBig { pixels } => format!("{the} may be at most {pixels} pixels wide and high."),
            R::NotAForm => "The form sent could not be read; reload the page and send it again.".into(),
            R::NeedsFirst => format!("Load the {noun} first."),
            R::Empty => format!("{the} is empty."),
        }
    }

    /// One of each rule, with sample numbers, for tests that walk them all. The `match` fails to
    /// compile when a rule is added without a line here.
    pub fn samples() -> Vec<InputRule> {
        use InputRule as R;
        let all = vec![
            R::InvisibleCharacters,
            R::ControlCharacters,
            R::Length { min: 2, max: 200 },
            R::Length { min: 0, max: 200 },
            R::Number { min: 1, max: 10_000, unit: Unit::People },
            R::Format { format: Format::Date },
            R::NotChosen,
            R::NoFile,
            R::NoSuch,
            R::Taken,
            R::NotConfirmed,
            R::DateAndTime,
            R::NotInTheFuture,
            R::InTheFuture,
            R::EndsBeforeStart,
            R::AfterTheSession,
            R::TooLong { hours: 12 },
            R::ReasonMissing,
            R::AbstainAndChoose,
            R::ChosenTwice,
            R::TooManyChoices { max: 3 },
            R::OverBudget,
            R::MoreThanGivenOut { issued: 40 },
            R::CountsDoNotAddUp,
            R::OnLine { line: 3 },
            R::SecondPersonConfirms,
            R::AtMost { max: 7 },
            R::FileTooLarge { megabytes: 5 },
            R::NotAnImage,
            R::NotAPhotoOrPdf,
            R::ImageTooBig { pixels: 8000 },
            R::NotAForm,
            R::NeedsFirst,
            R::Empty,
        ];
        for r in &all {
            match r {
                R::InvisibleCharacters
                | R::ControlCharacters
                | R::Length { .. }
                | R::Number { .. }
                | R::Format { .. }
                | R::NotChosen
                | R::NoFile
                | R::NoSuch
                | R::Taken
                | R::NotConfirmed
                | R::DateAndTime
                | R::NotInTheFuture
                | R::InTheFuture
                | R::EndsBeforeStart
                | R::AfterTheSession
                | R::TooLong { .. }
                | R::ReasonMissing
                | R::AbstainAndChoose
                | R::ChosenTwice
                | R::TooManyChoices { .. }
                | R::OverBudget
                | R::MoreThanGivenOut { .. }
                | R::CountsDoNotAddUp
                | R::OnLine { .. }
                | R::SecondPersonConfirms
                | R::AtMost { .. }
                | R::FileTooLarge { .. }
                | R::NotAnImage
                | R::NotAPhotoOrPdf
                | R::ImageTooBig { .. }
                | R::NotAForm
                | R::NeedsFirst
                | R::Empty => {}
            }
        }
        all
    }

    /// The numbers the rule carries, as they appear in its sentences (for the test that checks a
    /// sentence states its rule's numbers and no others).
    pub fn numbers(self) -> Vec<String> {
        use InputRule as R;
        match self {
            R::Length { min: 0, max } => vec![max.to_string()],
            R::Length { min, max } if min == max => vec![min.to_string()],
            R::Length { min, max } => vec![min.to_string(), max.to_string()],
            R::Number { min, max, .. } => vec![grouped(min), grouped(max)],
            R::TooLong { hours } => vec![hours.to_string()],
            R::TooManyChoices { max } | R::AtMost { max } => vec![max.to_string()],
            R::MoreThanGivenOut { issued } => vec![issued.to_string()],
            R::OnLine { line } => vec![line.to_string()],
            R::FileTooLarge { megabytes } => vec![megabytes.to_string()],
            R::ImageTooBig { pixels } => vec![pixels.to_string()],
            R::InvisibleCharacters
            | R::ControlCharacters
            | R::Format { .. }
            | R::NotChosen
            | R::NoFile
            | R::NoSuch
            | R::Taken
            | R::NotConfirmed
            | R::DateAndTime
            | R::NotInTheFuture
            | R::InTheFuture
            | R::EndsBeforeStart
            | R::AfterTheSession
            | R::ReasonMissing
            | R::AbstainAndChoose
            | R::ChosenTwice
            | R::OverBudget
            | R::CountsDoNotAddUp
            | R::SecondPersonConfirms
            | R::NotAnImage
            | R::NotAPhotoOrPdf
            | R::NotAForm
            | R::NeedsFirst
            | R::Empty => vec![],
        }
    }
}

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
    Entry => "entry", "집계", "tally";
    Equipment => "equipment", "비품", "equipment";
    Event => "event", "단계", "step";
    ExpiresOn => "expires_on", "유효기간", "expiry date";
    Findings => "findings", "기록", "findings";
    Floor => "floor", "층", "floor";
    FeePerHour => "fee_per_hour", "시간당 이용료", "fee per hour";
    Form => "form", "양식", "form";
    From => "from", "시작 날짜", "first date";
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
    PbRule => "pb_rule", "선정 방식", "selection rule";
    Photo => "photo", "사진", "photo";
    Place => "place", "장소", "place";
    PreVotingStarts => "pre_voting_starts", "사전 투표 시작", "start of pre-voting";
    Problem => "problem", "문제", "problem";
    Project => "project", "사업", "project";
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
    TokenName => "token_name", "토큰 이름", "token name";
    ToTime => "to_time", "끝 시각", "end time";
    TrustedProxies => "UD_TRUSTED_PROXIES", "신뢰하는 프록시", "trusted proxies";
    Urgency => "urgency", "급한 정도", "urgency";
    Venue => "venue", "장소", "venue";
    VenueSpace => "venue_space", "총회 장소", "venue space";
    Votes => "votes", "표 수", "number of votes";
    WalkInName => "walk_in_name", "예약하는 주민 이름", "resident's name";
    WeeklyQuotaGroup => "weekly_quota_group", "모임의 주간 예약 한도", "weekly limit per group";
    WeeklyQuotaPerson => "weekly_quota_person", "개인의 주간 예약 한도", "weekly limit per person";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    /// The digit runs of a sentence, with thousands separators kept (`1,000`).
    fn numbers_in(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in s.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() || (c == ',' && !cur.is_empty()) {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(cur.trim_end_matches(',').to_owned());
                cur.clear();
            }
        }
        out
    }

    #[test]
    fn every_rule_on_every_field_speaks_both_languages_with_its_own_numbers() {
        for &field in Field::ALL {
            for rule in InputRule::samples() {
                let ko = rule.say(field, Lang::Ko);
                let en = rule.say(field, Lang::En);
                assert!(hangul(&ko), "{field:?} {rule:?}: {ko}");
                assert!(!hangul(&en), "{field:?} {rule:?}: {en}");
                assert!(ko.ends_with('.') || ko.contains("예:"), "{ko}");
                assert!(en.ends_with('.'), "{en}");
                // the examples of a format carry digits of their own; every other number is the rule's
                if matches!(rule, InputRule::Format { .. } | InputRule::DateAndTime) {
                    continue;
                }
                let want = rule.numbers();
                for sentence in [&ko, &en] {
                    assert_eq!(numbers_in(sentence), want, "{field:?} {rule:?}: {sentence}");
                }
            }
        }
    }

    #[test]
    fn particles_follow_the_last_syllable() {
        assert_eq!(InputRule::Length { min: 5, max: 200 }.say(Field::Title, Lang::Ko), "제목을 5~200자로 적어 주세요.");
        assert_eq!(
            InputRule::Length { min: 2, max: 60 }.say(Field::SpaceName, Lang::Ko),
            "공간 이름을 2~60자로 적어 주세요."
        );
        assert_eq!(
            InputRule::Length { min: 10, max: 4000 }.say(Field::Purpose, Lang::Ko),
            "목적을 10~4000자로 적어 주세요."
        );
        assert_eq!(
            InputRule::Length { min: 0, max: 200 }.say(Field::Alt, Lang::Ko),
            "사진 설명은 200자까지 쓸 수 있습니다."
        );
        assert_eq!(InputRule::NotChosen.say(Field::Category, Lang::Ko), "분야를 목록에서 고르세요.");
        assert_eq!(
            InputRule::Number { min: 1, max: 500, unit: Unit::People }.say(Field::Capacity, Lang::En),
            "Capacity must be a whole number from 1 to 500 people."
        );
    }

    #[test]
    fn large_numbers_are_grouped() {
        let r = InputRule::Number { min: 1, max: 1_000_000_000_000, unit: Unit::Won };
        assert_eq!(r.say(Field::Amount, Lang::Ko), "금액을 1~1,000,000,000,000원 사이의 숫자로 적어 주세요.");
        assert_eq!(grouped(-1500), "-1,500");
    }

    #[test]
    fn a_refusal_travels_as_json_and_back() {
        let e = ValidationError::new(Field::Title, InputRule::Length { min: 5, max: 200 });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<ValidationError>(&json).unwrap(), e);
        assert_eq!(e.to_string(), "title: Title must be 5 to 200 characters long.");
    }
}
