//! Demo data: a lively Seodaemun-gu (the seeds' district). Loaded when `UD_DEMO=true` (`make run`,
//! the tests), never in production (the server refuses `demo` there), and only into a district
//! where no real person has done anything yet ([`real_activity`]). Demo people are marked
//! `is_demo`, everything else the demo writes is theirs or marked too, so `demo_remove` can take
//! it all out again; pages show a banner while demo data is loaded.

pub mod assemblies;
pub mod bookings;
pub mod fund;
pub mod groups_and_proposals;
pub mod remove;
pub mod welfare;

use crate::entities::{call_request, dong, residency, role_grant, user};
use contract::dto::IssuedCode;
use contract::error::AppError;
use domain::identity::VerificationMethod;
use domain::roles::Role;
use domain::{Field, InputRule};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, Statement,
};

/// Seodaemun-gu's district code.
pub const DEMO_DISTRICT: &str = "1141000000";

const FAMILY: [&str; 12] = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"];
const GIVEN: [&str; 16] = [
    "민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "영숙", "순자", "정호", "미경", "상철", "옥순",
    "현우", "수빈",
];

/// A deterministic demo name for the n-th demo person.
pub fn demo_name(n: usize) -> String {
    format!("{}{}", FAMILY[n % FAMILY.len()], GIVEN[(n / FAMILY.len() + n) % GIVEN.len()])
}

/// What the loader created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub already_loaded: bool,
    pub people: usize,
}

/// Loads the demo people once: an administrator, an expert for the district, two staff and three
/// residents per dong (the first two verified by the center's staff, the third not).
pub async fn load(db: &DatabaseConnection) -> Result<DemoReport, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    if user::Entity::find().filter(user::Column::IsDemo.eq(true)).count(&txn).await? > 0 {
        return Ok(DemoReport { already_loaded: true, people: 0 });
    }
    let dongs = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(DEMO_DISTRICT))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::Code)
        .all(&txn)
        .await?;
    if dongs.is_empty() {
        return Err(AppError::input(Field::Demo, InputRule::NeedsFirst));
    }
    let now = chrono::Utc::now();
    let mut n = 0usize;
    let mut person = |birth_year: i32| {
        n += 1;
        user::ActiveModel {
            display_name: Set(demo_name(n)),
            birth_year: Set(Some(birth_year)),
            is_demo: Set(true),
            created_at: Set(now),
            stay_signed_in: Set(false),
            ..Default::default()
        }
    };
    let grant = |user_id: i64, role: Role, district: Option<&str>, dong: Option<&str>| role_grant::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.into()),
        district_code: Set(district.map(str::to_owned)),
        dong_code: Set(dong.map(str::to_owned)),
        created_at: Set(now),
        granted_by: Set(None),
        ..Default::default()
    };

    let admin = person(1968).insert(&txn).await?;
    grant(admin.id, Role::Admin, None, None).insert(&txn).await?;
    let expert = person(1979).insert(&txn).await?;
    grant(expert.id, Role::Expert, Some(DEMO_DISTRICT), None).insert(&txn).await?;
    for (i, d) in dongs.iter().enumerate() {
        let mut first_staff = None;
        for s in 0..2 {
            let staff = person(1980 + ((i + s) % 15) as i32).insert(&txn).await?;
            grant(staff.id, Role::CenterStaff, Some(DEMO_DISTRICT), Some(&d.code)).insert(&txn).await?;
            first_staff.get_or_insert(staff.id);
        }
        // residents of all ages, including the older residents the program reaches out to
        for (r, year) in [1951, 1972, 1996].into_iter().enumerate() {
            let mut resident = person(year + ((i + r) % 5) as i32);
            resident.home_dong_code = Set(Some(d.code.clone()));
            let resident = resident.insert(&txn).await?;
            if r < 2 {
                residency::ActiveModel {
                    user_id: Set(resident.id),
                    dong_code: Set(d.code.clone()),
                    method: Set(VerificationMethod::IdCard.into()),
                    verified_by: Set(first_staff),
                    verified_at: Set(now),
                    expires_at: Set(None),
                    ended_at: Set(None),
                    ended_by: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            // the oldest asked at the counter to be told by a visit: the call list has two things
            if let (0, Some(staff)) = (r, first_staff) {
                demo_call_list(&txn, &d.code, &d.name_ko, resident.id, staff, now).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(DemoReport { already_loaded: false, people: n })
}

/// A demo resident's request to be told by a visit (heard by the center's first member of staff)
/// and two things on the dong's call list for them.
async fn demo_call_list(
    txn: &impl ConnectionTrait,
    dong: &str,
    dong_name: &str,
    resident: i64,
    staff: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use crate::messaging::calls::{self, NewEntry};
    use domain::geo::DongCode;
    call_request::ActiveModel {
        user_id: Set(resident),
        dong_code: Set(dong.to_owned()),
        topics: Set("assemblies,bookings".into()),
        phone_sealed: Set(None),
        consented_at: Set(now),
        consent_version: Set(domain::messaging::CALL_CONSENT_VERSION.into()),
        recorded_by: Set(staff),
        withdrawn_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let code = DongCode::parse(dong)?;
    let entry = |event: &str, subject: String| NewEntry {
        user_id: resident,
        dong: code.clone(),
        event: event.into(),
        subject,
        path: None,
        dedup_key: format!("demo:{event}"),
    };
    calls::add(
        txn,
        vec![
            entry("assembly_announced", format!("{dong_name} 주민총회")),
            entry("booking_approved", "북카페 ‘마을서재’".into()),
        ],
    )
    .await
}

/// The dongs of the demo's district where real people (not demo ones) have already done
/// something: proposed, started a group, called an assembly, posted to the books, booked or set
/// up a room. The demo is never loaded into a district with any: it would write beside them.
pub async fn real_activity(db: &impl ConnectionTrait) -> Result<Vec<String>, AppError> {
    const DEMO_PEOPLE: &str = "SELECT id FROM users WHERE is_demo";
    let sql = format!(
        "SELECT DISTINCT dong_code FROM ( \
           SELECT dong_code FROM proposals WHERE author_id NOT IN ({DEMO_PEOPLE}) \
           UNION SELECT dong_code FROM resident_groups WHERE created_by NOT IN ({DEMO_PEOPLE}) \
           UNION SELECT dong_code FROM assemblies WHERE created_by NOT IN ({DEMO_PEOPLE}) \
           UNION SELECT dong_code FROM journal_entries WHERE recorded_by NOT IN ({DEMO_PEOPLE}) \
           UNION SELECT dong_code FROM bookings WHERE booker_id NOT IN ({DEMO_PEOPLE}) \
           UNION SELECT dong_code FROM spaces WHERE NOT is_demo \
         ) AS busy WHERE dong_code IN (SELECT code FROM dongs WHERE district_code = '{DEMO_DISTRICT}') \
         ORDER BY dong_code"
    );
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    rows.iter().map(|r| r.try_get_by_index::<String>(0).map_err(AppError::from)).collect()
}

/// Whether the demo people are there.
pub async fn is_loaded(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(user::Entity::find().filter(user::Column::IsDemo.eq(true)).count(db).await? > 0)
}

/// The demo's own center staff of `dong`, lowest id first: demo data is only ever written in the
/// name of demo people, never of a real person who holds a grant there too.
pub async fn demo_staff_of(db: &DatabaseConnection, dong: &domain::geo::DongCode) -> Result<Vec<i64>, AppError> {
    let staff = crate::identity::roles::staff_of(db, dong).await?;
    let demo = demo_among(db, &staff).await?;
    Ok(staff.into_iter().filter(|id| demo.contains(id)).collect())
}

/// The demo's expert of its district.
pub async fn demo_expert(db: &DatabaseConnection) -> Result<Option<i64>, AppError> {
    let experts: Vec<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::DistrictCode.eq(DEMO_DISTRICT))
        .filter(role_grant::Column::Role.eq(Role::Expert.as_str()))
        .order_by_asc(role_grant::Column::UserId)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    let demo = demo_among(db, &experts).await?;
    Ok(experts.into_iter().find(|id| demo.contains(id)))
}

/// Which of `ids` are demo people.
async fn demo_among(db: &DatabaseConnection, ids: &[i64]) -> Result<std::collections::HashSet<i64>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// A demo person to try the site as, with a fresh sign-in code.
#[derive(Debug, Clone)]
pub struct DemoSignIn {
    pub who: &'static str,
    pub issued: IssuedCode,
}

/// Fresh one-time codes for one demo person of each kind (printed by `make run`). Earlier unused
/// codes of these people stop working. Only demo people (`is_demo`) are ever chosen.
pub async fn sign_in_codes(db: &DatabaseConnection, key: &[u8]) -> Result<Vec<DemoSignIn>, AppError> {
    let demo_people = || user::Entity::find().filter(user::Column::IsDemo.eq(true)).order_by_asc(user::Column::Id);
    // only ever demo people: a real administrator or staff member never gets a code printed, nor
    // loses their unused one
    let demo_ids: std::collections::HashSet<i64> = demo_people().all(db).await?.into_iter().map(|u| u.id).collect();
    let grants = role_grant::Entity::find().all(db).await?;
    let holder =
        |role: Role| grants.iter().filter(|g| g.role == role && demo_ids.contains(&g.user_id)).map(|g| g.user_id).min();
    let verified: Vec<i64> = residency::Entity::find()
        .filter(residency::Column::EndedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let residents = demo_people().filter(user::Column::HomeDongCode.is_not_null()).all(db).await?;
    let verified_resident = residents.iter().find(|u| verified.contains(&u.id)).map(|u| u.id);
    let unverified_resident = residents.iter().find(|u| !verified.contains(&u.id)).map(|u| u.id);
    let mut out = Vec::new();
    for (who, id) in [
        ("admin", holder(Role::Admin)),
        ("expert", holder(Role::Expert)),
        ("center staff", holder(Role::CenterStaff)),
        ("welfare officer", holder(Role::WelfareOfficer)),
        ("verified resident", verified_resident),
        ("unverified resident", unverified_resident),
    ] {
        if let Some(id) = id {
            let issued = crate::identity::reissue_code(db, key, None, id).await?;
            out.push(DemoSignIn { who, issued });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_names_are_korean_and_varied() {
        let names: std::collections::HashSet<_> = (1..=60).map(demo_name).collect();
        assert!(names.len() > 40, "only {} distinct names", names.len());
        assert!(demo_name(1).chars().all(|c| ('가'..='힣').contains(&c)));
    }
}
