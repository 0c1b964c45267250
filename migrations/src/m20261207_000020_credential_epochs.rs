//! Separation of duties (issue 40), people's part:
//!
//! - `users.credential_epoch`: bumped whenever a role is granted or revoked. A session remembers
//!   the epoch it was signed in under and stops working when the account's has moved on, so a
//!   grant ends every session that came before it (`app::api::auth::session_actor`).
//! - `users.online_since`: when the account first linked a sign-in provider or made an access
//!   token. An account without it that was registered at a counter is a *counter account*: the
//!   only kind whose sign-in codes the center prints. Set once, never cleared (unlinking later
//!   does not make an account the center's to hand out). Filled for existing accounts from their
//!   linked providers and tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    CredentialEpoch,
    OnlineSince,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            big_integer(Users::CredentialEpoch).default(0).to_owned(),
            timestamp_with_time_zone_null(Users::OnlineSince),
        ] {
            manager.alter_table(Table::alter().table(Users::Table).add_column(col).to_owned()).await?;
        }
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET online_since = (SELECT MIN(t.at) FROM ( \
                     SELECT created_at AS at, user_id FROM oauth_identities \
                     UNION ALL SELECT created_at AS at, user_id FROM access_tokens) t \
                   WHERE t.user_id = users.id) \
                 WHERE EXISTS (SELECT 1 FROM oauth_identities o WHERE o.user_id = users.id) \
                    OR EXISTS (SELECT 1 FROM access_tokens a WHERE a.user_id = users.id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Users::OnlineSince, Users::CredentialEpoch] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
