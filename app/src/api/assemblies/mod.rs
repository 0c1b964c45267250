//! Server functions for resident assemblies: the list and page, creating an assembly and its
//! agenda, moving it along, and casting ballots. Each parses its input into domain types and
//! makes one service call; the service checks `domain::authz` first.
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;

// A server function takes one argument per form field.

use crate::dto::{AssemblyDetail, AssemblyList};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::api::state::use_app_state;
#[cfg(feature = "ssr")]
use crate::domain::geo::DongCode;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};

#[server(prefix = "/sf", endpoint = "assemblies")]
pub async fn list_assemblies(dong: String) -> Result<AssemblyList, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        services::assemblies::list(&db, actor.as_ref(), &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "assembly")]
pub async fn load_assembly(id: i64) -> Result<AssemblyDetail, AppError> {
    with_actor(|db, actor| async move { services::assemblies::detail(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "assemblies/create")]
pub async fn create_assembly(
    dong: String,
    title: String,
    description: String,
    venue: String,
    pre_voting_starts: String,
    session_starts: String,
    session_ends: String,
    venue_space: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let venue_space = match venue_space.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::input(Field::VenueSpace, InputRule::NotChosen))?),
        };
        let details = crate::domain::assembly::AssemblyDetails::parse(
            &title,
            &description,
            &venue,
            &pre_voting_starts,
            &session_starts,
            &session_ends,
        )?;
        let id = services::assemblies::create_at_venue(&db, actor.as_ref(), &dong, details, venue_space).await?;
        leptos_axum::redirect(&format!("/assemblies/{id}"));
        Ok(id)
    })
    .await
}

/// Edits an assembly's particulars (draft or announced), or only its times while pre-voting
/// runs (a postponement: the venue's booking moves too).
#[server(prefix = "/sf", endpoint = "assemblies/edit")]
pub async fn edit_assembly(
    assembly_id: i64,
    title: String,
    description: String,
    venue: String,
    pre_voting_starts: String,
    session_starts: String,
    session_ends: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let details = crate::domain::assembly::AssemblyDetails::parse(
            &title,
            &description,
            &venue,
            &pre_voting_starts,
            &session_starts,
            &session_ends,
        )?;
        services::assemblies::edit(&db, actor.as_ref(), assembly_id, details).await
    })
    .await
}

/// Cancels an assembly before its session opens, with a public reason.
#[server(prefix = "/sf", endpoint = "assemblies/cancel")]
pub async fn cancel_assembly(assembly_id: i64, reason: String, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        crate::api::confirmed(&confirm)?;
        let reason = crate::domain::assembly::CancelReason::parse(&reason)?;
        services::assemblies::cancel(&db, actor.as_ref(), assembly_id, reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "assemblies/item")]
pub async fn add_agenda_item(
    assembly_id: i64,
    kind: String,
    title: Option<String>,
    description: Option<String>,
    options: Option<String>,
    max: Option<String>,
    budget_won: Option<String>,
    proposals: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let item = crate::domain::assembly::NewItem::parse(
            &kind,
            &s(&title),
            &s(&description),
            &s(&options),
            &s(&max),
            &s(&budget_won),
            &s(&proposals),
        )?;
        services::assemblies::add_item(&db, actor.as_ref(), assembly_id, item).await
    })
    .await
}

/// Takes an item off the agenda (until voting opens), after the organiser ticked the
/// confirmation; an announced assembly's proposals on it become eligible again.
#[server(prefix = "/sf", endpoint = "assemblies/item/remove")]
pub async fn remove_agenda_item(item_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        crate::api::confirmed(&confirm)?;
        services::assemblies::remove_item(&db, actor.as_ref(), item_id).await
    })
    .await
}

/// Moves an item one place `up` or `down` the agenda (until voting opens).
#[server(prefix = "/sf", endpoint = "assemblies/item/move")]
pub async fn move_agenda_item(item_id: i64, direction: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let earlier = match direction.trim() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::input(Field::Direction, InputRule::NotChosen)),
        };
        services::assemblies::move_item(&db, actor.as_ref(), item_id, earlier).await
    })
    .await
}

/// Moves the assembly along (`announce`, `open_pre_voting`, `open_session`, `close`,
/// `publish_results`), after the organiser ticked the confirmation.
#[server(prefix = "/sf", endpoint = "assemblies/advance")]
pub async fn advance_assembly(
    assembly_id: i64,
    event: String,
    confirm: Option<String>,
    off_schedule: Option<String>,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        crate::api::confirmed(&confirm)?;
        let event = crate::domain::assembly::AssemblyEvent::parse(&event)?;
        let seal = crate::api::state::use_app_state()?.auth.ballot_seal();
        services::assemblies::advance(&db, &seal, actor.as_ref(), assembly_id, event, crate::api::ticked(&off_schedule))
            .await
            .map(|_| ())
    })
    .await
}

/// A ballot from the assembly page: `choice` (approve, reject, abstain) for approve/reject items
/// (and `abstain` for the others); otherwise the chosen options as `options[]` (radio buttons
/// for one, checkboxes for several; the value `abstain` among them abstains).
#[server(prefix = "/sf", endpoint = "assemblies/vote")]
pub async fn cast_ballot(item_id: i64, choice: Option<String>, options: Option<Vec<String>>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::assembly::Choice;
        let options = options.unwrap_or_default();
        let choice = match choice.as_deref().map(str::trim) {
            Some("approve") => Choice::Approve,
            Some("reject") => Choice::Reject,
            Some("abstain") if options.iter().any(|o| o != "abstain") => {
                return Err(AppError::input(Field::Choice, InputRule::AbstainAndChoose));
            }
            Some("abstain") => Choice::Abstain,
            Some(_) => return Err(AppError::input(Field::Choice, InputRule::NotChosen)),
            None if options.iter().any(|o| o == "abstain") => Choice::Abstain,
            None if options.is_empty() => return Err(AppError::input(Field::Choice, InputRule::NotChosen)),
            None => {
                let ids: Result<Vec<i64>, _> = options.iter().map(|s| s.trim().parse::<i64>()).collect();
                Choice::Options(ids.map_err(|_| AppError::input(Field::Choice, InputRule::NotChosen))?)
            }
        };
        let seal = crate::api::state::use_app_state()?.auth.ballot_seal();
        services::assemblies::cast(&db, &seal, actor.as_ref(), item_id, choice).await.map(|_| ())
    })
    .await
}

// ---- results, the door and the live count ------------------------------------------------------

#[server(prefix = "/sf", endpoint = "assemblies/results")]
pub async fn load_results(id: i64) -> Result<crate::dto::ResultsView, AppError> {
    with_actor(|db, actor| async move { services::assemblies::results::view(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "assemblies/live")]
pub async fn load_live(id: i64) -> Result<crate::dto::LiveCount, AppError> {
    with_actor(|db, _| async move { services::assemblies::door::live(&db, id).await }).await
}

/// Staff look a resident up at the door by name (and birth year).
#[server(prefix = "/sf", endpoint = "assemblies/door/search")]
pub async fn door_search(
    assembly_id: i64,
    name: String,
    birth_year: Option<String>,
) -> Result<Vec<crate::dto::DoorCandidate>, AppError> {
    with_actor(|db, actor| async move {
        let year = match birth_year.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(y) => {
                let this_year = services::time_fmt::seoul_year(chrono::Utc::now());
                Some(crate::domain::identity::BirthYear::parse(y, this_year)?.value())
            }
        };
        services::assemblies::door::search(&db, actor.as_ref(), assembly_id, &name, year).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "assemblies/door/check_in")]
pub async fn door_check_in(assembly_id: i64, user_id: i64) -> Result<crate::dto::CheckInView, AppError> {
    with_actor(|db, actor| async move {
        services::assemblies::door::check_in(&db, actor.as_ref(), assembly_id, user_id).await
    })
    .await
}

/// Staff undo a check-in made by mistake (before paper ballots are counted).
#[server(prefix = "/sf", endpoint = "assemblies/door/undo_check_in")]
pub async fn door_undo_check_in(assembly_id: i64, user_id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        services::assemblies::door::undo_check_in(&db, actor.as_ref(), assembly_id, user_id).await
    })
    .await
}

/// The paper tallies as the door page shows them: every entry, and who confirmed it.
#[server(prefix = "/sf", endpoint = "assemblies/door/tallies")]
pub async fn load_door_tallies(assembly_id: i64) -> Result<crate::dto::DoorTallies, AppError> {
    with_actor(
        |db, actor| async move { services::assemblies::door::door_tallies(&db, actor.as_ref(), assembly_id).await },
    )
    .await
}

/// Staff enter the counted paper ballots of an item, or correct them; options' votes come as
/// `votes[]` in the order of `option_ids[]`. `corrects` is the last entry the form showed (empty
/// for the first).
#[server(prefix = "/sf", endpoint = "assemblies/door/paper")]
pub async fn enter_paper_tally(
    item_id: i64,
    ballots: String,
    abstentions: Option<String>,
    approve: Option<String>,
    reject: Option<String>,
    option_ids: Option<Vec<String>>,
    votes: Option<Vec<String>>,
    corrects: Option<String>,
    ballot_sets: Option<String>,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let corrects = match corrects.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => Some(v.parse::<i64>().map_err(|_| AppError::input(Field::Corrects, InputRule::NoSuch))?),
        };
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let counts = crate::domain::assembly::PaperCounts::parse(
            &ballots,
            &s(&abstentions),
            &s(&approve),
            &s(&reject),
            &option_ids.unwrap_or_default(),
            &votes.unwrap_or_default(),
        )?
        .with_sets(&s(&ballot_sets))?;
        services::assemblies::door::enter_paper_tally(&db, actor.as_ref(), item_id, counts, corrects).await
    })
    .await
}

/// A second person confirms the last entry of an item's paper tally.
#[server(prefix = "/sf", endpoint = "assemblies/door/confirm")]
pub async fn confirm_paper_tally(item_id: i64, entry_id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        services::assemblies::door::confirm_paper_tally(&db, actor.as_ref(), item_id, entry_id).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "assemblies/notice")]
pub async fn load_notice(id: i64) -> Result<crate::dto::NoticeView, AppError> {
    with_actor(|db, _| async move {
        let state = use_app_state()?;
        let lang = crate::app::use_page_env().prefs.lang;
        services::assemblies::notice::notice(&db, id, &state.auth.public_url, lang).await
    })
    .await
}

/// The facilitator writes the minutes (Markdown), and publishes them (`publish` = "1").
#[server(prefix = "/sf", endpoint = "assemblies/minutes")]
pub async fn save_minutes(assembly_id: i64, minutes: String, publish: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let text = crate::domain::text::bounded(Field::Minutes, &minutes, 10, 20_000, true)?;
        let publish = crate::api::ticked(&publish);
        services::assemblies::save_minutes(&db, actor.as_ref(), assembly_id, text, publish).await
    })
    .await
}

/// Staff of the dong or the district's expert set the dong's bylaws (for assemblies created from
/// now on). Checkboxes are present when ticked.
#[server(prefix = "/sf", endpoint = "assemblies/bylaws")]
pub async fn save_bylaws(
    dong: String,
    quorum_kind: String,
    quorum_value: String,
    majority: String,
    abstentions_count: Option<String>,
    minimum_age: String,
    running_results_visible: Option<String>,
    secret_ballot: Option<String>,
    pb_rule: Option<String>,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::assembly::{Bylaws, Majority, PbRule, Quorum};
        let dong = DongCode::parse(&dong)?;
        use crate::api::ticked;
        let bylaws = Bylaws {
            quorum: Quorum::parse(&quorum_kind, &quorum_value)?,
            majority: Majority::parse(&majority)?,
            abstentions_count_toward_quorum: ticked(&abstentions_count),
            minimum_age: Bylaws::parse_minimum_age(&minimum_age)?,
            running_results_visible: ticked(&running_results_visible),
            secret_ballot: ticked(&secret_ballot),
            pb_rule: pb_rule.as_deref().map(PbRule::parse).transpose()?.unwrap_or_default(),
        };
        services::assemblies::set_bylaws(&db, actor.as_ref(), &dong, bylaws).await
    })
    .await
}
