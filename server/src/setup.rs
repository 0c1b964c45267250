//! Start-up steps, each idempotent: migrate, load the reference geography, load demo data. On
//! PostgreSQL they run under an advisory lock ([`crate::db::SetupLock`]), so any number of servers
//! may start at once on one database: one does the work, the others wait and find it done.

use crate::anyhow_like::Result;
use crate::db::SetupLock;
use app::domain::geo::parse_reference_csv;
use migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use services::{geo, seed::demo};

/// Seoul's 25 districts and 426 dongs (see server/reference/README.md for source and licence).
pub const REFERENCE_CSV: &str = include_str!("../reference/seoul_dongs.csv");

/// How long a server waits for another one's migrations and loading before giving up.
pub const SETUP_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Runs `work` (migrations, loading) holding the setup lock of the database at `url`.
pub async fn locked<T>(url: &str, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let lock = SetupLock::acquire(url, SETUP_WAIT).await?;
    let done = work.await;
    lock.release().await;
    done
}

/// What the demo seals with: `UD_SECRET` (its secret ballots) and the welfare keys (its cases).
pub type DemoKeys<'a> = (&'a [u8], &'a services::crypto::WelfareVault);

/// Migrates and loads the reference geography (and the demo, if its keys are given), under the
/// setup lock.
pub async fn prepare_data(db: &DatabaseConnection, url: &str, demo: Option<DemoKeys<'_>>) -> Result<()> {
    locked(url, async {
        migrate(db).await?;
        load_reference(db).await?;
        if let Some((key, vault)) = demo {
            load_demo(db, key, vault).await?;
        }
        index_search(db).await?;
        refresh_statistics(db).await
    })
    .await
}

/// Keeps SQLite's planner statistics current (PostgreSQL's autovacuum does this by itself):
/// `PRAGMA optimize` analyses the tables whose statistics are missing or stale, each within a
/// bounded number of rows, so a start stays quick on a large file.
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<()> {
    use sea_orm::ConnectionTrait;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA analysis_limit = 1000").await?;
        db.execute_unprepared("PRAGMA optimize = 0x10002").await?;
    }
    Ok(())
}

/// Indexes for search what was written without its document (loaders write rows directly; a
/// database from before the index had none). A few queries when nothing is missing.
pub async fn index_search(db: &DatabaseConnection) -> Result<()> {
    let written = services::search::index_missing(db).await?;
    if written > 0 {
        tracing::info!(documents = written, "search index caught up");
    }
    Ok(())
}

/// For `serve --no-migrate`: refuses a database whose schema is behind this binary's (a server
/// must not run on tables it does not know), pointing at the step that was missed.
pub async fn check_migrated(db: &DatabaseConnection) -> Result<()> {
    let pending = Migrator::get_pending_migrations(db).await?;
    if let Some(first) = pending.first() {
        return Err(format!(
            "the database is {} migration(s) behind this binary (first: {}): run `uri-dongne migrate` before \
             `serve --no-migrate`",
            pending.len(),
            first.name()
        )
        .into());
    }
    Ok(())
}

/// Adds the districts, dongs and centers that are missing; never changes existing ones.
pub async fn load_reference(db: &DatabaseConnection) -> Result<geo::ImportReport> {
    let rows = parse_reference_csv(REFERENCE_CSV)?;
    let report = geo::import_reference(db, &rows).await?;
    if report != geo::ImportReport::default() {
        tracing::info!(
            districts = report.districts_added,
            dongs = report.dongs_added,
            centers = report.centers_added,
            "reference geography loaded"
        );
    }
    Ok(report)
}

/// `key` is `UD_SECRET`: the demo assemblies' secret ballots are sealed with it; `vault` seals the
/// demo's welfare cases.
/// Nothing is written into a district where real people are active: a first load is refused
/// then, and a demo loaded earlier is left as it is.
pub async fn load_demo(
    db: &DatabaseConnection,
    key: &[u8],
    vault: &services::crypto::WelfareVault,
) -> Result<demo::DemoReport> {
    let busy = demo::real_activity(db).await?;
    if !busy.is_empty() {
        if demo::is_loaded(db).await? {
            tracing::warn!(dongs = ?busy, "real activity in the demo's district: the demo data is left as it is");
            return Ok(demo::DemoReport { already_loaded: true, people: 0 });
        }
        return Err(format!(
            "demo data refused: real people are active in {} of Seodaemun-gu ({}); the demo only goes where it \
             writes beside no one (unset UD_DEMO)",
            if busy.len() == 1 { "one dong" } else { "several dongs" },
            busy.join(", ")
        )
        .into());
    }
    let report = demo::load(db).await?;
    if !report.already_loaded {
        tracing::info!(people = report.people, "demo data loaded (Seodaemun-gu)");
    }
    let proposals = services::seed::demo::groups_and_proposals::load(db).await?;
    if proposals > 0 {
        tracing::info!(proposals, "demo groups and proposals loaded");
    }
    // the funds before the assemblies: an assembly's participatory budget is checked against its
    // dong's fund, and its winners are earmarked from it
    let entries = services::seed::demo::fund::load(db).await?;
    if entries > 0 {
        tracing::info!(entries, "demo community funds loaded");
    }
    if services::seed::demo::assemblies::load(db, &services::crypto::BallotSeal::new(key)).await? > 0 {
        tracing::info!("demo assembly loaded");
    }
    let bookings = services::seed::demo::bookings::load(db).await?;
    if bookings > 0 {
        tracing::info!(bookings, "demo spaces and bookings loaded");
    }
    let cases = services::seed::demo::welfare::load(db, vault).await?;
    if cases > 0 {
        tracing::info!(cases, "demo welfare cases loaded (Yeonhui-dong)");
    }
    Ok(report)
}

/// Prints fresh demo sign-in codes, one per kind of person, for trying the site.
pub async fn print_demo_codes(db: &DatabaseConnection, key: &[u8], base_url: &str) -> Result<()> {
    let codes = demo::sign_in_codes(db, key).await?;
    if codes.is_empty() {
        return Ok(());
    }
    println!("\nDemo sign-in codes (one use each, valid 7 days) — sign in at {base_url}/sign-in");
    for c in codes {
        println!(
            "  {:<20} {:<8} #{:<5} {}  ({})",
            c.who, c.issued.display_name, c.issued.user_id, c.issued.code, c.issued.dong.name_en
        );
    }
    println!();
    Ok(())
}
