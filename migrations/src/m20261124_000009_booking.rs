//! Booking the centers' open spaces: spaces with their rules and opening hours, closures
//! (blackouts), bookings and recurring series, per-dong no-show settings and private calendar
//! feeds.
//!
//! The invariant "no two active bookings of one space overlap" (active: requested, confirmed,
//! checked in) is the database's own:
//! - PostgreSQL: an exclusion constraint over `tstzrange(starts_at, ends_at, '[)')` with
//!   btree_gist, so a booking ending exactly when the next starts is allowed;
//! - SQLite: triggers that abort an insert or update creating an overlap. Writes on SQLite are
//!   serialised by the database's write lock (every service transaction is `BEGIN IMMEDIATE`),
//!   so the trigger's check and the insert cannot interleave with another writer's.

use crate::helpers::fk;
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

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

#[derive(DeriveIden)]
enum ResidentGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Assemblies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum JournalEntries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Spaces {
    Table,
    Id,
    DongCode,
    Name,
    Kind,
    Capacity,
    Floor,
    StepFree,
    Elevator,
    AccessibleToilet,
    HearingLoop,
    Equipment,
    Description,
    SlotMinutes,
    MinMinutes,
    MaxMinutes,
    HorizonDays,
    MinNoticeMinutes,
    Approval,
    FeePerHour,
    GroupWaiver,
    WeeklyQuotaPerson,
    WeeklyQuotaGroup,
    PhotoKey,
    PhotoType,
    PhotoAlt,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SpaceHours {
    Table,
    SpaceId,
    Weekday,
    Opens,
    Closes,
}

#[derive(DeriveIden)]
enum SpaceBlackouts {
    Table,
    Id,
    DongCode,
    SpaceId,
    StartsAt,
    EndsAt,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BookingSeries {
    Table,
    Id,
    SpaceId,
    BookerId,
    GroupId,
    Every,
    Count,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BookingSeriesSkips {
    Table,
    Id,
    SeriesId,
    StartsAt,
    EndsAt,
    Reason,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    SpaceId,
    DongCode,
    BookerId,
    CreatedBy,
    WalkInName,
    GroupId,
    SeriesId,
    AssemblyId,
    StartsAt,
    EndsAt,
    Purpose,
    Attendees,
    Status,
    Fee,
    FundEntryId,
    Reason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BookingSettings {
    Table,
    DongCode,
    NoShowLimit,
    NoShowWindowDays,
    SuspensionDays,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    UserId,
    TokenHash,
    CreatedAt,
}

const KINDS: &str = "'book_cafe', 'screening_room', 'meeting_room', 'lecture_room', 'kitchen', 'rooftop', 'other'";
const STATUSES: &str = "'requested', 'confirmed', 'declined', 'cancelled', 'checked_in', 'no_show'";
const ACTIVE: &str = "'requested', 'confirmed', 'checked_in'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Spaces::Table)
                    .col(big_integer(Spaces::Id).auto_increment().primary_key())
                    .col(string_len(Spaces::DongCode, 10))
                    .col(string_len(Spaces::Name, 60))
                    .col(string_len(Spaces::Kind, 20).check(Expr::cust(format!("kind IN ({KINDS})"))))
                    .col(integer(Spaces::Capacity).check(Expr::cust("capacity BETWEEN 1 AND 500")))
                    .col(string_len(Spaces::Floor, 20))
                    .col(boolean(Spaces::StepFree))
                    .col(boolean(Spaces::Elevator))
                    .col(boolean(Spaces::AccessibleToilet))
                    .col(boolean(Spaces::HearingLoop))
                    .col(string_len(Spaces::Equipment, 300))
                    .col(text(Spaces::Description))
                    .col(integer(Spaces::SlotMinutes).check(Expr::cust("slot_minutes IN (15, 30, 60)")))
                    .col(integer(Spaces::MinMinutes))
                    .col(integer(Spaces::MaxMinutes))
                    .col(integer(Spaces::HorizonDays))
                    .col(integer(Spaces::MinNoticeMinutes))
                    .col(string_len(Spaces::Approval, 10).check(Expr::cust("approval IN ('instant', 'required')")))
                    .col(big_integer(Spaces::FeePerHour).check(Expr::cust("fee_per_hour >= 0")))
                    .col(boolean(Spaces::GroupWaiver))
                    .col(integer_null(Spaces::WeeklyQuotaPerson))
                    .col(integer_null(Spaces::WeeklyQuotaGroup))
                    .col(string_len_null(Spaces::PhotoKey, 64))
                    .col(string_len_null(Spaces::PhotoType, 40))
                    .col(string_len_null(Spaces::PhotoAlt, 200))
                    .col(boolean(Spaces::Active))
                    .col(timestamp_with_time_zone(Spaces::CreatedAt))
                    .col(timestamp_with_time_zone(Spaces::UpdatedAt))
                    .check(Expr::cust("min_minutes > 0 AND max_minutes >= min_minutes AND horizon_days > 0"))
                    .foreign_key(&mut fk(
                        "fk_spaces_dong",
                        (Spaces::Table, Spaces::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .index(Index::create().name("ux_spaces_dong_name").col(Spaces::DongCode).col(Spaces::Name).unique())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpaceHours::Table)
                    .col(big_integer(SpaceHours::SpaceId))
                    .col(small_integer(SpaceHours::Weekday).check(Expr::cust("weekday BETWEEN 0 AND 6")))
                    .col(integer(SpaceHours::Opens))
                    .col(integer(SpaceHours::Closes))
                    .check(Expr::cust("opens >= 0 AND closes > opens AND closes <= 1440"))
                    .primary_key(Index::create().col(SpaceHours::SpaceId).col(SpaceHours::Weekday))
                    .foreign_key(&mut fk(
                        "fk_space_hours_space",
                        (SpaceHours::Table, SpaceHours::SpaceId),
                        (Spaces::Table, Spaces::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpaceBlackouts::Table)
                    .col(big_integer(SpaceBlackouts::Id).auto_increment().primary_key())
                    .col(string_len(SpaceBlackouts::DongCode, 10))
                    .col(big_integer_null(SpaceBlackouts::SpaceId))
                    .col(timestamp_with_time_zone(SpaceBlackouts::StartsAt))
                    .col(timestamp_with_time_zone(SpaceBlackouts::EndsAt))
                    .col(string_len(SpaceBlackouts::Reason, 200))
                    .col(big_integer(SpaceBlackouts::CreatedBy))
                    .col(timestamp_with_time_zone(SpaceBlackouts::CreatedAt))
                    .check(Expr::cust("ends_at > starts_at"))
                    .foreign_key(&mut fk(
                        "fk_space_blackouts_dong",
                        (SpaceBlackouts::Table, SpaceBlackouts::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_space_blackouts_space",
                        (SpaceBlackouts::Table, SpaceBlackouts::SpaceId),
                        (Spaces::Table, Spaces::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_space_blackouts_by",
                        (SpaceBlackouts::Table, SpaceBlackouts::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_space_blackouts_dong_time")
                    .table(SpaceBlackouts::Table)
                    .col(SpaceBlackouts::DongCode)
                    .col(SpaceBlackouts::StartsAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BookingSeries::Table)
                    .col(big_integer(BookingSeries::Id).auto_increment().primary_key())
                    .col(big_integer(BookingSeries::SpaceId))
                    .col(big_integer(BookingSeries::BookerId))
                    .col(big_integer_null(BookingSeries::GroupId))
                    .col(string_len(BookingSeries::Every, 10).check(Expr::cust("every IN ('week', 'fortnight')")))
                    .col(integer(BookingSeries::Count).check(Expr::cust("count BETWEEN 2 AND 26")))
                    .col(timestamp_with_time_zone(BookingSeries::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_booking_series_space",
                        (BookingSeries::Table, BookingSeries::SpaceId),
                        (Spaces::Table, Spaces::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_booking_series_booker",
                        (BookingSeries::Table, BookingSeries::BookerId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_booking_series_group",
                        (BookingSeries::Table, BookingSeries::GroupId),
                        (ResidentGroups::Table, ResidentGroups::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BookingSeriesSkips::Table)
                    .col(big_integer(BookingSeriesSkips::Id).auto_increment().primary_key())
                    .col(big_integer(BookingSeriesSkips::SeriesId))
                    .col(timestamp_with_time_zone(BookingSeriesSkips::StartsAt))
                    .col(timestamp_with_time_zone(BookingSeriesSkips::EndsAt))
                    .col(string_len(BookingSeriesSkips::Reason, 200))
                    .foreign_key(&mut fk(
                        "fk_booking_series_skips_series",
                        (BookingSeriesSkips::Table, BookingSeriesSkips::SeriesId),
                        (BookingSeries::Table, BookingSeries::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookings::Table)
                    .col(big_integer(Bookings::Id).auto_increment().primary_key())
                    .col(big_integer(Bookings::SpaceId))
                    .col(string_len(Bookings::DongCode, 10))
                    .col(big_integer(Bookings::BookerId))
                    .col(big_integer(Bookings::CreatedBy))
                    .col(string_len_null(Bookings::WalkInName, 60))
                    .col(big_integer_null(Bookings::GroupId))
                    .col(big_integer_null(Bookings::SeriesId))
                    .col(big_integer_null(Bookings::AssemblyId))
                    .col(timestamp_with_time_zone(Bookings::StartsAt))
                    .col(timestamp_with_time_zone(Bookings::EndsAt))
                    .col(string_len(Bookings::Purpose, 200))
                    .col(integer(Bookings::Attendees).check(Expr::cust("attendees >= 1")))
                    .col(string_len(Bookings::Status, 12).check(Expr::cust(format!("status IN ({STATUSES})"))))
                    .col(big_integer(Bookings::Fee).check(Expr::cust("fee >= 0")))
                    .col(big_integer_null(Bookings::FundEntryId))
                    .col(string_len_null(Bookings::Reason, 300))
                    .col(big_integer_null(Bookings::DecidedBy))
                    .col(timestamp_with_time_zone_null(Bookings::DecidedAt))
                    .col(timestamp_with_time_zone(Bookings::CreatedAt))
                    .col(timestamp_with_time_zone(Bookings::UpdatedAt))
                    .check(Expr::cust("ends_at > starts_at"))
                    .foreign_key(&mut fk(
                        "fk_bookings_space",
                        (Bookings::Table, Bookings::SpaceId),
                        (Spaces::Table, Spaces::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_dong",
                        (Bookings::Table, Bookings::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_booker",
                        (Bookings::Table, Bookings::BookerId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_created_by",
                        (Bookings::Table, Bookings::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_group",
                        (Bookings::Table, Bookings::GroupId),
                        (ResidentGroups::Table, ResidentGroups::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_series",
                        (Bookings::Table, Bookings::SeriesId),
                        (BookingSeries::Table, BookingSeries::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_assembly",
                        (Bookings::Table, Bookings::AssemblyId),
                        (Assemblies::Table, Assemblies::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookings_fund_entry",
                        (Bookings::Table, Bookings::FundEntryId),
                        (JournalEntries::Table, JournalEntries::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_bookings_space_time", [Bookings::SpaceId, Bookings::StartsAt]),
            ("ix_bookings_dong_time", [Bookings::DongCode, Bookings::StartsAt]),
            ("ix_bookings_booker_time", [Bookings::BookerId, Bookings::StartsAt]),
        ] {
            let mut idx = Index::create().name(name).table(Bookings::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(BookingSettings::Table)
                    .col(string_len(BookingSettings::DongCode, 10).primary_key())
                    .col(integer(BookingSettings::NoShowLimit).check(Expr::cust("no_show_limit BETWEEN 0 AND 10")))
                    .col(
                        integer(BookingSettings::NoShowWindowDays)
                            .check(Expr::cust("no_show_window_days BETWEEN 1 AND 365")),
                    )
                    .col(
                        integer(BookingSettings::SuspensionDays).check(Expr::cust("suspension_days BETWEEN 1 AND 365")),
                    )
                    .col(big_integer_null(BookingSettings::UpdatedBy))
                    .col(timestamp_with_time_zone(BookingSettings::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_booking_settings_dong",
                        (BookingSettings::Table, BookingSettings::DongCode),
                        (Dongs::Table, Dongs::Code),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(big_integer(CalendarFeeds::UserId).primary_key())
                    .col(string_len(CalendarFeeds::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_calendar_feeds_user",
                        (CalendarFeeds::Table, CalendarFeeds::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        no_overlap(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CalendarFeeds::Table.into_iden(),
            BookingSettings::Table.into_iden(),
            Bookings::Table.into_iden(),
            BookingSeriesSkips::Table.into_iden(),
            BookingSeries::Table.into_iden(),
            SpaceBlackouts::Table.into_iden(),
            SpaceHours::Table.into_iden(),
            Spaces::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// The database's guard against double booking (see the module's comment).
async fn no_overlap(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS btree_gist").await?;
            db.execute_unprepared(&format!(
                "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist \
                 (space_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) \
                 WHERE (status IN ({ACTIVE}))"
            ))
            .await?;
        }
        _ => {
            // julianday() reads the stored text as an instant whatever its exact format. On
            // insert, NEW.id is not yet known (the row is compared with every other row anyway).
            let clash = |other: &str| {
                format!(
                    "NEW.status IN ({ACTIVE}) AND EXISTS (SELECT 1 FROM bookings b \
                     WHERE b.space_id = NEW.space_id {other} AND b.status IN ({ACTIVE}) \
                       AND julianday(b.starts_at) < julianday(NEW.ends_at) \
                       AND julianday(NEW.starts_at) < julianday(b.ends_at))"
                )
            };
            db.execute_unprepared(&format!(
                "CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings WHEN {} \
                 BEGIN SELECT RAISE(ABORT, 'bookings_no_overlap: already booked'); END",
                clash("")
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER bookings_no_overlap_update \
                 BEFORE UPDATE OF status, starts_at, ends_at, space_id ON bookings WHEN {} \
                 BEGIN SELECT RAISE(ABORT, 'bookings_no_overlap: already booked'); END",
                clash("AND b.id <> NEW.id")
            ))
            .await?;
        }
    }
    Ok(())
}
