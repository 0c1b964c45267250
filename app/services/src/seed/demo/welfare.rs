//! Demo welfare work in Yeonhui-dong, clearly fictional (every place reads "예시", every note
//! "(데모)"): a welfare officer and a visiting nurse of the center and the district's welfare
//! supervisor, three sections, four referrals at different steps (one urgent and untriaged for
//! over a day, one quiet for two weeks, so the flags show) and two households due a visit.
//! Written once; marked `is_demo` (`demo remove` takes them out).

use super::{DEMO_DISTRICT, demo_name};
use crate::crypto;
use crate::entities::{role_grant, user, welfare_activity, welfare_case, welfare_section};
use crate::time_fmt;
use crate::welfare::{CaseText, insert_activity, insert_case};
use chrono::{Duration, Utc};
use contract::error::AppError;
use domain::roles::Role;
use domain::welfare::Origin;
use domain::welfare::{CaseKind, CloseReason, LogKind, Need, Needs, Program, Service, Stage, Urgency};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// Yeonhui-dong.
pub const DEMO_WELFARE_DONG: &str = "1141061500";

/// A referral of the demo: needs, urgency, place, note, days ago, and what happened since.
struct Story {
    needs: &'static [Need],
    urgency: Urgency,
    origin: Origin,
    place: &'static str,
    note: &'static str,
    hours_ago: i64,
    then: Then,
}

enum Then {
    Nothing,
    /// Assigned to the officer `hours_ago` hours ago; a contact attempt some hours later if set.
    Assigned {
        hours_ago: i64,
        attempt_hours_ago: Option<i64>,
    },
    /// Visited by the nurse, linked to health visits, closed.
    Closed,
}

const STORIES: [Story; 4] = [
    Story {
        needs: &[Need::Isolation, Need::OlderAlone],
        urgency: Urgency::Urgent,
        origin: Origin::Web,
        place: "예시: 연희로 ○○길 가상빌라 2층",
        note: "(데모) 우편함에 우편물이 일주일째 쌓여 있고 밤에도 불이 꺼져 있어요. 혼자 사시는 할머니예요.",
        hours_ago: 30,
        then: Then::Nothing,
    },
    Story {
        needs: &[Need::UnpaidBills],
        urgency: Urgency::Soon,
        origin: Origin::Web,
        place: "예시: 연희맛로 ○○ 앞 주택 반지하",
        note: "(데모) 전기 계량기에 단전 예고장이 붙어 있어요.",
        hours_ago: 72,
        then: Then::Assigned { hours_ago: 60, attempt_hours_ago: Some(20) },
    },
    Story {
        needs: &[Need::Food],
        urgency: Urgency::Soon,
        origin: Origin::Counter,
        place: "예시: 연희시장 뒤 가상주택 1층",
        note: "(데모) 창구에 오신 이웃 분 말씀: 아이 둘과 사는 아버지가 요즘 끼니를 거르는 것 같다고 합니다.",
        hours_ago: 20 * 24,
        then: Then::Assigned { hours_ago: 16 * 24, attempt_hours_ago: None },
    },
    Story {
        needs: &[Need::Health, Need::OlderAlone],
        urgency: Urgency::Whenever,
        origin: Origin::Phone,
        place: "예시: 연희로 ○○길 가상아파트 3동",
        note: "(데모) 다리가 불편하신 할아버지가 병원에 못 가고 계세요.",
        hours_ago: 40 * 24,
        then: Then::Closed,
    },
];

/// Loads the demo's welfare work once. Returns how many cases it wrote (0 when already there).
pub async fn load(db: &DatabaseConnection, vault: &crypto::WelfareVault) -> Result<usize, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    if welfare_case::Entity::find().filter(welfare_case::Column::IsDemo.eq(true)).count(&txn).await? > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    let demo_people = user::Entity::find().filter(user::Column::IsDemo.eq(true)).count(&txn).await?;
    if demo_people == 0 {
        return Ok(0);
    }
    let mut n = usize::try_from(demo_people).unwrap_or_default();
    let mut person = |birth_year: i32, role: Role, dong: Option<&'static str>| {
        n += 1;
        let who = user::ActiveModel {
            display_name: Set(demo_name(n)),
            birth_year: Set(Some(birth_year)),
            is_demo: Set(true),
            created_at: Set(now),
            stay_signed_in: Set(false),
            ..Default::default()
        };
        let grant = move |user_id: i64| role_grant::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.into()),
            district_code: Set(Some(DEMO_DISTRICT.to_owned())),
            dong_code: Set(dong.map(str::to_owned)),
            created_at: Set(now),
            granted_by: Set(None),
            ..Default::default()
        };
        (who, grant)
    };
    let mut ids = Vec::new();
    for (year, role, dong) in [
        (1985, Role::WelfareOfficer, Some(DEMO_WELFARE_DONG)),
        (1982, Role::VisitingNurse, Some(DEMO_WELFARE_DONG)),
        (1974, Role::WelfareSupervisor, None),
    ] {
        let (who, grant) = person(year, role, dong);
        let who = who.insert(&txn).await?;
        grant(who.id).insert(&txn).await?;
        ids.push(who.id);
    }
    let (officer, nurse) = (ids[0], ids[1]);
    for (i, (name, covers, official)) in [
        ("1–10통", "예시: 연희로 1길–11길", Some(officer)),
        ("11–20통", "예시: 연희맛로 일대", Some(nurse)),
        ("21–28통", "예시: 연희 119길 일대", None),
    ]
    .into_iter()
    .enumerate()
    {
        welfare_section::ActiveModel {
            dong_code: Set(DEMO_WELFARE_DONG.into()),
            name: Set(name.into()),
            covers: Set(covers.into()),
            official_id: Set(official),
            position: Set(i32::try_from(i).unwrap_or_default()),
            created_at: Set(now),
            updated_at: Set(now),
            is_demo: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut written = 0;
    for story in &STORIES {
        let received = now - Duration::hours(story.hours_ago);
        let mut row = welfare_case::ActiveModel {
            dong_code: Set(DEMO_WELFARE_DONG.into()),
            kind: Set(CaseKind::Referral.into()),
            origin: Set(story.origin.into()),
            urgency: Set(story.urgency.into()),
            stage: Set(Stage::Received.into()),
            may_contact: Set(false),
            // demo receipts are not handed to anyone: a hash of nothing anyone holds
            receipt_hash: Set(Some(crypto::sha256_hex(&format!("demo-receipt/{:?}", crypto::random_bytes::<16>()?)))),
            received_at: Set(received),
            received_month: Set(time_fmt::seoul_date(received)[..7].to_owned()),
            is_demo: Set(true),
            ..Default::default()
        };
        // what happened since: the case's steps, then its log (which needs the case's id)
        let mut entries: Vec<(welfare_activity::ActiveModel, &str)> = Vec::new();
        match story.then {
            Then::Nothing => {}
            Then::Assigned { hours_ago, attempt_hours_ago } => {
                let at = now - Duration::hours(hours_ago);
                row.stage = Set(Stage::Assigned.into());
                row.assignee_id = Set(Some(officer));
                row.assigned_at = Set(Some(at));
                row.last_activity_at = Set(Some(at));
                if let Some(h) = attempt_hours_ago {
                    let when = now - Duration::hours(h);
                    let findings = "(데모) 낮에 방문했으나 부재. 안내문을 문에 남김.";
                    entries.push((log_entry(LogKind::ContactAttempt, None, when, officer), findings));
                    row.last_activity_at = Set(Some(when));
                }
            }
            Then::Closed => {
                let visited = received + Duration::days(3);
                let linked = received + Duration::days(5);
                let closed = received + Duration::days(20);
                let seen = "(데모) 방문. 무릎 통증으로 외출이 어려움. 혈압 높음.";
                entries.push((log_entry(LogKind::Visit, None, visited, nurse), seen));
                let link = "(데모) 월 2회 방문 건강관리 연계.";
                entries.push((log_entry(LogKind::Service, Some(Service::HealthVisits), linked, nurse), link));
                row.stage = Set(Stage::Closed.into());
                row.assignee_id = Set(Some(nurse));
                row.assigned_at = Set(Some(received + Duration::days(1)));
                row.visited_at = Set(Some(visited));
                row.linked_at = Set(Some(linked));
                row.last_activity_at = Set(Some(closed));
                row.closed_at = Set(Some(closed));
                row.close_reason = Set(Some(CloseReason::Linked.into()));
            }
        }
        let needs = Needs::parse(story.needs.iter().map(|n| n.as_str()))?.stored();
        let text =
            CaseText { needs: Some(&needs), place: Some(story.place), note: Some(story.note), ..CaseText::default() };
        let case = insert_case(&txn, vault, row, text).await?;
        for (mut entry, findings) in entries {
            entry.case_id = Set(case);
            insert_activity(&txn, vault, entry, findings).await?;
        }
        written += 1;
    }
    let this_month = time_fmt::seoul_date(now)[..7].to_owned();
    let next = domain::ledger::Month::parse(&this_month)?.next();
    for (program, place, due) in [
        (Program::Turning70, "예시: 연희로 ○○길 가상빌라 1층", this_month.clone()),
        (Program::Newborn, "예시: 연희동 가상아파트 101동", format!("{:04}-{:02}", next.year, next.month)),
    ] {
        let row = welfare_case::ActiveModel {
            dong_code: Set(DEMO_WELFARE_DONG.into()),
            kind: Set(CaseKind::DueVisit.into()),
            origin: Set(Origin::VisitingList.into()),
            urgency: Set(Urgency::Whenever.into()),
            stage: Set(Stage::Received.into()),
            due_month: Set(Some(due)),
            received_at: Set(now),
            received_month: Set(this_month.clone()),
            is_demo: Set(true),
            ..Default::default()
        };
        let text = CaseText { program: Some(program.as_str()), place: Some(place), ..CaseText::default() };
        insert_case(&txn, vault, row, text).await?;
        written += 1;
    }
    txn.commit().await?;
    Ok(written)
}

/// An entry of a demo case's log, by `official` at `at` (its case is set once the case is written).
fn log_entry(
    kind: LogKind,
    service: Option<Service>,
    at: chrono::DateTime<Utc>,
    official: i64,
) -> welfare_activity::ActiveModel {
    welfare_activity::ActiveModel {
        kind: Set(kind.into()),
        on_date: Set(time_fmt::seoul_date(at)),
        official_id: Set(Some(official)),
        service: Set(service.map(Into::into)),
        recorded_by: Set(Some(official)),
        recorded_at: Set(at),
        ..Default::default()
    }
}
