//! Demo data never touches real people: loaded beside a real administrator and a real staff
//! member of the demo's own dong, it prints no code for them, spends none of theirs, and writes
//! nothing in their name.

use crate::db_test;
use crate::support::{Backend, TestDb};
use app::server::entities::{audit_event, journal_entry, residency, user};
use app::server::services::{demo, identity, roles};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const CHEONYEON: &str = "1141052000";

db_test!(the_demo_leaves_real_people_alone, |backend: Backend| async move {
    let database = TestDb::empty(&backend).await;
    let db = server::db::connect(&database.url).await.unwrap();
    server::setup::migrate(&db).await.unwrap();
    server::setup::load_reference(&db).await.unwrap();
    let key = server::config::DEV_SECRET.as_bytes();

    // a real deployment's first people, before anyone loads the demo into it
    let name = app::domain::identity::DisplayName::parse("실제 관리자").unwrap();
    let admin = roles::create_admin(&db, &name).await.unwrap();
    let clerk = user::ActiveModel {
        display_name: Set("실제 직원".into()),
        is_demo: Set(false),
        created_at: Set(chrono::Utc::now()),
        stay_signed_in: Set(false),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap()
    .id;
    let dong = app::domain::geo::DongCode::parse(CHEONYEON).unwrap();
    roles::grant(&db, None, clerk, roles::RoleGrantSpec::CenterStaff(dong)).await.unwrap();
    let admin_code = identity::reissue_code(&db, key, None, admin).await.unwrap();
    let clerk_code = identity::reissue_code(&db, key, None, clerk).await.unwrap();
    let real = [admin, clerk];

    server::setup::load_demo(&db, key).await.unwrap();
    let printed = demo::sign_in_codes(&db, key).await.unwrap();
    assert_eq!(printed.len(), 5, "a code for each kind of demo person");
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
    assert_eq!(identity::sign_in_with_code(&db, key, &admin_code.code, None).await.unwrap(), admin);
    assert_eq!(identity::sign_in_with_code(&db, key, &clerk_code.code, None).await.unwrap(), clerk);
});
