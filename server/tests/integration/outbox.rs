//! The outbox of off-site messages (issue 42): a message is queued once per person, channel and
//! key; workers claiming at once never take one message twice; a claim that runs out (its worker
//! died) is taken again; failed tries wait longer each time, then give up.

use crate::db_test;
use crate::support::{Backend, TestApp};
use app::domain::messaging::{Channel, DeliveryState, MAX_ATTEMPTS, Topic, retry_after_secs};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use services::entities::outbox_message;
use services::messaging::outbox::{self, NewMessage};

fn message(to: i64, key: &str, not_before: DateTime<Utc>) -> NewMessage {
    NewMessage {
        recipient_id: to,
        channel: Channel::Email,
        topic: Topic::Assemblies,
        event: "assembly_announced",
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
                    let got = outbox::claim(&db, &me, Utc::now(), Duration::minutes(5), 7).await.unwrap();
                    if got.is_empty() {
                        break mine;
                    }
                    for m in got {
                        assert_eq!(m.claimed_by.as_deref(), Some(me.as_str()));
                        assert!(outbox::mark_sent(&db, m.id, &me).await.unwrap(), "the claim is still {me}'s");
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
    let got = outbox::claim(&app.db, "a", t0, Duration::minutes(1), 10).await.unwrap();
    assert_eq!(got.len(), 1, "a message waits for its time");
    let id = got[0].id;
    assert!(outbox::claim(&app.db, "b", t0, Duration::minutes(1), 10).await.unwrap().is_empty(), "a claim is held");
    // worker a dies; its lease runs out and b takes the message
    let t1 = t0 + Duration::minutes(2);
    let again = outbox::claim(&app.db, "b", t1, Duration::minutes(1), 1).await.unwrap();
    assert_eq!((again.len(), again[0].id, again[0].attempts), (1, id, 2));
    assert!(!outbox::mark_sent(&app.db, id, "a").await.unwrap(), "a no longer holds it");
    // b's try fails: the message waits, longer after each try, and is given up after the last
    assert!(outbox::mark_failed(&app.db, id, "b", t1, "421 try again later").await.unwrap());
    let waiting = row(&app, id).await;
    assert_eq!(waiting.state, DeliveryState::Pending);
    assert_eq!(waiting.not_before, t1 + Duration::seconds(retry_after_secs(2).unwrap()));
    assert_eq!(waiting.last_error.as_deref(), Some("421 try again later"));
    let mut t = t1;
    for attempt in 3..=MAX_ATTEMPTS {
        t = row(&app, id).await.not_before;
        assert!(
            outbox::claim(&app.db, "c", t - Duration::seconds(1), Duration::minutes(1), 1).await.unwrap().is_empty()
        );
        let got = outbox::claim(&app.db, "c", t, Duration::minutes(1), 1).await.unwrap();
        assert_eq!((got[0].id, got[0].attempts), (id, attempt as i32));
        assert!(outbox::mark_failed(&app.db, id, "c", t, "421").await.unwrap());
    }
    let given_up = row(&app, id).await;
    assert_eq!((given_up.state, given_up.attempts), (DeliveryState::Failed.into(), MAX_ATTEMPTS as i32));
    assert!(
        outbox::claim(&app.db, "c", t + Duration::days(30), Duration::minutes(1), 10)
            .await
            .unwrap()
            .iter()
            .all(|m| m.id != id),
        "a failed message is not tried again"
    );
});
