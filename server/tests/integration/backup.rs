//! `uri-dongne backup` under write load, and `uri-dongne restore` into a fresh place: the
//! restored database holds every invariant, the counts the backup's manifest recorded, and every
//! file its rows name.

use crate::crash::{Shared, world};
use crate::support::{Backend, Binary, TestApp};
use sea_orm::Database;
use services::integrity;
use std::sync::Arc;

/// Runs the binary's operator command `args` on the database at `url` with media in `media`.
fn command(args: &[&str], url: &str, media: &std::path::Path) -> std::process::Output {
    std::process::Command::new(crate::support::binary_path())
        .args(args)
        .env("DATABASE_URL", url)
        .env("UD_MEDIA_DIR", media)
        .env_remove("UD_ENV")
        .env_remove("UD_DEMO")
        .output()
        .unwrap()
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_whole() {
    let fixtures = TestApp::spawn(&Backend::Sqlite).await;
    let world = Arc::new(world(&fixtures).await);
    let (url, media) = (fixtures.database_url(), fixtures.media_dir());
    let server = Binary::start_on(&url, &media, &[]).await;
    let shared = Shared::default();
    let load = shared.drive(&server.base, &world);
    // the backup runs while the clients write
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let scratch = std::env::temp_dir().join(format!("ud-backup-{}", uuid::Uuid::new_v4().simple()));
    let dir = scratch.join("backup");
    let made = tokio::task::spawn_blocking({
        let (url, media, dir) = (url.clone(), media.clone(), dir.clone());
        move || command(&["backup", dir.to_str().unwrap()], &url, &media)
    })
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    load.stop().await;
    assert!(made.status.success(), "{}", text(&made));
    let written = shared.acks().await.len();
    assert!(written > 0, "the backup ran under load");
    // a second backup into the same directory is refused
    let again = command(&["backup", dir.to_str().unwrap()], &url, &media);
    assert!(!again.status.success() && text(&again).contains("not empty"), "{}", text(&again));

    // restore into a new database file and a new media directory
    let restored_db = scratch.join("restored/uri-dongne.db");
    let restored_url = format!("sqlite://{}?mode=rwc", restored_db.display());
    let restored_media = scratch.join("restored/media");
    let out = command(&["restore", dir.to_str().unwrap()], &restored_url, &restored_media);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("invariants hold"), "{}", text(&out));
    // restoring over an existing database needs --replace
    let over = command(&["restore", dir.to_str().unwrap()], &restored_url, &restored_media);
    assert!(!over.status.success() && text(&over).contains("--replace"), "{}", text(&over));

    let manifest = server::backup::manifest(&dir).unwrap();
    let db = Database::connect(restored_url.as_str()).await.unwrap();
    assert_eq!(server::backup::row_counts(&db).await.unwrap(), manifest.rows, "the counts the backup recorded");
    let store = services::storage::MediaStore::new(&restored_media);
    let findings = integrity::check(&db, Some(&store)).await.unwrap();
    assert!(integrity::broken(&findings).is_empty(), "{findings:#?}");
    assert!(manifest.missing_media.is_empty(), "{manifest:?}");
    assert!(manifest.rows["participations"] > 0, "{manifest:?}");
    assert!(manifest.rows.contains_key("proposal_images"), "every table is counted, images too: {manifest:?}");
    // nothing later than the backup, nothing lost before it: the live database has at least as much
    let live = server::backup::row_counts(&fixtures.db).await.unwrap();
    for (table, n) in &manifest.rows {
        assert!(live[table] >= *n, "{table}: {} live < {n} in the backup", live[table]);
    }
    db.close().await.ok();
    drop(server);
    let _ = std::fs::remove_dir_all(scratch);
}
