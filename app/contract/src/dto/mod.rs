//! What crosses the wire: to the browser (server functions) and to API clients (REST).

mod assemblies;
pub mod bookings;
pub mod fund;
mod groups;
mod identity;
mod messaging;
mod moderation;
mod notices;
mod proposals;
mod search;
pub mod welfare;

pub use assemblies::{
    AgendaItemView, AgendaOptionView, AssemblyDetail, AssemblyEditForm, AssemblyList, AssemblySummary, AssemblyViewer,
    BylawsView, CheckInView, DoorCandidate, DoorTallies, DoorTally, FundingView, ItemResult, LiveCount,
    MinutesVersionView, NoticeView, OptionResult, OptionVotes, PaperTrail, ResultsView, TallyEntryView,
};
pub use groups::{GroupDetail, GroupPage, GroupRef, GroupSummary, GroupViewer, MemberRow};
pub use identity::{
    Account, AuditPage, AuditRow, GrantRow, IssuedCode, LinkedIdentity, Me, Provider, RecoveryRequestRow, Residency,
    ResidentRow, RoleProposalRow, RoleView, StaffDong, TokenInfo,
};
pub use messaging::{
    CallEntry, CallListView, CallRequestRow, ContactView, DevMessage, FailedMessageRow, MessagingView, PreferenceView,
    UnsubscribeView,
};
pub use moderation::{DongSettingsRow, QueueItem, ReportView, Workspace, WorkspaceCounts};
pub use notices::{NotificationPage, NotificationView};
pub use proposals::{
    CommentView, NewProposalContext, ProposalDetail, ProposalForm, ProposalImage, ProposalPage, ProposalSummary,
    ProposalViewer, TimelineEntry,
};
pub use search::DongSearch;

use domain::lang::{Lang, LocalizedName};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct District {
    /// 10-digit MOIS code, e.g. `1141000000`.
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    /// Number of active dongs.
    pub dong_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dong {
    /// 10-digit MOIS administrative agency code, e.g. `1141052000`.
    pub code: String,
    pub district_code: String,
    pub name_ko: String,
    pub name_en: String,
    /// WGS84 centroid.
    pub lat: f64,
    pub lon: f64,
    /// False once the dong was retired (merged or abolished).
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Center {
    pub name_ko: String,
    pub name_en: String,
    pub address_ko: String,
    pub address_en: String,
    /// Weekday opening time, `HH:MM`, Asia/Seoul.
    pub opens: String,
    /// Weekday closing time, `HH:MM`, Asia/Seoul.
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DistrictDetail {
    pub district: District,
    pub dongs: Vec<Dong>,
    /// Display names of the district's community project experts.
    pub experts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DongDetail {
    pub dong: Dong,
    pub district: District,
    pub center: Center,
    /// Display names of the center's staff.
    pub staff: Vec<String>,
    /// The dong's sections and who is in charge of each (welfare referrals).
    pub sections: Vec<welfare::Section>,
}

/// Anything with a Korean and an English name.
pub trait Named {
    fn names(&self) -> LocalizedName;
    fn name(&self, lang: Lang) -> String {
        self.names().get(lang).to_owned()
    }
}

macro_rules! named {
    ($t:ty) => {
        impl Named for $t {
            fn names(&self) -> LocalizedName {
                LocalizedName { ko: self.name_ko.clone(), en: self.name_en.clone() }
            }
        }
    };
}
named!(District);
named!(Dong);
named!(Center);

impl Center {
    pub fn address(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.address_ko,
            Lang::En => &self.address_en,
        }
    }
}

/// One operation of the public API, for the human-readable API page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
}

/// A dong or district by code and name, for labels and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Place {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
}
named!(Place);
