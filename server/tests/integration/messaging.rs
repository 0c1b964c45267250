//! Off-site messages (issue 42) end to end, through a real SMTP conversation with a local server
//! the test starts (`support::smtp`): an address is confirmed by the link it receives and sealed
//! at rest; a notice reaches, by e-mail, exactly those who chose its topic and confirmed an
//! address, never the person who caused it; quiet hours hold what can wait; a digest is one
//! message; the link in a message unsubscribes once without signing in; a relay that refuses
//! three times delivers once; a relay that is down leaves the message waiting.

use crate::db_test;
use crate::support::smtp::{FakeSmtp, Received};
use crate::support::{Backend, TestApp};
use app::domain::messaging::{Channel, DeliveryState, Topic};
use app::domain::moderation::NoticeKind;
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::entities::{contact_point, message_preference, outbox_message};
use services::messaging::courier::Smtp;
use services::messaging::worker::{self, Couriers, Round};
use services::notices::About;
use std::sync::Arc;

const DONG: &str = "1141052000";

fn couriers(smtp: &FakeSmtp) -> Couriers {
    Couriers::default().with(Channel::Email, Arc::new(Smtp::new(&smtp.url(), "우리동네 <noreply@test.kr>").unwrap()))
}

/// One round of the worker as a server would run it at `now`.
async fn deliver(app: &TestApp, smtp: &FakeSmtp, now: DateTime<Utc>) -> Round {
    worker::deliver_due(&app.db, &app.messaging(), &couriers(smtp), "test-worker", now).await.unwrap()
}

fn to(received: &[Received], address: &str) -> Vec<Received> {
    received.iter().filter(|r| r.to.iter().any(|t| t == address)).cloned().collect()
}

async fn refused_with(res: reqwest::Response, code: &str, what: &str) {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 409, "{what}: {body}");
    assert!(body.contains(&format!("\"{code}\"")), "{what}: expected {code}, got {body}");
}

fn ok(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// A resident of DONG signed in, with `address` added and confirmed through the link it received;
/// returns (account, cookie).
async fn confirmed_resident(app: &TestApp, smtp: &FakeSmtp, name: &str, address: &str) -> (i64, String) {
    let id = app.person(name, Some(DONG)).await;
    app.verify(id, DONG).await;
    let cookie = app.sign_in(id).await;
    let res = app.call("messages/email", Some(&cookie), &[("email", address.to_owned())]).await;
    assert!(ok(&res), "adding an address: {}", res.status());
    deliver(app, smtp, Utc::now()).await;
    let mail = to(&smtp.received(), address).pop().expect("the confirmation reached the address");
    let link = mail.link(&format!("{}/account/confirm?t=", app.base)).expect("it carries the link");
    let token = link.split("t=").nth(1).unwrap().to_owned();
    let res = app.call("messages/confirm", None, &[("t", token)]).await;
    assert!(ok(&res), "confirming: {}", res.status());
    (id, cookie)
}

async fn choose(app: &TestApp, cookie: &str, topic: &str, frequency: &str, weekday: Option<&str>) -> reqwest::Response {
    let mut form = vec![
        ("topic", topic.to_owned()),
        ("channel", "email".to_owned()),
        ("frequency", frequency.to_owned()),
        ("consent", "on".to_owned()),
    ];
    if let Some(d) = weekday {
        form.push(("weekday", d.to_owned()));
    }
    app.call("messages/preference", Some(cookie), &form).await
}

/// Queues `kind` about assembly 1 for `users` as `notices::notify` does (minus `except`).
async fn notify(app: &TestApp, users: &[i64], except: Option<i64>, kind: NoticeKind, subject: &str) {
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    services::notices::notify(&txn, users.iter().copied(), except, kind, About::assembly(1), subject).await.unwrap();
    txn.commit().await.unwrap();
}

/// 14:00 Seoul time on 2026-12-08 plus `hours`.
fn seoul(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 8, 5, 0, 0).unwrap() + Duration::hours(hours)
}

db_test!(an_address_is_confirmed_by_its_link_once_and_kept_sealed, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let address = "Minji.Kim+dong@Example.kr";
    let id = app.person("민지", Some(DONG)).await;
    let cookie = app.sign_in(id).await;

    // refused input says which rule
    let res = app.call("messages/email", Some(&cookie), &[("email", "not an address".into())]).await;
    assert_eq!(res.status(), 422, "a malformed address is invalid input");
    let res = app.call("messages/email", None, &[("email", address.into())]).await;
    assert_eq!(res.status(), 401, "only for oneself, signed in");

    let res = app.call("messages/email", Some(&cookie), &[("email", address.into())]).await;
    assert!(ok(&res), "{}", res.status());
    let round = deliver(&app, &smtp, Utc::now()).await;
    assert_eq!(round.sent, vec![(Channel::Email, 1)], "{round:?}");
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.to, vec!["Minji.Kim+dong@example.kr".to_owned()], "the domain is lower-cased, the rest kept");
    let row = outbox_message::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(mail.header("Message-ID"), Some(format!("<{}>", row.identity)), "the stable identity is the Message-ID");
    assert_eq!(mail.header("List-Unsubscribe"), None, "a confirmation is not a subscription");
    let link = mail.link(&format!("{}/account/confirm?t=", app.base)).unwrap();
    let token = link.split("t=").nth(1).unwrap().to_owned();
    assert_eq!(token.len(), 43);

    // at rest: sealed, one length whatever the address, no plaintext and no token
    let contact = contact_point::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(contact.verified_at.is_none());
    assert!(!contact.address_sealed.to_lowercase().contains("minji"));
    assert_eq!(contact.token_digest.as_deref(), Some(services::crypto::sha256_hex(&token).as_str()), "only its digest");
    assert!(!row.payload.contains("example.kr"), "the outbox holds no address");
    assert!(!row.payload.contains(&token), "nor the link's secret: {}", row.payload);

    // opening the page changes nothing (mail scanners open links); the button confirms
    let page = app.get(&format!("/account/confirm?t={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(contact_point::Entity::find().one(&app.db).await.unwrap().unwrap().verified_at.is_none());
    // another token of the same shape (the first character changed: the last carries only two
    // bits of the secret, so it is one of four letters)
    let wrong = format!("{}{}", if token.starts_with('A') { 'B' } else { 'A' }, &token[1..]);
    refused_with(
        app.call("messages/confirm", None, &[("t", wrong)]).await,
        "confirmation_link_invalid",
        "a wrong token",
    )
    .await;
    assert!(
        ok(&app.call("messages/confirm", None, &[("t", token.clone())]).await),
        "the link confirms without sign-in"
    );
    let contact = contact_point::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(contact.verified_at.is_some() && contact.token_digest.is_none());
    refused_with(app.call("messages/confirm", None, &[("t", token)]).await, "confirmation_link_invalid", "used twice")
        .await;

    // the account page shows it masked
    let res = app.call("messages", Some(&cookie), &[]).await;
    let body = res.text().await.unwrap();
    assert!(body.contains("M•••@example.kr"), "{body}");
    assert!(!body.contains("Minji"), "{body}");

    // a stranger's address cannot be flooded: five links a day
    for _ in 0..4 {
        assert!(ok(&app.call("messages/email", Some(&cookie), &[("email", address.into())]).await));
    }
    refused_with(
        app.call("messages/email", Some(&cookie), &[("email", address.into())]).await,
        "too_many_confirmations",
        "the sixth link in a day",
    )
    .await;

    // removed: the row goes, with what waited to be sent there
    let res = app.call("messages/remove", Some(&cookie), &[("channel", "email".into())]).await;
    assert_eq!(res.status(), 422, "removing needs the confirmation box");
    let res =
        app.call("messages/remove", Some(&cookie), &[("channel", "email".into()), ("confirm", "on".into())]).await;
    assert!(ok(&res), "{}", res.status());
    assert!(contact_point::Entity::find().one(&app.db).await.unwrap().is_none());
    let waiting = outbox_message::Entity::find()
        .filter(outbox_message::Column::State.eq(services::entities::Stored(DeliveryState::Pending)))
        .all(&app.db)
        .await
        .unwrap();
    assert!(waiting.is_empty(), "nothing waits for a removed address");
});

db_test!(a_notice_reaches_by_email_exactly_those_who_chose_it, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (chose, chose_cookie) = confirmed_resident(&app, &smtp, "고른 주민", "chose@example.kr").await;
    let (other_topic, other_cookie) = confirmed_resident(&app, &smtp, "다른 것만", "other@example.kr").await;
    let (silent, _) = confirmed_resident(&app, &smtp, "고르지 않음", "silent@example.kr").await;
    let (actor, actor_cookie) = confirmed_resident(&app, &smtp, "공고한 사람", "actor@example.kr").await;
    let unconfirmed = app.person("확인 안 함", Some(DONG)).await;
    let unconfirmed_cookie = app.sign_in(unconfirmed).await;
    assert!(ok(&app
        .call("messages/email", Some(&unconfirmed_cookie), &[("email", "unconfirmed@example.kr".into())])
        .await));
    deliver(&app, &smtp, Utc::now()).await;
    // turning a topic on needs a confirmed address, and consent
    refused_with(
        choose(&app, &unconfirmed_cookie, "assemblies", "at_once", None).await,
        "no_confirmed_address",
        "no confirmed address",
    )
    .await;
    let no_consent = app
        .call(
            "messages/preference",
            Some(&chose_cookie),
            &[
                ("topic", "assemblies".into()),
                ("channel", "email".into()),
                ("frequency", "at_once".into()),
                // what the page sends for a topic that is on: the server knows better
                ("was_on", "on".into()),
            ],
        )
        .await;
    assert_eq!(no_consent.status(), 422, "consent is asked, and never assumed");
    assert!(ok(&choose(&app, &chose_cookie, "assemblies", "at_once", None).await));
    assert!(ok(&choose(&app, &other_cookie, "my_groups", "at_once", None).await));
    assert!(ok(&choose(&app, &actor_cookie, "assemblies", "at_once", None).await));
    assert_eq!(
        choose(&app, &chose_cookie, "account", "at_once", None).await.status(),
        422,
        "account notices are not a choice"
    );
    let consent = message_preference::Entity::find()
        .filter(message_preference::Column::UserId.eq(chose))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        consent.consent_version,
        app::domain::messaging::CONSENT_VERSION,
        "consent is recorded with its wording"
    );

    let before = smtp.received().len();
    let everyone = [chose, other_topic, silent, actor, unconfirmed];
    notify(&app, &everyone, Some(actor), NoticeKind::AssemblyAnnounced, "2027 천연동 주민총회").await;
    // the same step again (a re-announcement) is the same news
    notify(&app, &everyone, Some(actor), NoticeKind::AssemblyAnnounced, "2027 천연동 주민총회").await;
    // fanout follows the quiet hours: deliver as if it were daytime tomorrow
    deliver(&app, &smtp, Utc::now() + Duration::hours(24)).await;
    let new: Vec<Received> = smtp.received()[before..].to_vec();
    assert_eq!(
        new.len(),
        1,
        "one message, to the one who chose it: {:?}",
        new.iter().map(|r| &r.to).collect::<Vec<_>>()
    );
    let mail = &new[0];
    assert_eq!(mail.to, vec!["chose@example.kr".to_owned()]);
    let text = mail.text();
    assert!(text.contains("2027 천연동 주민총회") && text.contains("/assemblies/1"), "{text}");
    let unsubscribe = mail.header("List-Unsubscribe").expect("RFC 8058 headers");
    assert!(unsubscribe.starts_with(&format!("<{}/unsubscribe/one-click?m=", app.base)), "{unsubscribe}");
    assert_eq!(mail.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));

    // what concerns one's account goes to every confirmed address, no choice needed
    notify(&app, &[silent], None, NoticeKind::SignInCodePrinted, "").await;
    deliver(&app, &smtp, Utc::now()).await;
    assert_eq!(to(&smtp.received(), "silent@example.kr").len(), 2, "the confirmation, then the code notice");

    // a deleted account keeps nothing off-site: address, choices, messages
    let res = app.call("account/delete", Some(&chose_cookie), &[("confirm", "on".into())]).await;
    assert!(ok(&res), "{}", res.status());
    assert!(
        contact_point::Entity::find()
            .filter(contact_point::Column::UserId.eq(chose))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        message_preference::Entity::find()
            .filter(message_preference::Column::UserId.eq(chose))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        outbox_message::Entity::find()
            .filter(outbox_message::Column::RecipientId.eq(chose))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
});

db_test!(quiet_hours_hold_what_can_wait_and_a_digest_is_one_message, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (night, night_cookie) = confirmed_resident(&app, &smtp, "밤", "night@example.kr").await;
    let (daily, daily_cookie) = confirmed_resident(&app, &smtp, "아침", "daily@example.kr").await;
    assert!(ok(&choose(&app, &night_cookie, "assemblies", "at_once", None).await));
    assert!(ok(&choose(&app, &daily_cookie, "assemblies", "daily", None).await));
    assert!(ok(&choose(&app, &daily_cookie, "my_groups", "daily", None).await));
    let before = smtp.received().len();
    // 22:30 Seoul time: an announcement waits until 08:00, a cancellation does not
    let late = seoul(8) + Duration::minutes(30);
    let queue = |users: Vec<i64>, kind: NoticeKind, subject: &'static str, at: DateTime<Utc>| {
        let db = app.db.clone();
        async move {
            let txn = services::transaction::begin_write(&db).await.unwrap();
            services::messaging::fanout::queue_notice(&txn, &users, kind, About::assembly(1), subject, at)
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }
    };
    queue(vec![night, daily], NoticeKind::AssemblyAnnounced, "공고", late).await;
    queue(vec![night, daily], NoticeKind::AssemblyCancelled, "취소", late).await;
    queue(vec![daily], NoticeKind::ResultsPublished, "결과", late).await;
    queue(vec![daily], NoticeKind::JoinApproved, "뜨개질 모임", late).await;
    // turned off before the digest: that topic's notice is not sent, the others are
    let off = app
        .call(
            "messages/preference",
            Some(&daily_cookie),
            &[("topic", "my_groups".into()), ("channel", "email".into()), ("frequency", "off".into())],
        )
        .await;
    assert!(ok(&off));
    deliver(&app, &smtp, late + Duration::minutes(1)).await;
    let now: Vec<Received> = smtp.received()[before..].to_vec();
    assert_eq!(
        now.len(),
        2,
        "only the urgent cancellation goes at night, to both (urgent news does not wait for a digest)"
    );
    assert!(now.iter().all(|m| m.text().contains("취소")));
    // 07:00: the daily digest, one message with the night's two notices
    let seven = seoul(17);
    deliver(&app, &smtp, seven - Duration::minutes(1)).await;
    assert_eq!(smtp.received().len() - before, 2, "nothing before the digest's time");
    deliver(&app, &smtp, seven).await;
    let digests = to(&smtp.received()[before..], "daily@example.kr");
    assert_eq!(digests.len(), 2, "the cancellation, then one digest");
    let digest = digests.last().unwrap().text();
    assert!(digest.contains("공고") && digest.contains("결과"), "{digest}");
    assert!(!digest.contains("뜨개질"), "a topic turned off is not in the digest: {digest}");
    assert_eq!(to(&smtp.received()[before..], "night@example.kr").len(), 1, "08:00 has not come for the rest");
    // 08:00: the announcement to the one who wants it at once
    deliver(&app, &smtp, seoul(18)).await;
    let night_mail = to(&smtp.received()[before..], "night@example.kr");
    assert_eq!(night_mail.len(), 2);
    assert!(night_mail[1].text().contains("공고"));
});

db_test!(the_link_in_a_message_unsubscribes_once_without_signing_in, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (id, cookie) = confirmed_resident(&app, &smtp, "그만", "stop@example.kr").await;
    assert!(ok(&choose(&app, &cookie, "assemblies", "at_once", None).await));
    notify(&app, &[id], None, NoticeKind::AssemblyAnnounced, "공고").await;
    deliver(&app, &smtp, Utc::now() + Duration::hours(24)).await;
    let mail = to(&smtp.received(), "stop@example.kr").pop().unwrap();
    let header = mail.header("List-Unsubscribe").unwrap();
    let one_click = header.trim_start_matches('<').trim_end_matches('>').to_owned();
    assert!(one_click.starts_with(&format!("{}/unsubscribe/one-click?", app.base)), "{one_click}");
    let query = one_click.split_once('?').unwrap().1.to_owned();
    let page_link = format!("{}/unsubscribe?{query}", app.base);
    assert_eq!(
        mail.link(&format!("{}/unsubscribe?", app.base)).as_deref(),
        Some(page_link.as_str()),
        "the text links the page"
    );

    // the page shows what it turns off and changes nothing by being opened
    let page = app.get(&format!("/unsubscribe?{query}")).await;
    assert_eq!(page.status(), 200);
    let on = || async {
        message_preference::Entity::find()
            .filter(message_preference::Column::UserId.eq(id))
            .filter(message_preference::Column::WithdrawnAt.is_null())
            .all(&app.db)
            .await
            .unwrap()
            .len()
    };
    assert_eq!(on().await, 1);
    // a forged signature, another message's identity, garbage: one refusal
    let forged = query.replace("&s=", "&s=0").chars().take(query.len()).collect::<String>();
    for bad in [
        forged.as_str(),
        "m=nobody%40uri-dongne&s=00000000000000000000000000000000",
        "m=&s=",
        "",
        "m=%FF%FE&s=%00%0A",
        "m=a&m=b&s=c&s=d",
        "%",
    ] {
        let res = app.client.post(app.url(&format!("/unsubscribe/one-click?{bad}"))).send().await.unwrap();
        assert_eq!(res.status(), 409, "{bad}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    // one click, as a mail program posts it (RFC 8058) to the header's address, no cookie, from
    // a webmail's origin
    let res = app
        .client
        .post(&one_click)
        .header("origin", "https://mail.example.com")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(on().await, 0, "consent withdrawn");
    // used once: the page says so, and a second use changes nothing
    let (m, s) = query.split_once("&s=").unwrap();
    let m = m.trim_start_matches("m=").replace("%40", "@");
    let res = app.call("messages/unsubscribe/preview", None, &[("m", m.clone()), ("s", s.to_owned())]).await;
    assert!(res.text().await.unwrap().contains("\"used\":true"));
    // and no further notice of the topic is queued for them
    notify(&app, &[id], None, NoticeKind::ResultsPublished, "결과").await;
    let queued = outbox_message::Entity::find()
        .filter(outbox_message::Column::RecipientId.eq(id))
        .filter(outbox_message::Column::Topic.eq(services::entities::Stored(Topic::Assemblies)))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(queued.len(), 1, "only the announcement ever was");
});

db_test!(a_relay_that_refuses_or_is_down_delays_and_never_loses, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (id, cookie) = confirmed_resident(&app, &smtp, "재시도", "retry@example.kr").await;
    assert!(ok(&choose(&app, &cookie, "assemblies", "at_once", None).await));
    notify(&app, &[id], None, NoticeKind::AssemblyCancelled, "취소").await;
    smtp.refuse_next(3);
    let mut at = Utc::now();
    for attempt in 1..=3 {
        let round = deliver(&app, &smtp, at).await;
        assert_eq!(round.retried, vec![(Channel::Email, 1)], "try {attempt} fails and waits");
        at += Duration::seconds(app::domain::messaging::retry_after_secs(attempt).unwrap());
        assert!(deliver(&app, &smtp, at - Duration::seconds(1)).await.claimed == 0, "not before its time");
    }
    let round = deliver(&app, &smtp, at).await;
    assert_eq!(round.sent, vec![(Channel::Email, 1)], "{round:?}");
    assert_eq!(smtp.refused(), 3);
    let cancelled: Vec<Received> =
        to(&smtp.received(), "retry@example.kr").into_iter().filter(|m| m.text().contains("취소")).collect();
    assert_eq!(cancelled.len(), 1, "delivered once");

    // a relay that is down: the message waits for its next try, with the reason
    smtp.stop();
    notify(&app, &[id], None, NoticeKind::AssemblyRescheduled, "시간 변경").await;
    let round = deliver(&app, &smtp, Utc::now() + Duration::hours(24)).await;
    assert_eq!(round.retried, vec![(Channel::Email, 1)], "{round:?}");
    let waiting = outbox_message::Entity::find()
        .filter(outbox_message::Column::Event.eq("assembly_rescheduled"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(*waiting.state, DeliveryState::Pending);
    assert_eq!(waiting.attempts, 1);
    let reason = waiting.last_error.unwrap();
    assert!(reason.starts_with("SMTP") && !reason.contains("retry@"), "{reason}");
});

db_test!(the_development_outbox_shows_what_would_be_sent, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let id = app.person("개발자", Some(DONG)).await;
    let cookie = app.sign_in(id).await;
    assert!(ok(&app.call("messages/email", Some(&cookie), &[("email", "dev@example.kr".into())]).await));
    assert_eq!(app.call("dev/outbox", None, &[]).await.status(), 401, "each sees their own");
    let res = app.call("dev/outbox", Some(&cookie), &[]).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(body.contains("/account/confirm?t="), "a newcomer can follow the link: {body}");
    assert!(body.contains("d•••@example.kr") && !body.contains("dev@example.kr"), "{body}");
    assert_eq!(app.get_with_cookie("/dev/outbox", &cookie).await.status(), 200);
    let stranger = app.person("남", Some(DONG)).await;
    let stranger = app.sign_in(stranger).await;
    let theirs = app.call("dev/outbox", Some(&stranger), &[]).await.text().await.unwrap();
    assert!(!theirs.contains("confirm?t="), "no one reads another's messages: {theirs}");
});

db_test!(a_session_reminder_carries_its_calendar_entry, |backend: Backend| async move {
    use crate::messaging_events::details;
    use app::domain::assembly::{AssemblyEvent, NewItem};
    use chrono::DurationRound;
    use services::assemblies;
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let address = "calendar@example.kr";
    let (_, cookie) = confirmed_resident(&app, &smtp, "달력 주민", address).await;
    assert!(ok(&choose(&app, &cookie, "assemblies", "at_once", None).await));
    let staff = crate::assemblies::staff(&app).await;
    let starts = (Utc::now() + Duration::days(3)).duration_trunc(Duration::minutes(1)).unwrap();
    let dong = app::domain::geo::DongCode::parse(DONG).unwrap();
    let id = assemblies::create(&app.db, Some(&staff), &dong, details(starts)).await.unwrap();
    let item = NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap();
    assemblies::add_item(&app.db, Some(&staff), id, item).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), id, AssemblyEvent::Announce, true).await.unwrap();
    services::messaging::reminders::sweep(&app.db, starts - Duration::minutes(90)).await.unwrap();
    deliver(&app, &smtp, Utc::now() + Duration::hours(24)).await;

    let mails = to(&smtp.received(), address);
    let reminder = mails.iter().find(|m| m.text().contains("두 시간 안에")).expect("the 2-hour reminder arrived");
    let ics = reminder.parts("text/calendar");
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:알림 시험 총회"), "{ics}");
    assert!(ics.contains("LOCATION:신촌동 주민센터"), "{ics}");
    assert!(ics.contains(&format!("DTSTART:{}", starts.format("%Y%m%dT%H%M%SZ"))), "{ics}");
    assert!(ics.contains(&format!("/assemblies/{id}")), "it links to the assembly: {ics}");
    let announced = mails.iter().find(|m| m.text().contains("공고")).expect("the announcement arrived");
    assert_eq!(announced.parts("text/calendar"), "", "only reminders carry the entry");
});

db_test!(a_digest_that_a_batch_splits_still_goes_as_one_letter, |backend: Backend| async move {
    use services::messaging::outbox::{self, NewMessage};
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let address = "digest@example.kr";
    let (reader, cookie) = confirmed_resident(&app, &smtp, "모아 읽는 주민", address).await;
    assert!(ok(&choose(&app, &cookie, "assemblies", "daily", None).await));
    let others = app.person("주소 없는 주민", Some(DONG)).await;
    // the reader's three digest messages far apart among others' (more than a round's batch)
    let message = |n: usize| {
        let mine = [0, 70, 2 * worker::BATCH as usize + 10].contains(&n);
        NewMessage {
            recipient_id: if mine { reader } else { others },
            channel: Channel::Email,
            topic: Topic::Assemblies,
            event: NoticeKind::AssemblyRescheduled.as_str(),
            dedup_key: format!("split:{n}"),
            payload: serde_json::json!({ "kind": "assembly_rescheduled", "subject": format!("총회 {n}"), "digest": mine }),
            not_before: Utc::now() - Duration::minutes(1),
        }
    };
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    outbox::enqueue_many(&txn, (0..2 * worker::BATCH as usize + 20).map(message).collect()).await.unwrap();
    txn.commit().await.unwrap();
    let before = to(&smtp.received(), address).len();
    let round = deliver(&app, &smtp, Utc::now()).await;
    let letters = to(&smtp.received(), address)[before..].to_vec();
    assert_eq!(letters.len(), 1, "one letter: {round:?}");
    let text = letters[0].text();
    for n in [0, 70, 2 * worker::BATCH as usize + 10] {
        assert!(text.contains(&format!("총회 {n}")), "{n} is in the digest: {text}");
    }
});

db_test!(a_retry_of_what_can_wait_waits_out_the_quiet_hours, |backend: Backend| async move {
    use services::messaging::outbox::{self, NewMessage};
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let address = "retry@example.kr";
    let (reader, cookie) = confirmed_resident(&app, &smtp, "다시 받는 주민", address).await;
    assert!(ok(&choose(&app, &cookie, "assemblies", "at_once", None).await));
    // 20:59 Seoul time: both are due; the relay refuses both
    let at = seoul(7) - Duration::minutes(1);
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    let message = |kind: NoticeKind| NewMessage {
        recipient_id: reader,
        channel: Channel::Email,
        topic: Topic::Assemblies,
        event: kind.as_str(),
        dedup_key: format!("retry:{}", kind.as_str()),
        payload: serde_json::json!({ "kind": kind.as_str(), "subject": "총회" }),
        not_before: at,
    };
    outbox::enqueue_many(&txn, vec![message(NoticeKind::AssemblyRescheduled), message(NoticeKind::AssemblyCancelled)])
        .await
        .unwrap();
    txn.commit().await.unwrap();
    smtp.refuse_next(2);
    let round = deliver(&app, &smtp, at).await;
    assert_eq!(round.retried, vec![(Channel::Email, 2)], "{round:?}");
    let next = |event: &'static str| {
        let app = &app;
        async move {
            outbox_message::Entity::find()
                .filter(outbox_message::Column::Event.eq(event))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .not_before
        }
    };
    assert_eq!(next("assembly_rescheduled").await, seoul(18), "a new time can wait until 08:00");
    assert_eq!(
        next("assembly_cancelled").await,
        at + Duration::minutes(1),
        "a cancellation is tried again in a minute"
    );
});

db_test!(a_replaced_address_is_told_where_messages_go_now, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (_, cookie) = confirmed_resident(&app, &smtp, "주소바꿈", "old@example.kr").await;
    assert!(ok(&app.call("messages/email", Some(&cookie), &[("email", "new@example.kr".into())]).await));
    deliver(&app, &smtp, Utc::now()).await;
    let told: Vec<Received> =
        to(&smtp.received(), "old@example.kr").into_iter().filter(|m| m.text().contains("n•••@•••")).collect();
    assert_eq!(told.len(), 1, "the old address is told, with the new one masked (nothing of its domain)");
    assert_eq!(told[0].header("List-Unsubscribe"), None, "about the account: not a subscription");
    assert!(to(&smtp.received(), "new@example.kr").iter().any(|m| m.text().contains("/account/confirm?t=")));
});

db_test!(a_removed_address_is_told_and_one_taken_back_is_not_told_of_the_change, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let smtp = FakeSmtp::start().await;
    let (_, cookie) = confirmed_resident(&app, &smtp, "주소지움", "gone@example.kr").await;
    let res =
        app.call("messages/remove", Some(&cookie), &[("channel", "email".into()), ("confirm", "on".into())]).await;
    assert!(ok(&res), "{}", res.status());
    deliver(&app, &smtp, Utc::now()).await;
    let told = to(&smtp.received(), "gone@example.kr");
    assert!(
        told.iter().any(|m| m.text().contains("더 이상") || m.text().contains("지워져")),
        "the removed address is told"
    );

    // A → B → A before anything went: A is not told its messages went to B
    let (_, cookie) = confirmed_resident(&app, &smtp, "되돌림", "back@example.kr").await;
    assert!(ok(&app.call("messages/email", Some(&cookie), &[("email", "elsewhere@example.kr".into())]).await));
    assert!(ok(&app.call("messages/email", Some(&cookie), &[("email", "back@example.kr".into())]).await));
    deliver(&app, &smtp, Utc::now()).await;
    let back = to(&smtp.received(), "back@example.kr");
    assert!(
        !back.iter().any(|m| m.text().contains("바뀌었습니다") || m.text().contains("대신")),
        "no notice of a change undone"
    );
    // the replacement notices' rows keep no address once sent
    let carried = outbox_message::Entity::find()
        .filter(outbox_message::Column::Event.is_in(["address_replaced", "address_removed"]))
        .filter(outbox_message::Column::State.eq("sent"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        !carried.is_empty() && carried.iter().all(|m| !m.payload.contains("to_sealed")),
        "sent: the address is gone"
    );
});
