//! The demo's resident assemblies, both Cheonyeon-dong's: last spring's, closed with published
//! results and minutes (online and paper ballots; a participatory budget decided by the Method
//! of Equal Shares, its winners earmarked in the fund), and this winter's, announced and open for
//! online pre-voting, with an eligible proposal to approve or reject (if the demo has one
//! there), a single choice and an approval item, and a few ballots already cast. Made through
//! the services, as staff, residents and the expert would, so they obey every rule the real ones
//! do.

use crate::crypto::BallotSeal;
use crate::entities::{agenda_option, assembly, proposal, residency};
use crate::{assemblies, assemblies::door, identity, proposals};
use chrono::{Datelike, Duration, Utc};
use contract::error::AppError;
use domain::assembly::{AssemblyDetails, AssemblyEvent, Bylaws, Choice, NewItem, PaperCounts, PbRule, Quorum};
use domain::geo::DongCode;
use domain::proposal::ProposalStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// The dong whose assembly the demo shows (천연동).
pub const DEMO_DONG: &str = "1141052000";

/// Loads the demo assemblies once; returns how many it made (0 or 2).
/// `seal` seals their secret ballots (the serving process's `UD_SECRET` must be the same).
pub async fn load(db: &DatabaseConnection, seal: &BallotSeal) -> Result<usize, AppError> {
    if assembly::Entity::find().filter(assembly::Column::DongCode.eq(DEMO_DONG)).count(db).await? > 0 {
        return Ok(0);
    }
    let dong = DongCode::parse(DEMO_DONG)?;
    let Some(&staff) = crate::seed::demo::demo_staff_of(db, &dong).await?.first() else { return Ok(0) };
    let Some(staff) = identity::load_actor(db, staff).await? else { return Ok(0) };
    // Cheonyeon-dong's bylaws: a tenth of its verified residents make the quorum; participatory
    // budgets by the Method of Equal Shares
    let bylaws = Bylaws { quorum: Quorum::Percent(10), pb_rule: PbRule::EqualShares, ..Bylaws::default() };
    assemblies::set_bylaws(db, Some(&staff), &dong, bylaws).await?;
    let voters = residency::Entity::find()
        .filter(residency::Column::DongCode.eq(DEMO_DONG))
        .filter(residency::Column::EndedAt.is_null())
        .order_by_desc(residency::Column::UserId)
        .all(db)
        .await?;
    past_assembly(db, seal, &staff, &dong, &voters).await?;
    // two Saturdays from now, 14:00–16:00 Seoul time; pre-voting from today
    let day = Utc::now() + Duration::days(14);
    let saturday = day + Duration::days(i64::from((6 + 7 - day.weekday().num_days_from_sunday()) % 7));
    let date = saturday.format("%Y-%m-%d").to_string();
    let today = format!("{}T00:00", crate::time_fmt::seoul_date(Utc::now()));
    let details = AssemblyDetails::parse(
        &format!("{} 천연동 주민총회", saturday.year()),
        "천연동 주민이 함께 내년 마을 계획을 정합니다. 총회 전에 온라인으로 미리 투표할 수 있고, \
         총회 날 주민센터에서 종이 투표지로 투표할 수도 있습니다.\n\n\
         Residents of Cheonyeon-dong decide next year's neighbourhood plan together. Vote online \
         beforehand, or on paper at the center on the day.",
        "천연동 주민센터 3층 다목적실 (Cheonyeon-dong center, 3F)",
        &today,
        &format!("{date}T14:00"),
        &format!("{date}T16:00"),
    )?;
    let id = assemblies::create(db, Some(&staff), &dong, details).await?;
    let eligible = proposal::Entity::find()
        .filter(proposal::Column::DongCode.eq(DEMO_DONG))
        .filter(proposal::Column::Status.eq(ProposalStatus::Eligible.as_str()))
        .filter(proposal::Column::Hidden.eq(false))
        .order_by_asc(proposal::Column::Id)
        .one(db)
        .await?;
    if let Some(p) = eligible {
        assemblies::add_item(db, Some(&staff), id, NewItem::Proposal { proposal_id: p.id }).await?;
    }
    let festival = NewItem::parse(
        "single_choice",
        "마을 축제 날짜 (Festival date)",
        "올해 마을 축제를 언제 열까요? / When should this year's festival be?",
        "5월 둘째 토요일 (2nd Saturday of May)\n9월 첫째 토요일 (1st Saturday of September)",
        "",
        "",
        "",
    )?;
    let festival = assemblies::add_item(db, Some(&staff), id, festival).await?;
    let park = NewItem::parse(
        "approval",
        "어린이공원에 둘 시설 (What the children's park gets)",
        "두 가지까지 고르세요. / Choose up to two.",
        "그늘막 (Shade sail)\n벤치 (Benches)\n음수대 (Drinking fountain)\n운동기구 (Exercise equipment)",
        "2",
        "",
        "",
    )?;
    let park = assemblies::add_item(db, Some(&staff), id, park).await?;
    assemblies::advance(db, seal, Some(&staff), id, AssemblyEvent::Announce, true).await?;
    assemblies::advance(db, seal, Some(&staff), id, AssemblyEvent::OpenPreVoting, true).await?;

    // a dozen residents have voted already
    let (festival_options, park_options) = (options_of(db, festival).await?, options_of(db, park).await?);
    for (n, r) in voters.iter().take(12).enumerate() {
        let Some(voter) = identity::load_actor(db, r.user_id).await? else { continue };
        let f = Choice::Options(vec![festival_options[usize::from(n % 3 == 0)]]);
        let p = Choice::Options(vec![park_options[0], park_options[1 + n % 3]]);
        for (item, choice) in [(festival, f), (park, p)] {
            // a demo resident too young by the bylaws simply does not vote
            if let Err(e) = assemblies::cast(db, seal, Some(&voter), item, choice).await
                && !matches!(e, AppError::Forbidden)
            {
                return Err(e);
            }
        }
    }
    Ok(2)
}

/// The options of an item, in order.
async fn options_of(db: &DatabaseConnection, item: i64) -> Result<Vec<i64>, AppError> {
    Ok(agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item))
        .order_by_asc(agenda_option::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect())
}

/// Last spring's participatory budget, 2,000,000 won among four projects residents proposed
/// (published and supported to the dong's threshold here): the item and its options, or none if
/// the demo has too few residents to support them.
async fn budget_item(
    db: &DatabaseConnection,
    staff: &domain::authz::Actor,
    dong: &DongCode,
    assembly_id: i64,
    voters: &[residency::Model],
) -> Result<Option<(i64, Vec<i64>)>, AppError> {
    use domain::proposal::ProposalContent;
    const PROJECTS: [(&str, &str, &str); 4] = [
        ("어린이공원 놀이기구 교체 (New playground equipment)", "1,200,000", "children_youth"),
        ("공원 벤치 여섯 개 (Six park benches)", "600,000", "environment_energy"),
        ("작은도서관 새 책 (New books for the small library)", "500,000", "culture_learning"),
        ("작은도서관 열람실 조명 (Reading-room lights)", "300,000", "culture_learning"),
    ];
    let mut ids = Vec::new();
    for (n, (title, cost, category)) in PROJECTS.into_iter().enumerate() {
        let Some(author) = voters.get(n) else { return Ok(None) };
        let Some(author) = identity::load_actor(db, author.user_id).await? else { return Ok(None) };
        let content = ProposalContent::parse(
            title,
            "주민들이 오래 바라 온 일입니다. / Residents have long asked for this.",
            "주민참여예산으로 구입하고 주민센터가 관리합니다. / Bought from the participatory budget, kept by the center.",
            category,
            cost,
            "",
        )?;
        let id = proposals::create(db, Some(&author), dong, content, None).await?;
        proposals::publish(db, Some(&author), id).await?;
        // supported until eligible (the dong's threshold), by residents who may support
        for r in voters.iter().skip(4) {
            if proposals::find(db, id).await?.status == ProposalStatus::Eligible {
                break;
            }
            let Some(supporter) = identity::load_actor(db, r.user_id).await? else { continue };
            match proposals::support(db, Some(&supporter), id).await {
                Ok(()) | Err(AppError::Forbidden | AppError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if proposals::find(db, id).await?.status != ProposalStatus::Eligible {
            return Ok(None);
        }
        ids.push(id);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let item = NewItem::parse(
        "budget",
        "주민참여예산 (Participatory budget)",
        "균등 몫 방식으로 정합니다. / Decided by the Method of Equal Shares.",
        "",
        "",
        "2,000,000",
        &list,
    )?;
    let item = assemblies::add_item(db, Some(staff), assembly_id, item).await?;
    Ok(Some((item, options_of(db, item).await?)))
}

/// Last spring's assembly: voted online and on paper, closed, results and minutes published.
async fn past_assembly(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    staff: &domain::authz::Actor,
    dong: &DongCode,
    voters: &[residency::Model],
) -> Result<(), AppError> {
    let year = crate::time_fmt::seoul_year(Utc::now());
    let details = AssemblyDetails::parse(
        &format!("{year} 상반기 천연동 주민총회"),
        "봄 총회에서 마을 축제 장소와 골목 정원 가꾸기를 정했습니다. / The spring assembly chose the \
         festival's place and how to tend the lane gardens.",
        "천연동 주민센터 3층 다목적실 (Cheonyeon-dong center, 3F)",
        &format!("{year}-04-01T09:00"),
        &format!("{year}-04-18T14:00"),
        &format!("{year}-04-18T16:00"),
    )?;
    let id = assemblies::create(db, Some(staff), dong, details).await?;
    let place = NewItem::parse(
        "single_choice",
        "마을 축제 장소 (Festival venue)",
        "",
        "안산 자락길 입구 (Ansan trail entrance)\n주민센터 앞 마당 (Center's front yard)",
        "",
        "",
        "",
    )?;
    let place = assemblies::add_item(db, Some(staff), id, place).await?;
    let garden = NewItem::parse(
        "approval",
        "골목 정원에 심을 꽃 (Flowers for the lane gardens)",
        "두 가지까지 고르세요. / Choose up to two.",
        "수국 (Hydrangea)\n코스모스 (Cosmos)\n국화 (Chrysanthemum)",
        "2",
        "",
        "",
    )?;
    let garden = assemblies::add_item(db, Some(staff), id, garden).await?;
    let budget = budget_item(db, staff, dong, id, voters).await?;
    for step in [AssemblyEvent::Announce, AssemblyEvent::OpenPreVoting] {
        assemblies::advance(db, seal, Some(staff), id, step, true).await?;
    }
    let (place_options, garden_options) = (options_of(db, place).await?, options_of(db, garden).await?);
    let mut online = 0;
    for (n, r) in voters.iter().skip(12).take(20).enumerate() {
        let Some(voter) = identity::load_actor(db, r.user_id).await? else { continue };
        let p = Choice::Options(vec![place_options[usize::from(n % 4 == 0)]]);
        let g = Choice::Options(vec![garden_options[n % 3], garden_options[(n + 1) % 3]]);
        match assemblies::cast(db, seal, Some(&voter), place, p).await {
            Ok(_) => online += 1,
            Err(AppError::Forbidden) => continue,
            Err(e) => return Err(e),
        }
        assemblies::cast(db, seal, Some(&voter), garden, g).await?;
        // the budget: twelve want the big playground and the benches, eight the library's two
        if let Some((item, projects)) = &budget {
            let chosen = if n < 12 { vec![projects[0], projects[1]] } else { vec![projects[2], projects[3]] };
            assemblies::cast(db, seal, Some(&voter), *item, Choice::Options(chosen)).await?;
        }
    }
    assemblies::advance(db, seal, Some(staff), id, AssemblyEvent::OpenSession, true).await?;
    // four residents came to the center and voted on paper
    let mut at_door = 0u64;
    for r in voters.iter().skip(32).take(4) {
        match door::check_in(db, Some(staff), id, r.user_id).await {
            Ok(_) => at_door += 1,
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    assemblies::advance(db, seal, Some(staff), id, AssemblyEvent::Close, true).await?;
    let counts = |options: Vec<(i64, u64)>| PaperCounts { ballots: at_door, options, ..PaperCounts::default() };
    let first = at_door.min(3);
    // the garden's ballots were miscounted first and corrected on a recount: both stay on record;
    // the budget's paper ballots all marked the benches (project 2), entered as one group
    let budget_paper = budget.iter().map(|(item, _)| {
        let sets = (at_door > 0).then(|| vec![(vec![2], at_door)]);
        (*item, vec![PaperCounts { ballots: at_door, sets, ..PaperCounts::default() }])
    });
    let paper = [
        (place, vec![counts(vec![(place_options[0], first), (place_options[1], at_door - first)])]),
        (
            garden,
            vec![
                counts(vec![(garden_options[0], at_door), (garden_options[1], at_door.min(1))]),
                counts(vec![(garden_options[0], at_door), (garden_options[1], at_door.min(2))]),
            ],
        ),
    ];
    // the district's expert confirms the staff's paper tallies (a second person), and writes
    // the minutes
    let Some(expert) = crate::seed::demo::demo_expert(db).await? else { return Ok(()) };
    let Some(expert) = identity::load_actor(db, expert).await? else { return Ok(()) };
    for (item, entries) in paper.into_iter().chain(budget_paper) {
        for counts in entries {
            let last = door::last_entry(db, item).await?.map(|e| e.id);
            door::enter_paper_tally(db, Some(staff), item, counts, last).await?;
        }
        let entry = door::last_entry(db, item).await?.ok_or(AppError::NotFound)?;
        door::confirm_paper_tally(db, Some(&expert), item, entry.id).await?;
    }
    assemblies::advance(db, seal, Some(staff), id, AssemblyEvent::PublishResults, true).await?;
    let minutes = format!(
        "## {year} 상반기 천연동 주민총회 회의록\n\n\
         - 온라인 투표 {online}명, 현장 참석 {at_door}명\n\
         - 축제 장소와 골목 정원의 꽃을 정했습니다. 결과는 결과 페이지에 있습니다.\n\n\
         ## Minutes (English)\n\n\
         - {online} residents voted online, {at_door} at the center.\n\
         - The festival's place and the lane gardens' flowers were decided; see the results page."
    );
    assemblies::save_minutes(db, Some(&expert), id, minutes, true).await?;
    Ok(())
}
