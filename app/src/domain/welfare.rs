//! Welfare referrals (issue 20): a neighbour tells the dong's welfare team about a household that
//! may need help; the team looks into it. The rules here are pure: what a referral says, the steps
//! of a case, when a case is flagged, the receipt number the referrer keeps, the proactive visiting
//! lists staff import, and how few is too few to publish. Encryption and access are the services'
//! (docs/ARCHITECTURE.md, "Welfare referrals": the threat model).

use super::ValidationError;
use super::lang::Lang;
use super::ledger::Month;
use serde::{Deserialize, Serialize};

// ---- what a referral says ---------------------------------------------------------------------

/// What the neighbour noticed. Several may be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Nobody seems to come or go; mail piles up.
    Isolation,
    /// An older person living alone.
    OlderAlone,
    /// A family with a newborn that is struggling.
    NewbornFamily,
    /// Unpaid bills, or electricity, gas or water cut off.
    UnpaidBills,
    Food,
    Health,
    Housing,
    Other,
}

impl Need {
    pub const ALL: [Need; 8] = [
        Need::Isolation,
        Need::OlderAlone,
        Need::NewbornFamily,
        Need::UnpaidBills,
        Need::Food,
        Need::Health,
        Need::Housing,
        Need::Other,
    ];

    /// The stored and submitted form.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Isolation => "isolation",
            Need::OlderAlone => "older_alone",
            Need::NewbornFamily => "newborn_family",
            Need::UnpaidBills => "unpaid_bills",
            Need::Food => "food",
            Need::Health => "health",
            Need::Housing => "housing",
            Need::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.as_str() == s.trim())
    }
}

/// The needs of one referral: at least one, each once, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs(Vec<Need>);

impl Needs {
    /// From the submitted values (a form's checkboxes, a JSON list). Unknown values are refused,
    /// not dropped: a client that sends them is wrong, and a person must not lose what they chose.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Needs, ValidationError> {
        let mut needs = Vec::new();
        for v in values {
            let need = Need::parse(v).ok_or_else(|| ValidationError::new("needs", "is not one of the listed needs"))?;
            if !needs.contains(&need) {
                needs.push(need);
            }
        }
        if needs.is_empty() {
            return Err(ValidationError::new("needs", "choose at least one thing you noticed"));
        }
        needs.sort();
        Ok(Needs(needs))
    }

    pub fn as_slice(&self) -> &[Need] {
        &self.0
    }

    /// The stored form: the needs' names joined by commas (`isolation,food`).
    pub fn stored(&self) -> String {
        self.0.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form back; `None` when it was not written by `stored`.
    pub fn from_stored(s: &str) -> Option<Needs> {
        Needs::parse(s.split(',')).ok()
    }
}

/// How soon someone should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Someone may be in danger now (the form also says to call 119 or 112).
    Urgent,
    /// Within days.
    Soon,
    /// When the team can.
    Whenever,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Urgent, Urgency::Soon, Urgency::Whenever];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::Soon => "soon",
            Urgency::Whenever => "whenever",
        }
    }

    pub fn parse(s: &str) -> Result<Urgency, ValidationError> {
        Urgency::ALL
            .into_iter()
            .find(|u| u.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("urgency", "choose how urgent it is"))
    }
}

/// Where the household is: an address or a landmark within the dong, as the neighbour says it.
pub const PLACE_MAX: usize = 200;
/// What they noticed, in their words.
pub const NOTE_MAX: usize = 2_000;
/// The referrer's own contact (a phone number or an e-mail address), when they give one.
pub const CONTACT_MAX: usize = 100;

/// A referral as submitted, parsed: what the team needs to find the household and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub needs: Needs,
    pub urgency: Urgency,
    pub place: String,
    /// May be empty: the needs may say enough.
    pub note: String,
    pub contact: Option<String>,
    /// Whether the team may contact the referrer; never without a contact.
    pub may_contact: bool,
}

impl Referral {
    pub fn parse<'a>(
        needs: impl IntoIterator<Item = &'a str>,
        urgency: &str,
        place: &str,
        note: &str,
        contact: &str,
        may_contact: bool,
    ) -> Result<Referral, ValidationError> {
        let needs = Needs::parse(needs)?;
        let urgency = Urgency::parse(urgency)?;
        let place = super::text::bounded("place", place, 2, PLACE_MAX, false)?;
        let note = super::text::bounded("observed", note, 0, NOTE_MAX, true)?;
        let contact = super::text::optional("contact", contact, CONTACT_MAX)?;
        let may_contact = may_contact && contact.is_some();
        Ok(Referral { needs, urgency, place, note, contact, may_contact })
    }
}

/// What was found on a visit or an attempt, in the official's words.
pub const FINDINGS_MAX: usize = 4_000;

// ---- the steps of a case ----------------------------------------------------------------------

/// Where a case stands. A referrer sees only its public form ([`Stage::public`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Arrived; nobody on the team has taken it yet.
    Received,
    /// Triaged: an officer or nurse has it.
    Assigned,
    Closed,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::Assigned => "assigned",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        [Stage::Received, Stage::Assigned, Stage::Closed].into_iter().find(|t| t.as_str() == s)
    }

    /// What the referrer may know: received, being looked into, closed — nothing else.
    pub fn public(self) -> PublicStatus {
        match self {
            Stage::Received => PublicStatus::Received,
            Stage::Assigned => PublicStatus::BeingLookedInto,
            Stage::Closed => PublicStatus::Closed,
        }
    }

    pub fn is_open(self) -> bool {
        self != Stage::Closed
    }
}

/// The only thing a receipt number tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    Received,
    BeingLookedInto,
    Closed,
}

/// A change to a case, asked for by a member of the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Give the case to an officer or nurse (again, to hand it over).
    Assign,
    /// A contact attempt, a visit or a linked service.
    Record,
    Close,
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CaseRefusal {
    #[error("the case is closed")]
    Closed,
    #[error("the case is not assigned to anyone yet")]
    NotAssigned,
}

/// Whether `step` may be taken from `stage`, and the stage it leads to. Activity is recorded on
/// an assigned case only, so that every visit has someone responsible for the case.
pub fn step(stage: Stage, step: Step) -> Result<Stage, CaseRefusal> {
    match (stage, step) {
        (Stage::Closed, _) => Err(CaseRefusal::Closed),
        (_, Step::Assign) => Ok(Stage::Assigned),
        (Stage::Received, Step::Record) => Err(CaseRefusal::NotAssigned),
        (Stage::Assigned, Step::Record) => Ok(Stage::Assigned),
        (_, Step::Close) => Ok(Stage::Closed),
    }
}

/// What one entry in a case's log is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A call or a knock that reached nobody, or a message left.
    ContactAttempt,
    Visit,
}

impl ActivityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::ContactAttempt => "contact_attempt",
            ActivityKind::Visit => "visit",
        }
    }

    pub fn parse(s: &str) -> Result<ActivityKind, ValidationError> {
        [ActivityKind::ContactAttempt, ActivityKind::Visit]
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("kind", "choose a contact attempt or a visit"))
    }
}

/// A service a case was linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// 기초생활보장: basic livelihood security.
    BasicLivelihood,
    /// 긴급복지지원: emergency support.
    EmergencySupport,
    /// Visits by the center's nurse.
    HealthVisits,
    /// A resident group, the community fund, a neighbour's help.
    CommunityResource,
    Other,
}

impl Service {
    pub const ALL: [Service; 5] = [
        Service::BasicLivelihood,
        Service::EmergencySupport,
        Service::HealthVisits,
        Service::CommunityResource,
        Service::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::BasicLivelihood => "basic_livelihood",
            Service::EmergencySupport => "emergency_support",
            Service::HealthVisits => "health_visits",
            Service::CommunityResource => "community_resource",
            Service::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Service, ValidationError> {
        Service::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("service", "choose a service"))
    }
}

/// Why a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// Linked to one or more services.
    Linked,
    /// Visited; no help was needed.
    NoNeed,
    /// Help was offered and declined.
    Declined,
    /// The household could not be found or reached.
    Unreachable,
    /// Moved out of the dong (handed to the new dong's center where known).
    MovedAway,
    /// The same household as another case.
    Duplicate,
}

impl CloseReason {
    pub const ALL: [CloseReason; 6] = [
        CloseReason::Linked,
        CloseReason::NoNeed,
        CloseReason::Declined,
        CloseReason::Unreachable,
        CloseReason::MovedAway,
        CloseReason::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Linked => "linked",
            CloseReason::NoNeed => "no_need",
            CloseReason::Declined => "declined",
            CloseReason::Unreachable => "unreachable",
            CloseReason::MovedAway => "moved_away",
            CloseReason::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Result<CloseReason, ValidationError> {
        CloseReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("close_reason", "choose why the case is closed"))
    }
}

// ---- flags ------------------------------------------------------------------------------------

/// Moments are Unix seconds here (the services convert): the domain stays free of clocks and
/// time libraries, and compiles for the browser too.
pub type UnixSeconds = i64;

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;
/// An urgent case nobody has taken within this long (seconds) is flagged.
pub const TRIAGE_WITHIN: i64 = 24 * HOUR;
/// An open case with no recorded activity for this long (seconds) is flagged.
pub const QUIET_FOR: i64 = 14 * DAY;

/// Why a case needs attention, as the team's queue and the district supervisor see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Flags {
    /// Urgent, received more than 24 hours ago, and still not assigned.
    pub untriaged: bool,
    /// Open, and nothing recorded for 14 days (since it arrived, when nothing ever was).
    pub quiet: bool,
}

impl Flags {
    pub fn any(self) -> bool {
        self.untriaged || self.quiet
    }
}

/// The flags of a case at `now`.
pub fn flags(
    stage: Stage,
    urgency: Urgency,
    received: UnixSeconds,
    last_activity: Option<UnixSeconds>,
    now: UnixSeconds,
) -> Flags {
    if !stage.is_open() {
        return Flags::default();
    }
    let untriaged = stage == Stage::Received && urgency == Urgency::Urgent && now - received > TRIAGE_WITHIN;
    let quiet = now - last_activity.unwrap_or(received).max(received) > QUIET_FOR;
    Flags { untriaged, quiet }
}

/// The order of the team's queue: flagged first, then by urgency, then oldest first.
pub fn queue_key(flags: Flags, urgency: Urgency, received: UnixSeconds) -> (bool, Urgency, UnixSeconds) {
    (!flags.any(), urgency, received)
}

// ---- retention --------------------------------------------------------------------------------

/// How long a closed case keeps what identifies the household, unless the city sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 3;

/// Whether a case closed at `closed` must have lost its personal fields by `now`.
pub fn retention_over(closed: UnixSeconds, years: u32, now: UnixSeconds) -> bool {
    // a year as 365 days and a quarter: never earlier than the calendar's years
    now.saturating_sub(closed) >= i64::from(years) * (365 * DAY + 6 * HOUR)
}

// ---- receipt numbers --------------------------------------------------------------------------

/// The letters of a receipt number: digits and capitals without the ones people confuse (0/O,
/// 1/I/L) or that read as words (U). 30 symbols; ten of them are 49 bits.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
const RECEIPT_LEN: usize = 10;

/// What the referrer keeps to ask later how their referral stands, e.g. `WB-7KQ4-M2XN-HD`.
/// It is the only key to the status, so it is random (49 bits, from the operating system), and
/// the database keeps only a keyed hash of it (services::welfare): reading the tables does not
/// give anyone the numbers people hold.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptNumber(String);

impl ReceiptNumber {
    /// From a random number: its remainder by 30¹⁰ in base 30 (the bias of the remainder is
    /// 30¹⁰ / 2⁶⁴ ≈ 0.003%).
    pub fn from_random(random: u64) -> ReceiptNumber {
        let base = ALPHABET.len() as u64;
        let mut n = random % base.pow(RECEIPT_LEN as u32);
        let mut symbols = [0u8; RECEIPT_LEN];
        for s in symbols.iter_mut().rev() {
            *s = ALPHABET[(n % base) as usize];
            n /= base;
        }
        ReceiptNumber(symbols.iter().map(|b| *b as char).collect())
    }

    /// As typed back: case, spaces and hyphens do not matter, nor a leading `WB`; the letters
    /// people confuse are read as the ones we use (O as 0 is not in the alphabet: refused).
    pub fn parse(s: &str) -> Result<ReceiptNumber, ValidationError> {
        let bad = || ValidationError::new("receipt", "is not a receipt number: it looks like WB-7KQ4-M2XN-HD");
        let cleaned: String =
            s.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
        let body = cleaned.strip_prefix("WB").unwrap_or(&cleaned);
        if body.chars().count() != RECEIPT_LEN || !body.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(bad());
        }
        Ok(ReceiptNumber(body.to_owned()))
    }

    /// The ten symbols, as hashed.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.0;
        write!(f, "WB-{}-{}-{}", &s[0..4], &s[4..8], &s[8..10])
    }
}

impl std::fmt::Debug for ReceiptNumber {
    /// Never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReceiptNumber(…)")
    }
}

// ---- proactive visiting lists -----------------------------------------------------------------

/// The programs whose households the center visits without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// Residents turning 65.
    Turning65,
    /// Residents turning 70.
    Turning70,
    /// Families with a newborn.
    Newborn,
    /// Families in crisis (the city's list of households behind on utilities and the like).
    Crisis,
}

impl Program {
    pub const ALL: [Program; 4] = [Program::Turning65, Program::Turning70, Program::Newborn, Program::Crisis];

    pub fn as_str(self) -> &'static str {
        match self {
            Program::Turning65 => "turning_65",
            Program::Turning70 => "turning_70",
            Program::Newborn => "newborn",
            Program::Crisis => "crisis",
        }
    }

    /// The stored form, or the Korean words staff's spreadsheets use.
    pub fn parse(s: &str) -> Option<Program> {
        let s = s.trim();
        Program::ALL.into_iter().find(|p| p.as_str() == s).or(match s {
            "65세" | "만65세" => Some(Program::Turning65),
            "70세" | "만70세" => Some(Program::Turning70),
            "출산" | "출산가정" => Some(Program::Newborn),
            "위기가구" | "위기" => Some(Program::Crisis),
            _ => None,
        })
    }
}

/// One household due a visit, from a row of the imported list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueVisit {
    pub program: Program,
    pub address: String,
    pub due: Month,
}

/// A row of the list that could not be read, by its line number (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

/// At most this many households in one import.
pub const IMPORT_MAX_ROWS: usize = 2_000;

/// Reads a visiting list: a header `program,address,due_month` (or 사업,주소,방문월), then one
/// household a line. Quoted fields may hold commas and doubled quotes. Every bad row is reported
/// with its line, and nothing is imported unless every row reads (no half-imported lists).
pub fn parse_visiting_list(text: &str) -> Result<Vec<DueVisit>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header_ok = lines.next().is_some_and(|(_, h)| {
        let cols: Vec<String> = fields(h).unwrap_or_default().iter().map(|c| c.trim().to_lowercase()).collect();
        cols == ["program", "address", "due_month"] || cols == ["사업", "주소", "방문월"]
    });
    if !header_ok {
        return Err(vec![RowError {
            line: 1,
            reason: "the first line must be the header: program,address,due_month".into(),
        }]);
    }
    let mut visits = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if visits.len() + errors.len() >= IMPORT_MAX_ROWS {
            errors.push(RowError { line: line_no, reason: format!("at most {IMPORT_MAX_ROWS} households at once") });
            break;
        }
        match row(line) {
            Ok(v) => visits.push(v),
            Err(reason) => errors.push(RowError { line: line_no, reason }),
        }
    }
    if errors.is_empty() { Ok(visits) } else { Err(errors) }
}

fn row(line: &str) -> Result<DueVisit, String> {
    let cols = fields(line).ok_or("a quoted field is not closed")?;
    let [program, address, due] = cols.as_slice() else {
        return Err(format!("expected 3 fields, found {}", cols.len()));
    };
    let program = Program::parse(program).ok_or_else(|| format!("unknown program {:?}", program.trim()))?;
    let address =
        super::text::bounded("address", address, 1, PLACE_MAX, false).map_err(|e| format!("address {}", e.reason))?;
    let due = Month::parse(due).map_err(|e| e.reason)?;
    Ok(DueVisit { program, address, due })
}

/// The fields of one CSV line; `None` when a quote is left open.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    out.push(cur);
    Some(out)
}

// ---- published figures ------------------------------------------------------------------------

/// A count below this is not published: a small dong's "1 referral for an older person alone"
/// can point at one household.
pub const PUBLISH_AT_LEAST: u64 = 5;

/// A count as the public and the expert see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Figure {
    Count(u64),
    /// Fewer than [`PUBLISH_AT_LEAST`] (zero included: "none" would tell as much).
    FewerThan(u64),
}

impl Figure {
    pub fn of(n: u64) -> Figure {
        if n >= PUBLISH_AT_LEAST { Figure::Count(n) } else { Figure::FewerThan(PUBLISH_AT_LEAST) }
    }
}

// ---- what people read -------------------------------------------------------------------------

impl Need {
    /// In plain words, as the referral form asks.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Need::Isolation => "고립 (인기척이 없음, 우편물이 쌓임)",
                Need::OlderAlone => "혼자 사는 어르신",
                Need::NewbornFamily => "어려움을 겪는 아기 있는 가정",
                Need::UnpaidBills => "공과금 체납, 전기·가스·수도 끊김",
                Need::Food => "끼니를 거름",
                Need::Health => "건강 (아픈데 돌봐 줄 사람이 없음)",
                Need::Housing => "주거 (집이 위험하거나 쫓겨날 처지)",
                Need::Other => "기타",
            },
            match self {
                Need::Isolation => "Isolation (nobody comes or goes, mail piles up)",
                Need::OlderAlone => "An older person living alone",
                Need::NewbornFamily => "A family with a baby that is struggling",
                Need::UnpaidBills => "Unpaid bills; electricity, gas or water cut off",
                Need::Food => "Going without meals",
                Need::Health => "Health (ill, with nobody to look after them)",
                Need::Housing => "Housing (unsafe home, or about to lose it)",
                Need::Other => "Something else",
            },
        )
    }

    /// A short name, for the team's queue.
    pub fn short(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                Need::Isolation => "고립",
                Need::OlderAlone => "홀몸 어르신",
                Need::NewbornFamily => "출산 가정",
                Need::UnpaidBills => "공과금·단전",
                Need::Food => "식사",
                Need::Health => "건강",
                Need::Housing => "주거",
                Need::Other => "기타",
            },
            match self {
                Need::Isolation => "isolation",
                Need::OlderAlone => "older, alone",
                Need::NewbornFamily => "newborn family",
                Need::UnpaidBills => "bills, utilities",
                Need::Food => "food",
                Need::Health => "health",
                Need::Housing => "housing",
                Need::Other => "other",
            },
        )
    }
}

impl Urgency {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Urgency::Urgent => lang.pick("급해요 — 지금 위험할 수 있어요", "Urgent — someone may be in danger now"),
            Urgency::Soon => lang.pick("며칠 안에 살펴봐 주세요", "Please look within a few days"),
            Urgency::Whenever => lang.pick("급하지 않아요", "Not urgent"),
        }
    }

    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Urgency::Urgent => lang.pick("긴급", "urgent"),
            Urgency::Soon => lang.pick("빠른 확인", "soon"),
            Urgency::Whenever => lang.pick("보통", "when possible"),
        }
    }
}

impl PublicStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PublicStatus::Received => lang.pick("접수됨", "Received"),
            PublicStatus::BeingLookedInto => lang.pick("살펴보는 중", "Being looked into"),
            PublicStatus::Closed => lang.pick("마무리됨", "Closed"),
        }
    }
}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stage::Received => lang.pick("접수 (담당 미정)", "Received (nobody yet)"),
            Stage::Assigned => lang.pick("담당 배정", "Assigned"),
            Stage::Closed => lang.pick("종결", "Closed"),
        }
    }
}

impl ActivityKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActivityKind::ContactAttempt => lang.pick("연락 시도", "Contact attempt"),
            ActivityKind::Visit => lang.pick("방문", "Visit"),
        }
    }
}

impl Service {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Service::BasicLivelihood => lang.pick("기초생활보장", "Basic livelihood security"),
            Service::EmergencySupport => lang.pick("긴급복지지원", "Emergency support"),
            Service::HealthVisits => lang.pick("방문 건강관리", "Health visits"),
            Service::CommunityResource => {
                lang.pick("지역 자원 (주민모임, 마을기금, 이웃)", "Community resource (a group, the fund, neighbours)")
            }
            Service::Other => lang.pick("기타 서비스", "Other service"),
        }
    }
}

impl CloseReason {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CloseReason::Linked => lang.pick("서비스 연계", "Linked to services"),
            CloseReason::NoNeed => lang.pick("방문 결과 도움 불필요", "Visited: no help needed"),
            CloseReason::Declined => lang.pick("도움을 원하지 않음", "Help declined"),
            CloseReason::Unreachable => lang.pick("찾거나 연락할 수 없음", "Could not be found or reached"),
            CloseReason::MovedAway => lang.pick("다른 동으로 이사", "Moved out of the dong"),
            CloseReason::Duplicate => lang.pick("다른 사례와 중복", "Same household as another case"),
        }
    }
}

impl Program {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Program::Turning65 => lang.pick("만 65세 어르신", "Turning 65"),
            Program::Turning70 => lang.pick("만 70세 어르신", "Turning 70"),
            Program::Newborn => lang.pick("출산 가정", "Newborn family"),
            Program::Crisis => lang.pick("위기 가구", "Household in crisis"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-`day` `hour`:00 UTC
    fn at(day: i64, hour: i64) -> UnixSeconds {
        1_793_491_200 + (day - 1) * DAY + hour * HOUR
    }

    #[test]
    fn needs_are_a_non_empty_set_in_order() {
        let n = Needs::parse(["food", "isolation", "food"]).map(|n| n.stored());
        assert_eq!(n, Ok("isolation,food".to_owned()));
        assert!(Needs::parse([]).is_err());
        assert!(Needs::parse(["food", "drugs"]).is_err(), "an unknown need is refused, not dropped");
        let back = Needs::from_stored("isolation,food").map(|n| n.as_slice().to_vec());
        assert_eq!(back, Some(vec![Need::Isolation, Need::Food]));
        for need in Need::ALL {
            assert_eq!(Need::parse(need.as_str()), Some(need));
        }
    }

    #[test]
    fn a_case_moves_received_assigned_closed_and_stays_closed() {
        assert_eq!(step(Stage::Received, Step::Assign), Ok(Stage::Assigned));
        assert_eq!(step(Stage::Assigned, Step::Assign), Ok(Stage::Assigned), "handed over");
        assert_eq!(step(Stage::Received, Step::Record), Err(CaseRefusal::NotAssigned));
        assert_eq!(step(Stage::Assigned, Step::Record), Ok(Stage::Assigned));
        assert_eq!(step(Stage::Received, Step::Close), Ok(Stage::Closed), "a duplicate closes at once");
        for s in [Step::Assign, Step::Record, Step::Close] {
            assert_eq!(step(Stage::Closed, s), Err(CaseRefusal::Closed));
        }
        assert_eq!(Stage::Assigned.public(), PublicStatus::BeingLookedInto);
        for s in [Stage::Received, Stage::Assigned, Stage::Closed] {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn urgent_cases_are_flagged_after_a_day_without_triage() {
        let received = at(1, 9);
        let f = |stage, urgency, now| flags(stage, urgency, received, None, now);
        assert!(!f(Stage::Received, Urgency::Urgent, at(2, 9)).untriaged, "exactly 24 hours is not late");
        assert!(f(Stage::Received, Urgency::Urgent, at(2, 10)).untriaged);
        assert!(!f(Stage::Received, Urgency::Soon, at(2, 10)).untriaged, "only urgent cases");
        assert!(!f(Stage::Assigned, Urgency::Urgent, at(2, 10)).untriaged, "triaged");
        assert!(!f(Stage::Closed, Urgency::Urgent, at(30, 10)).any(), "closed cases are never flagged");
    }

    #[test]
    fn open_cases_are_flagged_after_two_quiet_weeks() {
        let received = at(1, 9);
        assert!(!flags(Stage::Assigned, Urgency::Soon, received, None, at(15, 9)).quiet);
        assert!(flags(Stage::Assigned, Urgency::Soon, received, None, at(15, 10)).quiet);
        assert!(!flags(Stage::Assigned, Urgency::Soon, received, Some(at(10, 9)), at(15, 10)).quiet);
        assert!(flags(Stage::Assigned, Urgency::Soon, received, Some(at(10, 9)), at(24, 10)).quiet);
        assert!(flags(Stage::Received, Urgency::Whenever, received, None, at(16, 9)).quiet);
    }

    #[test]
    fn the_queue_puts_flagged_then_urgent_then_oldest_first() {
        let quiet = Flags { untriaged: false, quiet: true };
        let mut q = [
            queue_key(Flags::default(), Urgency::Whenever, at(1, 9)),
            queue_key(Flags::default(), Urgency::Urgent, at(3, 9)),
            queue_key(quiet, Urgency::Whenever, at(2, 9)),
            queue_key(Flags::default(), Urgency::Urgent, at(2, 9)),
        ];
        q.sort();
        assert_eq!(
            q.map(|k| (k.1, k.2)),
            [
                (Urgency::Whenever, at(2, 9)),
                (Urgency::Urgent, at(2, 9)),
                (Urgency::Urgent, at(3, 9)),
                (Urgency::Whenever, at(1, 9)),
            ]
        );
    }

    #[test]
    fn retention_counts_whole_years() {
        let closed = at(1, 9);
        assert!(!retention_over(closed, 3, closed + 3 * 365 * DAY));
        assert!(retention_over(closed, 3, closed + (3 * 365 + 1) * DAY));
        assert!(retention_over(closed, 0, closed), "zero years: at once");
    }

    #[test]
    fn receipt_numbers_read_back_however_they_are_typed() {
        // 30 = "32" in base 30; 29 · 30 = "Z2"
        assert_eq!(ReceiptNumber::from_random(30).to_string(), "WB-2222-2222-32");
        assert_eq!(ReceiptNumber::from_random(29 * 30 + 30u64.pow(10)).to_string(), "WB-2222-2222-Z2");
        let r = ReceiptNumber::parse("WB-2345-6789-Z2").unwrap_or_else(|_| ReceiptNumber::from_random(0));
        let shown = r.to_string();
        assert_eq!(shown, "WB-2345-6789-Z2");
        for typed in [shown.clone(), shown.to_lowercase(), " wb 2345 6789 z2 ".into(), "23456789Z2".into()] {
            assert_eq!(ReceiptNumber::parse(&typed).as_ref().map(|r| r.canonical()), Ok("23456789Z2"), "{typed}");
        }
        for bad in ["", "WB-2345-6789", "WB-2345-6789-Z2X", "WB-0345-6789-Z2", "WB-2345-6789-Z가"] {
            assert!(ReceiptNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{r:?}"), "ReceiptNumber(…)", "never in logs");
    }

    #[test]
    fn a_visiting_list_imports_whole_or_not_at_all() {
        let ok =
            "\u{feff}program,address,due_month\nturning_65,\"연희로 1, 101호\",2026-12\n\n출산가정,연희동 2,2027-01\n";
        let visits = parse_visiting_list(ok);
        assert_eq!(
            visits,
            Ok(vec![
                DueVisit {
                    program: Program::Turning65,
                    address: "연희로 1, 101호".into(),
                    due: Month { year: 2026, month: 12 }
                },
                DueVisit {
                    program: Program::Newborn, address: "연희동 2".into(), due: Month { year: 2027, month: 1 }
                },
            ])
        );
        let bad =
            "사업,주소,방문월\nturning_65,a,2026-12\nteen,b,2026-12\ncrisis,,2026-12\ncrisis,\"c,2026-12\nnewborn,d\n";
        let lines: Vec<usize> = parse_visiting_list(bad).err().unwrap_or_default().iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(parse_visiting_list("a,b,c\nturning_65,a,2026-12").is_err(), "a wrong header is refused");
        assert!(parse_visiting_list("").is_err());
    }

    #[test]
    fn a_referral_needs_a_place_and_a_contact_to_be_contacted() {
        let r = Referral::parse(["food"], "soon", "  연희로 1 근처 파란 대문 ", "", "", true);
        let r = r.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.place, "연희로 1 근처 파란 대문");
        assert!(!r.may_contact, "no contact, so nobody can be contacted");
        let r = Referral::parse(["food"], "soon", "연희로 1", "", "010-0000-0000", true);
        assert!(r.is_ok_and(|r| r.may_contact));
        let field = |r: Result<Referral, ValidationError>| r.err().map(|e| e.field);
        assert_eq!(field(Referral::parse(["food"], "soon", " ", "", "", false)), Some("place"));
        assert_eq!(field(Referral::parse(["food"], "later", "연희로 1", "", "", false)), Some("urgency"));
        assert_eq!(field(Referral::parse([], "soon", "연희로 1", "", "", false)), Some("needs"));
        let long = "가".repeat(NOTE_MAX + 1);
        assert_eq!(field(Referral::parse(["food"], "soon", "연희로 1", &long, "", false)), Some("observed"));
    }

    #[test]
    fn small_counts_are_not_published() {
        assert_eq!(Figure::of(0), Figure::FewerThan(5));
        assert_eq!(Figure::of(4), Figure::FewerThan(5));
        assert_eq!(Figure::of(5), Figure::Count(5));
    }
}
