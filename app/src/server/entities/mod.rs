//! One sea-orm entity per table. The schema itself is defined by the `migrations` crate, which
//! never imports these: a test (server/tests) checks that both agree by using every entity
//! against a migrated database.

pub mod access_token;
pub mod agenda_item;
pub mod agenda_option;
pub mod assembly;
pub mod assembly_attendance;
pub mod audit_event;
pub mod center;
pub mod comment;
pub mod district;
pub mod district_setting;
pub mod dong;
pub mod dong_bylaw;
pub mod dong_setting;
pub mod expense_claim;
pub mod fund;
pub mod fund_attachment;
pub mod fund_project;
pub mod group_member;
pub mod journal_entry;
pub mod journal_line;
pub mod notification;
pub mod oauth_identity;
pub mod open_ballot;
pub mod paper_tally;
pub mod participation;
pub mod posting_restriction;
pub mod project_photo;
pub mod project_update;
pub mod proposal;
pub mod proposal_event;
pub mod proposal_image;
pub mod proposal_support;
pub mod report;
pub mod residency;
pub mod resident_group;
pub mod role_grant;
pub mod secret_ballot;
pub mod session;
pub mod sign_in_code;
pub mod sign_in_failure;
pub mod user;
