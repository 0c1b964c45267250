//! The schema, as an ordered list of migrations. Migrations never import the app's entities:
//! each one states its tables as they were when it was written.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261123_000001_geography;
mod m20261123_000002_people;
mod m20261124_000003_identity;
mod m20261124_000004_participation;
mod m20261124_000005_proposal_images;
mod m20261124_000006_assemblies;
mod m20261124_000007_fund;
mod m20261124_000008_project_photos;
mod m20261124_000009_booking;
mod m20261202_000010_ballot_secrecy;
mod m20261202_000011_assembly_lifecycle;
mod m20261202_000012_assembly_trail;
mod m20261202_000013_budgeting;
mod m20261203_000014_session_keys;
mod m20261203_000015_demo_removal;
mod m20261205_000016_scale_reads;
mod m20261205_000017_proposal_counts;
mod m20261206_000018_welfare_roles;
mod m20261206_000019_welfare_cases;
mod m20261207_000020_credential_epochs;
mod m20261207_000021_ballot_keys;
mod m20261207_000022_role_proposals;
mod m20261207_000023_recovery_requests;
mod m20261207_000024_outbox;
mod m20261208_000025_contacts;
mod m20261208_000026_reminders;
mod m20261209_000027_phone_codes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_geography::Migration),
            Box::new(m20261123_000002_people::Migration),
            Box::new(m20261124_000003_identity::Migration),
            Box::new(m20261124_000004_participation::Migration),
            Box::new(m20261124_000005_proposal_images::Migration),
            Box::new(m20261124_000006_assemblies::Migration),
            Box::new(m20261124_000007_fund::Migration),
            Box::new(m20261124_000008_project_photos::Migration),
            Box::new(m20261124_000009_booking::Migration),
            Box::new(m20261202_000010_ballot_secrecy::Migration),
            Box::new(m20261202_000011_assembly_lifecycle::Migration),
            Box::new(m20261202_000012_assembly_trail::Migration),
            Box::new(m20261202_000013_budgeting::Migration),
            Box::new(m20261203_000014_session_keys::Migration),
            Box::new(m20261203_000015_demo_removal::Migration),
            Box::new(m20261205_000016_scale_reads::Migration),
            Box::new(m20261205_000017_proposal_counts::Migration),
            Box::new(m20261206_000018_welfare_roles::Migration),
            Box::new(m20261206_000019_welfare_cases::Migration),
            Box::new(m20261207_000020_credential_epochs::Migration),
            Box::new(m20261207_000021_ballot_keys::Migration),
            Box::new(m20261207_000022_role_proposals::Migration),
            Box::new(m20261207_000023_recovery_requests::Migration),
            Box::new(m20261207_000024_outbox::Migration),
            Box::new(m20261208_000025_contacts::Migration),
            Box::new(m20261208_000026_reminders::Migration),
            Box::new(m20261209_000027_phone_codes::Migration),
        ]
    }
}
