//! The entities and the migrations agree: every entity reads every row of its table (the demo's
//! rows included) on a freshly migrated database, on both backends. A column renamed, retyped
//! or missing on one side fails here, not in a request.

use crate::db_test;
use crate::support::{Backend, TestApp};
use sea_orm::EntityTrait;

macro_rules! read_every_table {
    ($db:expr, $($entity:ident),+ $(,)?) => {{
        let mut read = Vec::new();
        $(
            let rows = services::entities::$entity::Entity::find()
                .all($db)
                .await
                .unwrap_or_else(|e| panic!("entity {} does not match its table: {e}", stringify!($entity)));
            read.push((stringify!($entity), rows.len()));
        )+
        read
    }};
}

db_test!(every_entity_reads_its_table, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let read = read_every_table!(
        &app.db,
        access_token,
        agenda_item,
        agenda_option,
        assembly,
        assembly_attendance,
        assembly_channel,
        attendance_event,
        audit_event,
        ballot_key,
        booking,
        booking_series,
        booking_series_skip,
        booking_setting,
        calendar_feed,
        call_list_entry,
        call_request,
        center,
        comment,
        contact_confirmation,
        contact_point,
        district,
        district_setting,
        dong,
        dong_bylaw,
        dong_setting,
        expense_claim,
        fund,
        fund_attachment,
        fund_month_total,
        fund_project,
        group_member,
        journal_entry,
        journal_line,
        message_preference,
        minutes_version,
        notification,
        oauth_identity,
        open_ballot,
        outbox_message,
        paper_tally_confirmation,
        paper_tally_entry,
        participation,
        posting_restriction,
        project_photo,
        project_update,
        proposal,
        proposal_event,
        proposal_count,
        proposal_image,
        proposal_support,
        recovery_request,
        reminder_sent,
        report,
        residency,
        resident_group,
        role_grant,
        role_proposal,
        sealed_ballot,
        search_document,
        secret_ballot,
        session,
        sign_in_code,
        sign_in_failure,
        space,
        space_blackout,
        space_hour,
        user,
        welfare_activity,
        welfare_case,
        welfare_section,
    );
    // the list above is every entity the application declares: a new one without a line fails here
    let declared: std::collections::BTreeSet<&str> = include_str!("../../../app/services/src/entities/mod.rs")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    let listed: std::collections::BTreeSet<&str> = read.iter().map(|(name, _)| *name).collect();
    assert!(declared.len() > 60, "the entities were read from their module ({})", declared.len());
    assert_eq!(listed, declared, "every entity reads its table");
    // the demo fills the tables a visitor sees first
    for table in [
        "user",
        "dong",
        "proposal",
        "assembly",
        "agenda_item",
        "space",
        "journal_entry",
        "paper_tally_entry",
        "paper_tally_confirmation",
        "attendance_event",
        "minutes_version",
    ] {
        let rows = read.iter().find(|(name, _)| *name == table).map(|(_, n)| *n);
        assert!(rows.is_some_and(|n| n > 0), "{table}: no demo rows");
    }
});
