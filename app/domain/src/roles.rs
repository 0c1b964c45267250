//! The roles a person can hold. Scope rules (which dong, which district) come with the
//! authorization module.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A resident of a dong.
    Resident,
    /// Staff of a dong's community service center.
    CenterStaff,
    /// The community project expert of a district.
    Expert,
    /// A city administrator.
    Admin,
    /// A welfare officer of a dong's center (복지 담당 공무원): works the dong's welfare cases.
    WelfareOfficer,
    /// A visiting nurse of a dong's center (방문간호사): works the dong's welfare cases.
    VisitingNurse,
    /// The district's welfare supervisor: reads the district's cases and their flags.
    WelfareSupervisor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Resident,
        Role::CenterStaff,
        Role::Expert,
        Role::Admin,
        Role::WelfareOfficer,
        Role::VisitingNurse,
        Role::WelfareSupervisor,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::CenterStaff => "center_staff",
            Role::Expert => "expert",
            Role::Admin => "admin",
            Role::WelfareOfficer => "welfare_officer",
            Role::VisitingNurse => "visiting_nurse",
            Role::WelfareSupervisor => "welfare_supervisor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl Role {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("서울시 관리자", "City administrator"),
            Role::Expert => lang.pick("마을공동체 전문가", "Community project expert"),
            Role::CenterStaff => lang.pick("주민센터 직원", "Center staff"),
            Role::Resident => lang.pick("주민", "Resident"),
            Role::WelfareOfficer => lang.pick("복지 담당 공무원", "Welfare officer"),
            Role::VisitingNurse => lang.pick("방문간호사", "Visiting nurse"),
            Role::WelfareSupervisor => lang.pick("구 복지 총괄", "District welfare supervisor"),
        }
    }
}

crate::term_enum! {
    /// How a proposed welfare role ended: confirmed by the second person, or declined.
    pub enum ProposalOutcome {
        Confirmed = "confirmed",
        Declined = "declined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
