//! KakaoTalk messages (알림톡, issue 42) end to end, over HTTP against a local fake of NHN Cloud's
//! API (`support::alimtalk`): a mobile number is confirmed by the six-digit code it receives
//! (five wrong tries end the code), kept sealed and the code only as a keyed digest; a notice
//! reaches, with its approved template and variables and an LMS of the same text, exactly those
//! who chose it for KakaoTalk; a provider that fails three times delivers once; a repeat under
//! the same idempotency key is refused by the provider and counts as delivered.

use crate::db_test;
use crate::support::alimtalk::{FakeAlimtalk, RESEND_FROM};
use crate::support::{Backend, TestApp};
use app::domain::messaging::Channel;
use app::domain::moderation::NoticeKind;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::entities::{contact_point, outbox_message};
use services::messaging::courier::{Courier, NhnAlimtalk};
use services::messaging::worker::{self, Couriers, Round};
use services::notices::About;
use std::sync::Arc;

const DONG: &str = "1141052000";

fn couriers(fake: &FakeAlimtalk) -> Couriers {
    Couriers::default().with(Channel::Alimtalk, Arc::new(NhnAlimtalk::new(fake.settings()).unwrap()))
}

async fn deliver(app: &TestApp, fake: &FakeAlimtalk, now: chrono::DateTime<Utc>) -> Round {
    worker::deliver_due(&app.db, &app.messaging(), &couriers(fake), "test-worker", now).await.unwrap()
}

fn ok(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

async fn refused_with(res: reqwest::Response, code: &str, what: &str) -> String {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 409, "{what}: {body}");
    assert!(body.contains(&format!("\"{code}\"")), "{what}: expected {code}, got {body}");
    body
}

/// The code the fake received last for `number`.
fn code_sent_to(fake: &FakeAlimtalk, number: &str) -> String {
    let sent = fake.sent_to(number);
    let last = sent.last().expect("a code reached the number");
    assert_eq!(last.template_code, "UD91K", "the phone code's template");
    last.parameter("code")
}

/// A resident of DONG signed in, with `number` added and confirmed by its code.
async fn confirmed_resident(app: &TestApp, fake: &FakeAlimtalk, name: &str, number: &str) -> (i64, String) {
    let id = app.person(name, Some(DONG)).await;
    app.verify(id, DONG).await;
    let cookie = app.sign_in(id).await;
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", number.to_owned())]).await));
    deliver(app, fake, Utc::now()).await;
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let code = code_sent_to(fake, &digits);
    let res = app.call("messages/phone/confirm", Some(&cookie), &[("code", code)]).await;
    assert!(ok(&res), "confirming: {}", res.status());
    (id, cookie)
}

db_test!(a_mobile_number_is_confirmed_by_its_code_and_kept_sealed, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let id = app.person("지훈", Some(DONG)).await;
    let cookie = app.sign_in(id).await;

    let res = app.call("messages/phone", Some(&cookie), &[("phone", "02-123-4567".into())]).await;
    assert_eq!(res.status(), 422, "a landline gets no KakaoTalk");
    let body = res.text().await.unwrap();
    assert!(body.contains("Mobile"), "the refusal names the rule, a mobile number: {body}");
    assert_eq!(app.call("messages/phone", None, &[("phone", "010-2222-3333".into())]).await.status(), 401);
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "010-2222-3333".into())]).await));
    let round = deliver(&app, &fake, Utc::now()).await;
    assert_eq!(round.sent, vec![(Channel::Alimtalk, 1)], "{round:?}");
    let code = code_sent_to(&fake, "01022223333");
    assert_eq!(code.len(), 6);
    let sent = fake.sent_to("01022223333").pop().unwrap();
    assert_eq!(sent.resend.as_ref().map(|(from, _)| from.as_str()), Some(RESEND_FROM), "an LMS if KakaoTalk fails");
    assert!(sent.resend.as_ref().is_some_and(|(_, text)| text.contains(&code)), "with the same text");
    let row = outbox_message::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(sent.idempotency_key.as_deref(), Some(row.identity.as_str()), "the identity is the idempotency key");

    // at rest: the number sealed, the code neither in the contact nor in the outbox
    let contact = contact_point::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(!contact.address_sealed.contains("2222") && !contact.address_sealed.contains("3333"));
    let digest = contact.token_digest.clone().unwrap();
    assert_eq!(digest, app.messaging().keys.code_digest(id, &code), "the code's keyed digest");
    let other_key = services::crypto::MessagingKeys::new(b"another server's secret, not this one's");
    assert_ne!(digest, other_key.code_digest(id, &code), "keyed: without the server's key it says nothing");
    assert!(!row.payload.contains(&code), "{}", row.payload);
    assert!(contact.verified_at.is_none());

    // a wrong code counts a try and says how many are left; the right one confirms, once
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let body = refused_with(
        app.call("messages/phone/confirm", Some(&cookie), &[("code", wrong.into())]).await,
        "phone_code_wrong",
        "a wrong code",
    )
    .await;
    assert!(body.contains("\"tries_left\":4"), "{body}");
    assert_eq!(app.call("messages/phone/confirm", Some(&cookie), &[("code", "12a456".into())]).await.status(), 422);
    // someone else with a code of their own waiting: this code is wrong for them
    let other = app.person("남", Some(DONG)).await;
    let other_cookie = app.sign_in(other).await;
    assert!(ok(&app.call("messages/phone", Some(&other_cookie), &[("phone", "010-2222-4444".into())]).await));
    deliver(&app, &fake, Utc::now()).await;
    let other_code = code_sent_to(&fake, "01022224444");
    if other_code != code {
        refused_with(
            app.call("messages/phone/confirm", Some(&other_cookie), &[("code", code.clone())]).await,
            "phone_code_wrong",
            "someone else's code confirms nothing of theirs",
        )
        .await;
        let theirs = contact_point::Entity::find()
            .filter(contact_point::Column::UserId.eq(other))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(theirs.verified_at.is_none() && theirs.code_tries == 1, "their code still waits, one try counted");
    }
    assert!(ok(&app.call("messages/phone/confirm", Some(&cookie), &[("code", format!(" {code} "))]).await));
    let contact =
        contact_point::Entity::find().filter(contact_point::Column::UserId.eq(id)).one(&app.db).await.unwrap().unwrap();
    assert!(contact.verified_at.is_some() && contact.token_digest.is_none() && contact.code_tries == 0);
    refused_with(
        app.call("messages/phone/confirm", Some(&cookie), &[("code", code)]).await,
        "phone_code_invalid",
        "a used code",
    )
    .await;

    // the account page shows it masked
    let page = app.get_with_cookie("/account", &cookie).await.text().await.unwrap();
    assert!(page.contains("010-••••-3333"), "masked on the account page");
});

db_test!(five_wrong_codes_end_the_code, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let id = app.person("추측", Some(DONG)).await;
    let cookie = app.sign_in(id).await;
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "01033334444".into())]).await));
    deliver(&app, &fake, Utc::now()).await;
    let code = code_sent_to(&fake, "01033334444");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let body = refused_with(
            app.call("messages/phone/confirm", Some(&cookie), &[("code", wrong.into())]).await,
            "phone_code_wrong",
            "a wrong try",
        )
        .await;
        assert!(body.contains(&format!("\"tries_left\":{left}")), "{body}");
    }
    refused_with(
        app.call("messages/phone/confirm", Some(&cookie), &[("code", wrong.into())]).await,
        "phone_code_invalid",
        "the fifth wrong try ends the code",
    )
    .await;
    refused_with(
        app.call("messages/phone/confirm", Some(&cookie), &[("code", code)]).await,
        "phone_code_invalid",
        "even the right code is no longer waited for",
    )
    .await;
    // a new number (or the same again) sends a new code, within the day's limit shared with e-mail
    for _ in 0..4 {
        assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "01033334444".into())]).await));
    }
    refused_with(
        app.call("messages/phone", Some(&cookie), &[("phone", "01033334444".into())]).await,
        "too_many_confirmations",
        "the sixth code of the day",
    )
    .await;
    // and per number: another account typing the same number sends it nothing more today
    let other = app.person("다른 계정", Some(DONG)).await;
    let other_cookie = app.sign_in(other).await;
    refused_with(
        app.call("messages/phone", Some(&other_cookie), &[("phone", "010-3333-4444".into())]).await,
        "too_many_confirmations",
        "the number's sixth code of the day, from another account",
    )
    .await;
    assert!(ok(&app.call("messages/phone", Some(&other_cookie), &[("phone", "010-3333-5555".into())]).await));
    let contact =
        contact_point::Entity::find().filter(contact_point::Column::UserId.eq(id)).one(&app.db).await.unwrap().unwrap();
    assert!(contact.verified_at.is_none());
});

db_test!(a_notice_reaches_kakaotalk_with_its_template_and_a_text_in_reserve, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let (chosen, cookie) = confirmed_resident(&app, &fake, "알림톡", "010-5555-0001").await;
    let (quiet, _) = confirmed_resident(&app, &fake, "안받음", "010-5555-0002").await;
    let (actor, _) = confirmed_resident(&app, &fake, "한사람", "010-5555-0003").await;
    for (c, id) in [(&cookie, chosen)] {
        let res = app
            .call(
                "messages/preference",
                Some(c),
                &[
                    ("topic", "assemblies".into()),
                    ("channel", "alimtalk".into()),
                    ("frequency", "at_once".into()),
                    ("consent", "on".into()),
                ],
            )
            .await;
        assert!(ok(&res), "{id}: {}", res.status());
    }
    let actor_cookie = app.sign_in(actor).await;
    assert!(ok(&app
        .call(
            "messages/preference",
            Some(&actor_cookie),
            &[
                ("topic", "assemblies".into()),
                ("channel", "alimtalk".into()),
                ("frequency", "at_once".into()),
                ("consent", "on".into()),
            ],
        )
        .await));
    let (assembly, _) = crate::assemblies::draft_assembly(&app).await;
    // what signing in again told the actor (a code printed: an account notice) goes first
    deliver(&app, &fake, Utc::now()).await;
    let before = fake.sent().len();
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    services::notices::notify(
        &txn,
        [chosen, quiet, actor],
        Some(actor),
        NoticeKind::AssemblyCancelled,
        About::assembly(assembly),
        "2027 신촌동 주민총회",
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let round = deliver(&app, &fake, Utc::now()).await;
    assert_eq!(round.sent, vec![(Channel::Alimtalk, 1)], "only the one who chose it, not its cause: {round:?}");
    let new: Vec<_> = fake.sent().into_iter().skip(before).collect();
    assert_eq!(new.len(), 1);
    let m = &new[0];
    assert_eq!(m.recipient, "01055550001");
    assert_eq!(m.template_code, "UD11K", "the cancellation's approved template");
    assert_eq!(m.parameter("title"), "2027 신촌동 주민총회");
    assert_eq!(m.parameter("dong"), "천연동", "the dong the assembly is of (1141052000)");
    assert_eq!(m.parameter("link"), format!("{}/assemblies/{assembly}", app.base));
    assert!(m.parameter("link").starts_with(&app.base), "{}", m.parameter("link"));
    assert!(m.parameter("stop").starts_with(&format!("{}/unsubscribe?m=", app.base)), "{}", m.parameter("stop"));
    let template = app::domain::messaging::alimtalk::template(
        app::domain::messaging::alimtalk::Purpose::Notice(NoticeKind::AssemblyCancelled),
        app::domain::lang::Lang::Ko,
    )
    .unwrap();
    let mut names: Vec<&str> = m.parameters.keys().map(String::as_str).collect();
    let mut wanted = template.variables();
    names.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(names, wanted, "exactly the template's variables");
    let (_, lms) = m.resend.clone().unwrap();
    assert!(lms.contains("2027 신촌동 주민총회") && !lms.contains("#{"), "the LMS is the filled text: {lms}");

    // the stop link works without signing in and turns KakaoTalk off for the topic
    let stop = m.parameter("stop");
    let query = stop.split('?').nth(1).unwrap();
    let (mut mid, mut sig) = (String::new(), String::new());
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("m", v)) => mid = v.to_owned(),
            Some(("s", v)) => sig = v.to_owned(),
            _ => {}
        }
    }
    assert!(ok(&app.call("messages/unsubscribe", None, &[("m", mid), ("s", sig)]).await));
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    services::notices::notify(
        &txn,
        [chosen],
        None,
        NoticeKind::AssemblyRescheduled,
        About::assembly(assembly),
        "다른 총회",
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(deliver(&app, &fake, Utc::now()).await.sent, vec![], "unsubscribed");
});

db_test!(a_provider_that_fails_three_times_then_succeeds_delivers_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let (id, cookie) = confirmed_resident(&app, &fake, "재시도", "010-6666-7777").await;
    let form = [
        ("topic", "assemblies".to_owned()),
        ("channel", "alimtalk".to_owned()),
        ("frequency", "at_once".to_owned()),
        ("consent", "on".to_owned()),
    ];
    assert!(ok(&app.call("messages/preference", Some(&cookie), &form).await));
    let txn = services::transaction::begin_write(&app.db).await.unwrap();
    services::notices::notify(&txn, [id], None, NoticeKind::AssemblyCancelled, About::assembly(1), "취소된 총회")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let before = fake.sent_to("01066667777").len();
    fake.refuse_next(2);
    let mut at = Utc::now();
    for attempt in 1..=3 {
        if attempt == 3 {
            // then a provider in trouble: an unknown outcome, retried under the same key
            fake.fail_next(1);
        }
        let round = deliver(&app, &fake, at).await;
        assert_eq!(round.retried, vec![(Channel::Alimtalk, 1)], "try {attempt} fails and waits");
        at += Duration::seconds(app::domain::messaging::retry_after_secs(attempt).unwrap());
    }
    let round = deliver(&app, &fake, at).await;
    assert_eq!(round.sent, vec![(Channel::Alimtalk, 1)], "{round:?}");
    assert_eq!(fake.failed(), 3);
    // the fake keeps the keys of refused requests (as a provider may): each retry after a
    // refusal is a new request, or the last would be refused as a repeat
    assert_eq!(fake.repeats(), 0, "no retry reused a refused request's key");
    let sent = fake.sent_to("01066667777");
    assert_eq!(sent.len() - before, 1, "delivered once");
    let row = outbox_message::Entity::find()
        .filter(outbox_message::Column::Event.eq("assembly_cancelled"))
        .filter(outbox_message::Column::RecipientId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.attempts, row.failures), (4, 2), "two refusals counted, the unknown outcome not");
    let key = sent.last().unwrap().idempotency_key.clone().unwrap_or_default();
    assert!(key.starts_with(&format!("{}.2.", row.identity)), "the third key: {key}");
});

db_test!(a_hundred_requests_at_once_keep_the_caps, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let id = app.person("동시", Some(DONG)).await;
    let cookie = app.sign_in(id).await;
    // a hundred numbers asked for at once: five codes a day, one number kept, no server error
    let answers = futures_util::future::join_all(
        (0..100).map(|i| app.call("messages/phone", Some(&cookie), &[("phone", format!("010-7777-{:04}", 8800 + i))])),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s < 400).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 95, "{statuses:?}");
    let rows = contact_point::Entity::find().filter(contact_point::Column::UserId.eq(id)).all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1, "one number per person and channel");
    deliver(&app, &fake, Utc::now()).await;
    let kept = fake.sent().into_iter().filter(|m| m.recipient.starts_with("01077778")).collect::<Vec<_>>();
    assert_eq!(kept.len(), 1, "only the last number's code goes: the others were replaced before sending");
    let number = kept[0].recipient.clone();
    let code = code_sent_to(&fake, &number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answers = futures_util::future::join_all(
        (0..100).map(|_| app.call("messages/phone/confirm", Some(&cookie), &[("code", wrong.to_owned())])),
    )
    .await;
    let mut bodies = Vec::new();
    for res in answers {
        assert_eq!(res.status(), 409);
        bodies.push(res.text().await.unwrap());
    }
    let wrong_answers = bodies.iter().filter(|b| b.contains("phone_code_wrong")).count();
    let ended = bodies.iter().filter(|b| b.contains("phone_code_invalid")).count();
    assert_eq!((wrong_answers, ended), (4, 96), "five tries however they arrive");
    refused_with(
        app.call("messages/phone/confirm", Some(&cookie), &[("code", code)]).await,
        "phone_code_invalid",
        "the right code after the fifth wrong one",
    )
    .await;
});

db_test!(a_code_past_its_time_is_never_sent, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let id = app.person("늦게", Some(DONG)).await;
    let cookie = app.sign_in(id).await;
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "01099990000".into())]).await));
    let late = Utc::now() + Duration::minutes(app::domain::messaging::PHONE_CODE_MINUTES + 1);
    let round = deliver(&app, &fake, late).await;
    assert_eq!((round.sent.len(), round.dropped), (0, 1), "a dead code is dropped: {round:?}");
    assert!(fake.sent_to("01099990000").is_empty());
});

db_test!(
    a_repeat_under_the_same_key_is_refused_by_the_provider_and_counts_as_delivered,
    |backend: Backend| async move {
        let app = TestApp::spawn(&backend).await;
        let fake = FakeAlimtalk::start().await;
        let courier = NhnAlimtalk::new(fake.settings()).unwrap();
        let letter = services::messaging::compose::Letter {
            identity: "repeat-1@uri-dongne".into(),
            request_key: "repeat-1@uri-dongne".into(),
            subject: "제목".into(),
            text: "본문".into(),
            html: String::new(),
            unsubscribe_url: None,
            calendar: None,
            kakao: Some(services::messaging::compose::Kakao {
                template_code: "UD91K".into(),
                parameters: vec![("code".into(), "123456".into())],
            }),
        };
        courier.deliver("01012345678", &letter).await.unwrap();
        courier.deliver("01012345678", &letter).await.unwrap();
        assert_eq!(fake.sent().len(), 1, "sent once");
        assert_eq!(fake.repeats(), 1, "the second was the provider's repeat");
        // a letter without a template is refused here, never sent as something else
        let bare =
            services::messaging::compose::Letter { kakao: None, identity: "repeat-2@uri-dongne".into(), ..letter };
        assert!(courier.deliver("01012345678", &bare).await.is_err());
        drop(app);
    }
);

db_test!(a_replaced_number_is_told_where_messages_go_now, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let fake = FakeAlimtalk::start().await;
    let (_, cookie) = confirmed_resident(&app, &fake, "번호바꿈", "010-1212-0001").await;
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "010-1212-0002".into())]).await));
    deliver(&app, &fake, Utc::now()).await;
    let told: Vec<_> = fake.sent_to("01012120001").into_iter().filter(|m| m.template_code == "UD92K").collect();
    assert_eq!(told.len(), 1, "the confirmed number that was replaced is told");
    assert_eq!(told[0].parameter("new"), "010-••••-0002", "where messages go now, masked");
    assert!(told[0].parameter("link").ends_with("/account#messages"));
    assert_eq!(fake.sent_to("01012120002").last().map(|m| m.template_code.clone()).as_deref(), Some("UD91K"));
    // an unconfirmed number replaced in turn is not told (it never received anything but its code)
    assert!(ok(&app.call("messages/phone", Some(&cookie), &[("phone", "010-1212-0003".into())]).await));
    deliver(&app, &fake, Utc::now()).await;
    assert!(fake.sent_to("01012120002").iter().all(|m| m.template_code == "UD91K"));
    // the old number stays nowhere but in its one message, sealed
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::Event.eq("address_replaced"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].payload.contains("1212") && !rows[0].payload.contains("0001"), "{}", rows[0].payload);
});
