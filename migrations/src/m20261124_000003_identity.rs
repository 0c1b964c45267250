//! Identity: sign-in methods (OAuth identities, counter codes), sessions, residency
//! verification, personal access tokens, sign-in rate limiting and the append-only audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    HomeDongCode,
    Lang,
    StaySignedIn,
    DeletedAt,
}

#[derive(DeriveIden)]
enum RoleGrants {
    Table,
    GrantedBy,
}

#[derive(DeriveIden)]
enum Dongs {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum OauthIdentities {
    Table,
    Id,
    UserId,
    Provider,
    Subject,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInCodes {
    Table,
    Id,
    UserId,
    Selector,
    SecretHash,
    IssuedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Id,
    Key,
    At,
}

#[derive(DeriveIden)]
enum Residencies {
    Table,
    Id,
    UserId,
    DongCode,
    Method,
    VerifiedBy,
    VerifiedAt,
    ExpiresAt,
    EndedAt,
    EndedBy,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AccessTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    Scope,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    Action,
    DistrictCode,
    DongCode,
    SubjectUserId,
    Detail,
}

fn user_fk(name: &str, table: impl IntoIden, col: impl IntoIden, cascade: bool) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(name).from(table, col).to(Users::Table, Users::Id);
    if cascade {
        fk.on_delete(ForeignKeyAction::Cascade);
    }
    fk.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            string_len_null(Users::HomeDongCode, 10),
            string_len_null(Users::Lang, 2),
            boolean(Users::StaySignedIn).default(false).to_owned(),
            timestamp_with_time_zone_null(Users::DeletedAt),
        ] {
            manager.alter_table(Table::alter().table(Users::Table).add_column(col).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(RoleGrants::Table).add_column(big_integer_null(RoleGrants::GrantedBy)).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OauthIdentities::Table)
                    .col(big_integer(OauthIdentities::Id).auto_increment().primary_key())
                    .col(big_integer(OauthIdentities::UserId))
                    .col(string_len(OauthIdentities::Provider, 40))
                    .col(string_len(OauthIdentities::Subject, 255))
                    .col(timestamp_with_time_zone(OauthIdentities::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_oauth_identities_user",
                        OauthIdentities::Table,
                        OauthIdentities::UserId,
                        true,
                    ))
                    .index(
                        Index::create()
                            .name("ux_oauth_identities_provider_subject")
                            .unique()
                            .col(OauthIdentities::Provider)
                            .col(OauthIdentities::Subject),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_oauth_identities_user")
                    .table(OauthIdentities::Table)
                    .col(OauthIdentities::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInCodes::Table)
                    .col(big_integer(SignInCodes::Id).auto_increment().primary_key())
                    .col(big_integer(SignInCodes::UserId))
                    .col(string_len(SignInCodes::Selector, 4).unique_key())
                    .col(string_len(SignInCodes::SecretHash, 64))
                    .col(big_integer_null(SignInCodes::IssuedBy))
                    .col(timestamp_with_time_zone(SignInCodes::CreatedAt))
                    .col(timestamp_with_time_zone(SignInCodes::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInCodes::UsedAt))
                    .foreign_key(&mut user_fk("fk_sign_in_codes_user", SignInCodes::Table, SignInCodes::UserId, true))
                    .foreign_key(&mut user_fk(
                        "fk_sign_in_codes_issuer",
                        SignInCodes::Table,
                        SignInCodes::IssuedBy,
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(big_integer(SignInFailures::Id).auto_increment().primary_key())
                    .col(string_len(SignInFailures::Key, 100))
                    .col(timestamp_with_time_zone(SignInFailures::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sign_in_failures_key_at")
                    .table(SignInFailures::Table)
                    .col(SignInFailures::Key)
                    .col(SignInFailures::At)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Residencies::Table)
                    .col(big_integer(Residencies::Id).auto_increment().primary_key())
                    .col(big_integer(Residencies::UserId))
                    .col(string_len(Residencies::DongCode, 10))
                    .col(string_len(Residencies::Method, 30))
                    .col(big_integer_null(Residencies::VerifiedBy))
                    .col(timestamp_with_time_zone(Residencies::VerifiedAt))
                    .col(timestamp_with_time_zone_null(Residencies::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Residencies::EndedAt))
                    .col(big_integer_null(Residencies::EndedBy))
                    .check(Expr::col(Residencies::Method).is_in(["id_card", "address_document", "home_visit"]))
                    .foreign_key(&mut user_fk("fk_residencies_user", Residencies::Table, Residencies::UserId, true))
                    .foreign_key(&mut user_fk(
                        "fk_residencies_verifier",
                        Residencies::Table,
                        Residencies::VerifiedBy,
                        false,
                    ))
                    .foreign_key(&mut user_fk("fk_residencies_ender", Residencies::Table, Residencies::EndedBy, false))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_residencies_dong")
                            .from(Residencies::Table, Residencies::DongCode)
                            .to(Dongs::Table, Dongs::Code),
                    )
                    .to_owned(),
            )
            .await?;
        // A person lives in one dong at a time: at most one residency that has not ended.
        // Partial indexes are spelled the same in SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_residencies_current ON residencies (user_id) WHERE ended_at IS NULL",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_residencies_dong")
                    .table(Residencies::Table)
                    .col(Residencies::DongCode)
                    .col(Residencies::EndedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_expires_at")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccessTokens::Table)
                    .col(big_integer(AccessTokens::Id).auto_increment().primary_key())
                    .col(big_integer(AccessTokens::UserId))
                    .col(string_len(AccessTokens::Name, 60))
                    .col(string_len(AccessTokens::TokenHash, 64).unique_key())
                    .col(string_len(AccessTokens::Scope, 10))
                    .col(timestamp_with_time_zone(AccessTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(AccessTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(AccessTokens::RevokedAt))
                    .check(Expr::col(AccessTokens::Scope).is_in(["read", "read_write"]))
                    .foreign_key(&mut user_fk("fk_access_tokens_user", AccessTokens::Table, AccessTokens::UserId, true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_access_tokens_user")
                    .table(AccessTokens::Table)
                    .col(AccessTokens::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_integer(AuditEvents::Id).auto_increment().primary_key())
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::Action, 60))
                    .col(string_len_null(AuditEvents::DistrictCode, 10))
                    .col(string_len_null(AuditEvents::DongCode, 10))
                    .col(big_integer_null(AuditEvents::SubjectUserId))
                    .col(text(AuditEvents::Detail))
                    .foreign_key(&mut user_fk("fk_audit_events_actor", AuditEvents::Table, AuditEvents::ActorId, false))
                    .foreign_key(&mut user_fk(
                        "fk_audit_events_subject",
                        AuditEvents::Table,
                        AuditEvents::SubjectUserId,
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_district_at")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::DistrictCode)
                    .col(AuditEvents::At)
                    .to_owned(),
            )
            .await?;

        // The audit log is append-only, enforced by the database itself.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events \
                     FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events \
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
                )
                .await?;
            }
            _ => {
                for op in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_events_no_{} BEFORE {op} ON audit_events \
                         BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_events_append_only CASCADE")
                .await?;
        }
        for t in [
            AuditEvents::Table.into_iden(),
            AccessTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Residencies::Table.into_iden(),
            SignInFailures::Table.into_iden(),
            SignInCodes::Table.into_iden(),
            OauthIdentities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(RoleGrants::Table).drop_column(RoleGrants::GrantedBy).to_owned())
            .await?;
        for col in [Users::DeletedAt, Users::StaySignedIn, Users::Lang, Users::HomeDongCode] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
