//! Welfare referrals (issue 20): a neighbour tells the dong's welfare team about a household that
//! may need help; the team looks into it. The rules here are pure: what a referral says, the steps
//! of a case, when a case is flagged, the receipt number the referrer keeps, the proactive visiting
//! lists staff import, and how few is too few to publish. Encryption and access are the services'
//! (docs/features/welfare.md, "Threat model").

mod case;
mod figure;
mod receipt_number;
mod referral;
mod time_limits;
mod visiting_list;

pub use case::{
    ActivityKind, CaseKind, CaseRefusal, CloseReason, FINDINGS_MAX, LogKind, Origin, PublicStatus, Service, Stage,
    Step, step,
};
pub use figure::{Figure, PUBLISH_AT_LEAST};
pub use receipt_number::ReceiptNumber;
pub use referral::{CONTACT_MAX, NOTE_MAX, Need, Needs, PLACE_MAX, Referral, Urgency};
pub use time_limits::{
    DEFAULT_RETENTION_YEARS, Flags, QUIET_FOR, TRIAGE_WITHIN, UnixSeconds, flags, queue_key, retention_over,
};
pub use visiting_list::{DueVisit, IMPORT_MAX_ROWS, Program, RowError, parse_visiting_list};
