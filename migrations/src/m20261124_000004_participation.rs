//! Participation: resident groups, proposals with supports, comments and a timeline, reports and
//! moderation, posting restrictions, notifications, and the per-dong / per-district settings
//! these follow.
//!
//! Counts shown in lists (`supports_count`, `comments_count`, `members_count`) are kept on the
//! row in the same transaction as the change they count, so a list needs no query per row; the
//! tests compare them with the rows they count.

use crate::helpers::{cascade, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Districts {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum DongSettings {
    Table,
    DongCode,
    SupportThreshold,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DistrictSettings {
    Table,
    DistrictCode,
    ReportThreshold,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResidentGroups {
    Table,
    Id,
    DongCode,
    DistrictCode,
    Name,
    Purpose,
    Category,
    MeetingPattern,
    Membership,
    MembersCount,
    RegisteredAt,
    RegisteredBy,
    Hidden,
    ModerationReason,
    CreatedBy,
    CreatedAt,
    SearchText,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
    Role,
    State,
    JoinedAt,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    DongCode,
    DistrictCode,
    AuthorId,
    GroupId,
    Title,
    Problem,
    Solution,
    Category,
    CostWon,
    Location,
    Status,
    Hidden,
    ModerationReason,
    SupportThreshold,
    SupportsCount,
    CommentsCount,
    SearchText,
    CreatedAt,
    PublishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProposalSupports {
    Table,
    ProposalId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProposalEvents {
    Table,
    Id,
    ProposalId,
    Event,
    Status,
    ActorId,
    Note,
    At,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ProposalId,
    ParentId,
    AuthorId,
    Body,
    Hidden,
    ModerationReason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    TargetKind,
    TargetId,
    DongCode,
    DistrictCode,
    ReporterId,
    Reason,
    Detail,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
}

#[derive(DeriveIden)]
enum PostingRestrictions {
    Table,
    Id,
    UserId,
    DistrictCode,
    Kind,
    Reason,
    Until,
    ByUser,
    At,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ProposalId,
    GroupId,
    Subject,
    CreatedAt,
    ReadAt,
}

const CATEGORIES: [&str; 7] =
    ["care_sharing", "environment_energy", "culture_learning", "safety", "children_youth", "elderly", "other"];
const STATUSES: [&str; 9] =
    ["draft", "published", "eligible", "on_agenda", "accepted", "rejected", "in_progress", "done", "withdrawn"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DongSettings::Table)
                    .col(string_len(DongSettings::DongCode, 10).primary_key())
                    .col(integer(DongSettings::SupportThreshold).default(30))
                    .col(big_integer_null(DongSettings::UpdatedBy))
                    .col(timestamp_with_time_zone(DongSettings::UpdatedAt))
                    .check(Expr::col(DongSettings::SupportThreshold).between(1, 10000))
                    .foreign_key(&mut fk(
                        "fk_dong_settings_dong",
                        (DongSettings::Table, DongSettings::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_dong_settings_user",
                        (DongSettings::Table, DongSettings::UpdatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DistrictSettings::Table)
                    .col(string_len(DistrictSettings::DistrictCode, 10).primary_key())
                    .col(integer(DistrictSettings::ReportThreshold).default(3))
                    .col(big_integer_null(DistrictSettings::UpdatedBy))
                    .col(timestamp_with_time_zone(DistrictSettings::UpdatedAt))
                    .check(Expr::col(DistrictSettings::ReportThreshold).between(1, 100))
                    .foreign_key(&mut fk(
                        "fk_district_settings_district",
                        (DistrictSettings::Table, DistrictSettings::DistrictCode),
                        (Districts::Table, Districts::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_district_settings_user",
                        (DistrictSettings::Table, DistrictSettings::UpdatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        // ---- resident groups ----
        manager
            .create_table(
                Table::create()
                    .table(ResidentGroups::Table)
                    .col(big_integer(ResidentGroups::Id).auto_increment().primary_key())
                    .col(string_len(ResidentGroups::DongCode, 10))
                    .col(string_len(ResidentGroups::DistrictCode, 10))
                    .col(string_len(ResidentGroups::Name, 80))
                    .col(text(ResidentGroups::Purpose))
                    .col(string_len(ResidentGroups::Category, 20))
                    .col(string_len(ResidentGroups::MeetingPattern, 120))
                    .col(string_len(ResidentGroups::Membership, 10))
                    .col(integer(ResidentGroups::MembersCount).default(0))
                    .col(timestamp_with_time_zone_null(ResidentGroups::RegisteredAt))
                    .col(big_integer_null(ResidentGroups::RegisteredBy))
                    .col(boolean(ResidentGroups::Hidden).default(false))
                    .col(text_null(ResidentGroups::ModerationReason))
                    .col(big_integer(ResidentGroups::CreatedBy))
                    .col(timestamp_with_time_zone(ResidentGroups::CreatedAt))
                    .col(text(ResidentGroups::SearchText))
                    .check(Expr::col(ResidentGroups::Category).is_in(CATEGORIES))
                    .check(Expr::col(ResidentGroups::Membership).is_in(["open", "approval"]))
                    .check(Expr::col(ResidentGroups::MembersCount).gte(0))
                    .foreign_key(&mut fk(
                        "fk_groups_dong",
                        (ResidentGroups::Table, ResidentGroups::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_groups_creator",
                        (ResidentGroups::Table, ResidentGroups::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_groups_registrar",
                        (ResidentGroups::Table, ResidentGroups::RegisteredBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_groups_dong", ResidentGroups::Table, &["dong_code", "created_at"]).await?;
        index(manager, "ix_groups_district", ResidentGroups::Table, &["district_code", "created_at"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(big_integer(GroupMembers::GroupId))
                    .col(big_integer(GroupMembers::UserId))
                    .col(string_len(GroupMembers::Role, 10))
                    .col(string_len(GroupMembers::State, 10))
                    .col(timestamp_with_time_zone(GroupMembers::JoinedAt))
                    .primary_key(Index::create().col(GroupMembers::GroupId).col(GroupMembers::UserId))
                    .check(Expr::col(GroupMembers::Role).is_in(["organiser", "member"]))
                    .check(Expr::col(GroupMembers::State).is_in(["active", "pending"]))
                    .foreign_key(&mut cascade(fk(
                        "fk_group_members_group",
                        (GroupMembers::Table, GroupMembers::GroupId),
                        (ResidentGroups::Table, ResidentGroups::Id),
                    )))
                    .foreign_key(&mut cascade(fk(
                        "fk_group_members_user",
                        (GroupMembers::Table, GroupMembers::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_group_members_user", GroupMembers::Table, &["user_id"]).await?;

        // ---- proposals ----
        manager
            .create_table(
                Table::create()
                    .table(Proposals::Table)
                    .col(big_integer(Proposals::Id).auto_increment().primary_key())
                    .col(string_len(Proposals::DongCode, 10))
                    .col(string_len(Proposals::DistrictCode, 10))
                    .col(big_integer(Proposals::AuthorId))
                    .col(big_integer_null(Proposals::GroupId))
                    .col(string_len(Proposals::Title, 120))
                    .col(text(Proposals::Problem))
                    .col(text(Proposals::Solution))
                    .col(string_len(Proposals::Category, 20))
                    .col(big_integer_null(Proposals::CostWon))
                    .col(string_len_null(Proposals::Location, 200))
                    .col(string_len(Proposals::Status, 20))
                    .col(boolean(Proposals::Hidden).default(false))
                    .col(text_null(Proposals::ModerationReason))
                    .col(integer(Proposals::SupportThreshold))
                    .col(integer(Proposals::SupportsCount).default(0))
                    .col(integer(Proposals::CommentsCount).default(0))
                    .col(text(Proposals::SearchText))
                    .col(timestamp_with_time_zone(Proposals::CreatedAt))
                    .col(timestamp_with_time_zone_null(Proposals::PublishedAt))
                    .col(timestamp_with_time_zone(Proposals::UpdatedAt))
                    .check(Expr::col(Proposals::Category).is_in(CATEGORIES))
                    .check(Expr::col(Proposals::Status).is_in(STATUSES))
                    .check(Expr::col(Proposals::SupportsCount).gte(0))
                    .check(Expr::col(Proposals::CommentsCount).gte(0))
                    .check(Expr::col(Proposals::CostWon).gte(0))
                    .foreign_key(&mut fk(
                        "fk_proposals_dong",
                        (Proposals::Table, Proposals::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_proposals_author",
                        (Proposals::Table, Proposals::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_proposals_group",
                        (Proposals::Table, Proposals::GroupId),
                        (ResidentGroups::Table, ResidentGroups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The list pages: per dong or district, newest first or by supports, visible rows only.
        index(manager, "ix_proposals_dong_published", Proposals::Table, &["dong_code", "hidden", "published_at"])
            .await?;
        index(
            manager,
            "ix_proposals_district_published",
            Proposals::Table,
            &["district_code", "hidden", "published_at"],
        )
        .await?;
        index(manager, "ix_proposals_dong_supports", Proposals::Table, &["dong_code", "hidden", "supports_count"])
            .await?;
        index(
            manager,
            "ix_proposals_district_supports",
            Proposals::Table,
            &["district_code", "hidden", "supports_count"],
        )
        .await?;
        index(manager, "ix_proposals_author", Proposals::Table, &["author_id"]).await?;
        index(manager, "ix_proposals_group", Proposals::Table, &["group_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalSupports::Table)
                    .col(big_integer(ProposalSupports::ProposalId))
                    .col(big_integer(ProposalSupports::UserId))
                    .col(timestamp_with_time_zone(ProposalSupports::CreatedAt))
                    // once each
                    .primary_key(Index::create().col(ProposalSupports::ProposalId).col(ProposalSupports::UserId))
                    .foreign_key(&mut cascade(fk(
                        "fk_supports_proposal",
                        (ProposalSupports::Table, ProposalSupports::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    )))
                    .foreign_key(&mut cascade(fk(
                        "fk_supports_user",
                        (ProposalSupports::Table, ProposalSupports::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_supports_user", ProposalSupports::Table, &["user_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalEvents::Table)
                    .col(big_integer(ProposalEvents::Id).auto_increment().primary_key())
                    .col(big_integer(ProposalEvents::ProposalId))
                    .col(string_len(ProposalEvents::Event, 30))
                    .col(string_len(ProposalEvents::Status, 20))
                    .col(big_integer_null(ProposalEvents::ActorId))
                    .col(text_null(ProposalEvents::Note))
                    .col(timestamp_with_time_zone(ProposalEvents::At))
                    .check(Expr::col(ProposalEvents::Status).is_in(STATUSES))
                    .foreign_key(&mut cascade(fk(
                        "fk_proposal_events_proposal",
                        (ProposalEvents::Table, ProposalEvents::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    )))
                    .foreign_key(&mut fk(
                        "fk_proposal_events_actor",
                        (ProposalEvents::Table, ProposalEvents::ActorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_proposal_events_proposal", ProposalEvents::Table, &["proposal_id", "at"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_integer(Comments::Id).auto_increment().primary_key())
                    .col(big_integer(Comments::ProposalId))
                    .col(big_integer_null(Comments::ParentId))
                    .col(big_integer(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(boolean(Comments::Hidden).default(false))
                    .col(text_null(Comments::ModerationReason))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .foreign_key(&mut cascade(fk(
                        "fk_comments_proposal",
                        (Comments::Table, Comments::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    )))
                    .foreign_key(&mut fk(
                        "fk_comments_parent",
                        (Comments::Table, Comments::ParentId),
                        (Comments::Table, Comments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_author",
                        (Comments::Table, Comments::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_comments_proposal", Comments::Table, &["proposal_id", "created_at"]).await?;

        // ---- moderation ----
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(big_integer(Reports::Id).auto_increment().primary_key())
                    .col(string_len(Reports::TargetKind, 10))
                    .col(big_integer(Reports::TargetId))
                    .col(string_len(Reports::DongCode, 10))
                    .col(string_len(Reports::DistrictCode, 10))
                    .col(big_integer(Reports::ReporterId))
                    .col(string_len(Reports::Reason, 20))
                    .col(text(Reports::Detail))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                    .col(big_integer_null(Reports::ResolvedBy))
                    .check(Expr::col(Reports::TargetKind).is_in(["proposal", "comment", "group"]))
                    .check(Expr::col(Reports::Reason).is_in([
                        "spam",
                        "offensive",
                        "personal_info",
                        "off_topic",
                        "other",
                    ]))
                    .foreign_key(&mut fk(
                        "fk_reports_reporter",
                        (Reports::Table, Reports::ReporterId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_reports_resolver",
                        (Reports::Table, Reports::ResolvedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One open report per person and item: "three reports" means three people.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_reports_open ON reports (target_kind, target_id, reporter_id) \
                 WHERE resolved_at IS NULL",
            )
            .await?;
        index(manager, "ix_reports_district_open", Reports::Table, &["district_code", "resolved_at"]).await?;

        manager
            .create_table(
                Table::create()
                    .table(PostingRestrictions::Table)
                    .col(big_integer(PostingRestrictions::Id).auto_increment().primary_key())
                    .col(big_integer(PostingRestrictions::UserId))
                    .col(string_len(PostingRestrictions::DistrictCode, 10))
                    .col(string_len(PostingRestrictions::Kind, 10))
                    .col(text(PostingRestrictions::Reason))
                    .col(timestamp_with_time_zone_null(PostingRestrictions::Until))
                    .col(big_integer(PostingRestrictions::ByUser))
                    .col(timestamp_with_time_zone(PostingRestrictions::At))
                    .check(Expr::col(PostingRestrictions::Kind).is_in(["warning", "block"]))
                    .foreign_key(&mut cascade(fk(
                        "fk_restrictions_user",
                        (PostingRestrictions::Table, PostingRestrictions::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .foreign_key(&mut fk(
                        "fk_restrictions_by",
                        (PostingRestrictions::Table, PostingRestrictions::ByUser),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_restrictions_user", PostingRestrictions::Table, &["user_id", "district_code"]).await?;

        // ---- notifications ----
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_integer(Notifications::Id).auto_increment().primary_key())
                    .col(big_integer(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 30))
                    .col(big_integer_null(Notifications::ProposalId))
                    .col(big_integer_null(Notifications::GroupId))
                    .col(string_len(Notifications::Subject, 200))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(&mut cascade(fk(
                        "fk_notifications_user",
                        (Notifications::Table, Notifications::UserId),
                        (Users::Table, Users::Id),
                    )))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_notifications_user", Notifications::Table, &["user_id", "read_at", "created_at"]).await?;

        // Substring search over title and text (Korean has no word boundaries that a simple
        // tokenizer could use): PostgreSQL answers `LIKE '%…%'` from a trigram index; SQLite
        // scans the rows of the dong or district the list is about.
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await?;
            db.execute_unprepared("CREATE INDEX ix_proposals_search ON proposals USING gin (search_text gin_trgm_ops)")
                .await?;
            db.execute_unprepared(
                "CREATE INDEX ix_groups_search ON resident_groups USING gin (search_text gin_trgm_ops)",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Notifications::Table.into_iden(),
            PostingRestrictions::Table.into_iden(),
            Reports::Table.into_iden(),
            Comments::Table.into_iden(),
            ProposalEvents::Table.into_iden(),
            ProposalSupports::Table.into_iden(),
            Proposals::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            ResidentGroups::Table.into_iden(),
            DistrictSettings::Table.into_iden(),
            DongSettings::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
