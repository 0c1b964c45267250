//! What a search of one dong found.

use super::fund::JournalEntryView;
use super::{AssemblySummary, GroupSummary, Place, ProposalSummary};
use serde::{Deserialize, Serialize};

/// The best matches of each kind (at most `DongSearch::SHOWN` each) and how many there are in
/// all: the lists of proposals and groups show the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DongSearch {
    pub dong: Place,
    /// The query as it was read (lower-cased, spaces collapsed); empty when nothing was asked.
    pub query: String,
    pub proposals: Vec<ProposalSummary>,
    pub proposals_total: u64,
    pub groups: Vec<GroupSummary>,
    pub groups_total: u64,
    pub assemblies: Vec<AssemblySummary>,
    pub assemblies_total: u64,
    pub fund_entries: Vec<JournalEntryView>,
    pub fund_entries_total: u64,
}

impl DongSearch {
    /// How many of each kind a search shows.
    pub const SHOWN: u64 = 5;

    /// Whether the search found nothing at all.
    pub fn is_empty(&self) -> bool {
        self.proposals_total + self.groups_total + self.assemblies_total + self.fund_entries_total == 0
    }
}
