//! `uri-dongne`: the web server and its operator commands.

use clap::{Parser, Subcommand};
use server::config::{Config, LogFormat};
use server::{anyhow_like::Result, db, http, setup};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "uri-dongne", about = "우리동네 — resident participation platform for Seoul's dongs")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, load reference (and demo) data, and serve (the default).
    Serve {
        /// Do not migrate or load data (a separate `uri-dongne migrate` step does): only check
        /// that the database's schema is current, and refuse to start if it is not.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply database migrations and load the reference geography (and, with UD_DEMO=true, the
    /// demo), as `serve` does before it serves; safe to run beside starting servers.
    Migrate,
    /// The same as `migrate` (an older name, kept for scripts).
    Seed,
    /// Create the first city administrator and print their one-time sign-in code.
    CreateAdmin {
        /// Display name, e.g. "서울시 관리자".
        #[arg(long)]
        name: String,
    },
    /// Print a new one-time sign-in code for an account (earlier unused codes stop working).
    IssueCode {
        /// Account number (shown on the account page and in the admin pages).
        #[arg(long, conflicts_with_all = ["staff_of", "resident_of", "expert_of", "welfare_of"], required_unless_present_any = ["staff_of", "resident_of", "expert_of", "welfare_of"])]
        user: Option<i64>,
        /// Or: a staff member of this dong's center (10-digit dong code), the `--nth` one by
        /// account number.
        #[arg(long)]
        staff_of: Option<String>,
        /// Or: a verified resident of this dong, the `--nth` one by account number.
        #[arg(long)]
        resident_of: Option<String>,
        /// Or: the expert of this district (10-digit district code).
        #[arg(long)]
        expert_of: Option<String>,
        /// Or: a member of this dong's welfare team (officers and visiting nurses), the `--nth`
        /// one by account number.
        #[arg(long)]
        welfare_of: Option<String>,
        #[arg(long, default_value_t = 1)]
        nth: usize,
    },
    /// Grant a role: `--role center_staff --scope <dong code>`, `--role expert --scope <district
    /// code>`, or `--role admin`.
    Grant {
        #[arg(long)]
        user: i64,
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        scope: String,
    },
    /// Add, rename, retire or restore a dong without a code change.
    Dong {
        #[command(subcommand)]
        action: DongAction,
    },
    /// Check the platform's invariants over the whole database (ledger, bookings, ballots,
    /// supports, media). Exits with 1 if one does not hold.
    Check,
    /// A consistent online backup into a new directory: the SQLite database (`VACUUM INTO`, while
    /// the server runs) and the uploaded files, with a manifest of row counts.
    Backup {
        dir: std::path::PathBuf,
        /// Only the files (on PostgreSQL the database is backed up with pg_dump).
        #[arg(long)]
        media_only: bool,
    },
    /// Bring a backup back: the database to where DATABASE_URL points (a new file, or --replace
    /// with the servers stopped) and the files into the media store; then checks the invariants
    /// and the row counts against the manifest.
    Restore {
        dir: std::path::PathBuf,
        #[arg(long)]
        replace: bool,
    },
    /// The uploaded files (the media store) against the database.
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// Seoul-sized synthetic data for benchmarks, once (docs/PERFORMANCE.md): 426 dongs with
    /// 100k residents, 20k proposals (most in 천연동, the worst case), 500k supports, 200k
    /// ballots, 50k bookings, 100k ledger entries; marked as demo data. Writes the API tokens of
    /// residents of 천연동 (for the benchmark's writes) to `--tokens`.
    SeedScale {
        /// Seoul divided by this (1 is the full size; tests use larger divisors).
        #[arg(long, default_value_t = 1)]
        divisor: usize,
        /// Where to write what the benchmark needs: the hot dong, its proposals' and spaces'
        /// numbers, the open assembly's items and options, and the residents' API tokens.
        #[arg(long, default_value = "scale-bench.txt")]
        tokens: std::path::PathBuf,
    },
    /// Demo data (what `UD_DEMO=true` loads).
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Welfare cases: retention and keys (docs/features/welfare.md).
    Welfare {
        #[command(subcommand)]
        action: WelfareAction,
    },
}

#[derive(Subcommand)]
enum WelfareAction {
    /// Remove the sealed fields of cases closed longer ago than UD_WELFARE_RETENTION_YEARS
    /// (default 3), keeping the anonymous counts. `serve` does this every hour too.
    Purge,
    /// Re-seal every case field still sealed under an older key of UD_WELFARE_KEYS with the first
    /// (current) one; then the older key can be removed from the list.
    Reseal,
}

#[derive(Subcommand)]
enum DemoAction {
    /// Remove every demo row: demo people and all they made. Real records are never touched; the
    /// removal is refused, with nothing deleted, while real records depend on demo ones. Without
    /// `--yes` it only shows what it would remove.
    Remove {
        /// Remove for real (everyone is signed out).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum MediaAction {
    /// Compare the store with the database: files no row names (orphans of a crash or of a failed
    /// removal) and rows whose file is missing. Exits with 1 if a row's file is missing.
    Check {
        /// Files younger than this are never counted as orphans (their row may be being written).
        #[arg(long, default_value_t = 60)]
        older_than_minutes: u32,
    },
    /// Remove the orphans `check` finds (files no row names, older than the grace period).
    Sweep {
        #[arg(long, default_value_t = 60)]
        older_than_minutes: u32,
        /// Remove for real; without it, only show what would be removed.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum DongAction {
    /// Add a new dong (with its community service center) to an existing district.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name_ko: String,
        #[arg(long)]
        name_en: String,
        #[arg(long)]
        lat: String,
        #[arg(long)]
        lon: String,
    },
    /// Rename a dong in Korean, English or both.
    Rename {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name_ko: Option<String>,
        #[arg(long)]
        name_en: Option<String>,
    },
    /// Retire a dong (merged or abolished). Its records stay.
    Retire {
        #[arg(long)]
        code: String,
    },
    /// Bring a retired dong back.
    Restore {
        #[arg(long)]
        code: String,
    },
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(config.log_format);
    match run(cli.command.unwrap_or(Command::Serve { no_migrate: false }), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "failed");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints each invariant; an error if one does not hold.
async fn report_invariants(conn: &sea_orm::DatabaseConnection, store: &services::storage::MediaStore) -> Result<()> {
    use services::integrity;
    let findings = integrity::check(conn, Some(store)).await?;
    for f in &findings {
        let mark = if f.violations == 0 { "ok".to_owned() } else { format!("BROKEN ({} rows)", f.violations) };
        println!("  {mark:<16} {}", f.invariant);
    }
    let broken = integrity::broken(&findings).len();
    if broken > 0 {
        return Err(format!("{broken} invariant(s) do not hold").into());
    }
    println!("all {} invariants hold", findings.len());
    Ok(())
}

/// A migrated database with the reference geography, for the operator commands.
async fn prepared(config: &Config) -> Result<sea_orm::DatabaseConnection> {
    let conn = db::connect(&config.database_url).await?;
    setup::locked(&config.database_url, async {
        setup::migrate(&conn).await?;
        setup::load_reference(&conn).await?;
        Ok(())
    })
    .await?;
    Ok(conn)
}

async fn run(command: Command, config: Config) -> Result<()> {
    match command {
        Command::Serve { no_migrate } => {
            let startup = if no_migrate { server::Startup::NoMigrate } else { server::Startup::Migrate };
            let state = server::prepare_with(&config, startup).await?;
            if config.demo {
                setup::print_demo_codes(&state.db, &state.auth.key, &config.public_url).await?;
            }
            http::spawn_session_cleanup(state.db.clone());
            http::spawn_welfare_retention(state.db.clone(), state.welfare.retention_years);
            http::spawn_message_worker(state.db.clone(), state.messaging.clone(), server::couriers(&config)?);
            http::spawn_reminders(state.db.clone());
            let listener = tokio::net::TcpListener::bind(config.addr).await?;
            tracing::info!(addr = %config.addr, demo = config.demo, "listening on http://{}", config.addr);
            let limits = state.limits;
            http::serve(listener, http::router(state), http::shutdown_signal(), limits).await?;
            tracing::info!("stopped");
        }
        Command::Migrate | Command::Seed => {
            let conn = db::connect(&config.database_url).await?;
            let url = config.database_url.clone();
            setup::locked(&url, async {
                setup::migrate(&conn).await?;
                println!("migrations applied");
                let r = setup::load_reference(&conn).await?;
                println!(
                    "reference: {} districts, {} dongs, {} centers added",
                    r.districts_added, r.dongs_added, r.centers_added
                );
                if config.demo {
                    let d = setup::load_demo(&conn, config.secret.as_bytes(), &config.welfare.vault).await?;
                    if d.already_loaded {
                        println!("demo data: already loaded");
                    } else {
                        println!("demo data: {} people", d.people);
                    }
                }
                setup::index_search(&conn).await
            })
            .await?;
        }
        Command::SeedScale { divisor, tokens } => {
            use services::seed::scale;
            let conn = prepared(&config).await?;
            let seal = services::crypto::BallotSeal::new(config.secret.as_bytes());
            let sizes = scale::Sizes::divided_by(divisor);
            let started = std::time::Instant::now();
            let r = scale::seed(&conn, &seal, sizes).await?;
            if r.residents == 0 {
                println!("seed-scale: this database has the scale data already");
                return Ok(());
            }
            // what scripts/bench.sh reads: one `key values…` line each
            let mut out = format!("# uri-dongne seed-scale, for scripts/bench.sh\ndong {}\n", scale::HOT_DONG);
            out.push_str(&format!("proposals {} {}\n", r.hot_proposals.0, r.hot_proposals.1));
            let spaces: Vec<String> = r.hot_spaces.iter().map(i64::to_string).collect();
            out.push_str(&format!("spaces {}\n", spaces.join(" ")));
            for (item, options) in &r.open_items {
                let options: Vec<String> = options.iter().map(i64::to_string).collect();
                out.push_str(&format!("item {item} {}\n", options.join(" ")));
            }
            for (id, token) in &r.tokens {
                out.push_str(&format!("token {id} {token}\n"));
            }
            std::fs::write(&tokens, out)?;
            println!(
                "seed-scale: {} residents, {} proposals, {} supports, {} ballots, {} bookings, {} ledger entries \
                 in {:.0} s; {} tokens in {}",
                r.residents,
                r.proposals,
                r.supports,
                r.ballots,
                r.bookings,
                r.entries,
                started.elapsed().as_secs_f64(),
                r.tokens.len(),
                tokens.display()
            );
        }
        Command::CreateAdmin { name } => {
            let conn = prepared(&config).await?;
            let name = app::domain::identity::DisplayName::parse(&name)?;
            let id = services::identity::roles::create_admin(&conn, &name).await?;
            let issued = services::identity::reissue_code(&conn, config.secret.as_bytes(), None, id).await?;
            println!("administrator #{id} created; one-time sign-in code (valid until {}):", issued.expires_at);
            println!("  {}", issued.code);
        }
        Command::IssueCode { user, staff_of, resident_of, expert_of, welfare_of, nth } => {
            use app::domain::geo::{DistrictCode, DongCode};
            use services::{identity, identity::roles};
            let conn = prepared(&config).await?;
            let nth_of = |ids: Vec<i64>| ids.get(nth.saturating_sub(1)).copied().ok_or("no such person");
            let user = match (user, staff_of, resident_of, expert_of) {
                (None, None, None, None) if welfare_of.is_some() => {
                    let dong = DongCode::parse(welfare_of.as_deref().unwrap_or_default())?;
                    nth_of(roles::welfare_team_of(&conn, &dong).await?)?
                }
                (Some(u), ..) => u,
                (None, Some(dong), ..) => nth_of(roles::staff_of(&conn, &DongCode::parse(&dong)?).await?)?,
                (None, None, Some(dong), _) => {
                    nth_of(identity::verified_residents(&conn, &DongCode::parse(&dong)?).await?)?
                }
                (None, None, None, Some(d)) => nth_of(roles::experts_of(&conn, &DistrictCode::parse(&d)?).await?)?,
                (None, None, None, None) => {
                    return Err("give --user, --staff-of, --resident-of, --expert-of or --welfare-of".into());
                }
            };
            let issued = services::identity::reissue_code(&conn, config.secret.as_bytes(), None, user).await?;
            println!("one-time sign-in code for #{user} {} (valid until {}):", issued.display_name, issued.expires_at);
            println!("code: {}", issued.code);
        }
        Command::Grant { user, role, scope } => {
            use services::identity::roles;
            let conn = prepared(&config).await?;
            let spec = roles::RoleGrantSpec::parse(&role, &scope)?;
            roles::grant(&conn, None, user, spec).await?;
            println!("granted {role} {scope} to #{user}");
        }
        Command::Dong { action } => {
            use app::domain::geo::{Coordinates, DongCode, PlaceName};
            use services::geo;
            let conn = prepared(&config).await?;
            match action {
                DongAction::Add { code, name_ko, name_en, lat, lon } => {
                    let code = DongCode::parse(&code)?;
                    geo::add_dong(
                        &conn,
                        &code,
                        &PlaceName::parse(app::domain::Field::NameKo, &name_ko)?,
                        &PlaceName::parse(app::domain::Field::NameEn, &name_en)?,
                        Coordinates::parse(&lat, &lon)?,
                    )
                    .await?;
                    println!("added dong {code}");
                }
                DongAction::Rename { code, name_ko, name_en } => {
                    let code = DongCode::parse(&code)?;
                    let ko = name_ko.as_deref().map(|n| PlaceName::parse(app::domain::Field::NameKo, n)).transpose()?;
                    let en = name_en.as_deref().map(|n| PlaceName::parse(app::domain::Field::NameEn, n)).transpose()?;
                    if ko.is_none() && en.is_none() {
                        return Err("give --name-ko and/or --name-en".into());
                    }
                    geo::rename_dong(&conn, &code, ko.as_ref(), en.as_ref()).await?;
                    println!("renamed dong {code}");
                }
                DongAction::Retire { code } => {
                    let code = DongCode::parse(&code)?;
                    geo::set_dong_active(&conn, &code, false).await?;
                    println!("retired dong {code}");
                }
                DongAction::Restore { code } => {
                    let code = DongCode::parse(&code)?;
                    geo::set_dong_active(&conn, &code, true).await?;
                    println!("restored dong {code}");
                }
            }
        }
        Command::Check => {
            let conn = prepared(&config).await?;
            let store = server::media_store(&config).await?;
            report_invariants(&conn, &store).await?;
        }
        Command::Backup { dir, media_only } => {
            let conn = db::connect(&config.database_url).await?;
            let store = server::media_store(&config).await?;
            let m = server::backup::backup(&conn, &config.database_url, &store, &dir, media_only).await?;
            println!(
                "backup in {}: {} files{}",
                dir.display(),
                m.media_files,
                if m.database { ", the database" } else { "" }
            );
            for (table, n) in &m.rows {
                println!("  {table:<28} {n:>9}");
            }
            if !m.missing_media.is_empty() {
                println!("  {} file(s) named by rows were removed before they could be copied", m.missing_media.len());
            }
        }
        Command::Restore { dir, replace } => {
            let store = server::media_store(&config).await?;
            let m = server::backup::restore(&dir, &config.database_url, &store, replace).await?;
            let conn = prepared(&config).await?;
            let now = server::backup::row_counts(&conn).await?;
            let mut differ = 0;
            for (table, n) in &m.rows {
                let got = now.get(table).copied().unwrap_or(-1);
                let mark = if m.database && got != *n {
                    differ += 1;
                    "  ≠ backup"
                } else {
                    ""
                };
                println!("  {table:<28} {got:>9}{mark}");
            }
            println!(
                "restored {} files{} from {}",
                m.media_files,
                if m.database { " and the database" } else { "" },
                dir.display()
            );
            report_invariants(&conn, &store).await?;
            if differ > 0 {
                return Err(format!("{differ} table(s) differ from the backup's manifest").into());
            }
        }
        Command::Media { action } => {
            use services::storage::upkeep;
            let conn = prepared(&config).await?;
            let store = server::media_store(&config).await?;
            let (minutes, remove) = match action {
                MediaAction::Check { older_than_minutes } => (older_than_minutes, false),
                MediaAction::Sweep { older_than_minutes, yes } => (older_than_minutes, yes),
            };
            let grace = chrono::Duration::minutes(i64::from(minutes));
            let now = chrono::Utc::now();
            let report = if remove {
                upkeep::sweep(&conn, &store, grace, now).await?
            } else {
                upkeep::check(&conn, &store, grace, now).await?
            };
            println!("media store: {}", store.describe());
            println!("  files stored                 {:>7}", report.stored);
            println!("  files named by rows          {:>7}", report.referenced);
            println!("  orphans (older than {minutes} min) {:>7}", report.orphans.len());
            println!("  interrupted writes           {:>7}", report.leftovers.len());
            println!("  too recent to judge          {:>7}", report.recent);
            println!("  rows whose file is missing   {:>7}", report.missing.len());
            for (table, key) in &report.missing {
                println!("    missing: {table} {key}");
            }
            let found = report.orphans.len() + report.leftovers.len();
            if remove {
                println!("removed {found} file(s)");
            } else if found > 0 && matches!(action, MediaAction::Sweep { .. }) {
                println!("{found} file(s) would be removed; run again with --yes to remove them");
            }
            if !report.missing.is_empty() {
                return Err(format!("{} row(s) name a file the store does not hold", report.missing.len()).into());
            }
        }
        Command::Welfare { action } => {
            use services::welfare::retention;
            let conn = prepared(&config).await?;
            match action {
                WelfareAction::Purge => {
                    let n = retention::purge(&conn, config.welfare.retention_years, chrono::Utc::now()).await?;
                    println!(
                        "{n} closed cases past {} years lost their personal fields",
                        config.welfare.retention_years
                    );
                }
                WelfareAction::Reseal => {
                    let n = retention::reseal(&conn, &config.welfare).await?;
                    println!("{n} values re-sealed under key {}", config.welfare.vault.current());
                }
            }
        }
        Command::Demo { action: DemoAction::Remove { yes } } => {
            use services::seed::demo::remove;
            let conn = prepared(&config).await?;
            let plan = if yes { remove::remove(&conn).await? } else { remove::plan(&conn).await? };
            if plan.rows.is_empty() {
                println!("no demo data here");
                return Ok(());
            }
            for (table, n) in &plan.rows {
                println!("  {table:<28} {n:>7}");
            }
            if yes {
                println!("removed {} demo rows; everyone is signed out", plan.total());
            } else if plan.blockers.is_empty() {
                println!("{} demo rows would be removed; run again with --yes to remove them", plan.total());
            } else {
                for b in &plan.blockers {
                    println!("blocked: {b}");
                }
                return Err("the demo cannot be removed while real records depend on it".into());
            }
        }
    }
    Ok(())
}
