//! The outbox of off-site messages (issue 42): a message is queued once per person, channel and
//! key; workers claiming at once never take one message twice; a claim that runs out (its worker
//! died) is taken again; failed tries wait longer each time, then give up.

use crate::support::{Backend, TestApp};
use crate::{db_test, postgres_test};
use app::domain::messaging::{Channel, DeliveryState, MAX_ATTEMPTS, Topic, retry_after_secs};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use services::entities::outbox_message;
use services::messaging::outbox::{self, NewMessage};

/// Every channel the outbox has (the claims here are not about which).
const EVERY: [Channel; 3] = Channel::ALL;

fn message(to: i64, key: &str, not_before: DateTime<Utc>) -> NewMessage {
    NewMessage {
        recipient_id: to,
        channel: Channel::Email,
        topic: Topic::Assemblies,
        // urgent: its retries follow the backoff alone, whatever the hour of the run (what can
        // wait also waits out the quiet hours: `messaging::a_retry_of_what_can_wait_…`)
        event: "assembly_cancelled",
        dedup_key: key.to_owned(),
        payload: serde_json::json!({ "assembly": 1 }),
        not_before,
    }
}

async fn row(app: &TestApp, id: i64) -> outbox_message::Model {
    outbox_message::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

db_test!(a_message_is_queued_once_per_person_channel_and_key, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let who = app.person("받는 사람", None).await;
    let now = Utc::now();
    assert!(outbox::enqueue(&app.db, message(who, "assembly:1:announced", now)).await.unwrap());
    assert!(
        !outbox::enqueue(&app.db, message(who, "assembly:1:announced", now)).await.unwrap(),
        "the same step taken twice is one message"
    );
    let mut in_app = message(who, "assembly:1:announced", now);
    in_app.channel = Channel::InApp;
    assert!(outbox::enqueue(&app.db, in_app).await.unwrap(), "another channel is another message");
    assert_eq!(outbox_message::Entity::find().count(&app.db).await.unwrap(), 2);
    let rows = outbox_message::Entity::find().all(&app.db).await.unwrap();
    assert_ne!(rows[0].identity, rows[1].identity, "each message has its own identity");
    assert!(rows.iter().all(|m| m.state == DeliveryState::Pending && m.attempts == 0));
});

db_test!(concurrent_workers_never_claim_a_message_twice, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let who = app.person("받는 사람", None).await;
    let due = Utc::now() - Duration::seconds(1);
    for n in 0..300 {
        outbox::enqueue(&app.db, message(who, &format!("k{n}"), due)).await.unwrap();
    }
    let workers: Vec<_> = (0..6)
        .map(|w| {
            let db = app.db.clone();
            tokio::spawn(async move {
                let me = format!("worker-{w}");
                let mut mine = Vec::new();
                loop {
                    let got = outbox::claim(&db, &me, Utc::now(), Duration::minutes(5), 7, &EVERY).await.unwrap();
                    if got.is_empty() {
                        break mine;
                    }
                    for m in got {
                        assert_eq!(m.claimed_by.as_deref(), Some(me.as_str()));
                        assert!(outbox::mark_sent(&db, &m).await.unwrap(), "the claim is still {me}'s");
                        mine.push(m.id);
                    }
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let claimed = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!((claimed, all.len()), (300, 300), "every message claimed once, none twice");
    let rows = outbox_message::Entity::find().all(&app.db).await.unwrap();
    assert!(rows.iter().all(|m| m.state == DeliveryState::Sent && m.attempts == 1 && m.claimed_by.is_none()));
});

db_test!(a_claim_that_runs_out_is_taken_again_and_failures_back_off_then_stop, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let who = app.person("받는 사람", None).await;
    // whole seconds: both databases keep them exactly
    let t0 = Utc::now().trunc_subsecs(0);
    outbox::enqueue(&app.db, message(who, "next_year", t0 + Duration::days(365))).await.unwrap();
    outbox::enqueue(&app.db, message(who, "now", t0)).await.unwrap();
    let got = outbox::claim(&app.db, "a", t0, Duration::minutes(1), 10, &EVERY).await.unwrap();
    assert_eq!(got.len(), 1, "a message waits for its time");
    let (id, a_claim) = (got[0].id, got[0].clone());
    assert!(
        outbox::claim(&app.db, "b", t0, Duration::minutes(1), 10, &EVERY).await.unwrap().is_empty(),
        "a claim is held"
    );
    // worker a dies; its lease runs out and b takes the message
    let t1 = t0 + Duration::minutes(2);
    let again = outbox::claim(&app.db, "b", t1, Duration::minutes(1), 1, &EVERY).await.unwrap();
    assert_eq!((again.len(), again[0].id, again[0].attempts), (1, id, 2));
    assert!(!outbox::mark_sent(&app.db, &a_claim).await.unwrap(), "a no longer holds it");
    let mut same_name = a_claim.clone();
    same_name.claimed_by = Some("b".into());
    assert!(!outbox::mark_sent(&app.db, &same_name).await.unwrap(), "nor does a worker of b's name with a's claim");
    // b's try fails: the message waits, longer after each try, and is given up after the last
    assert!(outbox::mark_failed(&app.db, &again[0], t1, "421 try again later", true).await.unwrap());
    let waiting = row(&app, id).await;
    assert_eq!(waiting.state, DeliveryState::Pending);
    assert_eq!(waiting.not_before, t1 + Duration::seconds(retry_after_secs(2).unwrap()));
    assert_eq!(waiting.last_error.as_deref(), Some("421 try again later"));
    let mut t = t1;
    for attempt in 3..=MAX_ATTEMPTS {
        t = row(&app, id).await.not_before;
        assert!(
            outbox::claim(&app.db, "c", t - Duration::seconds(1), Duration::minutes(1), 1, &EVERY)
                .await
                .unwrap()
                .is_empty()
        );
        let got = outbox::claim(&app.db, "c", t, Duration::minutes(1), 1, &EVERY).await.unwrap();
        assert_eq!((got[0].id, got[0].attempts), (id, attempt as i32));
        assert!(outbox::mark_failed(&app.db, &got[0], t, "421", true).await.unwrap());
    }
    let given_up = row(&app, id).await;
    assert_eq!((given_up.state, given_up.attempts), (DeliveryState::Failed.into(), MAX_ATTEMPTS as i32));
    assert!(
        outbox::claim(&app.db, "c", t + Duration::days(30), Duration::minutes(1), 10, &EVERY)
            .await
            .unwrap()
            .iter()
            .all(|m| m.id != id),
        "a failed message is not tried again"
    );
});

db_test!(a_message_whose_worker_dies_on_every_try_is_given_up, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let who = app.person("받는 사람", None).await;
    let mut t = Utc::now().trunc_subsecs(0);
    outbox::enqueue(&app.db, message(who, "crashes", t)).await.unwrap();
    for attempt in 1..=MAX_ATTEMPTS {
        let got = outbox::claim(&app.db, "dies", t, Duration::minutes(1), 1, &EVERY).await.unwrap();
        assert_eq!(got.iter().map(|m| m.attempts).collect::<Vec<_>>(), [attempt as i32], "try {attempt}");
        // the worker dies: nothing is marked, the lease runs out
        t += Duration::minutes(2);
    }
    assert!(outbox::claim(&app.db, "dies", t, Duration::minutes(1), 1, &EVERY).await.unwrap().is_empty());
    let given_up = outbox_message::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(given_up.state, DeliveryState::Failed, "after the last try's lease, staff see it");
    assert_eq!((given_up.attempts, given_up.claimed_by), (MAX_ATTEMPTS as i32, None));
});

postgres_test!(a_claim_skips_what_another_server_holds_and_takes_no_more_than_asked, |backend: Backend| async move {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = TestApp::spawn(&backend).await;
    let who = app.person("받는 사람", None).await;
    let due = Utc::now() - Duration::seconds(1);
    for n in 0..10 {
        outbox::enqueue(&app.db, message(who, &format!("k{n}"), due)).await.unwrap();
    }
    let first = outbox_message::Entity::find().all(&app.db).await.unwrap()[0].id;
    // another server is in the middle of claiming the first message
    let other = app.db.begin().await.unwrap();
    other.execute_unprepared(&format!("SELECT id FROM outbox_messages WHERE id = {first} FOR UPDATE")).await.unwrap();
    let got = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        outbox::claim(&app.db, "here", Utc::now(), Duration::minutes(5), 3, &EVERY),
    )
    .await
    .expect("a claim does not wait for rows another server holds")
    .unwrap();
    assert_eq!(got.len(), 3, "no more than asked for");
    assert!(got.iter().all(|m| m.id != first), "the held row is skipped");
    other.rollback().await.unwrap();
    let rest = outbox::claim(&app.db, "here", Utc::now(), Duration::minutes(5), 100, &EVERY).await.unwrap();
    assert_eq!(rest.len(), 7, "the rest, the first included, once each");
    assert!(rest.iter().any(|m| m.id == first));
});
