//! Who acts: the roles a person holds, and the signed-in person a request acts for.

use crate::geo::{DistrictCode, DongCode};
use serde::{Deserialize, Serialize};

/// A role held in a scope. Being a resident needs no grant: every signed-in person is one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grant {
    /// Staff of the community service center of this dong.
    CenterStaff(DongCode),
    /// The community project expert of this district.
    Expert(DistrictCode),
    /// A city administrator.
    Admin,
    /// A welfare officer of this dong's center.
    WelfareOfficer(DongCode),
    /// A visiting nurse of this dong's center.
    VisitingNurse(DongCode),
    /// The welfare supervisor of this district.
    WelfareSupervisor(DistrictCode),
}

/// The signed-in person a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub grants: Vec<Grant>,
    /// Dongs where staff have verified this person as a resident (currently valid ones only).
    pub residencies: Vec<DongCode>,
    /// Resident groups this person is an active organiser of.
    #[serde(default)]
    pub organises: Vec<i64>,
    /// Districts where the expert has currently blocked this person from posting.
    #[serde(default)]
    pub blocked_in: Vec<DistrictCode>,
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        self.grants.contains(&Grant::Admin)
    }

    pub fn is_staff_of(&self, dong: &DongCode) -> bool {
        self.grants.iter().any(|g| matches!(g, Grant::CenterStaff(d) if d == dong))
    }

    pub fn is_expert_of(&self, district: &DistrictCode) -> bool {
        self.grants.iter().any(|g| matches!(g, Grant::Expert(d) if d == district))
    }

    /// A welfare officer or visiting nurse of the dong's center: the team that works its cases.
    pub fn is_welfare_team_of(&self, dong: &DongCode) -> bool {
        self.grants.iter().any(|g| matches!(g, Grant::WelfareOfficer(d) | Grant::VisitingNurse(d) if d == dong))
    }

    pub fn is_welfare_supervisor_of(&self, district: &DistrictCode) -> bool {
        self.grants.iter().any(|g| matches!(g, Grant::WelfareSupervisor(d) if d == district))
    }

    pub fn is_verified_resident_of(&self, dong: &DongCode) -> bool {
        self.residencies.contains(dong)
    }

    pub fn organises_group(&self, group_id: i64) -> bool {
        self.organises.contains(&group_id)
    }

    /// A verified resident of the dong, not blocked from posting in its district.
    pub fn may_post_in(&self, dong: &DongCode) -> bool {
        self.is_verified_resident_of(dong) && !self.blocked_in.contains(&dong.district())
    }

    /// Staff, experts and admins get short idle timeouts and cannot stay signed in.
    pub fn is_privileged(&self) -> bool {
        !self.grants.is_empty()
    }

    /// The dongs whose centers this person staffs.
    pub fn staffed_dongs(&self) -> impl Iterator<Item = &DongCode> {
        self.grants.iter().filter_map(|g| match g {
            Grant::CenterStaff(d) => Some(d),
            _ => None,
        })
    }

    /// The districts this person is the expert of.
    pub fn expert_districts(&self) -> impl Iterator<Item = &DistrictCode> {
        self.grants.iter().filter_map(|g| match g {
            Grant::Expert(d) => Some(d),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::fixtures::{SINCHON, YEONHUI, actor, dong};

    #[test]
    fn privilege_and_residency() {
        let mut a = actor(vec![]);
        assert!(!a.is_privileged());
        a.residencies.push(dong(SINCHON));
        assert!(a.is_verified_resident_of(&dong(SINCHON)));
        assert!(!a.is_verified_resident_of(&dong(YEONHUI)));
        assert!(actor(vec![Grant::CenterStaff(dong(SINCHON))]).is_privileged());
    }
}
