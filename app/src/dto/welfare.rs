//! What the welfare pages show. Nothing here describes a household: case data has its own views,
//! served to the welfare team only.

use serde::{Deserialize, Serialize};

/// A part of the dong (통, or a grouping staff drew) and the center official in charge of it,
/// as residents see it on the dong page: a name, never a personal phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Section {
    pub id: i64,
    pub name: String,
    /// Which 통 or streets it covers, in the center's words (may be empty).
    pub covers: String,
    /// The display name of the official in charge; none while nobody is named.
    pub official: Option<String>,
    /// Their account number (for the staff's form); none while nobody is named.
    pub official_id: Option<i64>,
}

/// Someone who may be named in charge of a section: the center's staff and welfare team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub id: i64,
    pub name: String,
    /// The stored form of their role (`center_staff`, `welfare_officer`, `visiting_nurse`).
    pub role: String,
}

/// The sections page of a dong, for those who draw them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionsAdmin {
    pub dong: super::Dong,
    pub sections: Vec<Section>,
    pub officials: Vec<Official>,
}
