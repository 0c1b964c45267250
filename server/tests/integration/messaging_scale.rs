//! A notice to a whole dong by e-mail, through the real server: N residents who chose the dong's
//! assemblies at once, with confirmed addresses; the announcement's transaction queues N
//! messages; a server delivers them to a local SMTP server, each once; pages keep answering
//! meanwhile. N is 1,000 in `make test`; the measurement (docs/PERFORMANCE.md, "Off-site
//! messages") is
//!   UD_MESSAGE_SCALE=10000 UD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo test --test integration messaging_scale -- --include-ignored --nocapture
//! which prints the queueing time, the delivery time, the server's peak RSS and page times idle
//! and while sending. (Figures are printed, never asserted: a timed assertion measures the test
//! machine.)

use crate::db_test;
use crate::messaging_crash::{by_identity, sent, until};
use crate::support::smtp::{FakeSmtp, people_with_addresses};
use crate::support::{Backend, Binary, TestApp};
use app::domain::messaging::{Channel, Topic};
use app::domain::moderation::NoticeKind;
use sea_orm::{EntityTrait, Set};
use services::entities::{Stored, message_preference};
use std::time::{Duration, Instant};

fn scale() -> usize {
    std::env::var("UD_MESSAGE_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000)
}

/// `n` people who chose the assemblies at once by e-mail, with confirmed addresses.
async fn subscribers(app: &TestApp, n: usize) -> Vec<i64> {
    let people = people_with_addresses(app, "구독자", n).await;
    let now = chrono::Utc::now();
    for chunk in people.chunks(1_000) {
        message_preference::Entity::insert_many(chunk.iter().map(|&id| message_preference::ActiveModel {
            user_id: Set(id),
            topic: Set(Stored(Topic::Assemblies)),
            channel: Set(Stored(Channel::Email)),
            frequency: Set("at_once".into()),
            weekday: Set(None),
            consented_at: Set(now),
            consent_version: Set(app::domain::messaging::CONSENT_VERSION.into()),
            withdrawn_at: Set(None),
            ..Default::default()
        }))
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    }
    people
}

/// Median and worst time of `n` requests for `path`, one after another.
async fn page_times(base: &str, path: &str, n: usize) -> (Duration, Duration) {
    let client = reqwest::Client::new();
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        let res = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        res.bytes().await.unwrap();
        times.push(t0.elapsed());
    }
    times.sort();
    (times[n / 2], times[n - 1])
}

db_test!(
    a_notice_to_a_whole_dong_is_queued_in_its_transaction_and_delivered_once_each,
    |backend: Backend| async move {
        let n = scale();
        let mut app = TestApp::spawn(&backend).await;
        let smtp = FakeSmtp::start().await;
        let people = subscribers(&app, n).await;
        app.stop().await.unwrap();
        let (url, media) = (app.database_url(), app.media_dir());
        let smtp_url = smtp.url();
        let server = Binary::start_on(&url, &media, &[("UD_SMTP_URL", smtp_url.as_str())]).await;
        let page = "/dongs/1141052000/proposals";
        let idle = page_times(&server.base, page, 30).await;

        // a cancellation (urgent: it does not wait for the morning whatever the hour the test runs):
        // one transaction queues every message (none is sent before it commits)
        let t0 = Instant::now();
        let txn = services::transaction::begin_write(&app.db).await.unwrap();
        services::notices::notify(
            &txn,
            people.iter().copied(),
            None,
            NoticeKind::AssemblyCancelled,
            services::notices::About::assembly(1),
            "취소",
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        let queued_in = t0.elapsed();

        let t1 = Instant::now();
        let busy = page_times(&server.base, page, 30).await;
        // (a generous limit: about 20 letters a second each when both databases run at once here)
        let limit = Duration::from_secs(120 + n as u64 / 4);
        until("every message delivered", limit, async || sent(&app).await == n as u64).await;
        let delivered_in = t1.elapsed();
        let peak_kib = server.memory_kib("VmHWM");

        let seen = by_identity(&smtp);
        assert_eq!(seen.len(), n, "one message per person");
        assert!(seen.values().all(|c| *c == 1), "each once");
        eprintln!(
            "{backend:?}: {n} messages queued in {queued_in:?}, delivered in {delivered_in:?} \
         ({:.0}/s); server peak RSS {} MiB; {page} median/worst idle {:?}/{:?}, while sending {:?}/{:?}",
            n as f64 / delivered_in.as_secs_f64(),
            peak_kib / 1024,
            idle.0,
            idle.1,
            busy.0,
            busy.1,
        );
    }
);
