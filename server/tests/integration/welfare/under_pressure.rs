//! The team's routes under concurrency and malformed input: many officials on one case at
//! once, a burst of referrals from one address, and bad input from inside the team.

use super::*;

// ---- under concurrency ----------------------------------------------------------------------

/// Sends every request at once (each on its own task) and counts the answers by status.
async fn at_once(
    calls: impl IntoIterator<Item = impl std::future::Future<Output = reqwest::Response> + Send + 'static>,
) -> std::collections::BTreeMap<u16, usize> {
    let tasks: Vec<_> = calls.into_iter().map(tokio::spawn).collect();
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap().status().as_u16()).or_insert(0) += 1;
    }
    statuses
}

/// How many audit events of `action` name case `id`.
async fn audited(app: &TestApp, action: &str, id: i64) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use services::entities::audit_event;
    let events = audit_event::Entity::find().filter(audit_event::Column::Action.eq(action)).all(&app.db).await.unwrap();
    events.iter().filter(|e| e.detail.contains(&format!("\"case\":{id}"))).count()
}

db_test!(a_hundred_officials_at_once_on_one_case_leave_it_whole, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use services::entities::{welfare_activity, welfare_case};
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (kim, kim_cookie) = officer_of(&app, SINCHON, "동시 김").await;
    let (lee, lee_cookie) = officer_of(&app, SINCHON, "동시 이").await;
    let cookies = [kim_cookie, lee_cookie];

    // 100 assigns (half to each official, by each other): taking a received case, or handing an
    // assigned one over, is legal, so every answer is a success or "the case changed" — and the
    // case ends with one of the two, its log of hand-overs as long as the successes
    let assigns = (0..100).map(|n| {
        let official = if n % 2 == 0 { kim } else { lee };
        app.call(
            "welfare/case/assign",
            Some(&cookies[n % 2]),
            &[("id", case.to_string()), ("official", official.to_string())],
        )
    });
    let statuses = at_once(assigns).await;
    assert!(statuses.keys().all(|s| [200, 409].contains(s)), "{statuses:?}");
    let won = statuses.get(&200).copied().unwrap_or_default();
    assert!(won >= 1, "{statuses:?}");
    let row = welfare_case::Entity::find_by_id(case).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.stage.as_str(), "assigned");
    assert!(row.assignee_id == Some(kim) || row.assignee_id == Some(lee), "{row:?}");
    assert_eq!(audited(&app, "welfare.case_assigned", case).await, won, "one audit event per success");

    // 99 entries in the log and one close, all at once: the close wins once; every entry that
    // answered 200 is in the log and none came after the close
    let today = services::time_fmt::seoul_date(chrono::Utc::now());
    let mut calls = Vec::new();
    for n in 0..100 {
        let cookie = Some(cookies[n % 2].as_str());
        calls.push(if n == 50 {
            app.call(
                "welfare/case/close",
                cookie,
                &[("id", case.to_string()), ("reason", "no_need".into()), ("confirm", "on".into())],
            )
        } else {
            app.call(
                "welfare/case/record",
                cookie,
                &[
                    ("id", case.to_string()),
                    ("kind", "contact_attempt".into()),
                    ("on_date", today.clone()),
                    ("findings", format!("동시 기록 {n}")),
                ],
            )
        });
    }
    let statuses = at_once(calls).await;
    assert!(statuses.keys().all(|s| [200, 409].contains(s)), "{statuses:?}");
    let recorded = welfare_activity::Entity::find()
        .filter(welfare_activity::Column::CaseId.eq(case))
        .count(&app.db)
        .await
        .unwrap() as usize;
    assert_eq!(statuses.get(&200).copied().unwrap_or_default(), recorded + 1, "every success kept: {statuses:?}");
    assert_eq!(audited(&app, "welfare.case_activity", case).await, recorded);
    assert_eq!(audited(&app, "welfare.case_closed", case).await, 1);
    let row = welfare_case::Entity::find_by_id(case).one(&app.db).await.unwrap().unwrap();
    let closed = row.closed_at.expect("closed");
    let log =
        welfare_activity::Entity::find().filter(welfare_activity::Column::CaseId.eq(case)).all(&app.db).await.unwrap();
    assert!(log.iter().all(|a| a.recorded_at <= closed), "nothing recorded after the close");
    // each entry's sealed findings still open under its own row
    let detail: Value =
        app.call("welfare/case", Some(&cookies[0]), &[("id", case.to_string())]).await.json().await.unwrap();
    let findings: std::collections::BTreeSet<&str> =
        detail["activities"].as_array().unwrap().iter().filter_map(|a| a["findings"].as_str()).collect();
    assert_eq!(findings.len(), recorded, "{detail}");
    assert!(findings.iter().all(|f| f.starts_with("동시 기록 ")));

    // 100 closes of a fresh case at once: exactly one
    let (fresh, _) = crate::authz::referral_in_sinchon(&app).await;
    let closes = (0..100).map(|n| {
        app.call(
            "welfare/case/close",
            Some(&cookies[n % 2]),
            &[("id", fresh.to_string()), ("reason", "duplicate".into()), ("confirm", "on".into())],
        )
    });
    let statuses = at_once(closes).await;
    assert_eq!(statuses, [(200, 1), (409, 99)].into(), "exactly one close");
    assert_eq!(audited(&app, "welfare.case_closed", fresh).await, 1);
});

db_test!(a_hundred_referrals_at_once_from_one_address_keep_the_limit, async |b: Backend| {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use services::entities::welfare_case;
    let app = TestApp::spawn(&b).await;
    let before = welfare_case::Entity::find().count(&app.db).await.unwrap();
    let calls = (0..100).map(|n| app.call("welfare/refer", None, &referral(&format!("동시 신고 {n}"), "", "")));
    let statuses = at_once(calls).await;
    assert_eq!(statuses, [(200, 30), (429, 70)].into(), "30 in the window, the rest told to wait");
    let after = welfare_case::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(after - before, 30, "a refused referral leaves no case");
    // the limit is per address: counter referrals by the team are not limited by it
    let (_, cookie) = officer_of(&app, SINCHON, "창구 복지").await;
    let mut form = referral("창구 신고", "", "");
    form.push(("channel", "counter".into()));
    let res = app.call("welfare/refer", Some(&cookie), &form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let taken = welfare_case::Entity::find()
        .filter(welfare_case::Column::DongCode.eq(SINCHON))
        .filter(welfare_case::Column::Origin.eq("counter"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(taken, 1);
});

// ---- malformed input from inside the team ---------------------------------------------------

/// A server function, the form sent to it, and the statuses it may answer.
type Malformed = (&'static str, Vec<(&'static str, String)>, &'static [u16]);

db_test!(the_team_s_routes_refuse_malformed_input_without_a_server_error, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (officer, cookie) = officer_of(&app, SINCHON, "형식 시험").await;
    let (stranger, _) = officer_of(&app, BUGAHYEON, "다른 동 담당").await;
    app.call("welfare/case/assign", Some(&cookie), &[("id", case.to_string()), ("official", officer.to_string())])
        .await;
    let ids = ["abc", "", " ", "-1", "0", "1.5", "99999999999999999999999", "9223372036854775807", "1e3", "١٢"];
    let dates = ["", "2026-13-45", "2026-02-30", "9999-12-31", "0000-01-01", "yesterday", "2026/01/01"];
    // a field past its limit (422), and a form past the 64 KiB any form may be (413)
    let over = "가".repeat(app::domain::welfare::FINDINGS_MAX + 1);
    let long = "가".repeat(20_000);
    let mut calls: Vec<Malformed> = Vec::new();
    for id in ids {
        // an id that is not a case is "not found", whatever it looks like
        calls.push(("welfare/case", vec![("id", id.into())], &[404]));
        calls.push(("welfare/case/assign", vec![("id", id.into()), ("official", officer.to_string())], &[404]));
        calls.push((
            "welfare/case/close",
            vec![("id", id.into()), ("reason", "no_need".into()), ("confirm", "on".into())],
            &[404],
        ));
    }
    let record = |on: &str, kind: &str, official: &str, findings: &str| {
        vec![
            ("id", case.to_string()),
            ("kind", kind.to_owned()),
            ("on_date", on.to_owned()),
            ("official", official.to_owned()),
            ("findings", findings.to_owned()),
        ]
    };
    let today = services::time_fmt::seoul_date(chrono::Utc::now());
    for on in dates {
        calls.push(("welfare/case/record", record(on, "visit", "", ""), &[422]));
    }
    for (kind, official, findings) in [
        ("teleport", "", ""),
        ("", "", ""),
        ("visit", "abc", ""),
        ("visit", "-1", ""),
        ("visit", &stranger.to_string(), ""),
        ("visit", "", &over),
        ("service", "", ""),
    ] {
        calls.push(("welfare/case/record", record(&today, kind, official, findings), &[422]));
    }
    calls.push(("welfare/case/record", record(&today, "visit", "", &long), &[413]));
    let mut service = record(&today, "service", "", "");
    service.push(("service", "lottery".into()));
    calls.push(("welfare/case/record", service, &[422]));
    for (official, expect) in [("abc", &[422][..]), ("", &[422]), (&stranger.to_string(), &[422]), ("-5", &[422])] {
        calls.push(("welfare/case/assign", vec![("id", case.to_string()), ("official", official.into())], expect));
    }
    for reason in ["", "bored", "linked"] {
        let expect: &[u16] = if reason == "linked" { &[409] } else { &[422] };
        calls.push((
            "welfare/case/close",
            vec![("id", case.to_string()), ("reason", reason.into()), ("confirm", "on".into())],
            expect,
        ));
    }
    calls.push(("welfare/case/close", vec![("id", case.to_string()), ("reason", "no_need".into())], &[422]));
    for dong in ["", "abc", "0000000000", "11410", "1141058500'--", "99999999999"] {
        let expect: &[u16] = &[400, 403, 404, 422];
        calls.push(("welfare/queue", vec![("dong", dong.into())], expect));
        calls.push(("welfare/figures", vec![("dong", dong.into())], expect));
        calls.push((
            "welfare/visits/import",
            vec![("dong", dong.into()), ("list", "program,address,due_month\n".into())],
            expect,
        ));
    }
    let rows = |n: usize| {
        let mut s = String::from("program,address,due_month\n");
        for i in 0..n {
            s.push_str(&format!("turning_65,연희로 {i},2027-01\n"));
        }
        s
    };
    for list in [
        String::new(),
        "\u{feff}".into(),
        "program,address,due_month".into(),
        "program,address,due_month\nturning_65,\"unterminated,2027-01\n".into(),
        "program,address,due_month\nturning_65,연희로 1,2027-13\n".into(),
        "program,address,due_month\nturning_65,,2027-01\n".into(),
        format!("program,address,due_month\nturning_65,{long},2027-01\n"),
        "a,b\n\0\0\0".into(),
        rows(2_001),
    ] {
        calls.push(("welfare/visits/import", vec![("dong", SINCHON.into()), ("list", list)], &[422]));
    }
    for receipt in ["", "WB-", "WB-0000-0000-00", "💥", &over] {
        calls.push(("welfare/status", vec![("receipt", receipt.into())], &[422, 429]));
    }
    calls.push(("welfare/status", vec![("receipt", long.clone())], &[413]));
    for district in ["", "abc", "99999", "11410'--"] {
        calls.push(("welfare/oversight", vec![("district", district.into())], &[400, 403, 404, 422]));
    }
    let mut failures = Vec::new();
    for (endpoint, form, expect) in &calls {
        let res = app.call(endpoint, Some(&cookie), form).await;
        let status = res.status().as_u16();
        if !expect.contains(&status) {
            let shown: Vec<String> =
                form.iter().map(|(k, v)| format!("{k}={}", v.chars().take(40).collect::<String>())).collect();
            failures.push(format!(
                "{endpoint} {shown:?} → {status} (expected {expect:?}) {}",
                res.text().await.unwrap_or_default()
            ));
        }
    }
    // bodies past what a route takes are refused: the visiting list past its 4 MiB, any other
    // form past 64 KiB (the 3.6 MB list of the test above is taken)
    let addr = app.base.trim_start_matches("http://").to_owned();
    for (path, length) in [
        ("/sf/welfare/visits/import", app::api::welfare::VISIT_LIST_BODY_LIMIT + 1),
        ("/sf/welfare/case/record", 64 * 1024 + 1),
    ] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
        );
        let answer = crate::support::raw::post_body(&addr, &head, length).await;
        if crate::support::raw::status(&answer) != 413 {
            failures.push(format!("{path} announcing {length} bytes → {}", answer.lines().next().unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} of {} calls:\n{}", failures.len(), calls.len(), failures.join("\n"));
    // the case is as it was: assigned, nothing recorded, still open
    let detail: Value =
        app.call("welfare/case", Some(&cookie), &[("id", case.to_string())]).await.json().await.unwrap();
    assert_eq!(
        (detail["line"]["stage"].as_str(), detail["activities"].as_array().map(Vec::len)),
        (Some("assigned"), Some(0))
    );
});
