//! Resident assemblies over real HTTP: who may vote (the server refuses the ineligible, not only
//! the page), one ballot per resident and item under heavy concurrency, and the schema's proof
//! that a secret ballot cannot be joined to its voter.

use crate::db_test;
use crate::identity::{BUGAHYEON, SINCHON};
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, NewItem};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use services::entities::{open_ballot, participation, sealed_ballot, secret_ballot};
use services::{assemblies, identity};

fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

/// Center staff of Sinchon, as an actor.
pub(crate) async fn staff(app: &TestApp) -> Actor {
    let id = app.person("신촌동 직원", None).await;
    app.grant(id, "center_staff", SINCHON).await;
    identity::load_actor(&app.db, id).await.unwrap().unwrap()
}

/// A draft assembly in Sinchon with one single-choice item, by fresh staff: (assembly, item).
pub async fn draft_assembly(app: &TestApp) -> (i64, i64) {
    let staff = staff(app).await;
    let details =
        AssemblyDetails::parse("행렬 시험 총회", "", "신촌동 주민센터", "", "2026-12-05T14:00", "2026-12-05T16:00")
            .unwrap();
    let id = assemblies::create(&app.db, Some(&staff), &sinchon(), details).await.unwrap();
    let item = NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap();
    let item = assemblies::add_item(&app.db, Some(&staff), id, item).await.unwrap();
    (id, item)
}

/// An item open for online voting in Sinchon, and its first option: (item, option).
pub async fn open_item(app: &TestApp) -> (i64, i64) {
    let staff = staff(app).await;
    let (_, items) = open_assembly(app, &staff).await;
    (items[0], options_of(app, items[0]).await[0])
}

/// An assembly in Sinchon moved to `status` (`in_session` or `closed`): (assembly, first item).
pub async fn assembly_at(app: &TestApp, status: &str) -> (i64, i64) {
    let staff = staff(app).await;
    let (id, items) = open_assembly(app, &staff).await;
    assemblies::advance(&app.db, &app.seal(), Some(&staff), id, AssemblyEvent::OpenSession, true).await.unwrap();
    if status == "closed" {
        assemblies::advance(&app.db, &app.seal(), Some(&staff), id, AssemblyEvent::Close, true).await.unwrap();
    }
    (id, items[0])
}

/// An assembly in Sinchon with a single-choice item and an approval item, announced and open for
/// pre-voting: (assembly, [items]).
pub(crate) async fn open_assembly(app: &TestApp, staff: &Actor) -> (i64, Vec<i64>) {
    let details = AssemblyDetails::parse(
        "2026 신촌동 주민총회",
        "올해 마을 계획을 정합니다.",
        "신촌동 주민센터 3층 회의실",
        "2026-12-01T09:00",
        "2026-12-05T14:00",
        "2026-12-05T16:00",
    )
    .unwrap();
    let id = assemblies::create(&app.db, Some(staff), &sinchon(), details).await.unwrap();
    let single = NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap();
    let approval = NewItem::parse("approval", "공원에 둘 시설", "", "벤치\n그늘막\n운동기구", "2", "", "").unwrap();
    let items = vec![
        assemblies::add_item(&app.db, Some(staff), id, single).await.unwrap(),
        assemblies::add_item(&app.db, Some(staff), id, approval).await.unwrap(),
    ];
    assemblies::advance(&app.db, &app.seal(), Some(staff), id, AssemblyEvent::Announce, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(staff), id, AssemblyEvent::OpenPreVoting, true).await.unwrap();
    (id, items)
}

/// The options of an item, by position.
pub(crate) async fn options_of(app: &TestApp, item: i64) -> Vec<i64> {
    use sea_orm::QueryOrder;
    use services::entities::agenda_option;
    agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item))
        .order_by_asc(agenda_option::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect()
}

pub(crate) async fn ballot(app: &TestApp, token: &str, item: i64, body: serde_json::Value) -> reqwest::Response {
    within(
        "ballot",
        app.client.post(app.url(&format!("/api/v1/agenda-items/{item}/ballot"))).bearer_auth(token).json(&body).send(),
    )
    .await
    .unwrap()
}

/// `n` verified residents of `dong` born in `birth_year`, with read-write tokens, made in bulk.
pub(crate) async fn voters(app: &TestApp, dong: &str, n: usize, birth_year: i32) -> Vec<String> {
    voters_with_ids(app, dong, n, birth_year).await.into_iter().map(|(_, token)| token).collect()
}

/// As `voters`, with each resident's account number: (user id, token), by account number.
pub(crate) async fn voters_with_ids(app: &TestApp, dong: &str, n: usize, birth_year: i32) -> Vec<(i64, String)> {
    use app::domain::identity::TokenScope;
    use sea_orm::{QueryOrder, Set};
    use services::entities::{residency, user};
    let first =
        user::Entity::find().order_by_desc(user::Column::Id).one(&app.db).await.unwrap().map_or(0, |u| u.id) + 1;
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let users = chunk.iter().map(|i| user::ActiveModel {
            display_name: Set(format!("주민 {i}")),
            birth_year: Set(Some(birth_year)),
            is_demo: Set(false),
            created_at: Set(chrono::Utc::now()),
            home_dong_code: Set(Some(dong.to_owned())),
            stay_signed_in: Set(false),
            ..Default::default()
        });
        user::Entity::insert_many(users).exec(&app.db).await.unwrap();
    }
    let ids: Vec<i64> = user::Entity::find()
        .filter(user::Column::Id.gte(first))
        .order_by_asc(user::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(ids.len(), n);
    for chunk in ids.chunks(200) {
        let rows = chunk.iter().map(|id| residency::ActiveModel {
            user_id: Set(*id),
            dong_code: Set(dong.to_owned()),
            method: Set(app::domain::identity::VerificationMethod::IdCard.into()),
            verified_by: Set(None),
            verified_at: Set(chrono::Utc::now()),
            expires_at: Set(None),
            ended_at: Set(None),
            ended_by: Set(None),
            ..Default::default()
        });
        residency::Entity::insert_many(rows).exec(&app.db).await.unwrap();
    }
    let mut tokens = Vec::with_capacity(n);
    for id in ids {
        let actor = identity::load_actor(&app.db, id).await.unwrap().unwrap();
        tokens.push((id, identity::create_token(&app.db, &actor, "vote".into(), TokenScope::ReadWrite).await.unwrap()));
    }
    tokens
}

db_test!(a_thousand_residents_voting_three_times_at_once_make_a_thousand_ballots, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff = staff(&app).await;
    let (assembly, items) = open_assembly(&app, &staff).await;
    let tokens = voters(&app, SINCHON, 1000, 1980).await;
    let single_options = options_of(&app, items[0]).await;
    let approval_options = options_of(&app, items[1]).await;

    // every resident sends each ballot three times, all at once (at most 64 requests in flight)
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        for _ in 0..3 {
            for (item, body) in [
                (items[0], serde_json::json!({ "options": [single_options[n % 2]] })),
                (items[1], serde_json::json!({ "options": [approval_options[0], approval_options[1 + n % 2]] })),
            ] {
                let (client, url, token, limit) = (
                    app.client.clone(),
                    app.url(&format!("/api/v1/agenda-items/{item}/ballot")),
                    token.clone(),
                    limit.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    let _permit = limit.acquire_owned().await.unwrap();
                    let res = within("ballot", client.post(url).bearer_auth(token).json(&body).send()).await.unwrap();
                    res.status().as_u16()
                }));
            }
        }
    }
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap()).or_insert(0) += 1;
    }
    // one of each resident's three sends per item is recorded; the others are told they voted
    assert_eq!(statuses, [(201, 2000), (409, 4000)].into(), "{statuses:?}");
    let count_rows = |item: i64| {
        let db = app.db.clone();
        async move {
            let participations =
                participation::Entity::find().filter(participation::Column::ItemId.eq(item)).count(&db).await.unwrap();
            let sealed =
                sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.eq(item)).count(&db).await.unwrap();
            let open =
                secret_ballot::Entity::find().filter(secret_ballot::Column::ItemId.eq(item)).count(&db).await.unwrap();
            (participations, sealed, open)
        }
    };
    // until the close the ballots are sealed
    for item in &items {
        assert_eq!(count_rows(*item).await, (1000, 1000, 0), "item {item}");
    }
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::OpenSession, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::Close, true).await.unwrap();
    // the close opened every one of them
    for item in &items {
        assert_eq!(count_rows(*item).await, (1000, 0, 1000), "item {item}");
    }
    // the choices are what was sent: half and half on the single choice
    let first = serde_json::json!({ "Options": [single_options[0]] }).to_string();
    let chose_first = secret_ballot::Entity::find()
        .filter(secret_ballot::Column::ItemId.eq(items[0]))
        .filter(secret_ballot::Column::Choice.eq(first))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(chose_first, 500);
    let open = open_ballot::Entity::find().filter(open_ballot::Column::ItemId.is_in(items.clone())).count(&app.db);
    assert_eq!(open.await.unwrap(), 0, "secret by default");
});

db_test!(the_server_refuses_ineligible_voters_and_bad_ballots, |backend: Backend| async move {
    use app::domain::identity::TokenScope;
    let app = TestApp::spawn(&backend).await;
    let staff = staff(&app).await;
    let (assembly, items) = open_assembly(&app, &staff).await;
    let options = options_of(&app, items[0]).await;
    let choice = serde_json::json!({ "options": [options[0]] });
    let token_of = |id: i64| {
        let db = app.db.clone();
        async move {
            let actor = identity::load_actor(&db, id).await.unwrap().unwrap();
            identity::create_token(&db, &actor, "t".into(), TokenScope::ReadWrite).await.unwrap()
        }
    };

    // not verified; verified elsewhere; too young (14 in 2026 is the default minimum)
    let unverified = app.person("미확인 주민", Some(SINCHON)).await;
    let elsewhere = app.person("북가좌동 주민", Some(BUGAHYEON)).await;
    app.verify(elsewhere, BUGAHYEON).await;
    let young = voters(&app, SINCHON, 1, 2013).await.remove(0);
    let of_age = voters(&app, SINCHON, 1, 2012).await.remove(0);
    assert_eq!(ballot(&app, &token_of(unverified).await, items[0], choice.clone()).await.status(), 403);
    assert_eq!(ballot(&app, &token_of(elsewhere).await, items[0], choice.clone()).await.status(), 403);
    assert_eq!(ballot(&app, &young, items[0], choice.clone()).await.status(), 403);
    // staff and experts do not vote as such
    let staff_token = identity::create_token(&app.db, &staff, "s".into(), TokenScope::ReadWrite).await.unwrap();
    assert_eq!(ballot(&app, &staff_token, items[0], choice.clone()).await.status(), 403);
    // no token at all
    let anonymous = within(
        "anonymous ballot",
        app.client.post(app.url(&format!("/api/v1/agenda-items/{}/ballot", items[0]))).json(&choice).send(),
    )
    .await
    .unwrap();
    assert_eq!(anonymous.status(), 401);

    // bad ballots: two options on a single choice, an option of another item, three on "up to 2"
    let other = options_of(&app, items[1]).await;
    for (item, body) in [
        (items[0], serde_json::json!({ "options": [options[0], options[1]] })),
        (items[0], serde_json::json!({ "options": [other[0]] })),
        (items[1], serde_json::json!({ "options": other })),
        (items[0], serde_json::json!({ "choice": "approve" })),
    ] {
        assert_eq!(ballot(&app, &of_age, item, body.clone()).await.status(), 422, "{body}");
    }
    let taking_part =
        || participation::Entity::find().filter(participation::Column::ItemId.is_in(items.clone())).count(&app.db);
    assert_eq!(taking_part().await.unwrap(), 0, "nothing refused was recorded");

    // the eligible resident votes once; a secret ballot is final
    assert_eq!(ballot(&app, &of_age, items[0], choice.clone()).await.status(), 201);
    let again = ballot(&app, &of_age, items[0], serde_json::json!({ "options": [options[1]] })).await;
    assert_eq!(again.status(), 409);
    // the problem names the refusal by its code, in `code` and at the end of `type`
    let problem: serde_json::Value = again.json().await.unwrap();
    assert_eq!(problem["code"], "already_voted", "{problem}");
    assert_eq!(problem["type"], "/api/v1/problems/conflict/already_voted", "{problem}");
    assert_eq!(problem["detail"], "you have already voted on this item", "{problem}");

    // after the close nobody votes
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::OpenSession, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::Close, true).await.unwrap();
    assert_eq!(ballot(&app, &of_age, items[1], serde_json::json!({ "options": [other[0]] })).await.status(), 409);
    assert_eq!(taking_part().await.unwrap(), 1);
});

db_test!(open_ballots_can_be_changed_until_the_close, |backend: Backend| async move {
    use app::domain::assembly::{Bylaws, Quorum};
    let app = TestApp::spawn(&backend).await;
    let staff = staff(&app).await;
    let open = Bylaws { secret_ballot: false, quorum: Quorum::Percent(10), ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&staff), &sinchon(), open).await.unwrap();
    let (_, items) = open_assembly(&app, &staff).await;
    let options = options_of(&app, items[0]).await;
    let token = voters(&app, SINCHON, 1, 1970).await.remove(0);
    assert_eq!(ballot(&app, &token, items[0], serde_json::json!({ "options": [options[0]] })).await.status(), 201);
    assert_eq!(ballot(&app, &token, items[0], serde_json::json!({ "options": [options[1]] })).await.status(), 200);
    let rows = open_ballot::Entity::find()
        .filter(open_ballot::Column::ItemId.is_in(items.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].choice, serde_json::json!({ "Options": [options[1]] }).to_string());
    let secret =
        secret_ballot::Entity::find().filter(secret_ballot::Column::ItemId.is_in(items.clone())).count(&app.db);
    assert_eq!(secret.await.unwrap(), 0);
    let taking_part =
        participation::Entity::find().filter(participation::Column::ItemId.is_in(items.clone())).count(&app.db);
    assert_eq!(taking_part.await.unwrap(), 1);
});

db_test!(nothing_in_the_schema_joins_a_secret_ballot_to_a_voter, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let backend_kind = app.db.get_database_backend();
    let query = |sql: &str| Statement::from_string(backend_kind, sql.to_owned());
    // secret ballots, and sealed ones until the close
    for (table, holds) in [("secret_ballots", "choice"), ("sealed_ballots", "sealed")] {
        // the columns and their types
        let columns: Vec<(String, String)> = match backend {
            Backend::Sqlite => app
                .db
                .query_all_raw(query(&format!("SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid")))
                .await
                .unwrap()
                .iter()
                .map(|r| (r.try_get::<String>("", "name").unwrap(), r.try_get::<String>("", "type").unwrap()))
                .collect(),
            Backend::Postgres(_) => app
                .db
                .query_all_raw(query(&format!(
                    "SELECT column_name AS name, data_type AS type FROM information_schema.columns \
                 WHERE table_name = '{table}' ORDER BY ordinal_position",
                )))
                .await
                .unwrap()
                .iter()
                .map(|r| (r.try_get::<String>("", "name").unwrap(), r.try_get::<String>("", "type").unwrap()))
                .collect(),
        };
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["id", "item_id", holds], "{table}: a ballot holds its item and choice, nothing else");
        for (name, ty) in &columns {
            let ty = ty.to_lowercase();
            assert!(!ty.contains("time") && !ty.contains("date"), "{name} is a {ty}: no timestamps on secret ballots");
        }
        // its only reference is to the agenda item
        let references: Vec<String> = match backend {
            Backend::Sqlite => app
                .db
                .query_all_raw(query(&format!("SELECT \"table\" AS t FROM pragma_foreign_key_list('{table}')")))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String>("", "t").unwrap())
                .collect(),
            Backend::Postgres(_) => app
                .db
                .query_all_raw(query(&format!(
                    "SELECT ccu.table_name AS t FROM information_schema.table_constraints tc \
                 JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name \
                 WHERE tc.table_name = '{table}' AND tc.constraint_type = 'FOREIGN KEY'",
                )))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String>("", "t").unwrap())
                .collect(),
        };
        assert_eq!(references, ["agenda_items"]);
        // the key is random text, not a counter that would order ballots as they were cast
        let id_type = columns[0].1.to_lowercase();
        assert!(id_type.contains("char") || id_type.contains("text"), "id is {id_type}");
        if matches!(backend, Backend::Sqlite) {
            // and SQLite keeps no hidden row id either
            let rowid = app.db.query_all_raw(query(&format!("SELECT rowid FROM {table}"))).await;
            assert!(rowid.is_err(), "{table} must be a WITHOUT ROWID table");
        }
        // nothing else in the schema points at a secret ballot
        let pointing: Vec<String> = match backend {
            Backend::Sqlite => {
                let tables: Vec<String> = app
                    .db
                    .query_all_raw(query("SELECT name FROM sqlite_master WHERE type = 'table'"))
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| r.try_get::<String>("", "name").unwrap())
                    .collect();
                let mut out = Vec::new();
                for t in tables {
                    let refs = app
                        .db
                        .query_all_raw(query(&format!("SELECT \"table\" AS t FROM pragma_foreign_key_list('{t}')")))
                        .await
                        .unwrap();
                    if refs.iter().any(|r| r.try_get::<String>("", "t").unwrap() == table) {
                        out.push(t);
                    }
                }
                out
            }
            Backend::Postgres(_) => app
                .db
                .query_all_raw(query(&format!(
                    "SELECT tc.table_name AS t FROM information_schema.table_constraints tc \
                 JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name \
                 WHERE ccu.table_name = '{table}' AND tc.constraint_type = 'FOREIGN KEY' \
                 AND tc.table_name <> '{table}'",
                )))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String>("", "t").unwrap())
                .collect(),
        };
        assert!(pointing.is_empty(), "tables referencing {table}: {pointing:?}");
    }
});

db_test!(the_assembly_page_takes_ballots_from_plain_forms, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff = staff(&app).await;
    let (assembly, items) = open_assembly(&app, &staff).await;
    let single = options_of(&app, items[0]).await;
    let approval = options_of(&app, items[1]).await;
    let resident = app.person("투표하는 주민", Some(SINCHON)).await;
    app.verify(resident, SINCHON).await;
    let cookie = app.sign_in(resident).await;

    // the page offers a ballot per item, with the radio and checkbox names the server reads
    let page = app.get_with_cookie(&format!("/assemblies/{assembly}"), &cookie).await.text().await.unwrap();
    assert!(page.contains(&format!("name=\"options[]\" value=\"{}\"", single[0])), "radio for the single choice");
    assert!(page.contains(&format!("type=\"checkbox\" id=\"i{}-{}\" name=\"options[]\"", items[1], approval[2])));
    assert!(page.contains("투표하기"));

    // a browser without JavaScript posts the form as it is (checkboxes repeat `options[]`)
    let post = |form: Vec<(&'static str, String)>| {
        let req = app
            .client
            .post(app.url("/sf/assemblies/vote"))
            .header("cookie", &cookie)
            .header("accept", "text/html")
            .form(&form);
        async move { within("form post", req.send()).await.unwrap() }
    };
    let res = post(vec![
        ("item_id", items[1].to_string()),
        ("options[]", approval[0].to_string()),
        ("options[]", approval[2].to_string()),
    ])
    .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let res = post(vec![("item_id", items[0].to_string()), ("options[]", "abstain".to_owned())]).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    // the page now says which items this resident voted on, and offers no second ballot
    let page = app.get_with_cookie(&format!("/assemblies/{assembly}"), &cookie).await.text().await.unwrap();
    assert!(page.contains("투표한 안건: 1, 2번"), "the resident sees which items they voted on");
    assert!(!page.contains("투표하기</button>"));
    // the ballots are sealed until the close, which opens them
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::OpenSession, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::Close, true).await.unwrap();
    let ballots: Vec<String> = secret_ballot::Entity::find()
        .filter(secret_ballot::Column::ItemId.is_in(items.clone()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.choice)
        .collect();
    let mut expected = vec![
        serde_json::json!({ "Options": [approval[0], approval[2]] }).to_string(),
        serde_json::json!({ "Options": [] }).to_string(),
    ];
    let mut got = ballots.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
});
