//! A neighbour's referral and what its receipt tells; the team's case work, audited; the flags;
//! visiting lists; and the threat model's promises over the stored data: nothing identifying
//! rests readable, keys rotate, retention removes the personal fields and keeps the figures.

use super::*;

db_test!(a_neighbour_refers_and_the_receipt_tells_only_the_status, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.call("welfare/refer", None, &referral("신촌로 99 파란 대문", "우편물이 쌓여 있어요", "")).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    assert!(receipt.starts_with("WB-") && receipt.len() == 15, "{receipt}");
    let answer: Value = status_of(&app, &receipt).await.json().await.unwrap();
    assert_eq!(answer["status"], "received", "{answer}");
    assert_eq!(answer.as_object().map(|o| o.len()), Some(2), "the receipt and the status, nothing else: {answer}");
    // typed back in lower case without hyphens, it still reads
    let typed = receipt.replace('-', "").to_lowercase();
    assert_eq!(status_of(&app, &typed).await.json::<Value>().await.unwrap()["status"], "received");

    // the team takes it: "being looked into"; closed: "closed"
    let (officer, cookie) = officer_of(&app, SINCHON, "김복지").await;
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let case = queue["referrals"][0]["id"].as_i64().unwrap();
    assert_eq!(queue["referrals"][0]["place"], "신촌로 99 파란 대문");
    let res = app
        .call("welfare/case/assign", Some(&cookie), &[("id", case.to_string()), ("official", officer.to_string())])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(status_of(&app, &receipt).await.json::<Value>().await.unwrap()["status"], "being_looked_into");
    let close = |reason: &str| {
        app.call(
            "welfare/case/close",
            Some(&cookie),
            &[("id", case.to_string()), ("reason", reason.into()), ("confirm", "on".into())],
        )
    };
    assert_eq!(close("linked").await.status(), 409, "closed as linked with no linked service");
    assert_eq!(close("no_need").await.status(), 200);
    assert_eq!(close("no_need").await.status(), 409, "already closed");
    assert_eq!(status_of(&app, &receipt).await.json::<Value>().await.unwrap()["status"], "closed");

    // refused input: no need, an unknown need, no place, no urgency, an unknown dong
    let mut bad = referral("신촌로 1", "", "");
    bad.retain(|(k, _)| *k != "needs[]");
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad.push(("needs[]", "drugs".into()));
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    assert_eq!(app.call("welfare/refer", None, &referral(" ", "", "")).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad.retain(|(k, _)| *k != "urgency");
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad[0].1 = "1141099999".into();
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 404);

    // REST: a referral without a token; bad ones are problem+json
    let url = app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/referrals"));
    let ok = serde_json::json!({ "needs": ["food"], "urgency": "soon", "place": "신촌로 3", "may_contact": true });
    let res = app.client.post(&url).json(&ok).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let rest_receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    assert_eq!(status_of(&app, &rest_receipt).await.json::<Value>().await.unwrap()["status"], "received");
    for body in [
        serde_json::json!({ "needs": [], "urgency": "soon", "place": "신촌로 3" }),
        serde_json::json!({ "needs": ["food"], "urgency": "now", "place": "신촌로 3" }),
        serde_json::json!({ "needs": ["food"], "urgency": "soon" }),
        serde_json::json!({ "needs": "food", "urgency": "soon", "place": "신촌로 3" }),
    ] {
        let res = app.client.post(&url).json(&body).send().await.unwrap();
        assert!(res.status() == 422 || res.status() == 400, "{body}: {}", res.status());
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(kind, "application/problem+json", "{body}");
    }
    let res = app.client.post(&url).header("authorization", "Bearer udpat_wrong").json(&ok).send().await.unwrap();
    // a referral needs no credentials and reads none: a token sent is ignored, not checked (a
    // check would mark the token used and so date its owner's referral; issue 40)
    assert_eq!(res.status(), 201, "a token sent with a referral is ignored");
    // the figures are public and withhold small counts
    let f: Value = app
        .client
        .get(app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/figures")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(f["withheld_below"], 5);
    assert_eq!(f["months"].as_array().map(Vec::len), Some(12));
    let running = services::time_fmt::seoul_date(chrono::Utc::now())[..7].to_owned();
    assert!(f["months"].as_array().unwrap().iter().all(|m| m["month"] != running.as_str()), "closed months only");
    assert_eq!(f["months"][11]["received"], Value::Null, "no referral last month: withheld");

    // wrong receipt numbers: 422, and after five in a minute from one address, 429 (the right
    // one too: nothing is checked while the address is held)
    for _ in 0..5 {
        assert_eq!(status_of(&app, "WB-2222-2222-22").await.status(), 422);
    }
    assert_eq!(status_of(&app, &receipt).await.status(), 429);
});

db_test!(nothing_that_identifies_a_household_rests_readable, async |b: Backend| {
    let logs = crate::support::logs::capture();
    let app = TestApp::spawn(&b).await;
    let (place, note, contact, findings) =
        ("연희로 77-3 초록지붕집", "할머니가 사흘째 보이지 않아요", "010-5555-1234", "냉장고가 비어 있음");
    let res = app.call("welfare/refer", None, &referral(place, note, contact)).await;
    assert_eq!(res.status(), 200);
    let receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    let (officer, cookie) = officer_of(&app, SINCHON, "박복지").await;
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let case = queue["referrals"][0]["id"].as_i64().unwrap().to_string();
    app.call("welfare/case/assign", Some(&cookie), &[("id", case.clone()), ("official", officer.to_string())]).await;
    let today = services::time_fmt::seoul_date(chrono::Utc::now());
    let res = app
        .call(
            "welfare/case/record",
            Some(&cookie),
            &[("id", case.clone()), ("kind", "visit".into()), ("on_date", today), ("findings", findings.into())],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let list = "program,address,due_month\ncrisis,\"서대문구 가상로 12, 지하\",2027-02\n";
    let res =
        app.call("welfare/visits/import", Some(&cookie), &[("dong", SINCHON.into()), ("list", list.into())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // the team reads it all back
    let detail: Value = app.call("welfare/case", Some(&cookie), &[("id", case)]).await.json().await.unwrap();
    assert_eq!(detail["note"], note);
    assert_eq!(detail["contact"], contact);
    assert_eq!(detail["activities"][0]["findings"], findings);

    // a reader of every table and column finds none of it, nor the receipt number
    let canonical = receipt.replace('-', "")[2..].to_owned();
    for needle in [place, note, contact, findings, "서대문구 가상로 12", "older_alone", "crisis", canonical.as_str()]
    {
        let found = cells_containing(&app, &b, needle).await;
        assert!(found.is_empty(), "`{needle}` readable in {found:?}");
    }
    // nor in the SQLite files themselves (pages, write-ahead log), byte for byte
    if matches!(b, Backend::Sqlite) {
        let url = app.database_url();
        let path = url.trim_start_matches("sqlite://").split('?').next().unwrap().to_owned();
        for file in [path.clone(), format!("{path}-wal")] {
            let bytes = match std::fs::read(&file) {
                Ok(bytes) => bytes,
                // the write-ahead log may have been checkpointed away; the database file may not
                Err(e) if file.ends_with("-wal") && e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => panic!("{file}: {e}"),
            };
            assert!(!bytes.is_empty() || file.ends_with("-wal"), "{file} was read");
            for needle in [place, note, contact, findings] {
                let hit = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                assert!(!hit, "`{needle}` in {file}");
            }
        }
    }
    // nor in the logs
    let text = logs.text();
    for needle in [place, note, contact, findings, receipt.as_str()] {
        assert!(!text.contains(needle), "`{needle}` in the logs");
    }
});

db_test!(only_the_team_reads_a_case_and_every_read_and_change_is_audited, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use services::entities::audit_event;
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (_, team) = officer_of(&app, SINCHON, "최복지").await;
    let supervisor = app.person("구 복지", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor = app.sign_in(supervisor).await;
    let (_, elsewhere) = officer_of(&app, BUGAHYEON, "다른 동 복지").await;
    let admin = app.person("관리자", None).await;
    app.grant(admin, "admin", "").await;
    let admin = app.sign_in(admin).await;
    let read = |cookie: Option<String>| {
        let app = &app;
        async move { app.call("welfare/case", cookie.as_deref(), &[("id", case.to_string())]).await.status() }
    };
    assert_eq!(read(Some(team.clone())).await, 200);
    assert_eq!(read(Some(supervisor.clone())).await, 200);
    assert_eq!(read(Some(elsewhere.clone())).await, 403);
    assert_eq!(read(Some(admin)).await, 403);
    assert_eq!(read(None).await, 401);
    let missing = app.call("welfare/case", Some(&team), &[("id", "987654".into())]).await;
    assert_eq!(missing.status(), 404);
    // the supervisor oversees but does not work the case
    let res = app
        .call(
            "welfare/case/close",
            Some(&supervisor),
            &[("id", case.to_string()), ("reason", "duplicate".into()), ("confirm", "on".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    // each read and the referral itself are in the audit log, naming the case and no content
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("welfare."))
        .filter(audit_event::Column::Action.ne("welfare.section_saved"))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["welfare.referral_received", "welfare.case_read", "welfare.case_read"], "{actions:?}");
    assert!(events[0].actor_id.is_none(), "who referred from the web is not recorded");
    for e in &events {
        assert!(e.detail.contains(&format!("\"case\":{case}")) && !e.detail.contains("행렬"), "{}", e.detail);
    }
});

db_test!(urgent_untriaged_and_quiet_cases_are_flagged_to_the_team_and_the_supervisor, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use services::entities::welfare_case;
    let app = TestApp::spawn(&b).await;
    let (_, cookie) = officer_of(&app, SINCHON, "정복지").await;
    let mut urgent = referral("신촌로 5", "", "");
    urgent[3].1 = "urgent".into();
    assert_eq!(app.call("welfare/refer", None, &urgent).await.status(), 200);
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert_eq!(queue["referrals"][0]["flags"]["untriaged"], false, "just arrived");
    let id = queue["referrals"][0]["id"].as_i64().unwrap();
    // 25 hours later, nobody has taken it
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::ReceivedAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(25)))
        .filter(welfare_case::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    // a calmer one, quiet for 15 days, and a fresh one: the flagged come first
    assert_eq!(app.call("welfare/refer", None, &referral("신촌로 6", "", "")).await.status(), 200);
    let mut calm = referral("신촌로 7", "", "");
    calm[3].1 = "whenever".into();
    assert_eq!(app.call("welfare/refer", None, &calm).await.status(), 200);
    let quiet =
        welfare_case::Entity::find().filter(welfare_case::Column::DongCode.eq(SINCHON)).all(&app.db).await.unwrap();
    let quiet_id = quiet.iter().map(|c| c.id).max().unwrap();
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::ReceivedAt, Expr::value(chrono::Utc::now() - chrono::Duration::days(15)))
        .filter(welfare_case::Column::Id.eq(quiet_id))
        .exec(&app.db)
        .await
        .unwrap();
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let order: Vec<i64> = queue["referrals"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(order[..2], [id, quiet_id], "flagged first, urgent before calm: {order:?}");
    assert_eq!(queue["referrals"][0]["flags"]["untriaged"], true);
    assert_eq!(queue["referrals"][1]["flags"]["quiet"], true);
    let page = app.get_with_cookie(&format!("/dongs/{SINCHON}/welfare"), &cookie).await.text().await.unwrap();
    assert!(page.contains("확인이 필요한 사례 2건") && page.contains("24시간 넘게 미배정"), "the team is told");
    // the district's supervisor sees both, and Sinchon's counts
    let supervisor = app.person("구 복지 감독", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor = app.sign_in(supervisor).await;
    let o: Value =
        app.call("welfare/oversight", Some(&supervisor), &[("district", SEODAEMUN.into())]).await.json().await.unwrap();
    let flagged: Vec<i64> = o["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dong_code"] == SINCHON)
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(flagged, [id, quiet_id]);
    let sinchon = o["dongs"].as_array().unwrap().iter().find(|d| d["dong"]["code"] == SINCHON).unwrap();
    assert_eq!((sinchon["open"].as_u64(), sinchon["flagged"].as_u64()), (Some(3), Some(2)), "{sinchon}");
    let page = app.get_with_cookie(&format!("/districts/{SEODAEMUN}/welfare"), &supervisor).await.text().await.unwrap();
    assert!(page.contains("확인이 필요한 사례 (") && page.contains("신촌로 5"), "the supervisor is told");
});

db_test!(a_visiting_list_imports_whole_or_not_at_all, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (_, cookie) = officer_of(&app, SINCHON, "윤복지").await;
    let import = |list: &str| {
        app.call("welfare/visits/import", Some(&cookie), &[("dong", SINCHON.into()), ("list", list.into())])
    };
    let res = import("program,address,due_month\nturning_65,신촌로 1,2027-01\nteen,신촌로 2,2027-01\n").await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["Invalid"]["code"]["rule"]["line"], 3, "the bad line is named: {err}");
    assert_eq!(err["Invalid"]["code"]["field"], "List", "{err}");
    assert_eq!(import("").await.status(), 422);
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert_eq!(queue["due_visits"].as_array().map(Vec::len), Some(0), "nothing of a refused list");
    let res = import("사업,주소,방문월\n70세,신촌로 1,2027-02\n출산가정,\"신촌로 2, 3층\",2027-01\n").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let visits = queue["due_visits"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0]["about"]["due_month"], "2027-01", "by month");
    assert_eq!(visits[0]["place"], "신촌로 2, 3층");
    assert_eq!(queue["referrals"].as_array().map(Vec::len), Some(0), "due visits are not referrals");

    // a whole list at its largest: 2,000 households, each address 200 characters of Hangul
    // (3.6 MB once form-encoded, where any other form may be 64 KiB)
    let mut list = String::from("program,address,due_month\n");
    for n in 0..app::domain::welfare::IMPORT_MAX_ROWS {
        let address = format!("{n:05}{}", "연".repeat(app::domain::welfare::PLACE_MAX - 5));
        list.push_str(&format!("turning_65,{address},2027-03\n"));
    }
    let res = import(&list).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(res.json::<usize>().await.unwrap(), 2_000);
    // the queue pages them, 50 a page, by month: the two of January and February first
    let page = |n: &str| {
        let form = [("dong", SINCHON.to_owned()), ("page", n.to_owned())];
        let call = app.call("welfare/queue", Some(&cookie), &form);
        async move { call.await.json::<Value>().await.unwrap() }
    };
    let first = page("1").await;
    assert_eq!((first["due_total"].as_u64(), first["due_pages"].as_u64()), (Some(2_002), Some(41)));
    let months: Vec<&str> =
        first["due_visits"].as_array().unwrap().iter().map(|l| l["about"]["due_month"].as_str().unwrap()).collect();
    assert_eq!((months.len(), months[0], months[1], months[2]), (50, "2027-01", "2027-02", "2027-03"));
    let last = page("41").await;
    assert_eq!(last["due_visits"].as_array().map(Vec::len), Some(2));
    assert!(last["due_visits"][1]["place"].as_str().unwrap().starts_with("01999"));
    assert_eq!(page("999").await["due_page"], 41, "past the end: the last page");
    assert_eq!(page("0").await["due_page"], 1);
    let html = app.get_with_cookie(&format!("/dongs/{SINCHON}/welfare?page=2"), &cookie).await.text().await.unwrap();
    assert!(html.contains("찾아가는 방문 대상 (2002)") && html.contains("41쪽 중 2쪽"), "the page says where it is");
    assert!(html.contains("?page=3") && html.contains(&format!("/dongs/{SINCHON}/welfare\"")), "previous and next");
});

db_test!(retention_removes_the_personal_fields_and_keeps_the_figures, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use services::entities::{welfare_activity, welfare_case};
    let app = TestApp::spawn(&b).await;
    let (officer, cookie) = officer_of(&app, SINCHON, "한복지").await;
    let actor = services::identity::load_actor(&app.db, officer).await.unwrap();
    let dong = DongCode::parse(SINCHON).unwrap();
    let today = app::domain::ledger::EntryDate::parse(&services::time_fmt::seoul_date(chrono::Utc::now())).unwrap();
    let mut ids = Vec::new();
    for n in 0..6 {
        let r =
            app::domain::welfare::Referral::parse(["food"], "soon", &format!("보존 시험 {n}"), "메모", "010-1", true)
                .unwrap();
        let (id, _) = referrals::submit(&app.db, &app.welfare, &app.key, None, referrals::Channel::Web, &dong, r, None)
            .await
            .unwrap();
        cases::assign(&app.db, actor.as_ref(), id, officer).await.unwrap();
        let visit = cases::Entry::Activity {
            kind: app::domain::welfare::ActivityKind::Visit,
            on: today,
            official: None,
            findings: "방문 기록".into(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), id, visit).await.unwrap();
        let link = cases::Entry::Service {
            service: app::domain::welfare::Service::EmergencySupport,
            on: today,
            findings: String::new(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), id, link).await.unwrap();
        cases::close(&app.db, actor.as_ref(), id, app::domain::welfare::CloseReason::Linked).await.unwrap();
        ids.push(id);
    }
    // the figures of this month, once it is over (the running month is not published)
    let now = chrono::Utc::now();
    let month = services::time_fmt::seoul_date(now)[..7].to_owned();
    let next_month = now + chrono::Duration::days(32);
    let before = figures::of_dong_at(&app.db, &dong, next_month).await.unwrap();
    let this_month = before.months.iter().find(|m| m.month == month).unwrap().clone();
    assert_eq!((this_month.received, this_month.visited, this_month.linked), (Some(6), Some(6), Some(6)));

    // not yet: three years less a day (the demo's older closed case may go: not ours)
    retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 - 1)).await.unwrap();
    let ours = || welfare_case::Entity::find().filter(welfare_case::Column::Id.is_in(ids.clone())).all(&app.db);
    assert!(ours().await.unwrap().iter().all(|c| c.purged_at.is_none() && c.place.is_some()));
    // past three years: every personal field goes, the counts stay
    assert_eq!(retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 + 2)).await.unwrap(), 6);
    let rows =
        welfare_case::Entity::find().filter(welfare_case::Column::Id.is_in(ids.clone())).all(&app.db).await.unwrap();
    for c in &rows {
        assert!(c.needs.is_none() && c.place.is_none() && c.note.is_none() && c.contact.is_none(), "{c:?}");
        assert!(c.purged_at.is_some() && c.visited_at.is_some() && c.linked_at.is_some());
    }
    let log = welfare_activity::Entity::find()
        .filter(welfare_activity::Column::CaseId.is_in(ids.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(log.iter().all(|a| a.findings.is_none()) && !log.is_empty());
    assert_eq!(figures::of_dong_at(&app.db, &dong, next_month).await.unwrap(), before, "the figures are kept");
    let detail: Value =
        app.call("welfare/case", Some(&cookie), &[("id", ids[0].to_string())]).await.json().await.unwrap();
    assert_eq!(detail["line"]["about"]["kind"], "purged");
    assert_eq!(detail["line"]["place"], "");
    // a second run finds nothing more
    assert_eq!(retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 + 3)).await.unwrap(), 0);
});

db_test!(rotating_the_key_keeps_old_cases_readable, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    use services::crypto::WelfareVault;
    use services::entities::{welfare_activity, welfare_case};
    let app = TestApp::spawn(&b).await;
    // only this test's keys hold cases here: the demo's (under the app's key) go first
    let demo: Vec<i64> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::Id)
        .filter(welfare_case::Column::IsDemo.eq(true))
        .into_tuple()
        .all(&app.db)
        .await
        .unwrap();
    welfare_activity::Entity::delete_many()
        .filter(welfare_activity::Column::CaseId.is_in(demo))
        .exec(&app.db)
        .await
        .unwrap();
    welfare_case::Entity::delete_many().filter(welfare_case::Column::IsDemo.eq(true)).exec(&app.db).await.unwrap();
    let officer = app.person("키 교체", None).await;
    app.grant(officer, "welfare_officer", SINCHON).await;
    let actor = services::identity::load_actor(&app.db, officer).await.unwrap();
    let dong = DongCode::parse(SINCHON).unwrap();
    let settings = |spec: &str| WelfareSettings { vault: WelfareVault::from_spec(spec).unwrap(), retention_years: 3 };
    let (old, new) = ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");
    let before = settings(&format!("k1:{old}"));
    let r = app::domain::welfare::Referral::parse(["health"], "soon", "키 교체 시험 주소", "키 교체 메모", "", false)
        .unwrap();
    let (id, _) =
        referrals::submit(&app.db, &before, &app.key, None, referrals::Channel::Web, &dong, r, None).await.unwrap();
    // the new key first, the old one still listed: the case reads
    let both = settings(&format!("k2:{new},k1:{old}"));
    let read = |s: WelfareSettings| {
        let (db, actor) = (app.db.clone(), actor.clone());
        async move { cases::detail(&db, &s, actor.as_ref(), id).await }
    };
    assert_eq!(read(both.clone()).await.unwrap().line.place, "키 교체 시험 주소");
    // the new key alone cannot read it before the re-seal …
    assert!(read(settings(&format!("k2:{new}"))).await.is_err());
    // … and can after it; the old key alone then cannot
    assert_eq!(retention::reseal(&app.db, &both).await.unwrap(), 3, "needs, place, note");
    assert_eq!(retention::reseal(&app.db, &both).await.unwrap(), 0, "nothing left under the old key");
    assert_eq!(read(settings(&format!("k2:{new}"))).await.unwrap().note, "키 교체 메모");
    assert!(read(settings(&format!("k1:{old}"))).await.is_err());
});
