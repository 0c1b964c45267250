//! Separation of duties (issue 40), roles' part: welfare roles take two administrators.
//!
//! - `role_proposals`: a welfare role (officer or visiting nurse of a dong's center, supervisor of
//!   a district) one administrator proposed for a person, waiting for a second administrator to
//!   confirm it (the grant is made then) or turn it down. The database holds the rule itself:
//!   the proposer is not the grantee, and whoever decided is neither the proposer nor the grantee
//!   (CHECKs); a decision is whole (who, when, what: all three or none); there is one undecided
//!   proposal per person, role and place (a partial unique index). Rows are kept after the
//!   decision: they are the record of who asked and who agreed.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RoleProposals {
    Table,
    Id,
    GranteeId,
    Role,
    DistrictCode,
    DongCode,
    ProposedBy,
    ProposedAt,
    DecidedBy,
    DecidedAt,
    Outcome,
}

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RoleProposals::Table)
                    .col(big_integer(RoleProposals::Id).auto_increment().primary_key())
                    .col(big_integer(RoleProposals::GranteeId))
                    .col(string_len(RoleProposals::Role, 32))
                    // the district of the role: a supervisor's own, a dong role's dong's
                    .col(string_len(RoleProposals::DistrictCode, 10))
                    .col(string_len_null(RoleProposals::DongCode, 10))
                    .col(big_integer(RoleProposals::ProposedBy))
                    .col(timestamp_with_time_zone(RoleProposals::ProposedAt))
                    .col(big_integer_null(RoleProposals::DecidedBy))
                    .col(timestamp_with_time_zone_null(RoleProposals::DecidedAt))
                    .col(string_len_null(RoleProposals::Outcome, 16))
                    .check(Expr::col(RoleProposals::Role).is_in([
                        "welfare_officer",
                        "visiting_nurse",
                        "welfare_supervisor",
                    ]))
                    .check(Expr::cust("(role = 'welfare_supervisor') = (dong_code IS NULL)"))
                    .check(Expr::cust("outcome IS NULL OR outcome IN ('confirmed', 'declined')"))
                    .check(Expr::cust(
                        "(decided_by IS NULL) = (decided_at IS NULL) AND (decided_at IS NULL) = (outcome IS NULL)",
                    ))
                    .check(Expr::cust("proposed_by <> grantee_id"))
                    .check(Expr::cust("decided_by IS NULL OR (decided_by <> proposed_by AND decided_by <> grantee_id)"))
                    .foreign_key(&mut fk(
                        "fk_role_proposals_grantee",
                        (RoleProposals::Table, RoleProposals::GranteeId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_proposals_proposed_by",
                        (RoleProposals::Table, RoleProposals::ProposedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_proposals_decided_by",
                        (RoleProposals::Table, RoleProposals::DecidedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_proposals_district",
                        (RoleProposals::Table, RoleProposals::DistrictCode),
                        (Districts::Table, Districts::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_proposals_dong",
                        (RoleProposals::Table, RoleProposals::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        // one undecided proposal per person, role and place (both databases take partial and
        // expression indexes)
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_role_proposals_pending \
                 ON role_proposals (grantee_id, role, district_code, COALESCE(dong_code, '')) \
                 WHERE decided_at IS NULL",
            )
            .await?;
        index(manager, "ix_role_proposals_district", RoleProposals::Table, &["district_code", "decided_at"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RoleProposals::Table).to_owned()).await
    }
}
