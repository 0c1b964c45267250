//! Views of people, roles, residency, sign-in codes, accounts and tokens.

use super::Place;
use domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A role held in a scope, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoleView {
    /// `center_staff`, `expert` or `admin`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub role: domain::roles::Role,
    /// The dong (center staff) or district (expert); none for admins.
    pub scope: Option<Place>,
}

/// The signed-in person, as the page header and `GET /api/v1/me` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account number (staff ask for it to verify residency).
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<RoleView>,
    /// The dong where this person is a verified resident, if any.
    pub verified_resident_of: Option<Place>,
}

impl Me {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r.role == Role::Admin)
    }
    pub fn staffed(&self) -> impl Iterator<Item = &Place> {
        self.roles.iter().filter(|r| r.role == Role::CenterStaff).filter_map(|r| r.scope.as_ref())
    }
    pub fn expert_of(&self) -> impl Iterator<Item = &Place> {
        self.roles.iter().filter(|r| r.role == Role::Expert).filter_map(|r| r.scope.as_ref())
    }
    /// Where this person's welfare work is: the dong's queue for its team, the district's
    /// oversight for its supervisor; none for everyone else.
    pub fn welfare_desk(&self) -> Option<String> {
        self.roles.iter().find_map(|r| match (r.role, &r.scope) {
            (Role::WelfareOfficer | Role::VisitingNurse, Some(d)) => Some(format!("/dongs/{}/welfare", d.code)),
            (Role::WelfareSupervisor, Some(d)) => Some(format!("/districts/{}/welfare", d.code)),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Residency {
    pub dong: Place,
    /// `id_card`, `address_document` or `home_visit`.
    #[serde(with = "domain::term::as_word")]
    pub method: domain::identity::VerificationMethod,
    /// `YYYY-MM-DD`, Asia/Seoul.
    pub verified_on: String,
    pub expires_on: Option<String>,
    pub verified_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentity {
    pub id: i64,
    pub provider: String,
    pub label: String,
    pub linked_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    /// `read` or `read_write`.
    #[serde(with = "domain::term::as_word")]
    pub scope: domain::identity::TokenScope,
    pub created_on: String,
    pub last_used_on: Option<String>,
}

/// Everything the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub me: Me,
    pub birth_year: Option<i32>,
    pub lang: String,
    pub stay_signed_in: bool,
    /// Staff, experts and admins cannot stay signed in.
    pub privileged: bool,
    pub residency: Option<Residency>,
    pub identities: Vec<LinkedIdentity>,
    /// Providers not linked yet (offered as "link").
    pub linkable: Vec<Provider>,
    pub tokens: Vec<TokenInfo>,
    /// A token created just now, shown this once.
    pub new_token: Option<String>,
}

/// A counter sign-in code, as printed for the resident. Only ever built right after issuing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub code_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub birth_year: Option<i32>,
    pub dong: Place,
    pub center_name_ko: String,
    pub center_name_en: String,
    /// The code itself, `ABCD-EFGH-JKMN`.
    pub code: String,
    /// `YYYY-MM-DD HH:MM`, Asia/Seoul.
    pub expires_at: String,
}

/// A person on the staff's residents page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentRow {
    pub user_id: i64,
    pub display_name: String,
    pub birth_year: Option<i32>,
    pub residency: Option<Residency>,
    /// Registered at this center's counter.
    pub registered_here: bool,
    pub has_online_account: bool,
    /// Holds a role (staff, expert, welfare team, administrator): the counter prints no code
    /// for them.
    pub holds_role: bool,
    /// Registered at a counter and never signed in another way (a provider, a token): the only
    /// accounts the counter prints codes for.
    pub counter_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDong {
    pub dong: Place,
    pub district: Place,
    pub verified: Vec<ResidentRow>,
    /// Registered at the counter, not (or no longer) verified.
    pub unverified: Vec<ResidentRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub role: RoleView,
    pub granted_on: String,
}

/// A welfare role one administrator proposed, waiting for a second (the admin's roles page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleProposalRow {
    pub id: i64,
    /// The person the role is for.
    pub user_id: i64,
    pub display_name: String,
    pub role: RoleView,
    pub proposed_by_id: i64,
    pub proposed_by: String,
    /// `YYYY-MM-DD HH:MM`, Asia/Seoul.
    pub proposed_at: String,
    /// The viewer may decide it: neither its proposer nor the person it is for.
    pub may_decide: bool,
}

/// A recovery code one member of a dong's staff asked for, waiting for a second (the staff's
/// residents page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryRequestRow {
    pub id: i64,
    /// The person the code is for.
    pub user_id: i64,
    pub display_name: String,
    pub requested_by_id: i64,
    pub requested_by: String,
    /// `YYYY-MM-DD HH:MM`, Asia/Seoul.
    pub requested_at: String,
    /// The viewer may confirm it: neither its requester nor the person it is for.
    pub may_confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// `YYYY-MM-DD HH:MM:SS`, Asia/Seoul.
    pub at: String,
    /// `None`: the operator CLI.
    pub actor: Option<String>,
    pub action: String,
    pub dong: Option<Place>,
    pub district: Option<Place>,
    pub subject: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u64,
    pub pages: u64,
    /// The districts this reader may filter by (all for admins).
    pub scope: Option<Place>,
}
