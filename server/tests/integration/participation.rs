//! Resident groups and proposals over real HTTP: the lifecycle, supports under concurrency,
//! comments and replies, reports hiding content and the expert's decisions, posting blocks,
//! stored XSS payloads, and the demo data's counts.

use crate::db_test;
use crate::identity::{MAPO, SEODAEMUN, SINCHON};
use crate::support::{Backend, TestApp, within};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{
    audit_event, comment, group_member, notification, proposal, proposal_event, proposal_support, resident_group,
};

/// A verified resident of Sinchon, signed in: (account, cookie).
pub async fn resident(app: &TestApp, name: &str) -> (i64, String) {
    let id = app.person(name, Some(SINCHON)).await;
    app.verify(id, SINCHON).await;
    (id, app.sign_in(id).await)
}

fn ok(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// A published proposal in Sinchon by a fresh verified resident, made through the services.
pub async fn published_proposal(app: &TestApp, title: &str) -> (i64, i64) {
    use app::domain::proposal::ProposalContent;
    use services::{identity, proposals};
    let author = app.person("제안자", Some(SINCHON)).await;
    app.verify(author, SINCHON).await;
    let actor = identity::load_actor(&app.db, author).await.unwrap().unwrap();
    let content =
        ProposalContent::parse(title, "문제를 설명하는 글입니다.", "해결책을 설명하는 글입니다.", "safety", "", "")
            .unwrap();
    let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
    let id = proposals::create(&app.db, Some(&actor), &dong, content, None).await.unwrap();
    proposals::publish(&app.db, Some(&actor), id).await.unwrap();
    (id, author)
}

/// A comment on a fresh published proposal in Sinchon.
pub async fn fresh_comment(app: &TestApp) -> i64 {
    use services::{identity, proposals};
    let (pid, _) = published_proposal(app, "댓글을 받을 제안").await;
    let writer = app.person("댓글쓴이", Some(SINCHON)).await;
    app.verify(writer, SINCHON).await;
    let actor = identity::load_actor(&app.db, writer).await.unwrap().unwrap();
    proposals::comment(&app.db, Some(&actor), pid, None, "의견입니다").await.unwrap()
}

/// A fresh group in Sinchon, organised by a fresh verified resident.
pub async fn fresh_group(app: &TestApp, membership: &str) -> i64 {
    use app::domain::group::GroupDetails;
    use services::{groups, identity};
    let organiser = app.person("모임지기", Some(SINCHON)).await;
    app.verify(organiser, SINCHON).await;
    let actor = identity::load_actor(&app.db, organiser).await.unwrap().unwrap();
    let details = GroupDetails::parse("동네 모임", "함께 동네를 가꾸는 모임입니다.", "other", "", membership).unwrap();
    groups::create(&app.db, Some(&actor), &app::domain::geo::DongCode::parse(SINCHON).unwrap(), details).await.unwrap()
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let res = match cookie {
        Some(c) => app.get_with_cookie(path, c).await,
        None => app.get(path).await,
    };
    (res.status().as_u16(), res.text().await.unwrap())
}

db_test!(a_proposal_from_draft_to_eligible, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (author, author_cookie) = resident(&app, "김제안").await;
    let (_, other_cookie) = resident(&app, "이이웃").await;

    // bad input is refused with the field named, nothing is stored
    let res = app
        .call(
            "proposals/create",
            Some(&author_cookie),
            &[
                ("dong", SINCHON.into()),
                ("title", "짧음".into()),
                ("problem", "놀이터가 너무 뜨겁습니다.".into()),
                ("solution", "그늘막을 설치합시다.".into()),
                ("category", "children_youth".into()),
                ("cost_won", "".into()),
                ("location", "".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("title"));
    assert_eq!(proposal::Entity::find().filter(proposal::Column::AuthorId.eq(author)).count(&app.db).await.unwrap(), 0);

    let form = |title: &str| {
        vec![
            ("dong", SINCHON.to_owned()),
            ("title", title.to_owned()),
            ("problem", "놀이터가 여름에 너무 뜨겁습니다.".to_owned()),
            ("solution", "그늘막 두 개를 설치합시다.".to_owned()),
            ("category", "children_youth".to_owned()),
            ("cost_won", "1,200,000".to_owned()),
            ("location", "어린이공원".to_owned()),
        ]
    };
    let res = app.call("proposals/create", Some(&author_cookie), &form("놀이터 그늘막 설치")).await;
    assert!(ok(&res), "{}", res.status());
    let id: i64 = res.json().await.unwrap();
    let p = proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((p.status.as_str(), p.cost_won, p.author_id), ("draft", Some(1_200_000), author));

    // a draft is its author's alone
    assert_eq!(page(&app, &format!("/proposals/{id}"), Some(&other_cookie)).await.0, 404);
    assert_eq!(page(&app, &format!("/api/v1/proposals/{id}"), None).await.0, 404);
    let (status, html) = page(&app, &format!("/proposals/{id}"), Some(&author_cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains("공개하기"), "the author is offered to publish");
    let (_, list) = page(&app, &format!("/dongs/{SINCHON}/proposals"), None).await;
    assert!(!list.contains("놀이터 그늘막 설치"));

    // others cannot publish or edit it
    let res = app.call("proposals/publish", Some(&other_cookie), &[("id", id.to_string())]).await;
    assert_eq!(res.status(), 403);
    let res = app.call("proposals/publish", Some(&author_cookie), &[("id", id.to_string())]).await;
    assert!(ok(&res), "{}", res.status());
    let (_, list) = page(&app, &format!("/dongs/{SINCHON}/proposals"), None).await;
    assert!(list.contains("놀이터 그늘막 설치"));

    // editable until the first support
    let mut edit = form("놀이터 그늘막 두 개 설치");
    edit[0] = ("id", id.to_string());
    let res = app.call("proposals/update", Some(&author_cookie), &edit).await;
    assert!(ok(&res), "{}", res.status());
    let res =
        app.call("proposals/support", Some(&other_cookie), &[("id", id.to_string()), ("support", "1".into())]).await;
    assert!(ok(&res), "{}", res.status());
    let res = app.call("proposals/update", Some(&author_cookie), &edit).await;
    assert_eq!(res.status(), 409);

    // the dong's threshold, lowered by staff, makes the proposal eligible at the next support
    let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let res = app
        .call("settings/support_threshold", Some(&staff_cookie), &[("dong", SINCHON.into()), ("threshold", "2".into())])
        .await;
    assert!(ok(&res), "{}", res.status());
    assert_eq!(services::proposals::threshold(&app.db, &dong).await.unwrap().value(), 2);
    // published proposals keep the threshold they were published with
    assert_eq!(proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().support_threshold, 30);
    let (second, _) = published_proposal(&app, "두 번째 제안입니다").await;
    let third_cookie = resident(&app, "박셋째").await.1;
    for c in [&other_cookie, &third_cookie] {
        let res = app.call("proposals/support", Some(c), &[("id", second.to_string()), ("support", "1".into())]).await;
        assert!(ok(&res), "{}", res.status());
    }
    let p = proposal::Entity::find_by_id(second).one(&app.db).await.unwrap().unwrap();
    assert_eq!((p.status.as_str(), p.supports_count), ("eligible", 2));
    let notices = notification::Entity::find()
        .filter(notification::Column::UserId.eq(p.author_id))
        .filter(notification::Column::Kind.eq("proposal_eligible"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(notices, 1, "the author is told once");
    // taking a support back goes below the threshold again
    let res = app
        .call("proposals/support", Some(&third_cookie), &[("id", second.to_string()), ("support", "0".into())])
        .await;
    assert!(ok(&res), "{}", res.status());
    let p = proposal::Entity::find_by_id(second).one(&app.db).await.unwrap().unwrap();
    assert_eq!((p.status.as_str(), p.supports_count), ("published", 1));
    let (_, html) = page(&app, &format!("/proposals/{second}"), None).await;
    assert!(html.contains("공감 기준 도달") && html.contains("공감 철회로 기준 아래"), "the timeline shows both");

    // withdrawal needs the confirmation box
    let res = app.call("proposals/withdraw", Some(&author_cookie), &[("id", id.to_string())]).await;
    assert_eq!(res.status(), 422);
    let res =
        app.call("proposals/withdraw", Some(&author_cookie), &[("id", id.to_string()), ("confirm", "on".into())]).await;
    assert!(ok(&res), "{}", res.status());
    let p = proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(p.status.as_str(), "withdrawn");
    // and then it takes no more supports
    let res =
        app.call("proposals/support", Some(&third_cookie), &[("id", id.to_string()), ("support", "1".into())]).await;
    assert_eq!(res.status(), 409);
});

db_test!(a_hundred_residents_supporting_twice_make_a_hundred_supports, |backend: Backend| async move {
    use app::domain::identity::TokenScope;
    use services::identity;
    let app = TestApp::spawn(&backend).await;
    let (id, author) = published_proposal(&app, "동시에 공감받는 제안").await;
    let mut tokens = Vec::new();
    for i in 0..100 {
        let person = app.person(&format!("주민{i}"), Some(SINCHON)).await;
        app.verify(person, SINCHON).await;
        let actor = identity::load_actor(&app.db, person).await.unwrap().unwrap();
        tokens.push(identity::create_token(&app.db, &actor, "t".into(), TokenScope::ReadWrite).await.unwrap());
    }
    // every resident supports twice, all 200 requests at once
    let mut requests = Vec::new();
    for token in tokens.iter().chain(tokens.iter()) {
        let req = app.client.post(app.url(&format!("/api/v1/proposals/{id}/support"))).bearer_auth(token).send();
        requests.push(tokio::spawn(async move { within("support", req).await.unwrap().status() }));
    }
    for r in requests {
        assert_eq!(r.await.unwrap(), 204);
    }
    let rows = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 100);
    let p = proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(p.supports_count, 100, "the count equals the rows");
    assert_eq!(p.status.as_str(), "eligible");
    let reached = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(id))
        .filter(proposal_event::Column::Event.eq("reach_threshold"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(reached, 1, "the threshold is reached once");
    let told =
        notification::Entity::find().filter(notification::Column::UserId.eq(author)).count(&app.db).await.unwrap();
    assert_eq!(told, 1);
    // and the page shows what the rows say
    let (_, html) = page(&app, &format!("/proposals/{id}"), None).await;
    assert!(html.contains("공감 100 / 30명"), "the page shows the count");
    let api: serde_json::Value = app.get(&format!("/api/v1/proposals/{id}")).await.json().await.unwrap();
    assert_eq!(api["summary"]["supports_count"], 100);
});

db_test!(stored_script_payloads_render_inert, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, cookie) = resident(&app, "XSS 시험").await;
    let payloads = [
        "<script>alert('xss-title')</script>",
        "<img src=x onerror=alert('xss-img')>",
        "[click](javascript:alert('xss-link'))",
        "<svg onload=alert('xss-svg')>",
        "\"><script>alert('xss-attr')</script>",
        "</script><script>alert('xss-break')</script>",
    ];
    let all = payloads.join(" ");
    let res = app
        .call(
            "groups/create",
            Some(&cookie),
            &[
                ("dong", SINCHON.into()),
                ("name", format!("모임 {}", payloads[0])),
                ("purpose", all.clone()),
                ("category", "other".into()),
                ("meeting_pattern", payloads[1].into()),
                ("membership", "open".into()),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let group: i64 = res.json().await.unwrap();
    let res = app
        .call(
            "proposals/create",
            Some(&cookie),
            &[
                ("dong", SINCHON.into()),
                ("title", format!("제안 {}", payloads[4])),
                ("problem", all.clone()),
                ("solution", all.clone()),
                ("category", "other".into()),
                ("cost_won", "".into()),
                ("location", payloads[5].into()),
                ("group_id", group.to_string()),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let id: i64 = res.json().await.unwrap();
    assert!(ok(&app.call("proposals/publish", Some(&cookie), &[("id", id.to_string())]).await));
    let res =
        app.call("proposals/comment", Some(&cookie), &[("proposal_id", id.to_string()), ("body", all.clone())]).await;
    assert!(ok(&res), "{}", res.status());

    for path in [
        format!("/proposals/{id}"),
        format!("/groups/{group}"),
        format!("/dongs/{SINCHON}/proposals"),
        format!("/dongs/{SINCHON}/groups"),
        format!("/districts/{SEODAEMUN}/proposals"),
    ] {
        for c in [None, Some(cookie.as_str())] {
            let (status, html) = page(&app, &path, c).await;
            assert_eq!(status, 200, "{path}");
            let lower = html.to_lowercase();
            // anything that would be markup: a script, an element with a handler, a javascript: URL
            // in an attribute (escaped text such as `&lt;img onerror=…&gt;` is inert)
            for bad in ["<script>alert(", "<img", "<svg", "<iframe", "\"javascript:", "'javascript:", "=javascript:"] {
                if let Some(at) = lower.find(bad) {
                    let from = lower.floor_char_boundary(at.saturating_sub(300));
                    let to = lower.ceil_char_boundary((at + 100).min(lower.len()));
                    panic!("{path} contains {bad}: …{}…", &lower[from..to]);
                }
            }
            assert!(html.contains("xss-"), "{path}: the payload is shown as text");
        }
    }
});

db_test!(three_reports_hide_a_comment_until_the_expert_restores_it, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let cid = fresh_comment(&app).await;
    let c = comment::Entity::find_by_id(cid).one(&app.db).await.unwrap().unwrap();
    let report = |cookie: String| {
        app.call(
            "report",
            Some(&cookie),
            &[("kind", "comment".into()), ("id", cid.to_string()), ("reason", "offensive".into())],
        )
    };
    let mut cookies = Vec::new();
    for i in 0..3 {
        // only verified residents of the comment's dong count toward hiding it (reports.rs has
        // the accounts that do not)
        cookies.push(resident(&app, &format!("신고자{i}")).await.1);
    }
    assert!(ok(&report(cookies[0].clone()).await));
    assert_eq!(report(cookies[0].clone()).await.status(), 409, "one report per person");
    assert!(ok(&report(cookies[1].clone()).await));
    assert!(!comment::Entity::find_by_id(cid).one(&app.db).await.unwrap().unwrap().hidden, "two are not enough");
    assert!(ok(&report(cookies[2].clone()).await));
    assert!(comment::Entity::find_by_id(cid).one(&app.db).await.unwrap().unwrap().hidden);
    let (_, html) = page(&app, &format!("/proposals/{}", c.proposal_id), None).await;
    assert!(html.contains("검토를 기다리는 동안 가려졌습니다") && !html.contains("의견입니다"));

    // only the district's expert decides
    let decide = |cookie: String, decision: &'static str| {
        app.call(
            "moderate",
            Some(&cookie),
            &[
                ("kind", "comment".into()),
                ("id", cid.to_string()),
                ("decision", decision.into()),
                ("public_reason", "검토 결과 문제가 없었습니다".into()),
            ],
        )
    };
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let mapo_expert = app.person("마포 전문가", None).await;
    app.grant(mapo_expert, "expert", MAPO).await;
    let expert = app.person("서대문 전문가", None).await;
    app.grant(expert, "expert", SEODAEMUN).await;
    assert_eq!(decide(app.sign_in(staff).await, "restore").await.status(), 403);
    assert_eq!(decide(app.sign_in(mapo_expert).await, "restore").await.status(), 403);
    let expert_cookie = app.sign_in(expert).await;
    let (_, queue) = page(&app, &format!("/expert/{SEODAEMUN}"), Some(&expert_cookie)).await;
    assert!(queue.contains("의견입니다") && queue.contains("모욕"), "the queue shows the item and the reasons");
    assert!(ok(&decide(expert_cookie.clone(), "restore").await));

    let c = comment::Entity::find_by_id(cid).one(&app.db).await.unwrap().unwrap();
    assert!(!c.hidden);
    let (_, html) = page(&app, &format!("/proposals/{}", c.proposal_id), None).await;
    assert!(html.contains("의견입니다") && html.contains("검토 결과 문제가 없었습니다"));
    let (_, queue) = page(&app, &format!("/expert/{SEODAEMUN}"), Some(&expert_cookie)).await;
    assert!(!queue.contains("의견입니다"), "the reports are closed");
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("moderation.restored"))
        .filter(audit_event::Column::ActorId.eq(expert))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let told = notification::Entity::find()
        .filter(notification::Column::UserId.eq(c.author_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.as_str().to_owned())
        .collect::<Vec<_>>();
    assert!(told.contains(&"content_hidden".to_owned()) && told.contains(&"content_restored".to_owned()), "{told:?}");
});

db_test!(a_block_stops_posting_in_the_district, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (pid, _) = published_proposal(&app, "차단을 시험하는 제안").await;
    let (person, cookie) = resident(&app, "문제주민").await;
    let expert = app.person("전문가", None).await;
    app.grant(expert, "expert", SEODAEMUN).await;
    let expert_cookie = app.sign_in(expert).await;
    let res = app
        .call(
            "moderate/restrict",
            Some(&expert_cookie),
            &[
                ("district", SEODAEMUN.into()),
                ("user_id", person.to_string()),
                ("kind", "block".into()),
                ("days", "7".into()),
                ("public_reason", "반복된 욕설로 7일간 제한합니다".into()),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let res = app
        .call("proposals/comment", Some(&cookie), &[("proposal_id", pid.to_string()), ("body", "또 씁니다".into())])
        .await;
    assert_eq!(res.status(), 403, "blocked from posting");
    // supporting is not posting
    let res = app.call("proposals/support", Some(&cookie), &[("id", pid.to_string()), ("support", "1".into())]).await;
    assert!(ok(&res), "{}", res.status());
    let (_, html) = page(&app, "/notifications", Some(&cookie)).await;
    assert!(html.contains("반복된 욕설로 7일간 제한합니다"), "the person is told why");
});

db_test!(groups_members_and_organisers, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (organiser, org_cookie) = resident(&app, "정모임").await;
    let res = app
        .call(
            "groups/create",
            Some(&org_cookie),
            &[
                ("dong", SINCHON.into()),
                ("name", "어르신 말벗".into()),
                ("purpose", "혼자 지내시는 어르신께 전화를 드립니다.".into()),
                ("category", "care_sharing".into()),
                ("meeting_pattern", "매주 수요일".into()),
                ("membership", "approval".into()),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let gid: i64 = res.json().await.unwrap();
    let (member, member_cookie) = resident(&app, "한회원").await;

    // an unverified person cannot join
    let stranger = app.person("나그네", Some(SINCHON)).await;
    let res = app.call("groups/join", Some(&app.sign_in(stranger).await), &[("group_id", gid.to_string())]).await;
    assert_eq!(res.status(), 403);

    // by approval: pending until an organiser approves; joining twice changes nothing
    for _ in 0..2 {
        assert!(ok(&app.call("groups/join", Some(&member_cookie), &[("group_id", gid.to_string())]).await));
    }
    let g = resident_group::Entity::find_by_id(gid).one(&app.db).await.unwrap().unwrap();
    assert_eq!(g.members_count, 1);
    let manage = |cookie: String, decision: &'static str| {
        app.call(
            "groups/member",
            Some(&cookie),
            &[("group_id", gid.to_string()), ("user_id", member.to_string()), ("decision", decision.into())],
        )
    };
    assert_eq!(manage(member_cookie.clone(), "approve").await.status(), 403, "members do not approve themselves");
    assert!(ok(&manage(org_cookie.clone(), "approve").await));
    let g = resident_group::Entity::find_by_id(gid).one(&app.db).await.unwrap().unwrap();
    assert_eq!(g.members_count, 2);

    // member names for members only
    let (_, public) = page(&app, &format!("/groups/{gid}"), None).await;
    assert!(public.contains("정모임"), "organisers are public");
    assert!(!public.contains("한회원"), "members are not");
    let (_, inside) = page(&app, &format!("/groups/{gid}"), Some(&member_cookie)).await;
    assert!(inside.contains("한회원"));

    // the last organiser cannot leave; with a second organiser they can
    let res = app.call("groups/leave", Some(&org_cookie), &[("group_id", gid.to_string())]).await;
    assert_eq!(res.status(), 409);
    assert!(ok(&manage(org_cookie.clone(), "organiser").await));
    assert!(ok(&app.call("groups/leave", Some(&org_cookie), &[("group_id", gid.to_string())]).await));
    let rows = group_member::Entity::find().filter(group_member::Column::GroupId.eq(gid)).count(&app.db).await.unwrap();
    let g = resident_group::Entity::find_by_id(gid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((rows, g.members_count), (1, 1));
    let _ = organiser;

    // staff register the group with the center
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let res = app
        .call(
            "groups/register",
            Some(&app.sign_in(staff).await),
            &[("group_id", gid.to_string()), ("registered", "1".into())],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let (_, html) = page(&app, &format!("/dongs/{SINCHON}/groups"), None).await;
    assert!(html.contains("주민센터 등록 모임"));
});

db_test!(demo_data_counts_equal_their_rows, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    server::setup::load_demo(&app.db, &app.key, &services::crypto::WelfareVault::derived(&app.key)).await.unwrap();
    let proposals = proposal::Entity::find().all(&app.db).await.unwrap();
    assert!(proposals.len() >= 40, "{} demo proposals", proposals.len());
    let statuses: std::collections::HashSet<_> = proposals.iter().map(|p| p.status).collect();
    assert_eq!(statuses.len(), 9, "every stage: {statuses:?}");
    for p in &proposals {
        let supports = proposal_support::Entity::find()
            .filter(proposal_support::Column::ProposalId.eq(p.id))
            .count(&app.db)
            .await
            .unwrap();
        let comments =
            comment::Entity::find().filter(comment::Column::ProposalId.eq(p.id)).count(&app.db).await.unwrap();
        assert_eq!((p.supports_count as u64, p.comments_count as u64), (supports, comments), "proposal {}", p.id);
    }
    for g in resident_group::Entity::find().all(&app.db).await.unwrap() {
        let members = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(g.id))
            .filter(group_member::Column::State.eq("active"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(g.members_count as u64, members, "group {}", g.id);
    }
    // loading again adds nothing
    server::setup::load_demo(&app.db, &app.key, &services::crypto::WelfareVault::derived(&app.key)).await.unwrap();
    assert_eq!(proposal::Entity::find().count(&app.db).await.unwrap(), proposals.len() as u64);
    // and the district's pages show them, in both languages
    let (status, html) = page(&app, &format!("/districts/{SEODAEMUN}/proposals?sort=supports"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("놀이터에 그늘막을 설치해 주세요") || html.contains("주민센터 옥상"));
    let res = app.get_with_cookie(&format!("/districts/{SEODAEMUN}/groups"), "lang=en").await;
    assert!(res.text().await.unwrap().contains("resident groups"));
});
