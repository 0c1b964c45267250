//! Demo data never touches real people: loaded beside a real administrator and a real staff
//! member of the demo's own dong, it prints no code for them, spends none of theirs, and writes
//! nothing in their name; it is refused in a district where real people are active; and
//! `demo remove` takes it all out again, leaving every table as it was before, or nothing at all
//! while real records depend on it.

use crate::db_test;
use crate::support::{Backend, TestDb};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, JsonValue,
    PaginatorTrait, QueryFilter, Set, Statement,
};
use services::entities::{audit_event, journal_entry, proposal, proposal_support, residency, user};
use services::{identity, identity::roles, proposals, seed::demo, seed::demo::remove};
use std::collections::BTreeMap;

const CHEONYEON: &str = "1141052000";
/// 청운효자동, Jongno-gu: outside the demo's district.
const CHEONGUN: &str = "1111051500";

db_test!(the_demo_leaves_real_people_alone, |backend: Backend| async move {
    let (_database, db) = fresh(&backend).await;
    let key = server::config::DEV_SECRET.as_bytes();

    // a real deployment's first people, before anyone loads the demo into it
    let name = app::domain::identity::DisplayName::parse("실제 관리자").unwrap();
    let admin = roles::create_admin(&db, &name).await.unwrap();
    let clerk = real_person(&db, "실제 직원", None).await;
    let dong = app::domain::geo::DongCode::parse(CHEONYEON).unwrap();
    roles::grant(&db, None, clerk, roles::RoleGrantSpec::CenterStaff(dong)).await.unwrap();
    let admin_code = identity::reissue_code(&db, key, None, admin).await.unwrap();
    let clerk_code = identity::reissue_code(&db, key, None, clerk).await.unwrap();
    let real = [admin, clerk];

    server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap();
    let printed = demo::sign_in_codes(&db, key).await.unwrap();
    assert_eq!(printed.len(), 6, "a code for each kind of demo person");
    for p in &printed {
        assert!(!real.contains(&p.issued.user_id), "a code was printed for a real person ({})", p.who);
        let person = user::Entity::find_by_id(p.issued.user_id).one(&db).await.unwrap().unwrap();
        assert!(person.is_demo, "{} is a demo person", p.who);
    }

    // nothing written in their name: the fund's books, verifications, the audit trail
    for e in journal_entry::Entity::find().all(&db).await.unwrap() {
        assert!(!real.contains(&e.recorded_by), "entry {} recorded by a real person", e.id);
        assert!(e.approved_by.is_none_or(|a| !real.contains(&a)), "entry {} approved by a real person", e.id);
    }
    assert!(journal_entry::Entity::find().all(&db).await.unwrap().len() > 20, "the demo's books were posted");
    let verified_by_real =
        residency::Entity::find().filter(residency::Column::VerifiedBy.is_in(real)).all(&db).await.unwrap();
    assert!(verified_by_real.is_empty());
    let acted = audit_event::Entity::find().filter(audit_event::Column::ActorId.is_in(real)).all(&db).await.unwrap();
    assert!(acted.is_empty(), "audit events in a real person's name: {acted:?}");

    // and their unused codes still work
    assert_eq!(identity::sign_in_with_code(&db, key, &admin_code.code, None).await.unwrap().user_id, admin);
    assert_eq!(identity::sign_in_with_code(&db, key, &clerk_code.code, None).await.unwrap().user_id, clerk);
});

/// Every row of every table (but the migrations' own), as JSON, in key order.
async fn snapshot(db: &DatabaseConnection) -> BTreeMap<String, Vec<JsonValue>> {
    let backend = db.get_database_backend();
    let list = match backend {
        sea_orm::DbBackend::Postgres => "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let names: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .filter(|t| t != "seaql_migrations")
        // FTS5's shadow tables hold the index's layout, which deleting rows legitimately changes;
        // what the index holds is compared through `search_fts` itself
        .filter(|t| !t.starts_with("search_fts_"))
        .collect();
    assert!(names.len() > 40, "the schema's tables: {names:?}");
    let mut out = BTreeMap::new();
    for t in names {
        // PostgreSQL's generated tsvector has no JSON form; it is made of the columns compared
        let sql = match t.as_str() {
            "search_documents" => {
                "SELECT id, kind, entity_id, dong_code, district_code, text, title_terms, body_terms \
                 FROM search_documents"
                    .to_owned()
            }
            _ => format!("SELECT * FROM {t}"),
        };
        let mut rows = JsonValue::find_by_statement(Statement::from_string(backend, sql)).all(db).await.unwrap();
        rows.sort_by_cached_key(|r| r.to_string());
        out.insert(t, rows);
    }
    out
}

/// A real (not demo) person, living in `home` if given; returns the account number.
async fn real_person(db: &DatabaseConnection, name: &str, home: Option<&str>) -> i64 {
    user::ActiveModel {
        display_name: Set(name.into()),
        home_dong_code: Set(home.map(str::to_owned)),
        is_demo: Set(false),
        created_at: Set(chrono::Utc::now()),
        stay_signed_in: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A real resident of `dong`, verified, who proposes `title` there; returns the resident.
async fn real_proposal(db: &DatabaseConnection, name: &str, dong: &str, title: &str) -> i64 {
    let resident = real_person(db, name, Some(dong)).await;
    residency::ActiveModel {
        user_id: Set(resident),
        dong_code: Set(dong.into()),
        method: Set(app::domain::identity::VerificationMethod::IdCard.into()),
        verified_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let actor = identity::load_actor(db, resident).await.unwrap().unwrap();
    let content = app::domain::proposal::ProposalContent::parse(
        title,
        "동네에서 겪는 문제를 적었습니다.",
        "이렇게 고치면 좋겠습니다.",
        "safety",
        "",
        "",
    )
    .unwrap();
    let code = app::domain::geo::DongCode::parse(dong).unwrap();
    proposals::create(db, Some(&actor), &code, content, None).await.unwrap();
    resident
}

/// A real deployment's first records, outside the demo's district: an administrator, a clerk of
/// a Seodaemun-gu center (a grant, nothing done yet), a verified resident of Jongno-gu and their
/// proposal. Returns the resident.
async fn real_records(db: &DatabaseConnection) -> i64 {
    let key = server::config::DEV_SECRET.as_bytes();
    let admin =
        roles::create_admin(db, &app::domain::identity::DisplayName::parse("실제 관리자").unwrap()).await.unwrap();
    identity::reissue_code(db, key, None, admin).await.unwrap();
    let clerk = real_person(db, "실제 직원", None).await;
    let cheonyeon = app::domain::geo::DongCode::parse(CHEONYEON).unwrap();
    let admin_actor = identity::load_actor(db, admin).await.unwrap().unwrap();
    roles::grant(db, Some(&admin_actor), clerk, roles::RoleGrantSpec::CenterStaff(cheonyeon)).await.unwrap();
    real_proposal(db, "종로 주민", CHEONGUN, "청운동 골목 가로등").await
}

async fn fresh(backend: &Backend) -> (TestDb, DatabaseConnection) {
    let database = TestDb::empty(backend).await;
    let db = server::db::connect(&database.url).await.unwrap();
    server::setup::migrate(&db).await.unwrap();
    server::setup::load_reference(&db).await.unwrap();
    (database, db)
}

db_test!(removing_the_demo_leaves_every_table_as_it_was, |backend: Backend| async move {
    let (_database, db) = fresh(&backend).await;
    let key = server::config::DEV_SECRET.as_bytes();
    real_records(&db).await;
    let before = snapshot(&db).await;

    server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap();
    demo::sign_in_codes(&db, key).await.unwrap();
    let loaded = remove::plan(&db).await.unwrap();
    assert!(loaded.blockers.is_empty(), "{:?}", loaded.blockers);
    for table in [
        "users",
        "proposals",
        "resident_groups",
        "comments",
        "proposal_supports",
        "journal_entries",
        "journal_lines",
        "sealed_ballots",
        "bookings",
        "spaces",
        "audit_events",
    ] {
        assert!(loaded.rows.iter().any(|(t, n)| *t == table && *n > 0), "the demo has {table}: {:?}", loaded.rows);
    }

    let removed = remove::remove(&db).await.unwrap();
    assert_eq!(removed.total(), loaded.total());
    let after = snapshot(&db).await;
    for (table, rows) in &before {
        assert_eq!(Some(rows), after.get(table), "{table} is not as it was before the demo");
    }
    assert_eq!(before.len(), after.len());
    assert!(remove::plan(&db).await.unwrap().rows.is_empty(), "nothing demo is left");

    // and the demo can come back
    server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap();
    assert!(demo::is_loaded(&db).await.unwrap());
});

db_test!(real_records_on_demo_ones_stop_the_removal, |backend: Backend| async move {
    let (_database, db) = fresh(&backend).await;
    let key = server::config::DEV_SECRET.as_bytes();
    let resident = real_records(&db).await;
    server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap();
    // a real resident supports a demo proposal
    let demo_proposal = proposal::Entity::find()
        .filter(proposal::Column::DongCode.eq(CHEONYEON))
        .one(&db)
        .await
        .unwrap()
        .expect("a demo proposal");
    proposal_support::ActiveModel {
        proposal_id: Set(demo_proposal.id),
        user_id: Set(resident),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&db)
    .await
    .unwrap();
    let before = snapshot(&db).await;

    let plan = remove::plan(&db).await.unwrap();
    assert!(plan.blockers.iter().any(|b| b.starts_with("proposal_supports: 1 row")), "{:?}", plan.blockers);
    let refused = remove::remove(&db).await.unwrap_err();
    assert!(refused.to_string().contains("proposal_supports"), "{refused}");
    assert_eq!(snapshot(&db).await, before, "nothing was removed");

    // once the real support is withdrawn the demo goes, and the resident's own records stay
    proposal_support::Entity::delete_many()
        .filter(proposal_support::Column::UserId.eq(resident))
        .exec(&db)
        .await
        .unwrap();
    remove::remove(&db).await.unwrap();
    assert_eq!(proposal::Entity::find().count(&db).await.unwrap(), 1, "the real proposal stays");
    assert!(user::Entity::find_by_id(resident).one(&db).await.unwrap().is_some());
});

db_test!(real_entries_beside_demo_ones_stop_the_removal, |backend: Backend| async move {
    let (_database, db) = fresh(&backend).await;
    let key = server::config::DEV_SECRET.as_bytes();
    real_records(&db).await;
    server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap();
    // a real clerk of 천연동 posts a donation into the fund the demo filled
    let clerk = user::Entity::find().filter(user::Column::DisplayName.eq("실제 직원")).one(&db).await.unwrap().unwrap();
    let actor = identity::load_actor(&db, clerk.id).await.unwrap().unwrap();
    let dong = app::domain::geo::DongCode::parse(CHEONYEON).unwrap();
    let income = services::fund::NewIncome {
        date: services::fund::today(),
        description: "후원금".into(),
        category: app::domain::ledger::IncomeCategory::Donation,
        amount: app::domain::ledger::Won::new(50_000).unwrap(),
    };
    services::fund::record_income(&db, Some(&actor), &dong, income).await.unwrap();
    let plan = remove::plan(&db).await.unwrap();
    assert!(plan.blockers.iter().any(|b| b.contains("fund(s) hold real entries")), "{:?}", plan.blockers);
    assert!(remove::remove(&db).await.is_err());
    // the real entry stays whatever anyone tries: the books are append-only for real rows
    let real = journal_entry::Entity::find()
        .filter(journal_entry::Column::RecordedBy.eq(clerk.id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(journal_entry::Entity::delete_by_id(real.id).exec(&db).await.is_err(), "a real entry cannot be deleted");
    assert!(demo::is_loaded(&db).await.unwrap());
});

db_test!(the_demo_is_not_loaded_beside_real_activity, |backend: Backend| async move {
    let (_database, db) = fresh(&backend).await;
    let key = server::config::DEV_SECRET.as_bytes();
    // a real resident of 천연동 proposes before anyone loads the demo
    real_proposal(&db, "천연동 주민", CHEONYEON, "천연동 쉼터 의자").await;
    let before = snapshot(&db).await;

    let refused = server::setup::load_demo(&db, key, &services::crypto::WelfareVault::derived(key)).await.unwrap_err();
    assert!(refused.to_string().contains(CHEONYEON), "{refused}");
    assert_eq!(snapshot(&db).await, before, "nothing of the demo was written");
    assert!(!demo::is_loaded(&db).await.unwrap());
});
