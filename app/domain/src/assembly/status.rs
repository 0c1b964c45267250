//! An assembly's lifecycle: its statuses, the events that move it along, and what each status allows.

use crate::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyStatus {
    Draft,
    Announced,
    PreVoting,
    InSession,
    Closed,
    ResultsPublished,
    /// Called off before its session opened, with a public reason; any pre-votes are void.
    Cancelled,
}

impl AssemblyStatus {
    pub const ALL: [AssemblyStatus; 7] = [
        AssemblyStatus::Draft,
        AssemblyStatus::Announced,
        AssemblyStatus::PreVoting,
        AssemblyStatus::InSession,
        AssemblyStatus::Closed,
        AssemblyStatus::ResultsPublished,
        AssemblyStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssemblyStatus::Draft => "draft",
            AssemblyStatus::Announced => "announced",
            AssemblyStatus::PreVoting => "pre_voting",
            AssemblyStatus::InSession => "in_session",
            AssemblyStatus::Closed => "closed",
            AssemblyStatus::ResultsPublished => "results_published",
            AssemblyStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Status, InputRule::NotChosen))
    }

    /// Residents see the assembly: drafts are for its organisers, and so is a draft that was
    /// cancelled (`was_announced` false) — residents never knew of it.
    pub fn is_public(self, was_announced: bool) -> bool {
        match self {
            AssemblyStatus::Draft => false,
            AssemblyStatus::Cancelled => was_announced,
            _ => true,
        }
    }

    /// The agenda and bylaws may still change (before anyone can vote).
    pub fn agenda_open(self) -> bool {
        matches!(self, AssemblyStatus::Draft | AssemblyStatus::Announced)
    }

    /// The title, description, venue and times may be edited (as long as the agenda may).
    pub fn details_editable(self) -> bool {
        self.agenda_open()
    }

    /// The session may be moved to other times: until it opens. While pre-voting runs only the
    /// times change (what residents are voting on stays as it was announced).
    pub fn reschedulable(self) -> bool {
        matches!(self, AssemblyStatus::Draft | AssemblyStatus::Announced | AssemblyStatus::PreVoting)
    }

    /// Online ballots are accepted.
    pub fn accepts_online_ballots(self) -> bool {
        matches!(self, AssemblyStatus::PreVoting | AssemblyStatus::InSession)
    }

    /// Staff check people in at the door.
    pub fn accepts_check_ins(self) -> bool {
        self == AssemblyStatus::InSession
    }

    /// Staff enter the paper-ballot tallies: during the session and after it closes, until the
    /// results are published.
    pub fn accepts_paper_tallies(self) -> bool {
        matches!(self, AssemblyStatus::InSession | AssemblyStatus::Closed)
    }

    /// Counts are final.
    pub fn is_closed(self) -> bool {
        matches!(self, AssemblyStatus::Closed | AssemblyStatus::ResultsPublished)
    }
}

/// What moves an assembly along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyEvent {
    /// Published to residents; the quorum is fixed from the dong's verified residents now.
    Announce,
    OpenPreVoting,
    OpenSession,
    Close,
    PublishResults,
    /// Called off, with a public reason: until the session opens.
    Cancel,
}

impl AssemblyEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AssemblyEvent::Announce => "announce",
            AssemblyEvent::OpenPreVoting => "open_pre_voting",
            AssemblyEvent::OpenSession => "open_session",
            AssemblyEvent::Close => "close",
            AssemblyEvent::PublishResults => "publish_results",
            AssemblyEvent::Cancel => "cancel",
        }
    }

    pub const ALL: [AssemblyEvent; 6] = [
        AssemblyEvent::Announce,
        AssemblyEvent::OpenPreVoting,
        AssemblyEvent::OpenSession,
        AssemblyEvent::Close,
        AssemblyEvent::PublishResults,
        AssemblyEvent::Cancel,
    ];

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new(Field::Event, InputRule::NotChosen))
    }
}

/// The next status, if `event` may happen in `from`. Pre-voting is optional: an announced
/// assembly may open its session directly. An assembly is cancelled only before its session
/// opens; once it has, it is closed (and its results say what happened).
pub fn advance(from: AssemblyStatus, event: AssemblyEvent) -> Option<AssemblyStatus> {
    use AssemblyEvent as E;
    use AssemblyStatus as S;
    match (from, event) {
        (S::Draft, E::Announce) => Some(S::Announced),
        (S::Announced, E::OpenPreVoting) => Some(S::PreVoting),
        (S::Announced | S::PreVoting, E::OpenSession) => Some(S::InSession),
        (S::InSession, E::Close) => Some(S::Closed),
        (S::Closed, E::PublishResults) => Some(S::ResultsPublished),
        (S::Draft | S::Announced | S::PreVoting, E::Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

impl AssemblyStatus {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            AssemblyStatus::Draft => lang.pick("준비 중", "Draft"),
            AssemblyStatus::Announced => lang.pick("공고됨", "Announced"),
            AssemblyStatus::PreVoting => lang.pick("사전 온라인 투표 중", "Online pre-voting"),
            AssemblyStatus::InSession => lang.pick("총회 진행 중", "In session"),
            AssemblyStatus::Closed => lang.pick("투표 마감", "Voting closed"),
            AssemblyStatus::ResultsPublished => lang.pick("결과 공개", "Results published"),
            AssemblyStatus::Cancelled => lang.pick("취소됨", "Cancelled"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_moves_forward_only_every_pair_stated() {
        use AssemblyEvent as E;
        use AssemblyStatus as S;
        // every step there is; every other (status, event) pair is refused
        let allowed = [
            (S::Draft, E::Announce, S::Announced),
            (S::Announced, E::OpenPreVoting, S::PreVoting),
            (S::Announced, E::OpenSession, S::InSession),
            (S::PreVoting, E::OpenSession, S::InSession),
            (S::InSession, E::Close, S::Closed),
            (S::Closed, E::PublishResults, S::ResultsPublished),
            (S::Draft, E::Cancel, S::Cancelled),
            (S::Announced, E::Cancel, S::Cancelled),
            (S::PreVoting, E::Cancel, S::Cancelled),
        ];
        for from in S::ALL {
            for event in E::ALL {
                let expected = allowed.iter().find(|(f, e, _)| *f == from && *e == event).map(|t| t.2);
                assert_eq!(advance(from, event), expected, "{from:?} + {event:?}");
            }
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Ok(s));
        }
        for e in E::ALL {
            assert_eq!(E::parse(e.as_str()), Ok(e));
        }
        // every status is reachable from a draft; the two ends are final
        let mut seen = vec![S::Draft];
        for _ in 0..S::ALL.len() {
            for s in seen.clone() {
                for e in E::ALL {
                    if let Some(n) = advance(s, e)
                        && !seen.contains(&n)
                    {
                        seen.push(n);
                    }
                }
            }
        }
        assert_eq!(seen.len(), S::ALL.len());
        for end in [S::ResultsPublished, S::Cancelled] {
            assert!(E::ALL.iter().all(|e| advance(end, *e).is_none()), "{end:?}");
        }
        // what may change in which status
        for s in S::ALL {
            assert_eq!(s.details_editable(), matches!(s, S::Draft | S::Announced), "{s:?}");
            assert_eq!(s.reschedulable(), matches!(s, S::Draft | S::Announced | S::PreVoting), "{s:?}");
            // residents never see drafts, nor a draft that was cancelled
            assert_eq!(s.is_public(false), !matches!(s, S::Draft | S::Cancelled), "{s:?}");
            assert_eq!(s.is_public(true), s != S::Draft, "{s:?}");
            // whatever can be rescheduled can be cancelled, and nothing else
            assert_eq!(s.reschedulable(), advance(s, E::Cancel).is_some(), "{s:?}");
        }
    }

    #[test]
    fn voting_channels_follow_the_status() {
        use AssemblyStatus as S;
        let online: Vec<_> = S::ALL.into_iter().filter(|s| s.accepts_online_ballots()).collect();
        assert_eq!(online, [S::PreVoting, S::InSession]);
        let paper: Vec<_> = S::ALL.into_iter().filter(|s| s.accepts_paper_tallies()).collect();
        assert_eq!(paper, [S::InSession, S::Closed]);
        assert!(S::InSession.accepts_check_ins() && !S::PreVoting.accepts_check_ins());
    }
}
