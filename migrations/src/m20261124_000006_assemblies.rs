//! Resident general assemblies: per-dong bylaws, assemblies with a snapshot of the bylaws they
//! run under, agenda items and their options, participation (who took part in which item,
//! through which channel), ballots, check-ins at the door and paper tallies.
//!
//! Integrity lives here as much as in the code:
//! - `participations` has the primary key (item, resident): one channel per resident and item,
//!   whatever the concurrency.
//! - A *secret* ballot is a `secret_ballots` row: the item and the choice, under a random key.
//!   It has no column naming a resident and no timestamp, so nothing in the schema joins it to
//!   a voter (a test reads the schema to prove it). On SQLite the table is `WITHOUT ROWID`, so
//!   not even the hidden row id records the order of insertion.
//! - An *open* ballot (where the bylaws say so) is an `open_ballots` row per (item, resident),
//!   which the resident may change until the close.

use sea_orm_migration::sea_orm::DatabaseBackend;
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
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum DongBylaws {
    Table,
    DongCode,
    QuorumKind,
    QuorumValue,
    Majority,
    AbstentionsCount,
    MinimumAge,
    RunningResultsVisible,
    SecretBallot,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Assemblies {
    Table,
    Id,
    DongCode,
    DistrictCode,
    Title,
    Description,
    Venue,
    PreVotingStartsAt,
    SessionStartsAt,
    SessionEndsAt,
    FacilitatorId,
    SecretaryId,
    Status,
    QuorumKind,
    QuorumValue,
    Majority,
    AbstentionsCount,
    MinimumAge,
    RunningResultsVisible,
    SecretBallot,
    EligibleCount,
    QuorumRequired,
    Minutes,
    MinutesPublishedAt,
    ResultsDigest,
    ResultsDocument,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    AssemblyId,
    Position,
    Title,
    Description,
    Kind,
    ApprovalMax,
    BudgetWon,
    ProposalId,
    Outcome,
}

#[derive(DeriveIden)]
enum AgendaOptions {
    Table,
    Id,
    ItemId,
    Position,
    Label,
    ProposalId,
    CostWon,
}

#[derive(DeriveIden)]
enum Participations {
    Table,
    ItemId,
    UserId,
    Channel,
    At,
}

#[derive(DeriveIden)]
enum OpenBallots {
    Table,
    ItemId,
    UserId,
    Choice,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssemblyAttendance {
    Table,
    AssemblyId,
    UserId,
    CheckedInBy,
    At,
}

#[derive(DeriveIden)]
enum PaperTallies {
    Table,
    ItemId,
    Ballots,
    Abstentions,
    Approve,
    Reject,
    Options,
    EnteredBy,
    EnteredAt,
}

const STATUSES: [&str; 6] = ["draft", "announced", "pre_voting", "in_session", "closed", "results_published"];
const KINDS: [&str; 4] = ["approve_reject", "single_choice", "approval", "budget"];

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let mut f = ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).to_owned();
    if cascade {
        f.on_delete(ForeignKeyAction::Cascade);
    }
    f
}

/// The bylaw columns, shared by a dong's bylaws and an assembly's snapshot of them.
fn bylaw_columns<T: IntoIden + Copy>(t: &mut TableCreateStatement, cols: [T; 7]) -> &mut TableCreateStatement {
    let [kind, value, majority, abstentions, age, running, secret] = cols;
    t.col(string_len(kind, 10))
        .col(integer(value))
        .col(string_len(majority, 12))
        .col(boolean(abstentions))
        .col(small_integer(age))
        .col(boolean(running))
        .col(boolean(secret))
        .check(Expr::col(kind).is_in(["absolute", "percent"]))
        .check(Expr::col(value).gte(1))
        .check(Expr::col(majority).is_in(["simple", "two_thirds"]))
        .check(Expr::col(age).between(0, 100))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut bylaws = Table::create();
        bylaws.table(DongBylaws::Table).col(string_len(DongBylaws::DongCode, 10).primary_key());
        bylaw_columns(
            &mut bylaws,
            [
                DongBylaws::QuorumKind,
                DongBylaws::QuorumValue,
                DongBylaws::Majority,
                DongBylaws::AbstentionsCount,
                DongBylaws::MinimumAge,
                DongBylaws::RunningResultsVisible,
                DongBylaws::SecretBallot,
            ],
        );
        bylaws
            .col(big_integer_null(DongBylaws::UpdatedBy))
            .col(timestamp_with_time_zone(DongBylaws::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_bylaws_dong",
                (DongBylaws::Table, DongBylaws::DongCode),
                (Dongs::Table, Dongs::Code),
                false,
            ))
            .foreign_key(&mut fk(
                "fk_bylaws_user",
                (DongBylaws::Table, DongBylaws::UpdatedBy),
                (Users::Table, Users::Id),
                false,
            ));
        manager.create_table(bylaws.to_owned()).await?;

        let mut assemblies = Table::create();
        assemblies
            .table(Assemblies::Table)
            .col(big_integer(Assemblies::Id).auto_increment().primary_key())
            .col(string_len(Assemblies::DongCode, 10))
            .col(string_len(Assemblies::DistrictCode, 10))
            .col(string_len(Assemblies::Title, 120))
            .col(text(Assemblies::Description))
            .col(string_len(Assemblies::Venue, 200))
            .col(timestamp_with_time_zone_null(Assemblies::PreVotingStartsAt))
            .col(timestamp_with_time_zone(Assemblies::SessionStartsAt))
            .col(timestamp_with_time_zone(Assemblies::SessionEndsAt))
            .col(big_integer_null(Assemblies::FacilitatorId))
            .col(big_integer_null(Assemblies::SecretaryId))
            .col(string_len(Assemblies::Status, 20))
            .check(Expr::col(Assemblies::Status).is_in(STATUSES))
            .check(Expr::col(Assemblies::SessionEndsAt).gt(Expr::col(Assemblies::SessionStartsAt)));
        bylaw_columns(
            &mut assemblies,
            [
                Assemblies::QuorumKind,
                Assemblies::QuorumValue,
                Assemblies::Majority,
                Assemblies::AbstentionsCount,
                Assemblies::MinimumAge,
                Assemblies::RunningResultsVisible,
                Assemblies::SecretBallot,
            ],
        );
        assemblies
            .col(integer_null(Assemblies::EligibleCount))
            .col(integer_null(Assemblies::QuorumRequired))
            .col(text_null(Assemblies::Minutes))
            .col(timestamp_with_time_zone_null(Assemblies::MinutesPublishedAt))
            .col(string_len_null(Assemblies::ResultsDigest, 64))
            .col(text_null(Assemblies::ResultsDocument))
            .col(big_integer(Assemblies::CreatedBy))
            .col(timestamp_with_time_zone(Assemblies::CreatedAt))
            .col(timestamp_with_time_zone(Assemblies::UpdatedAt))
            .foreign_key(&mut fk(
                "fk_assemblies_dong",
                (Assemblies::Table, Assemblies::DongCode),
                (Dongs::Table, Dongs::Code),
                false,
            ))
            .foreign_key(&mut fk(
                "fk_assemblies_facilitator",
                (Assemblies::Table, Assemblies::FacilitatorId),
                (Users::Table, Users::Id),
                false,
            ))
            .foreign_key(&mut fk(
                "fk_assemblies_secretary",
                (Assemblies::Table, Assemblies::SecretaryId),
                (Users::Table, Users::Id),
                false,
            ))
            .foreign_key(&mut fk(
                "fk_assemblies_creator",
                (Assemblies::Table, Assemblies::CreatedBy),
                (Users::Table, Users::Id),
                false,
            ));
        manager.create_table(assemblies.to_owned()).await?;
        for (name, col) in [("ix_assemblies_dong", "dong_code"), ("ix_assemblies_district", "district_code")] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Assemblies::Table)
                        .col(Alias::new(col))
                        .col(Assemblies::SessionStartsAt)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AgendaItems::Table)
                    .col(big_integer(AgendaItems::Id).auto_increment().primary_key())
                    .col(big_integer(AgendaItems::AssemblyId))
                    .col(integer(AgendaItems::Position))
                    .col(string_len(AgendaItems::Title, 200))
                    .col(text(AgendaItems::Description))
                    .col(string_len(AgendaItems::Kind, 20))
                    .col(integer_null(AgendaItems::ApprovalMax))
                    .col(big_integer_null(AgendaItems::BudgetWon))
                    .col(big_integer_null(AgendaItems::ProposalId))
                    .col(string_len_null(AgendaItems::Outcome, 20))
                    .check(Expr::col(AgendaItems::Kind).is_in(KINDS))
                    .check(Expr::col(AgendaItems::BudgetWon).gte(0))
                    .check(Expr::col(AgendaItems::ApprovalMax).gte(1))
                    .foreign_key(&mut fk(
                        "fk_items_assembly",
                        (AgendaItems::Table, AgendaItems::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_items_proposal",
                        (AgendaItems::Table, AgendaItems::ProposalId),
                        (Proposals::Table, Proposals::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AgendaOptions::Table)
                    .col(big_integer(AgendaOptions::Id).auto_increment().primary_key())
                    .col(big_integer(AgendaOptions::ItemId))
                    .col(integer(AgendaOptions::Position))
                    .col(string_len(AgendaOptions::Label, 200))
                    .col(big_integer_null(AgendaOptions::ProposalId))
                    .col(big_integer_null(AgendaOptions::CostWon))
                    .check(Expr::col(AgendaOptions::CostWon).gte(0))
                    .foreign_key(&mut fk(
                        "fk_options_item",
                        (AgendaOptions::Table, AgendaOptions::ItemId),
                        (AgendaItems::Table, AgendaItems::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_options_proposal",
                        (AgendaOptions::Table, AgendaOptions::ProposalId),
                        (Proposals::Table, Proposals::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        // one channel per resident and item
        manager
            .create_table(
                Table::create()
                    .table(Participations::Table)
                    .col(big_integer(Participations::ItemId))
                    .col(big_integer(Participations::UserId))
                    .col(string_len(Participations::Channel, 10))
                    .col(timestamp_with_time_zone(Participations::At))
                    .primary_key(Index::create().col(Participations::ItemId).col(Participations::UserId))
                    .check(Expr::col(Participations::Channel).is_in(["online", "paper"]))
                    .foreign_key(&mut fk(
                        "fk_participations_item",
                        (Participations::Table, Participations::ItemId),
                        (AgendaItems::Table, AgendaItems::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_participations_user",
                        (Participations::Table, Participations::UserId),
                        (Users::Table, Users::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        for (name, table, cols, unique) in [
            (
                "ux_items_position",
                AgendaItems::Table.into_iden(),
                vec![AgendaItems::AssemblyId.into_iden(), AgendaItems::Position.into_iden()],
                true,
            ),
            (
                "ux_options_position",
                AgendaOptions::Table.into_iden(),
                vec![AgendaOptions::ItemId.into_iden(), AgendaOptions::Position.into_iden()],
                true,
            ),
            (
                "ix_participations_user",
                Participations::Table.into_iden(),
                vec![Participations::UserId.into_iden()],
                false,
            ),
        ] {
            let mut i = Index::create();
            i.name(name).table(table);
            for c in cols {
                i.col(c);
            }
            if unique {
                i.unique();
            }
            manager.create_index(i.to_owned()).await?;
        }

        // Secret ballots: no resident, no time; a random key. Written with sea-query would give
        // SQLite a hidden, ordered row id, so the statement is spelled out per database.
        let secret_ballots = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                "CREATE TABLE secret_ballots (
                    id varchar(32) NOT NULL PRIMARY KEY,
                    item_id bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                    choice text NOT NULL
                ) WITHOUT ROWID"
            }
            _ => {
                "CREATE TABLE secret_ballots (
                    id varchar(32) NOT NULL PRIMARY KEY,
                    item_id bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                    choice text NOT NULL
                )"
            }
        };
        manager.get_connection().execute_unprepared(secret_ballots).await?;
        manager
            .get_connection()
            .execute_unprepared("CREATE INDEX ix_secret_ballots_item ON secret_ballots (item_id)")
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OpenBallots::Table)
                    .col(big_integer(OpenBallots::ItemId))
                    .col(big_integer(OpenBallots::UserId))
                    .col(text(OpenBallots::Choice))
                    .col(timestamp_with_time_zone(OpenBallots::UpdatedAt))
                    .primary_key(Index::create().col(OpenBallots::ItemId).col(OpenBallots::UserId))
                    .foreign_key(&mut fk(
                        "fk_open_ballots_participation",
                        (OpenBallots::Table, OpenBallots::ItemId),
                        (AgendaItems::Table, AgendaItems::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_open_ballots_user",
                        (OpenBallots::Table, OpenBallots::UserId),
                        (Users::Table, Users::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssemblyAttendance::Table)
                    .col(big_integer(AssemblyAttendance::AssemblyId))
                    .col(big_integer(AssemblyAttendance::UserId))
                    .col(big_integer(AssemblyAttendance::CheckedInBy))
                    .col(timestamp_with_time_zone(AssemblyAttendance::At))
                    .primary_key(Index::create().col(AssemblyAttendance::AssemblyId).col(AssemblyAttendance::UserId))
                    .foreign_key(&mut fk(
                        "fk_attendance_assembly",
                        (AssemblyAttendance::Table, AssemblyAttendance::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attendance_user",
                        (AssemblyAttendance::Table, AssemblyAttendance::UserId),
                        (Users::Table, Users::Id),
                        false,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attendance_staff",
                        (AssemblyAttendance::Table, AssemblyAttendance::CheckedInBy),
                        (Users::Table, Users::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PaperTallies::Table)
                    .col(big_integer(PaperTallies::ItemId).primary_key())
                    .col(integer(PaperTallies::Ballots))
                    .col(integer(PaperTallies::Abstentions))
                    .col(integer(PaperTallies::Approve))
                    .col(integer(PaperTallies::Reject))
                    // {"option id": votes}
                    .col(text(PaperTallies::Options))
                    .col(big_integer(PaperTallies::EnteredBy))
                    .col(timestamp_with_time_zone(PaperTallies::EnteredAt))
                    .check(Expr::col(PaperTallies::Ballots).gte(0))
                    .check(Expr::col(PaperTallies::Abstentions).between(0, Expr::col(PaperTallies::Ballots)))
                    .check(Expr::col(PaperTallies::Approve).gte(0))
                    .check(Expr::col(PaperTallies::Reject).gte(0))
                    .foreign_key(&mut fk(
                        "fk_paper_item",
                        (PaperTallies::Table, PaperTallies::ItemId),
                        (AgendaItems::Table, AgendaItems::Id),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_paper_staff",
                        (PaperTallies::Table, PaperTallies::EnteredBy),
                        (Users::Table, Users::Id),
                        false,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PaperTallies::Table.into_iden(),
            AssemblyAttendance::Table.into_iden(),
            OpenBallots::Table.into_iden(),
            Alias::new("secret_ballots").into_iden(),
            Participations::Table.into_iden(),
            AgendaOptions::Table.into_iden(),
            AgendaItems::Table.into_iden(),
            Assemblies::Table.into_iden(),
            DongBylaws::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
