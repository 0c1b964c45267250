//! Welfare referrals, second part (issue 20): the cases and their log.
//!
//! - `welfare_cases`: one household the team looks into — a neighbour's referral (from the web, or
//!   taken by staff at the counter or on the phone) or a household due a proactive visit (imported
//!   from a visiting list). What identifies the household or describes its situation (`needs`,
//!   `program`, `place`, `note`, `contact`) is sealed by the application (AES-256-GCM, keys from
//!   configuration): these columns hold ciphertext only. What stays clear is what the queue sorts
//!   and the published figures count by: dong, urgency, stage, times, the month it arrived. The
//!   receipt number is kept as a keyed hash. After the retention period a closed case loses its
//!   sealed fields (`purged_at`), which the CHECK holds.
//! - `welfare_sections.is_demo`, and `welfare_cases.is_demo`: what the demo loader wrote, which
//!   `demo remove` takes out.
//! - `welfare_activities`: the case's log — contact attempts, visits (a date, who, what was found,
//!   sealed) and linked services.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WelfareCases {
    Table,
    Id,
    DongCode,
    Kind,
    Origin,
    Urgency,
    Stage,
    Needs,
    Program,
    DueMonth,
    Place,
    Note,
    Contact,
    MayContact,
    ReceiptHash,
    AssigneeId,
    ReceivedAt,
    ReceivedMonth,
    AssignedAt,
    LastActivityAt,
    VisitedAt,
    LinkedAt,
    ClosedAt,
    CloseReason,
    PurgedAt,
    IsDemo,
}

#[derive(DeriveIden)]
enum WelfareSections {
    Table,
    IsDemo,
}

#[derive(DeriveIden)]
enum WelfareActivities {
    Table,
    Id,
    CaseId,
    Kind,
    OnDate,
    OfficialId,
    Service,
    Findings,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WelfareCases::Table)
                    .col(big_integer(WelfareCases::Id).auto_increment().primary_key())
                    .col(string_len(WelfareCases::DongCode, 10))
                    .col(string_len(WelfareCases::Kind, 16))
                    .col(string_len(WelfareCases::Origin, 16))
                    .col(string_len(WelfareCases::Urgency, 16))
                    .col(string_len(WelfareCases::Stage, 16))
                    .col(text_null(WelfareCases::Needs))
                    .col(text_null(WelfareCases::Program))
                    .col(string_len_null(WelfareCases::DueMonth, 7))
                    .col(text_null(WelfareCases::Place))
                    .col(text_null(WelfareCases::Note))
                    .col(text_null(WelfareCases::Contact))
                    .col(boolean(WelfareCases::MayContact).default(false))
                    .col(string_len_null(WelfareCases::ReceiptHash, 64).unique_key())
                    .col(big_integer_null(WelfareCases::AssigneeId))
                    .col(timestamp_with_time_zone(WelfareCases::ReceivedAt))
                    .col(string_len(WelfareCases::ReceivedMonth, 7))
                    .col(timestamp_with_time_zone_null(WelfareCases::AssignedAt))
                    .col(timestamp_with_time_zone_null(WelfareCases::LastActivityAt))
                    .col(timestamp_with_time_zone_null(WelfareCases::VisitedAt))
                    .col(timestamp_with_time_zone_null(WelfareCases::LinkedAt))
                    .col(timestamp_with_time_zone_null(WelfareCases::ClosedAt))
                    .col(string_len_null(WelfareCases::CloseReason, 16))
                    .col(timestamp_with_time_zone_null(WelfareCases::PurgedAt))
                    .col(boolean(WelfareCases::IsDemo).default(false))
                    .check(Expr::col(WelfareCases::Kind).is_in(["referral", "due_visit"]))
                    .check(Expr::col(WelfareCases::Origin).is_in(["web", "counter", "phone", "visiting_list"]))
                    .check(Expr::cust("(kind = 'due_visit') = (origin = 'visiting_list')"))
                    .check(Expr::col(WelfareCases::Urgency).is_in(["urgent", "soon", "whenever"]))
                    .check(Expr::col(WelfareCases::Stage).is_in(["received", "assigned", "closed"]))
                    .check(Expr::cust("(stage = 'closed') = (closed_at IS NOT NULL)"))
                    .check(Expr::cust("(stage = 'closed') = (close_reason IS NOT NULL)"))
                    .check(Expr::col(WelfareCases::CloseReason).is_in([
                        "linked",
                        "no_need",
                        "declined",
                        "unreachable",
                        "moved_away",
                        "duplicate",
                    ]))
                    .check(Expr::cust(
                        "purged_at IS NULL OR (stage = 'closed' AND needs IS NULL AND program IS NULL AND place IS \
                         NULL AND note IS NULL AND contact IS NULL)",
                    ))
                    .check(Expr::cust("received_month LIKE '____-__'"))
                    .foreign_key(&mut fk(
                        "fk_welfare_cases_dong",
                        (WelfareCases::Table, WelfareCases::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(
                        fk(
                            "fk_welfare_cases_assignee",
                            (WelfareCases::Table, WelfareCases::AssigneeId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_welfare_cases_dong_stage", WelfareCases::Table, &["dong_code", "stage"]).await?;
        index(manager, "ix_welfare_cases_dong_month", WelfareCases::Table, &["dong_code", "received_month"]).await?;
        index(manager, "ix_welfare_cases_assignee", WelfareCases::Table, &["assignee_id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(WelfareActivities::Table)
                    .col(big_integer(WelfareActivities::Id).auto_increment().primary_key())
                    .col(big_integer(WelfareActivities::CaseId))
                    .col(string_len(WelfareActivities::Kind, 20))
                    .col(string_len(WelfareActivities::OnDate, 10))
                    .col(big_integer_null(WelfareActivities::OfficialId))
                    .col(string_len_null(WelfareActivities::Service, 24))
                    .col(text_null(WelfareActivities::Findings))
                    .col(big_integer_null(WelfareActivities::RecordedBy))
                    .col(timestamp_with_time_zone(WelfareActivities::RecordedAt))
                    .check(Expr::col(WelfareActivities::Kind).is_in(["contact_attempt", "visit", "service"]))
                    .check(Expr::cust("(kind = 'service') = (service IS NOT NULL)"))
                    .check(Expr::col(WelfareActivities::Service).is_in([
                        "basic_livelihood",
                        "emergency_support",
                        "health_visits",
                        "community_resource",
                        "other",
                    ]))
                    .check(Expr::cust("on_date LIKE '____-__-__'"))
                    .foreign_key(&mut fk(
                        "fk_welfare_activities_case",
                        (WelfareActivities::Table, WelfareActivities::CaseId),
                        (WelfareCases::Table, WelfareCases::Id),
                    ))
                    .foreign_key(
                        fk(
                            "fk_welfare_activities_official",
                            (WelfareActivities::Table, WelfareActivities::OfficialId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        fk(
                            "fk_welfare_activities_recorded_by",
                            (WelfareActivities::Table, WelfareActivities::RecordedBy),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_welfare_activities_case", WelfareActivities::Table, &["case_id"]).await?;
        // what the demo drew, so `demo remove` takes exactly that
        manager
            .alter_table(
                Table::alter()
                    .table(WelfareSections::Table)
                    .add_column(boolean(WelfareSections::IsDemo).default(false))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(WelfareSections::Table).drop_column(WelfareSections::IsDemo).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(WelfareActivities::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WelfareCases::Table).to_owned()).await
    }
}
