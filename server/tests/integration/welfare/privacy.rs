//! Issue 40's welfare points, as a reader of the tables, an administrator, the district expert
//! and a signed-in referrer would try them:
//! - a sealed field's stored length says at most its bucket (every combination of needs seals to
//!   one length), and values sealed before padding still open and are padded by a re-seal;
//! - the welfare team's case work is in its own audit scope: the administrators' and the
//!   expert's audit views show none of it, the team and the supervisor read it, and the
//!   supervisor's oversight and queue reads name the cases they showed;
//! - the published figures are of closed months only, and never change once published;
//! - a signed-in referrer's session row and tokens are not touched by a referral.

use super::*;
use app::domain::welfare::{Need, Referral};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement, sea_query::Expr};
use services::entities::{access_token, session, welfare_case};
use services::identity;
use std::collections::BTreeSet;

const BUCKETS: [usize; 4] = [64, 256, 1024, 4096];

/// Base64 without `=` of `n` bytes.
fn b64(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

/// The stored length of a value padded to `size` bytes under key `key_id`: `id:` and the base64
/// of nonce (12), the sealed base64 of the padded bytes, and the tag (16). Worked out here from
/// the formats, not taken from the code under test.
fn stored_len(key_id: &str, size: usize) -> i64 {
    i64::try_from(key_id.len() + 1 + b64(12 + b64(size) + 16)).unwrap()
}

/// The stored lengths of the sealed columns of `ids` (`needs`, `place`, `note`, `contact`), read
/// by SQL as a reader of the database would.
async fn stored_lengths(app: &TestApp, ids: &[i64]) -> Vec<[Option<i64>; 4]> {
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT CAST(length(needs) AS BIGINT) AS a, CAST(length(place) AS BIGINT) AS b, \
         CAST(length(note) AS BIGINT) AS c, CAST(length(contact) AS BIGINT) AS d \
         FROM welfare_cases WHERE id IN ({list}) ORDER BY id"
    );
    let rows = app.db.query_all_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
    rows.iter()
        .map(|r| {
            let get = |c: &str| r.try_get::<Option<i64>>("", c).unwrap();
            [get("a"), get("b"), get("c"), get("d")]
        })
        .collect()
}

db_test!(every_need_combination_and_text_is_stored_at_a_bucket_length, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let dong = DongCode::parse(SINCHON).unwrap();
    let key = app.welfare.vault.current().to_owned();
    let allowed: BTreeSet<i64> =
        (BUCKETS.into_iter().chain([8192, 12288])).map(|size| stored_len(&key, size)).collect();
    let refer = |needs: Vec<&'static str>, place: String, note: String, contact: String| {
        let (db, welfare, k, dong) = (app.db.clone(), app.welfare.clone(), app.key.clone(), dong.clone());
        async move {
            let r = Referral::parse(needs, "soon", &place, &note, &contact, !contact.is_empty()).unwrap();
            referrals::submit(&db, &welfare, &k, None, referrals::Channel::Web, &dong, r, None).await.unwrap().0
        }
    };
    // every combination of the eight needs, with one place
    let mut ids = Vec::new();
    for mask in 1u32..(1 << Need::ALL.len()) {
        let picked: Vec<&'static str> =
            Need::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, n)| n.as_str()).collect();
        ids.push(refer(picked, "신촌로 1".into(), String::new(), String::new()).await);
    }
    let lengths = stored_lengths(&app, &ids).await;
    let needs: BTreeSet<i64> = lengths.iter().map(|l| l[0].unwrap()).collect();
    assert_eq!(needs.len(), 1, "255 combinations of needs, one stored length: {needs:?}");
    assert!(needs.is_subset(&allowed), "{needs:?} not a bucket's length ({allowed:?})");
    // short and long texts, of one-byte and three-byte characters, at each bucket's edges
    let mut texts = Vec::new();
    for n in [2usize, 20, 21, 22, 63, 64, 85, 86, 199, 200] {
        for c in ["a", "가"] {
            let place: String = c.repeat(n.min(200));
            let note: String = c.repeat((n * 10).min(2_000));
            let contact: String = c.repeat(n.min(100));
            texts.push(refer(vec!["food"], place, note, contact).await);
        }
    }
    let mut seen = BTreeSet::new();
    for l in stored_lengths(&app, &texts).await {
        for len in l.into_iter().flatten() {
            assert!(allowed.contains(&len), "stored length {len} is not a bucket's ({allowed:?})");
            seen.insert(len);
        }
    }
    assert!(seen.len() >= 4, "texts of many lengths fall into several buckets, and only those: {seen:?}");
    // a log entry's findings too
    let (officer, _) = officer_of(&app, SINCHON, "버킷 복지").await;
    let actor = identity::load_actor(&app.db, officer).await.unwrap();
    cases::assign(&app.db, actor.as_ref(), texts[0], officer).await.unwrap();
    let today = app::domain::ledger::EntryDate::parse(&services::time_fmt::seoul_date(chrono::Utc::now())).unwrap();
    for findings in ["", "문 앞", &"가".repeat(app::domain::welfare::FINDINGS_MAX)] {
        let entry = cases::Entry::Activity {
            kind: app::domain::welfare::ActivityKind::Visit,
            on: today,
            official: None,
            findings: findings.to_owned(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), texts[0], entry).await.unwrap();
    }
    let sql =
        format!("SELECT CAST(length(findings) AS BIGINT) AS n FROM welfare_activities WHERE case_id = {}", texts[0]);
    let rows = app.db.query_all_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
    let findings: Vec<i64> = rows.iter().filter_map(|r| r.try_get::<Option<i64>>("", "n").unwrap()).collect();
    assert_eq!(findings.len(), 2, "an empty finding stores nothing");
    assert!(findings.iter().all(|n| allowed.contains(n)), "{findings:?}");
    // what was sealed reads back
    let detail = cases::detail(&app.db, &app.welfare, actor.as_ref(), texts[0]).await.unwrap();
    assert_eq!(detail.line.place, "aa");
    assert_eq!(detail.activities[1].findings, "문 앞");
});

db_test!(values_sealed_before_padding_open_and_a_reseal_pads_them, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (officer, _) = officer_of(&app, SINCHON, "옛 값 복지").await;
    let actor = identity::load_actor(&app.db, officer).await.unwrap();
    let (id, _) = crate::authz::referral_in_sinchon(&app).await;
    // as the release before padding stored them: the plain text sealed, bound to the field
    let vault = &app.welfare.vault;
    let old = |field: &str, text: &str| vault.seal(&format!("welfare-case/{id}/{field}"), text).unwrap();
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::Needs, Expr::value(old("needs", "food,older_alone")))
        .col_expr(welfare_case::Column::Place, Expr::value(old("place", "옛 형식 주소")))
        .col_expr(welfare_case::Column::Note, Expr::value(old("note", &"x".repeat(86))))
        .filter(welfare_case::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    let before = stored_lengths(&app, &[id]).await[0];
    assert_eq!(before[0], Some(i64::try_from(app.welfare.vault.current().len() + 1 + b64(12 + 16 + 16)).unwrap()));
    let read = cases::detail(&app.db, &app.welfare, actor.as_ref(), id).await.unwrap();
    assert_eq!(read.line.place, "옛 형식 주소");
    assert_eq!(read.note, "x".repeat(86), "an old value as long as a padded one still opens");
    let app::dto::welfare::CaseAbout::Referral { needs } = &read.line.about else { panic!("{:?}", read.line.about) };
    let needs: BTreeSet<&str> = needs.iter().map(|n| n.as_str()).collect();
    assert_eq!(needs, BTreeSet::from(["food", "older_alone"]));
    // the re-seal pads them (the three old values; the rest were padded already)
    assert_eq!(retention::reseal(&app.db, &app.welfare).await.unwrap(), 3);
    let key = app.welfare.vault.current().to_owned();
    let after = stored_lengths(&app, &[id]).await[0];
    let expected = [Some(stored_len(&key, 256)), Some(stored_len(&key, 64)), Some(stored_len(&key, 256))];
    assert_eq!(after[..3], expected, "needs as long as all needs, the place 64 bytes, the 86-byte note 256: {after:?}");
    let read = cases::detail(&app.db, &app.welfare, actor.as_ref(), id).await.unwrap();
    assert_eq!((read.line.place.as_str(), read.note.len()), ("옛 형식 주소", 86));
    assert_eq!(retention::reseal(&app.db, &app.welfare).await.unwrap(), 0, "nothing left to pad");
});

/// Every action in a page of the general audit log (as the `audit` server function answers).
async fn general_log_actions(app: &TestApp, cookie: &str, district: Option<&str>) -> Vec<String> {
    let mut actions = Vec::new();
    let mut page = 1;
    loop {
        let mut form = vec![("page", page.to_string())];
        if let Some(d) = district {
            form.push(("district", d.to_owned()));
        }
        let res = app.call("audit", Some(cookie), &form).await;
        assert_eq!(res.status(), 200);
        let p: Value = res.json().await.unwrap();
        actions.extend(p["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap().to_owned()));
        if p["page"] == p["pages"] {
            return actions;
        }
        page += 1;
    }
}

db_test!(welfare_work_is_in_its_own_audit_scope_and_oversight_names_its_cases, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (officer, team) = officer_of(&app, SINCHON, "감사 복지").await;
    let supervisor = app.person("감사 감독", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor = app.sign_in(supervisor).await;
    let expert = app.person("구 전문가", None).await;
    app.grant(expert, "expert", SEODAEMUN).await;
    let expert = app.sign_in(expert).await;
    let admin = app.person("감사 관리자", None).await;
    app.grant(admin, "admin", "").await;
    let admin = app.sign_in(admin).await;

    // the whole of a case's work: referred, read, assigned, logged, closed; a visiting list;
    // an urgent referral left untriaged (flagged for the supervisor); a purge and a re-seal
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let mut urgent = referral("신촌로 감사 5", "", "");
    urgent[3].1 = "urgent".into();
    let res = app.call("welfare/refer", None, &urgent).await;
    assert_eq!(res.status(), 200);
    let flagged =
        welfare_case::Entity::find().order_by_desc(welfare_case::Column::Id).one(&app.db).await.unwrap().unwrap();
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::ReceivedAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(25)))
        .filter(welfare_case::Column::Id.eq(flagged.id))
        .exec(&app.db)
        .await
        .unwrap();
    let queue: Value = app.call("welfare/queue", Some(&team), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert!(queue["referrals"].as_array().unwrap().iter().any(|l| l["id"] == case));
    assert_eq!(app.call("welfare/case", Some(&team), &[("id", case.to_string())]).await.status(), 200);
    let assign = [("id", case.to_string()), ("official", officer.to_string())];
    assert_eq!(app.call("welfare/case/assign", Some(&team), &assign).await.status(), 200);
    let today = services::time_fmt::seoul_date(chrono::Utc::now());
    let visit = [("id", case.to_string()), ("kind", "visit".into()), ("on_date", today)];
    assert_eq!(app.call("welfare/case/record", Some(&team), &visit).await.status(), 200);
    let close = [("id", case.to_string()), ("reason", "no_need".into()), ("confirm", "on".into())];
    assert_eq!(app.call("welfare/case/close", Some(&team), &close).await.status(), 200);
    let list = "program,address,due_month\ncrisis,신촌로 감사 9,2027-02\n";
    let import = [("dong", SINCHON.to_owned()), ("list", list.to_owned())];
    assert_eq!(app.call("welfare/visits/import", Some(&team), &import).await.status(), 200);
    let o: Value =
        app.call("welfare/oversight", Some(&supervisor), &[("district", SEODAEMUN.into())]).await.json().await.unwrap();
    let shown: Vec<i64> = o["flagged"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert!(shown.contains(&flagged.id), "{shown:?}");
    let sq: Value =
        app.call("welfare/queue", Some(&supervisor), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let in_queue: Vec<i64> = ["referrals", "due_visits", "closed"]
        .iter()
        .flat_map(|k| sq[k].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()))
        .collect();
    assert_eq!(app.call("welfare/case", Some(&supervisor), &[("id", flagged.id.to_string())]).await.status(), 200);
    let past_retention = chrono::Utc::now() + chrono::Duration::days(3 * 365 + 2);
    assert!(retention::purge(&app.db, 3, past_retention).await.unwrap() >= 1, "the closed case");
    retention::reseal(&app.db, &app.welfare).await.unwrap();

    // the welfare events exist (in the one append-only table) …
    use services::entities::audit_event;
    let all = audit_event::Entity::find().all(&app.db).await.unwrap();
    let welfare_work = |a: &str| a.starts_with("welfare.") && !a.starts_with("welfare.section");
    let written: BTreeSet<&str> = all.iter().map(|e| e.action.as_str()).filter(|a| welfare_work(a)).collect();
    for a in [
        "welfare.referral_received",
        "welfare.queue_read",
        "welfare.case_read",
        "welfare.case_assigned",
        "welfare.case_activity",
        "welfare.case_closed",
        "welfare.visiting_list_imported",
        "welfare.cases_purged",
        "welfare.cases_resealed",
    ] {
        assert!(written.contains(a), "{a} was written: {written:?}");
    }
    // … and the administrators' and the expert's audit views show none of them
    let admin_city = general_log_actions(&app, &admin, None).await;
    let admin_district = general_log_actions(&app, &admin, Some(SEODAEMUN)).await;
    let expert_district = general_log_actions(&app, &expert, Some(SEODAEMUN)).await;
    assert!(admin_city.iter().any(|a| a == "role.granted"), "the general log itself is shown: {admin_city:?}");
    for (who, actions) in [("admin", &admin_city), ("admin, district", &admin_district), ("expert", &expert_district)] {
        let leaked: Vec<&String> = actions.iter().filter(|a| welfare_work(a)).collect();
        assert!(leaked.is_empty(), "{who} sees welfare events: {leaked:?}");
    }
    let page = app.get_with_cookie("/audit", &admin).await.text().await.unwrap();
    assert!(!page.contains("welfare.") && !page.contains(&format!("\"case\":{case}")), "the admin's audit page");
    let page = app.get_with_cookie(&format!("/audit?district={SEODAEMUN}"), &expert).await.text().await.unwrap();
    assert!(!page.contains("welfare."), "the expert's audit page");
    // nor may they read the welfare scope
    for cookie in [&admin, &expert] {
        for form in [[("dong", SINCHON)], [("district", SEODAEMUN)]] {
            let form: Vec<(&str, String)> = form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
            assert_eq!(app.call("welfare/audit", Some(cookie), &form).await.status(), 403, "{form:?}");
        }
    }

    // the team reads its dong's scope; the supervisor the district's, purges and re-seals too
    let welfare_log = |cookie: &str, form: Vec<(&'static str, String)>| {
        let call = app.call("welfare/audit", Some(cookie), &form);
        async move {
            let res = call.await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()["rows"].as_array().unwrap().clone()
        }
    };
    let dong_log = welfare_log(&team, vec![("dong", SINCHON.into())]).await;
    let actions: BTreeSet<&str> = dong_log.iter().map(|r| r["action"].as_str().unwrap()).collect();
    for a in ["welfare.referral_received", "welfare.case_read", "welfare.case_closed", "welfare.queue_read"] {
        assert!(actions.contains(a), "{a} in the team's scope: {actions:?}");
    }
    assert!(actions.iter().all(|a| welfare_work(a)), "only welfare work: {actions:?}");
    assert_eq!(app.call("welfare/audit", Some(&team), &[("district", SEODAEMUN.into())]).await.status(), 403);
    let district_log = welfare_log(&supervisor, vec![("district", SEODAEMUN.into())]).await;
    let detail_of = |rows: &[Value], action: &str| -> Vec<Value> {
        rows.iter()
            .filter(|r| r["action"] == action)
            .map(|r| serde_json::from_str(r["detail"].as_str().unwrap()).unwrap())
            .collect()
    };
    // the supervisor's oversight read names the cases it showed; so does their queue read
    let oversight = detail_of(&district_log, "welfare.queue_read");
    assert!(
        oversight.iter().any(|d| d["cases"].as_array().is_some_and(|c| c.contains(&Value::from(flagged.id)))
            && d.get("flagged").is_some()),
        "the oversight read names case {}: {oversight:?}",
        flagged.id
    );
    let queue_reads = detail_of(&dong_log, "welfare.queue_read");
    let sup_dong_log = welfare_log(&supervisor, vec![("dong", SINCHON.into())]).await;
    let named: Vec<Vec<i64>> = detail_of(&sup_dong_log, "welfare.queue_read")
        .iter()
        .map(|d| d["cases"].as_array().unwrap().iter().map(|c| c.as_i64().unwrap()).collect())
        .collect();
    assert!(named.iter().any(|n| n == &in_queue), "the supervisor's queue read names {in_queue:?}: {named:?}");
    assert!(!queue_reads.is_empty());
    let reads: Vec<Value> = detail_of(&district_log, "welfare.case_read");
    assert!(reads.iter().any(|d| d["case"] == flagged.id), "the supervisor's case read: {reads:?}");
    let actions: BTreeSet<&str> = district_log.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert!(actions.contains("welfare.cases_purged") && actions.contains("welfare.cases_resealed"), "{actions:?}");
    // and the team's page shows its log
    let page = app.get_with_cookie(&format!("/dongs/{SINCHON}/welfare?log=1"), &team).await.text().await.unwrap();
    assert!(page.contains("data-welfare-log") && page.contains("사례 열람"), "the team's page has its log");
    let page = app.get_with_cookie(&format!("/districts/{SEODAEMUN}/welfare"), &supervisor).await.text().await.unwrap();
    assert!(page.contains("data-welfare-log"), "the supervisor's page has the district's log");
});

db_test!(figures_are_published_for_closed_months_only_and_never_change, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (officer, _) = officer_of(&app, SINCHON, "수치 복지").await;
    let actor = identity::load_actor(&app.db, officer).await.unwrap();
    let dong = DongCode::parse(SINCHON).unwrap();
    let now = chrono::Utc::now();
    let seoul_month = |t: chrono::DateTime<chrono::Utc>| services::time_fmt::seoul_date(t)[..7].to_owned();
    let running = seoul_month(now);
    let today = app::domain::ledger::EntryDate::parse(&services::time_fmt::seoul_date(now)).unwrap();
    let mut ids = Vec::new();
    for n in 0..7 {
        let r = Referral::parse(["food"], "soon", &format!("수치 시험 {n}"), "", "", false).unwrap();
        let (id, _) = referrals::submit(&app.db, &app.welfare, &app.key, None, referrals::Channel::Web, &dong, r, None)
            .await
            .unwrap();
        cases::assign(&app.db, actor.as_ref(), id, officer).await.unwrap();
        ids.push(id);
    }
    // six visited and linked now: this month has 7 referrals, 6 visits, 6 links
    for id in &ids[..6] {
        let visit = cases::Entry::Activity {
            kind: app::domain::welfare::ActivityKind::Visit,
            on: today,
            official: None,
            findings: String::new(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), *id, visit).await.unwrap();
        let link = cases::Entry::Service {
            service: app::domain::welfare::Service::EmergencySupport,
            on: today,
            findings: String::new(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), *id, link).await.unwrap();
    }
    // the running month is not published at all
    let f = figures::of_dong(&app.db, &dong).await.unwrap();
    assert_eq!(f.months.len(), 12);
    assert!(f.months.iter().all(|m| m.month != running), "{:?}", f.months);
    assert!(f.months.last().unwrap().month < running);
    let api: Value = app
        .client
        .get(app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/figures")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!api.to_string().contains(&running), "REST: {api}");
    // once the month is over, it is published: 7, 6, 6
    let next_month = now + chrono::Duration::days(32);
    let later = figures::of_dong_at(&app.db, &dong, next_month).await.unwrap();
    let closed = later.months.iter().find(|m| m.month == running).expect("the month just closed");
    assert_eq!((closed.received, closed.visited, closed.linked), (Some(7), Some(6), Some(6)));
    assert!(later.months.iter().all(|m| m.month != seoul_month(next_month)));
    // a visit after the close counts in the month it happened: the closed month does not change
    let visit = cases::Entry::Activity {
        kind: app::domain::welfare::ActivityKind::Visit,
        on: today,
        official: None,
        findings: String::new(),
    };
    cases::record(&app.db, &app.welfare, actor.as_ref(), ids[6], visit).await.unwrap();
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::VisitedAt, Expr::value(next_month))
        .filter(welfare_case::Column::Id.eq(ids[6]))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(figures::of_dong_at(&app.db, &dong, next_month).await.unwrap(), later, "published figures stay");
});

/// Every row of `sessions` and `access_tokens`, as a reader of the tables sees them.
async fn traces(app: &TestApp) -> (Vec<session::Model>, Vec<access_token::Model>) {
    let sessions = session::Entity::find().order_by_asc(session::Column::Id).all(&app.db).await.unwrap();
    let tokens = access_token::Entity::find().order_by_asc(access_token::Column::Id).all(&app.db).await.unwrap();
    (sessions, tokens)
}

db_test!(a_signed_in_referrer_leaves_nothing_in_their_session_or_tokens, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let neighbour = app.person("걱정하는 이웃", Some(SINCHON)).await;
    let cookie = app.sign_in(neighbour).await;
    let actor = identity::load_actor(&app.db, neighbour).await.unwrap().unwrap();
    let token =
        identity::create_token(&app.db, &actor, "referrals".into(), app::domain::identity::TokenScope::ReadWrite)
            .await
            .unwrap();
    let before = traces(&app).await;
    assert!(!before.0.is_empty(), "the neighbour's session");
    assert!(before.1[0].last_used_at.is_none());
    // a second later, so that any write of the session's expiry would show
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    // the enhanced form, signed in
    let res = app.call("welfare/refer", Some(&cookie), &referral("신촌로 흔적 1", "", "")).await;
    assert_eq!(res.status(), 200);
    let set: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert!(set.iter().any(|c| c.starts_with("ud_referral=") && c.contains("HttpOnly") && c.contains("Max-Age=600")));
    assert!(!set.iter().any(|c| c.starts_with("ud_session=")), "the session is not touched: {set:?}");
    let first_cookie = set
        .iter()
        .find(|c| c.starts_with("ud_referral="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .unwrap();
    let receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    // the plain form, signed in: redirected back, the receipt in its own sealed cookie
    let res = app
        .client
        .post(app.url("/sf/welfare/refer"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/welfare/refer?dong={SINCHON}")))
        .form(&referral("신촌로 흔적 2", "", ""))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let receipt_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ud_referral="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .expect("the receipt's cookie");
    assert!(!receipt_cookie.contains("WB"), "sealed: {receipt_cookie}");
    // the status, signed in
    let res = app.call("welfare/status", Some(&cookie), &[("receipt", receipt.clone())]).await;
    assert_eq!(res.status(), 200);
    // REST, with the token and the session cookie both
    let body = serde_json::json!({ "needs": ["food"], "urgency": "soon", "place": "신촌로 흔적 3" });
    let res = app
        .client
        .post(app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/referrals")))
        .bearer_auth(&token)
        .header("cookie", &cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(traces(&app).await, before, "no session row or token column changed");

    // the page shows the receipt once (the cookie is cleared as it is read)
    assert!(!first_cookie.contains(&receipt[3..7]), "sealed: {first_cookie}");
    let page = app.get_with_cookie(&format!("/welfare/refer?dong={SINCHON}"), &first_cookie).await;
    let cleared = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("ud_referral=;") && c.contains("Max-Age=0"));
    let html = page.text().await.unwrap();
    assert!(html.contains(&receipt), "the receipt is shown");
    assert!(cleared, "and its cookie cleared");
    let tampered = format!("{}x", first_cookie.trim_end_matches('A'));
    let html = app.get_with_cookie(&format!("/welfare/refer?dong={SINCHON}"), &tampered).await.text().await.unwrap();
    assert!(!html.contains("data-receipt="), "a cookie not sealed by the server shows nothing");
    // the plain form's cookie holds its own receipt, shown on its page
    let html =
        app.get_with_cookie(&format!("/welfare/refer?dong={SINCHON}"), &receipt_cookie).await.text().await.unwrap();
    assert!(html.contains("data-receipt=") && !html.contains(&receipt), "another referral's receipt");

    // the check can fail: what reads the session or the token does change them
    let me = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), 200);
    let me = app.client.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), 200);
    let after = traces(&app).await;
    assert!(after.1[0].last_used_at.is_some(), "a token's use is recorded");
    assert_ne!(after.0, before.0, "a signed-in request moves the session's expiry");
});
