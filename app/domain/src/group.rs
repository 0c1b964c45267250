//! Resident groups (주민모임): what a group is made of, and the rules of membership.

use super::category::Category;
use super::text::bounded;
use super::{Field, InputRule, ValidationError};
use serde::{Deserialize, Serialize};

/// How people join: straight away, or after an organiser approves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Membership {
    Open,
    Approval,
}

impl Membership {
    pub const ALL: [Membership; 2] = [Membership::Open, Membership::Approval];

    pub fn as_str(self) -> &'static str {
        match self {
            Membership::Open => "open",
            Membership::Approval => "approval",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "open" => Ok(Membership::Open),
            "approval" => Ok(Membership::Approval),
            _ => Err(ValidationError::new(Field::Membership, InputRule::NotChosen)),
        }
    }

    /// The state a new member starts in.
    pub fn joining_state(self) -> MemberState {
        match self {
            Membership::Open => MemberState::Active,
            Membership::Approval => MemberState::Pending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberRole {
    Organiser,
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 2] = [MemberRole::Organiser, MemberRole::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Organiser => "organiser",
            MemberRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "organiser" => Some(MemberRole::Organiser),
            "member" => Some(MemberRole::Member),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberState {
    Active,
    Pending,
}

impl MemberState {
    pub const ALL: [MemberState; 2] = [MemberState::Active, MemberState::Pending];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberState::Active => "active",
            MemberState::Pending => "pending",
        }
    }
}

/// A new group, or new details of one, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDetails {
    pub name: String,
    pub purpose: String,
    pub category: Category,
    pub meeting_pattern: String,
    pub membership: Membership,
}

impl GroupDetails {
    pub fn parse(
        name: &str,
        purpose: &str,
        category: &str,
        meeting_pattern: &str,
        membership: &str,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            name: bounded(Field::GroupName, name, 2, 80, false)?,
            purpose: bounded(Field::Purpose, purpose, 10, 4000, true)?,
            category: Category::parse(category)?,
            meeting_pattern: bounded(Field::MeetingPattern, meeting_pattern, 0, 120, false)?,
            membership: Membership::parse(membership)?,
        })
    }
}

/// Why someone cannot leave, or be removed from, a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LeaveError {
    #[error("the last organiser cannot leave; make someone else an organiser first")]
    LastOrganiser,
}

/// Leaving (or removing) a member is fine unless it would leave the group without an active
/// organiser.
pub fn may_leave(role: MemberRole, state: MemberState, active_organisers: u32) -> Result<(), LeaveError> {
    if role == MemberRole::Organiser && state == MemberState::Active && active_organisers <= 1 {
        Err(LeaveError::LastOrganiser)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_checked_field_by_field() {
        let ok =
            GroupDetails::parse("골목 정원 모임", "골목마다 화분을 가꾸고 나눕니다.", "environment_energy", "", "open")
                .unwrap();
        assert_eq!(ok.category, Category::EnvironmentEnergy);
        assert_eq!(ok.meeting_pattern, "");
        let e = GroupDetails::parse("가", "골목마다 화분을 가꾸고 나눕니다.", "safety", "", "open").unwrap_err();
        assert_eq!(e.field.name(), "name");
        let e = GroupDetails::parse("골목 정원", "짧음", "safety", "", "open").unwrap_err();
        assert_eq!(e.field.name(), "purpose");
        let e = GroupDetails::parse("골목 정원", "골목마다 화분을 가꾸고 나눕니다.", "x", "", "open").unwrap_err();
        assert_eq!(e.field.name(), "category");
        let e =
            GroupDetails::parse("골목 정원", "골목마다 화분을 가꾸고 나눕니다.", "safety", "", "secret").unwrap_err();
        assert_eq!(e.field.name(), "membership");
    }

    #[test]
    fn approval_groups_start_members_as_pending() {
        assert_eq!(Membership::Open.joining_state(), MemberState::Active);
        assert_eq!(Membership::Approval.joining_state(), MemberState::Pending);
    }

    #[test]
    fn a_group_keeps_an_organiser() {
        assert_eq!(may_leave(MemberRole::Organiser, MemberState::Active, 1), Err(LeaveError::LastOrganiser));
        assert!(may_leave(MemberRole::Organiser, MemberState::Active, 2).is_ok());
        assert!(may_leave(MemberRole::Member, MemberState::Active, 1).is_ok());
        assert!(may_leave(MemberRole::Member, MemberState::Pending, 0).is_ok());
    }
}
