//! The steps of a case: its stage and what the referrer may know of it, the log's entries, the services
//! it was linked to, and why it was closed.

use crate::lang::Lang;
use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

/// What was found on a visit or an attempt, in the official's words.
pub const FINDINGS_MAX: usize = 4_000;

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
    pub const ALL: [Stage; 3] = [Stage::Received, Stage::Assigned, Stage::Closed];

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

crate::term_enum! {
    /// How a case came to the team: a neighbour's referral, or a visit due on the district's list.
    pub enum CaseKind {
        Referral = "referral",
        DueVisit = "due_visit",
    }
}

/// Who a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Web,
    Counter,
    Phone,
    VisitingList,
}

impl Origin {
    pub const ALL: [Origin; 4] = [Origin::Web, Origin::Counter, Origin::Phone, Origin::VisitingList];

    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Web => "web",
            Origin::Counter => "counter",
            Origin::Phone => "phone",
            Origin::VisitingList => "visiting_list",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Origin::Web => lang.pick("웹 신고", "web"),
            Origin::Counter => lang.pick("창구 접수", "counter"),
            Origin::Phone => lang.pick("전화 접수", "phone"),
            Origin::VisitingList => lang.pick("방문 대상 명단", "visiting list"),
        }
    }
}

crate::term_enum! {
    /// What a line of a case's log is: a contact attempt, a visit, or a service linked.
    pub enum LogKind {
        ContactAttempt = "contact_attempt",
        Visit = "visit",
        Service = "service",
    }
}

impl LogKind {
    /// The contact attempt or visit this line records; none for a linked service.
    pub fn activity(self) -> Option<ActivityKind> {
        match self {
            LogKind::ContactAttempt => Some(ActivityKind::ContactAttempt),
            LogKind::Visit => Some(ActivityKind::Visit),
            LogKind::Service => None,
        }
    }
}

impl From<ActivityKind> for LogKind {
    fn from(kind: ActivityKind) -> LogKind {
        match kind {
            ActivityKind::ContactAttempt => LogKind::ContactAttempt,
            ActivityKind::Visit => LogKind::Visit,
        }
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
    pub const ALL: [ActivityKind; 2] = [ActivityKind::ContactAttempt, ActivityKind::Visit];

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
            .ok_or_else(|| ValidationError::new(Field::Kind, InputRule::NotChosen))
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
            .ok_or_else(|| ValidationError::new(Field::Service, InputRule::NotChosen))
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
            .ok_or_else(|| ValidationError::new(Field::CloseReason, InputRule::NotChosen))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_an_activity_or_a_service() {
        for k in ActivityKind::ALL {
            assert_eq!(LogKind::from(k).activity(), Some(k));
        }
        assert_eq!(LogKind::Service.activity(), None);
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
}
