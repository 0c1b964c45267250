//! The rules an input can break, the units and formats they name, and their sentences in Korean
//! and English (with Korean's particles chosen by the noun's last syllable).

use super::Field;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

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
    /// An e-mail address, `name@example.com`.
    Email,
    /// A code of six digits, `042917`.
    SixDigits,
    /// A phone number in Korea, `010-1234-5678`.
    Phone,
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
            Format::Email => "name@example.com",
            Format::SixDigits => "042917",
            Format::Phone => "010-1234-5678",
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
pub(super) fn grouped(n: i64) -> String {
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
