//! Separation of duties (issue 40), recovery's part: an account that signs in online (a linked
//! provider, an access token) and lost its way in gets a code only when two members of its
//! dong's staff agree.
//!
//! - `recovery_requests`: one member of staff asked for a recovery code for a person; a second
//!   member of the same dong's staff confirms it (the code is printed then, in the same
//!   transaction) or someone withdraws it. The database holds the rule itself: the requester is
//!   not the person, and whoever confirmed is neither the requester nor the person (CHECKs; a
//!   withdrawal may be the requester's own); a decision is whole (who, when, what: all three or
//!   none); there is one pending request per person (a partial unique index). Rows are kept
//!   after the decision: they are the record of who asked and who agreed.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RecoveryRequests {
    Table,
    Id,
    UserId,
    DongCode,
    RequestedBy,
    RequestedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RecoveryRequests::Table)
                    .col(big_integer(RecoveryRequests::Id).auto_increment().primary_key())
                    .col(big_integer(RecoveryRequests::UserId))
                    // the dong whose staff asked (the person's dong then); only its staff confirm
                    .col(string_len(RecoveryRequests::DongCode, 10))
                    .col(big_integer(RecoveryRequests::RequestedBy))
                    .col(timestamp_with_time_zone(RecoveryRequests::RequestedAt))
                    .col(big_integer_null(RecoveryRequests::DecidedBy))
                    .col(timestamp_with_time_zone_null(RecoveryRequests::DecidedAt))
                    .col(string_len_null(RecoveryRequests::Outcome, 16))
                    .check(Expr::cust("outcome IS NULL OR outcome IN ('confirmed', 'withdrawn')"))
                    .check(Expr::cust(
                        "(decided_by IS NULL) = (decided_at IS NULL) AND (decided_at IS NULL) = (outcome IS NULL)",
                    ))
                    .check(Expr::cust("requested_by <> user_id"))
                    .check(Expr::cust(
                        "outcome IS NULL OR outcome <> 'confirmed' \
                         OR (decided_by <> requested_by AND decided_by <> user_id)",
                    ))
                    .foreign_key(&mut fk(
                        "fk_recovery_requests_user",
                        (RecoveryRequests::Table, RecoveryRequests::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recovery_requests_requested_by",
                        (RecoveryRequests::Table, RecoveryRequests::RequestedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recovery_requests_decided_by",
                        (RecoveryRequests::Table, RecoveryRequests::DecidedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_recovery_requests_dong",
                        (RecoveryRequests::Table, RecoveryRequests::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        // one pending request per person (both databases take partial indexes)
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_recovery_requests_pending ON recovery_requests (user_id) \
                 WHERE decided_at IS NULL",
            )
            .await?;
        index(manager, "ix_recovery_requests_dong", RecoveryRequests::Table, &["dong_code", "decided_at"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RecoveryRequests::Table).to_owned()).await
    }
}
