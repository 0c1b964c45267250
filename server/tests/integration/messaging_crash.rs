//! The outbox through the real server process: a server killed with SIGKILL while it sends 1,000
//! messages, then started again, delivers every one (counted at the SMTP server, and at the fake
//! KakaoTalk provider), repeating at most the one that was between the far side's acceptance and
//! its mark, under the same `Message-ID` (idempotency key, which the provider refuses as a
//! repeat); two servers sending one outbox on PostgreSQL deliver no message twice.

use crate::support::alimtalk::{APPKEY, FakeAlimtalk, SECRET, SENDER_KEY};
use crate::support::smtp::{FakeSmtp, people_with_contacts};
use crate::support::{Backend, Binary, TestApp};
use crate::{db_test, postgres_test};
use app::domain::messaging::{Channel, DeliveryState, Topic};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{Stored, outbox_message};
use services::messaging::outbox::{self, NewMessage};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const MESSAGES: usize = 1_000;

/// `n` people, each with a confirmed address on `channel` and one message due now there; returns
/// the messages' identities.
async fn queued(app: &TestApp, n: usize, channel: Channel) -> Vec<String> {
    let people = people_with_contacts(app, "수신자", n, channel).await;
    let now = chrono::Utc::now();
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    for &id in &people {
        outbox::enqueue(
            &txn,
            NewMessage {
                recipient_id: id,
                channel,
                topic: Topic::Account,
                event: "roles_changed",
                dedup_key: "crash".into(),
                payload: serde_json::json!({ "kind": "roles_changed", "subject": "" }),
                not_before: now,
            },
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
    outbox_message::Entity::find().all(&app.db).await.unwrap().into_iter().map(|m| m.identity).collect()
}

pub(crate) async fn sent(app: &TestApp) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Sent)))
        .count(&app.db)
        .await
        .unwrap()
}

/// Waits until `done` holds, failing after `limit`.
pub(crate) async fn until(what: &str, limit: Duration, mut done: impl AsyncFnMut() -> bool) {
    let t0 = Instant::now();
    while !done().await {
        assert!(t0.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How often each Message-ID reached the SMTP server.
pub(crate) fn by_identity(smtp: &FakeSmtp) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in smtp.received() {
        *seen.entry(m.header("Message-ID").unwrap_or_default()).or_insert(0) += 1;
    }
    seen
}

db_test!(a_server_killed_mid_send_loses_no_message_and_repeats_at_most_one, |backend: Backend| async move {
    let mut app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let identities: Vec<String> =
        queued(&app, MESSAGES, Channel::Email).await.into_iter().map(|i| format!("<{i}>")).collect();
    app.stop().await.unwrap();
    let (url, media) = (app.database_url(), app.media_dir());
    let smtp_url = smtp.url();
    let env = [("UD_SMTP_URL", smtp_url.as_str()), ("UD_MESSAGE_LEASE_SECS", "2")];
    let mut server = Binary::start_on(&url, &media, &env).await;
    until("a third delivered", Duration::from_secs(120), async || smtp.received().len() >= MESSAGES / 3).await;
    server.signal("-KILL");
    server.wait(Duration::from_secs(10)).await.expect("killed");
    let at_kill = smtp.received().len();
    assert!(at_kill < MESSAGES, "killed in the middle ({at_kill} delivered)");
    drop(server);
    let _server = Binary::start_on(&url, &media, &env).await;
    until("every message marked sent", Duration::from_secs(180), async || sent(&app).await == MESSAGES as u64).await;
    let seen = by_identity(&smtp);
    for id in &identities {
        assert!(seen.contains_key(id), "{id} was never delivered");
    }
    assert_eq!(seen.len(), MESSAGES, "nothing but the queued messages");
    let repeats: usize = seen.values().map(|n| n - 1).sum();
    assert!(repeats <= 1, "at most the one message in flight at the kill is repeated ({repeats})");
    eprintln!("killed after {at_kill} of {MESSAGES}; {repeats} repeated, under its Message-ID");
});

db_test!(a_server_killed_mid_send_to_kakaotalk_loses_no_message_and_sends_none_twice, |backend: Backend| async move {
    let mut app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let identities = queued(&app, MESSAGES, Channel::Alimtalk).await;
    app.stop().await.unwrap();
    let (url, media) = (app.database_url(), app.media_dir());
    let base = fake.base();
    let env = [
        ("UD_ALIMTALK_URL", base.as_str()),
        ("UD_ALIMTALK_APPKEY", APPKEY),
        ("UD_ALIMTALK_SECRET", SECRET),
        ("UD_ALIMTALK_SENDER_KEY", SENDER_KEY),
        ("UD_MESSAGE_LEASE_SECS", "2"),
    ];
    let mut server = Binary::start_on(&url, &media, &env).await;
    until("a third delivered", Duration::from_secs(120), async || fake.sent().len() >= MESSAGES / 3).await;
    server.signal("-KILL");
    server.wait(Duration::from_secs(10)).await.expect("killed");
    let at_kill = fake.sent().len();
    assert!(at_kill < MESSAGES, "killed in the middle ({at_kill} delivered)");
    drop(server);
    let _server = Binary::start_on(&url, &media, &env).await;
    until("every message marked sent", Duration::from_secs(180), async || sent(&app).await == MESSAGES as u64).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in fake.sent() {
        *seen.entry(m.idempotency_key.clone().unwrap_or_default()).or_insert(0) += 1;
        assert_eq!(m.template_code, "UD16K", "the roles notice's template");
    }
    for id in &identities {
        assert_eq!(seen.get(id), Some(&1), "{id}: sent once");
    }
    assert_eq!(seen.len(), MESSAGES, "nothing but the queued messages");
    assert!(fake.repeats() <= 1, "at most the one in flight at the kill is asked again ({})", fake.repeats());
    eprintln!("killed after {at_kill} of {MESSAGES}; {} asked again, refused as a repeat", fake.repeats());
});

postgres_test!(two_servers_on_one_outbox_deliver_no_message_twice, |backend: Backend| async move {
    let mut app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    queued(&app, MESSAGES, Channel::Email).await;
    app.stop().await.unwrap();
    let (url, media) = (app.database_url(), app.media_dir());
    let smtp_url = smtp.url();
    let env = [("UD_SMTP_URL", smtp_url.as_str())];
    let (_a, _b) = tokio::join!(Binary::start_on(&url, &media, &env), Binary::start_on(&url, &media, &env));
    until("every message marked sent", Duration::from_secs(180), async || sent(&app).await == MESSAGES as u64).await;
    let seen = by_identity(&smtp);
    assert_eq!(seen.len(), MESSAGES);
    assert!(seen.values().all(|n| *n == 1), "no message twice");
});
