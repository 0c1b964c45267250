//! The demo's open spaces: every Seodaemun-gu center gets two to four (always a book café and a
//! screening room; a meeting room and a shared kitchen at some), a week of residents' bookings
//! from tomorrow, one request waiting for staff, and one group's weekly booking. Made through the
//! same services as real ones, so every demo booking obeys the rules.

use crate::bookings::spaces::{self, SpaceForm, SpaceInput};
use crate::bookings::{self, BookingRequest, Repeat};
use crate::entities::{dong, group_member, residency, resident_group, space};
use crate::identity;
use crate::seed::demo::DEMO_DISTRICT;
use crate::time_fmt::now_local;
use contract::error::AppError;
use domain::booking::{Access, Every, MINUTES_PER_DAY, RulesInput, Span};
use domain::geo::DongCode;
use domain::group::{MemberRole, MemberState};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

const WEEKDAYS_9_22_SAT_10_17: [(&str, &str); 7] = [
    ("09:00", "22:00"),
    ("09:00", "22:00"),
    ("09:00", "22:00"),
    ("09:00", "22:00"),
    ("09:00", "22:00"),
    ("10:00", "17:00"),
    ("", ""),
];

struct DemoSpace {
    name: &'static str,
    kind: &'static str,
    floor: &'static str,
    capacity: &'static str,
    fee: &'static str,
    approval: bool,
    equipment: &'static str,
    description: &'static str,
}

const BOOK_CAFE: DemoSpace = DemoSpace {
    name: "북카페 ‘마을서재’",
    kind: "book_cafe",
    floor: "1층",
    capacity: "20",
    fee: "0",
    approval: false,
    equipment: "책 2,000권, 긴 테이블 3개, 와이파이",
    description: "민원 창구였던 자리를 열어 만든 동네 서재입니다. 독서 모임, 작은 강연, 아이들 숙제 모임에 쓰입니다.",
};
const SCREENING: DemoSpace = DemoSpace {
    name: "상영실",
    kind: "screening_room",
    floor: "3층",
    capacity: "30",
    fee: "10000",
    approval: true,
    equipment: "빔프로젝터, 스크린, 음향, 보청 루프",
    description: "영화 상영과 발표에 쓰는 방입니다. 직원이 확인한 뒤 확정되고, 등록 주민모임은 사용료가 없습니다.",
};
const MEETING: DemoSpace = DemoSpace {
    name: "마을회의실",
    kind: "meeting_room",
    floor: "2층",
    capacity: "12",
    fee: "0",
    approval: false,
    equipment: "화이트보드, 모니터",
    description: "주민모임과 자치회 분과 회의에 쓰는 방입니다.",
};
const KITCHEN: DemoSpace = DemoSpace {
    name: "공유부엌",
    kind: "kitchen",
    floor: "지하 1층",
    capacity: "10",
    fee: "5000",
    approval: true,
    equipment: "인덕션 4구, 오븐, 조리도구",
    description: "반찬 나눔과 요리 교실에 쓰는 부엌입니다.",
};

/// Loads the demo spaces and bookings once; returns how many bookings it made.
pub async fn load(db: &DatabaseConnection) -> Result<usize, AppError> {
    if space::Entity::find().filter(space::Column::IsDemo.eq(true)).count(db).await? > 0 {
        return Ok(0);
    }
    let dongs = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(DEMO_DISTRICT))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::Code)
        .all(db)
        .await?;
    let mut made = 0;
    for (i, d) in dongs.iter().enumerate() {
        let code = DongCode::parse(&d.code)?;
        let Some(&clerk) = crate::seed::demo::demo_staff_of(db, &code).await?.first() else { continue };
        let Some(clerk) = identity::load_actor(db, clerk).await? else { continue };
        let mut set = vec![BOOK_CAFE, SCREENING];
        if i % 3 != 1 {
            set.push(MEETING);
        }
        if i % 2 == 0 {
            set.push(KITCHEN);
        }
        let mut ids = Vec::new();
        for s in &set {
            let input = SpaceInput {
                name: s.name,
                kind: s.kind,
                floor: s.floor,
                access: Access {
                    step_free: true,
                    elevator: s.floor != "1층",
                    accessible_toilet: true,
                    hearing_loop: s.kind == "screening_room",
                },
                equipment: s.equipment,
                description: s.description,
                rules: RulesInput {
                    capacity: s.capacity,
                    slot_minutes: "30",
                    min_minutes: "30",
                    max_minutes: "240",
                    horizon_days: "30",
                    min_notice_minutes: "60",
                    approval_required: s.approval,
                    fee_per_hour: s.fee,
                    group_waiver: true,
                    weekly_quota_person: "3",
                    weekly_quota_group: "5",
                },
                hours: WEEKDAYS_9_22_SAT_10_17,
            };
            ids.push(spaces::create(db, Some(&clerk), &code, SpaceForm::parse(&input)?).await?);
        }
        // a room names no person: the mark is how `demo remove` knows it
        space::Entity::update_many()
            .col_expr(space::Column::IsDemo, sea_orm::sea_query::Expr::value(true))
            .filter(space::Column::Id.is_in(ids.clone()))
            .exec(db)
            .await?;
        made += week_of_bookings(db, &code, &ids).await?;
    }
    Ok(made)
}

/// A week of bookings in the dong's spaces (`ids`: book café, screening room, then the others),
/// by its verified residents, from tomorrow; and one group's weekly evening in the last space.
async fn week_of_bookings(db: &DatabaseConnection, dong: &DongCode, ids: &[i64]) -> Result<usize, AppError> {
    let residents: Vec<i64> = residency::Entity::find()
        .filter(residency::Column::DongCode.eq(dong.as_str()))
        .filter(residency::Column::EndedAt.is_null())
        .order_by_desc(residency::Column::UserId)
        .limit(12)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    if residents.is_empty() {
        return Ok(0);
    }
    let tomorrow = now_local().div_euclid(MINUTES_PER_DAY) + 1;
    // (day after tomorrow, space index, start hour, hours, purpose, attendees)
    let plan: [(i64, usize, i64, i64, &str, u32); 8] = [
        (0, 0, 10, 2, "그림책 읽어주기 모임", 8),
        (0, 1, 19, 2, "마을영화제 준비 상영", 15),
        (1, 0, 15, 1, "중학생 숙제 모임", 6),
        (2, 2, 19, 2, "아파트 관리비 공부 모임", 9),
        (2, 0, 13, 2, "시니어 스마트폰 교실", 10),
        (3, 1, 14, 2, "다큐멘터리 함께 보기", 20),
        (4, 0, 10, 3, "동네 작가와의 만남", 18),
        (5, 0, 11, 2, "주말 보드게임", 8),
    ];
    let mut made = 0;
    for (n, (day, space, hour, hours, purpose, attendees)) in plan.into_iter().enumerate() {
        let Some(&space) = ids.get(space) else { continue };
        let who = residents[n % residents.len()];
        let Some(actor) = identity::load_actor(db, who).await? else { continue };
        let start = (tomorrow + day) * MINUTES_PER_DAY + hour * 60;
        let req = BookingRequest::new(Span { start, end: start + hours * 60 }, purpose, attendees, None)?;
        // a day the space is closed (Sunday) is simply skipped
        match bookings::book(db, Some(&actor), space, req, Repeat::Once).await {
            Ok(_) => made += 1,
            Err(e) => tracing::debug!(error = %e, "a demo booking was not made"),
        }
    }
    // one group's weekly evening, for six weeks, in the last space
    if let (Some(&space), Some((group, organiser))) = (ids.last(), organised_group(db, dong).await?)
        && let Some(actor) = identity::load_actor(db, organiser).await?
    {
        let first = tomorrow + (7 - domain::calendar::weekday_of_day(tomorrow) as i64 + 2) % 7;
        let start = first * MINUTES_PER_DAY + 19 * 60;
        let req = BookingRequest::new(Span { start, end: start + 120 }, "정기 모임", 8, Some(group))?;
        if let Ok(b) = bookings::book(db, Some(&actor), space, req, Repeat::Series(Every::Week, 6)).await {
            made += b.booked as usize;
        }
    }
    Ok(made)
}

/// A group of the dong and one of its organisers who is a verified resident.
async fn organised_group(db: &DatabaseConnection, dong: &DongCode) -> Result<Option<(i64, i64)>, AppError> {
    let groups = resident_group::Entity::find()
        .filter(resident_group::Column::DongCode.eq(dong.as_str()))
        .filter(resident_group::Column::Hidden.eq(false))
        .order_by_asc(resident_group::Column::Id)
        .all(db)
        .await?;
    for g in groups {
        let organisers = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(g.id))
            .filter(group_member::Column::Role.eq(MemberRole::Organiser.as_str()))
            .filter(group_member::Column::State.eq(MemberState::Active.as_str()))
            .all(db)
            .await?;
        for o in organisers {
            let verified = residency::Entity::find()
                .filter(residency::Column::UserId.eq(o.user_id))
                .filter(residency::Column::DongCode.eq(dong.as_str()))
                .filter(residency::Column::EndedAt.is_null())
                .count(db)
                .await?;
            if verified > 0 {
                return Ok(Some((g.id, o.user_id)));
            }
        }
    }
    Ok(None)
}
