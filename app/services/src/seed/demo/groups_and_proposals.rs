//! Demo groups and proposals across Seodaemun-gu's dongs, at every stage of the lifecycle, with
//! supports, comments, a report and a notification or two. Written directly (like the rest of
//! the demo), keeping the counts on the rows equal to the rows they count; the integration test
//! checks that.

use crate::entities::{
    comment, dong, group_member, proposal, proposal_event, proposal_support, report, residency, resident_group, user,
};
use crate::seed::demo::{DEMO_DISTRICT, demo_name};
use chrono::{Duration, Utc};
use contract::error::AppError;
use domain::category::Category;
use domain::group::Membership;
use domain::group::{MemberRole, MemberState};
use domain::identity::VerificationMethod;
use domain::proposal::{Event, ProposalStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// Supporters added per dong (verified residents), so proposals can reach the default threshold.
const SUPPORTERS: usize = 32;

struct GroupText {
    name: &'static str,
    purpose: &'static str,
    category: Category,
    meeting: &'static str,
    membership: Membership,
}

const GROUPS: [GroupText; 4] = [
    GroupText {
        name: "골목 정원 가꾸기 모임",
        purpose: "골목마다 화분을 두고 함께 가꿉니다. **매달 첫째 주 토요일**에 모여 물을 주고 씨앗을 나눕니다.",
        category: Category::EnvironmentEnergy,
        meeting: "매달 첫째 주 토요일 오전 10시, 주민센터 앞",
        membership: Membership::Open,
    },
    GroupText {
        name: "어르신 말벗 나눔",
        purpose: "혼자 지내시는 어르신께 일주일에 한 번 전화를 드리고, 한 달에 한 번 함께 점심을 먹습니다.",
        category: Category::CareSharing,
        meeting: "매주 수요일 오후 2시, 북카페",
        membership: Membership::Approval,
    },
    GroupText {
        name: "Neighbourhood English book club",
        purpose: "We read one short book a month, in English and Korean, and talk about it over tea. Everyone welcome.",
        category: Category::CultureLearning,
        meeting: "Last Friday of the month, 19:30, book café",
        membership: Membership::Open,
    },
    GroupText {
        name: "안전한 등굣길 지킴이",
        purpose: "초등학교 등굣길의 위험한 곳을 함께 살피고, 아침 시간에 교통 안내를 합니다.",
        category: Category::ChildrenYouth,
        meeting: "평일 오전 8시 ~ 8시 40분",
        membership: Membership::Open,
    },
];

struct ProposalText {
    title: &'static str,
    problem: &'static str,
    solution: &'static str,
    category: Category,
    cost_won: Option<i64>,
    location: Option<&'static str>,
}

const PROPOSALS: [ProposalText; 8] = [
    ProposalText {
        title: "놀이터에 그늘막을 설치해 주세요",
        problem: "여름 한낮에는 놀이터 바닥이 너무 뜨거워 아이들이 놀 수 없습니다.",
        solution: "놀이터 동쪽과 서쪽에 **접이식 그늘막** 두 개를 설치하고, 관리는 주민모임이 맡습니다.",
        category: Category::ChildrenYouth,
        cost_won: Some(3_200_000),
        location: Some("어린이공원 놀이터"),
    },
    ProposalText {
        title: "주민센터 옥상에 작은 텃밭을 만들어요",
        problem: "옥상이 비어 있고, 텃밭을 하고 싶은 주민은 많지만 땅이 없습니다.",
        solution: "옥상에 상자 텃밭 20개를 두고 신청한 가구가 1년씩 돌아가며 가꿉니다.\n\n- 상자 텃밭 20개\n- 빗물 저금통 2개",
        category: Category::EnvironmentEnergy,
        cost_won: Some(1_800_000),
        location: Some("주민센터 옥상"),
    },
    ProposalText {
        title: "어두운 골목길에 태양광 조명을 달아요",
        problem: "시장 뒤 골목은 밤에 어두워 늦게 귀가하는 주민들이 불안해합니다.",
        solution: "전기 공사 없이 달 수 있는 태양광 벽등 12개를 설치합니다.",
        category: Category::Safety,
        cost_won: Some(2_400_000),
        location: Some("시장 뒤 골목"),
    },
    ProposalText {
        title: "Multilingual signs at the community center",
        problem: "Many foreign residents and students cannot read the center's notices and room signs.",
        solution: "Add English and Chinese to the signs of the rooms and to the monthly notice board.",
        category: Category::CultureLearning,
        cost_won: Some(600_000),
        location: None,
    },
    ProposalText {
        title: "경로당과 함께하는 반찬 나눔 날",
        problem: "혼자 사시는 어르신 가운데 끼니를 거르는 분이 많습니다.",
        solution: "한 달에 한 번 주민들이 반찬을 만들어 경로당과 홀몸 어르신 댁에 나눕니다.",
        category: Category::Elderly,
        cost_won: Some(900_000),
        location: Some("경로당"),
    },
    ProposalText {
        title: "공유 우산 대여함을 두어요",
        problem: "갑자기 비가 오면 지하철역에서 집까지 우산 없이 걷는 주민이 많습니다.",
        solution: "지하철역 출구와 주민센터에 공유 우산함을 두고, 반납은 어디에나 할 수 있게 합니다.",
        category: Category::Other,
        cost_won: Some(500_000),
        location: Some("지하철역 2번 출구"),
    },
    ProposalText {
        title: "청소년 공부방을 저녁까지 열어 주세요",
        problem: "시험 기간에 청소년들이 공부할 조용한 곳이 부족합니다.",
        solution: "주민센터 회의실을 시험 기간 평일 저녁 9시까지 공부방으로 엽니다. 자원봉사 주민이 함께 지킵니다.",
        category: Category::ChildrenYouth,
        cost_won: None,
        location: Some("주민센터 2층 회의실"),
    },
    ProposalText {
        title: "Repair café once a month",
        problem: "Broken lamps, chairs and clothes are thrown away although they could be fixed.",
        solution: "Neighbours with skills repair things together once a month in the center's kitchen space.",
        category: Category::EnvironmentEnergy,
        cost_won: Some(300_000),
        location: None,
    },
];

/// Where a demo proposal is, and how many supports it has.
fn stage(k: usize) -> (ProposalStatus, usize, bool) {
    // (status, supports, hidden)
    match k % 9 {
        0 => (ProposalStatus::Published, 4, false),
        1 => (ProposalStatus::Published, 26, false),
        2 => (ProposalStatus::Eligible, 31, false),
        3 => (ProposalStatus::OnAgenda, 30, false),
        4 => (ProposalStatus::Accepted, 32, false),
        5 => (ProposalStatus::InProgress, 30, false),
        6 => (ProposalStatus::Done, 31, false),
        7 => (ProposalStatus::Rejected, 30, false),
        _ => (ProposalStatus::Withdrawn, 2, false),
    }
}

/// The events that bring a proposal from draft to `status`.
fn road_to(status: ProposalStatus) -> Vec<(Event, ProposalStatus)> {
    use ProposalStatus as S;
    let mut road = vec![(Event::Publish, S::Published)];
    let via = |road: &mut Vec<_>, steps: &[(Event, ProposalStatus)]| road.extend_from_slice(steps);
    match status {
        S::Draft | S::Published => {}
        S::Withdrawn => via(&mut road, &[(Event::Withdraw, S::Withdrawn)]),
        S::Eligible => via(&mut road, &[(Event::ReachThreshold, S::Eligible)]),
        S::OnAgenda => via(&mut road, &[(Event::ReachThreshold, S::Eligible), (Event::PutOnAgenda, S::OnAgenda)]),
        S::Accepted | S::Rejected | S::InProgress | S::Done => {
            via(&mut road, &[(Event::ReachThreshold, S::Eligible), (Event::PutOnAgenda, S::OnAgenda)]);
            if status == S::Rejected {
                via(&mut road, &[(Event::Reject, S::Rejected)]);
            } else {
                via(&mut road, &[(Event::Accept, S::Accepted)]);
                if matches!(status, S::InProgress | S::Done) {
                    via(&mut road, &[(Event::Start, S::InProgress)]);
                }
                if status == S::Done {
                    via(&mut road, &[(Event::Complete, S::Done)]);
                }
            }
        }
    }
    if status == S::Draft { Vec::new() } else { road }
}

/// Loads the demo's groups and proposals once (the demo people must exist).
pub async fn load(db: &DatabaseConnection) -> Result<usize, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    // once: the district's proposals and groups are the demo's (it is never loaded beside real ones)
    let proposals_there =
        proposal::Entity::find().filter(proposal::Column::DistrictCode.eq(DEMO_DISTRICT)).count(&txn).await?;
    let groups_there = resident_group::Entity::find()
        .filter(resident_group::Column::DistrictCode.eq(DEMO_DISTRICT))
        .count(&txn)
        .await?;
    if proposals_there > 0 || groups_there > 0 {
        return Ok(0);
    }
    let dongs = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(DEMO_DISTRICT))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::Code)
        .all(&txn)
        .await?;
    let now = Utc::now();
    let mut n_people = user::Entity::find().filter(user::Column::IsDemo.eq(true)).count(&txn).await? as usize;
    let mut proposals_made = 0usize;
    for (i, d) in dongs.iter().enumerate() {
        // the dong's verified demo residents so far (authors), then supporters
        let residents: Vec<i64> = residency::Entity::find()
            .filter(residency::Column::DongCode.eq(d.code.as_str()))
            .filter(residency::Column::EndedAt.is_null())
            .order_by_asc(residency::Column::UserId)
            .all(&txn)
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        let Some(&author) = residents.first() else { continue };
        let second = residents.get(1).copied().unwrap_or(author);
        let mut supporters = Vec::with_capacity(SUPPORTERS);
        for s in 0..SUPPORTERS {
            n_people += 1;
            let u = user::ActiveModel {
                display_name: Set(demo_name(n_people)),
                birth_year: Set(Some(1945 + ((i * 7 + s * 3) % 60) as i32)),
                is_demo: Set(true),
                created_at: Set(now),
                home_dong_code: Set(Some(d.code.clone())),
                stay_signed_in: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            residency::ActiveModel {
                user_id: Set(u.id),
                dong_code: Set(d.code.clone()),
                method: Set(VerificationMethod::AddressDocument.into()),
                verified_by: Set(None),
                verified_at: Set(now),
                expires_at: Set(None),
                ended_at: Set(None),
                ended_by: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            supporters.push(u.id);
        }

        // one or two groups per dong
        let mut group_ids = Vec::new();
        for g_idx in [i % GROUPS.len(), (i + 1) % GROUPS.len()].into_iter().take(1 + i % 2) {
            let g = &GROUPS[g_idx];
            let members: Vec<i64> =
                std::iter::once(author).chain(supporters.iter().copied().skip(g_idx * 3).take(3 + i % 5)).collect();
            let created = resident_group::ActiveModel {
                dong_code: Set(d.code.clone()),
                district_code: Set(DEMO_DISTRICT.to_owned()),
                name: Set(g.name.to_owned()),
                purpose: Set(g.purpose.to_owned()),
                category: Set(g.category.into()),
                meeting_pattern: Set(g.meeting.to_owned()),
                membership: Set(g.membership.into()),
                members_count: Set(i32::try_from(members.len()).unwrap_or(0)),
                registered_at: Set((i % 3 == 0).then_some(now)),
                registered_by: Set(None),
                hidden: Set(false),
                moderation_reason: Set(None),
                created_by: Set(author),
                created_at: Set(now - Duration::days(60 + i as i64)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (m, uid) in members.iter().enumerate() {
                group_member::ActiveModel {
                    group_id: Set(created.id),
                    user_id: Set(*uid),
                    role: Set(if m == 0 { MemberRole::Organiser } else { MemberRole::Member }.into()),
                    state: Set(MemberState::Active.into()),
                    joined_at: Set(now - Duration::days(50)),
                }
                .insert(&txn)
                .await?;
            }
            group_ids.push(created.id);
        }

        // three proposals per dong, at stages that cycle through the whole lifecycle across the
        // district; a draft in the first dong
        for j in 0..3 {
            let k = i * 3 + j;
            let t = &PROPOSALS[k % PROPOSALS.len()];
            let (status, supports, hidden) = stage(k);
            let published = now - Duration::days(40 - (k % 30) as i64);
            let p = proposal::ActiveModel {
                dong_code: Set(d.code.clone()),
                district_code: Set(DEMO_DISTRICT.to_owned()),
                author_id: Set(if j == 1 { second } else { author }),
                group_id: Set((j == 0).then(|| group_ids.first().copied()).flatten()),
                title: Set(t.title.to_owned()),
                problem: Set(t.problem.to_owned()),
                solution: Set(t.solution.to_owned()),
                category: Set(t.category.into()),
                cost_won: Set(t.cost_won),
                location: Set(t.location.map(str::to_owned)),
                status: Set(status.into()),
                hidden: Set(hidden),
                moderation_reason: Set(None),
                support_threshold: Set(30),
                supports_count: Set(i32::try_from(supports).unwrap_or(0)),
                comments_count: Set(2),
                created_at: Set(published - Duration::days(1)),
                published_at: Set(Some(published)),
                updated_at: Set(published),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (step, (event, after)) in road_to(status).into_iter().enumerate() {
                proposal_event::ActiveModel {
                    proposal_id: Set(p.id),
                    event: Set(event.into()),
                    status: Set(after.into()),
                    actor_id: Set(None),
                    note: Set(None),
                    at: Set(published + Duration::days(step as i64 * 3)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            if supports > 0 {
                proposal_support::Entity::insert_many(supporters.iter().take(supports).map(|uid| {
                    proposal_support::ActiveModel {
                        proposal_id: Set(p.id),
                        user_id: Set(*uid),
                        created_at: Set(published + Duration::hours(6)),
                    }
                }))
                .exec(&txn)
                .await?;
            }
            let first = comment::ActiveModel {
                proposal_id: Set(p.id),
                parent_id: Set(None),
                author_id: Set(supporters[j]),
                body: Set("좋은 제안입니다. 저도 함께하고 싶어요.".to_owned()),
                hidden: Set(false),
                moderation_reason: Set(None),
                created_at: Set(published + Duration::hours(8)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            comment::ActiveModel {
                proposal_id: Set(p.id),
                parent_id: Set(Some(first.id)),
                author_id: Set(p.author_id),
                body: Set("고맙습니다! 다음 모임에서 자세히 이야기해요.".to_owned()),
                hidden: Set(false),
                moderation_reason: Set(None),
                created_at: Set(published + Duration::hours(20)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            // one open report in the first dong, for the expert's queue
            if k == 0 {
                report::ActiveModel {
                    target_kind: Set(domain::moderation::TargetKind::Comment.into()),
                    target_id: Set(first.id),
                    dong_code: Set(d.code.clone()),
                    district_code: Set(DEMO_DISTRICT.to_owned()),
                    reporter_id: Set(supporters[SUPPORTERS - 1]),
                    reason: Set(domain::moderation::ReportReason::OffTopic.into()),
                    detail: Set("제안과 관계없는 내용 같아요".to_owned()),
                    created_at: Set(now),
                    resolved_at: Set(None),
                    resolved_by: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            proposals_made += 1;
        }
        // a private draft of the first resident of the first dong
        if i == 0 {
            let t = &PROPOSALS[5];
            proposal::ActiveModel {
                dong_code: Set(d.code.clone()),
                district_code: Set(DEMO_DISTRICT.to_owned()),
                author_id: Set(author),
                group_id: Set(None),
                title: Set(t.title.to_owned()),
                problem: Set(t.problem.to_owned()),
                solution: Set(t.solution.to_owned()),
                category: Set(t.category.into()),
                cost_won: Set(t.cost_won),
                location: Set(t.location.map(str::to_owned)),
                status: Set(ProposalStatus::Draft.into()),
                hidden: Set(false),
                moderation_reason: Set(None),
                support_threshold: Set(30),
                supports_count: Set(0),
                comments_count: Set(0),
                created_at: Set(now),
                published_at: Set(None),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            proposals_made += 1;
        }
    }
    txn.commit().await?;
    Ok(proposals_made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::proposal::{Lifecycle, transition};

    #[test]
    fn every_demo_road_is_a_legal_lifecycle() {
        for k in 0..9 {
            let (status, _, _) = stage(k);
            let end = road_to(status).into_iter().try_fold(Lifecycle::NEW, |l, (e, expected)| {
                let next = transition(l, e).unwrap();
                assert_eq!(next.status, expected);
                Some(next)
            });
            assert_eq!(end.unwrap().status, status);
        }
    }

    #[test]
    fn every_stage_appears_across_the_district() {
        let seen: std::collections::HashSet<_> = (0..42).map(|k| stage(k).0).collect();
        assert_eq!(seen.len(), ProposalStatus::ALL.len() - 1, "all but draft (made separately)");
    }
}
