//! The threat model of secret ballots (docs/features/assemblies.md, "Ballot secrecy"): someone who
//! reads every table and column of the database, system columns included, and the application's
//! logs, cannot tell how any resident voted on a secret item beyond what the totals reveal — not
//! by what is stored, not by its length, not by its order, not by a running count — and a copy of
//! the database taken after the close holds nothing that opens a ballot.
//!
//! The assembly puts one item of every kind to the vote (approve/reject, single choice, approval,
//! budget) and residents cast every choice each item allows (approve, reject, abstain, one pick,
//! several picks, every project set within the budget), one after the other (so every order a
//! reader can see is the voting order: the easiest case for them), and the tests play that reader.

use crate::assemblies::{ballot, options_of, staff, voters_with_ids};
use crate::assembly_day::{eligible, resident};
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp, logs, within};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, Bylaws, CancelReason, NewItem};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::ledger::{IncomeCategory, Won};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement, Value};
use services::entities::{ballot_key, participation, sealed_ballot, secret_ballot};
use services::{assemblies, fund, proposals};
use std::collections::{BTreeMap, BTreeSet};

const VOTERS: usize = 60;

fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

/// One choice a voter can make on an item: what they send and what the close finds in the ballot.
#[derive(Debug, Clone)]
struct Pick {
    body: serde_json::Value,
    stored: String,
}

/// An assembly open for pre-voting with one item of every kind, and every choice each allows.
struct Vote {
    staff: Actor,
    assembly: i64,
    /// (item, every choice it allows): approve/reject, single choice, approval, budget.
    items: Vec<(i64, Vec<Pick>)>,
}

fn options_pick(ids: &[i64]) -> Pick {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    Pick { body: serde_json::json!({ "options": ids }), stored: serde_json::json!({ "Options": sorted }).to_string() }
}

/// Every subset of `options` (the empty one first) of at most `max` options.
fn subsets(options: &[i64], max: usize) -> Vec<Vec<i64>> {
    (0u32..1 << options.len())
        .map(|mask| options.iter().enumerate().filter(|(k, _)| mask & (1 << k) != 0).map(|(_, o)| *o).collect())
        .filter(|s: &Vec<i64>| s.len() <= max)
        .collect()
}

/// Sinchon's secret vote (the bylaws ask for running counts: a secret vote still shows none):
/// approve/reject on a proposal, one of two dates, up to two of three facilities, and projects of
/// 600,000, 500,000 and 300,000 won within 1,400,000 (all three fit: every set is a valid ballot).
async fn open_vote(app: &TestApp, day: u32) -> Vote {
    let staff = staff(app).await;
    let dong = sinchon();
    let asks = Bylaws { running_results_visible: true, ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&staff), &dong, asks).await.unwrap();
    let threshold = app::domain::proposal::SupportThreshold::parse("1").unwrap();
    proposals::set_threshold(&app.db, Some(&staff), &dong, threshold).await.unwrap();
    let (a, b) = (resident(app, "제안자 가").await.1, resident(app, "제안자 나").await.1);
    let lights = eligible(app, &a, &b, "골목길 조명 달기", "").await;
    let projects = [
        eligible(app, &a, &b, "놀이터 그늘막 설치", "600,000").await,
        eligible(app, &b, &a, "공원 벤치 교체", "500,000").await,
        eligible(app, &a, &b, "화단 꽃 심기", "300,000").await,
    ];
    let income = fund::NewIncome {
        date: fund::today(),
        description: "서대문구 주민참여예산 지원".into(),
        category: IncomeCategory::DistrictGrant,
        amount: Won::new(2_000_000).unwrap(),
    };
    fund::record_income(&app.db, Some(&staff), &dong, income).await.unwrap();

    let details = AssemblyDetails::parse(
        "2026 신촌동 주민총회",
        "올해 마을 계획을 정합니다.",
        "신촌동 주민센터 3층 회의실",
        "2026-12-01T09:00",
        &format!("2026-12-{day:02}T14:00"),
        &format!("2026-12-{day:02}T16:00"),
    )
    .unwrap();
    let assembly = assemblies::create(&app.db, Some(&staff), &dong, details).await.unwrap();
    let list = |s: &[i64]| s.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ");
    let new_items = [
        NewItem::Proposal { proposal_id: lights },
        NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap(),
        NewItem::parse("approval", "공원에 둘 시설", "", "벤치\n그늘막\n운동기구", "2", "", "").unwrap(),
        NewItem::parse("budget", "2027 주민참여예산", "", "", "", "1,400,000", &list(&projects)).unwrap(),
    ];
    let mut ids = Vec::new();
    for item in new_items {
        ids.push(assemblies::add_item(&app.db, Some(&staff), assembly, item).await.unwrap());
    }
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::Announce, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::OpenPreVoting, true)
        .await
        .unwrap();

    let word = |body: &str, stored: &str| Pick {
        body: serde_json::json!({ "choice": body }),
        stored: format!("\"{stored}\""),
    };
    let empty = r#"{"Options":[]}"#.to_owned();
    let abstain = Pick { body: serde_json::json!({ "choice": "abstain" }), stored: empty.clone() };
    let mut items =
        vec![(ids[0], vec![word("approve", "Approve"), word("reject", "Reject"), word("abstain", "Abstain")])];
    for (k, max) in [(1, 1), (2, 2), (3, 3)] {
        let options = options_of(app, ids[k]).await;
        let mut picks: Vec<Pick> = subsets(&options, max).iter().map(|s| options_pick(s)).collect();
        picks.push(abstain.clone());
        items.push((ids[k], picks));
    }
    // 3 + (3 + 1) + (7 + 1) + (8 + 1) choices
    let counts: Vec<usize> = items.iter().map(|(_, p)| p.len()).collect();
    assert_eq!(counts, [3, 4, 8, 9]);
    Vote { staff, assembly, items }
}

/// Each of `voters` casts, on every item, the choice `chooser(n, choices)` of the n-th voter;
/// returns, per item, each voter's choice as the close will find it.
async fn cast_all(
    app: &TestApp,
    vote: &Vote,
    voters: &[(i64, String)],
    chooser: impl Fn(usize, usize) -> usize,
) -> Vec<BTreeMap<i64, String>> {
    let mut truth = vec![BTreeMap::new(); vote.items.len()];
    for (n, (id, token)) in voters.iter().enumerate() {
        for (k, (item, picks)) in vote.items.iter().enumerate() {
            let pick = &picks[chooser(n, picks.len())];
            let res = ballot(app, token, *item, pick.body.clone()).await;
            assert_eq!(res.status(), 201, "{:?}: {}", pick.body, res.text().await.unwrap());
            truth[k].insert(*id, pick.stored.clone());
        }
    }
    truth
}

/// The sealed ballots of an item, as stored.
async fn sealed_of(app: &TestApp, item: i64) -> Vec<String> {
    let rows = sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.eq(item)).all(&app.db).await;
    rows.unwrap().into_iter().map(|b| b.sealed).collect()
}

async fn close(app: &TestApp, vote: &Vote) {
    for event in [AssemblyEvent::OpenSession, AssemblyEvent::Close] {
        assemblies::advance(&app.db, &app.seal(), Some(&vote.staff), vote.assembly, event, true).await.unwrap();
    }
}

/// The opened ballots of an item after the close, sorted.
async fn opened(app: &TestApp, item: i64) -> Vec<String> {
    let rows = secret_ballot::Entity::find().filter(secret_ballot::Column::ItemId.eq(item)).all(&app.db).await;
    let mut got: Vec<String> = rows.unwrap().into_iter().map(|b| b.choice).collect();
    got.sort();
    got
}

fn sorted_values(truth: &BTreeMap<i64, String>) -> Vec<String> {
    let mut sent: Vec<String> = truth.values().cloned().collect();
    sent.sort();
    sent
}

/// Every (table, column) of the schema.
async fn all_columns(app: &TestApp, backend: &Backend) -> Vec<(String, String)> {
    let kind = app.db.get_database_backend();
    let rows = |sql: &str| app.db.query_all_raw(Statement::from_string(kind, sql.to_owned()));
    match backend {
        Backend::Sqlite => {
            let tables: Vec<String> =
                rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| r.try_get::<String>("", "name").unwrap())
                    .collect();
            let mut out = Vec::new();
            for t in tables {
                for r in rows(&format!("SELECT name FROM pragma_table_info('{t}')")).await.unwrap() {
                    out.push((t.clone(), r.try_get::<String>("", "name").unwrap()));
                }
            }
            out
        }
        Backend::Postgres(_) => rows(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns \
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get::<String>("", "t").unwrap(), r.try_get::<String>("", "c").unwrap()))
        .collect(),
    }
}

/// The (table, column) cells anywhere in the database whose text contains `needle`.
pub async fn cells_containing(app: &TestApp, backend: &Backend, needle: &str) -> Vec<(String, String)> {
    cells_matching(app, backend, needle, false).await
}

/// As [`cells_containing`], in any case (`{"OPTIONS":[1]}` finds `{"options":[1]}`).
async fn cells_containing_any_case(app: &TestApp, backend: &Backend, needle: &str) -> Vec<(String, String)> {
    cells_matching(app, backend, needle, true).await
}

async fn cells_matching(app: &TestApp, backend: &Backend, needle: &str, any_case: bool) -> Vec<(String, String)> {
    let kind = app.db.get_database_backend();
    let mut found = Vec::new();
    for (t, c) in all_columns(app, backend).await {
        let cell = if any_case { format!("lower(CAST(\"{c}\" AS TEXT))") } else { format!("CAST(\"{c}\" AS TEXT)") };
        let sql = match backend {
            Backend::Sqlite => format!("SELECT count(*) AS n FROM \"{t}\" WHERE instr({cell}, ?) > 0"),
            Backend::Postgres(_) => format!("SELECT count(*) AS n FROM \"{t}\" WHERE strpos({cell}, $1) > 0"),
        };
        let needle = if any_case { needle.to_lowercase() } else { needle.to_owned() };
        let stmt = Statement::from_sql_and_values(kind, sql, [Value::from(needle)]);
        let n: i64 = app.db.query_one_raw(stmt).await.unwrap().unwrap().try_get("", "n").unwrap();
        if n > 0 {
            found.push((t, c));
        }
    }
    found
}

/// Every distinct non-empty text value of every column of every table.
async fn every_cell(app: &TestApp, backend: &Backend) -> BTreeSet<String> {
    let kind = app.db.get_database_backend();
    let mut out = BTreeSet::new();
    for (t, c) in all_columns(app, backend).await {
        let sql = format!("SELECT DISTINCT CAST(\"{c}\" AS TEXT) AS v FROM \"{t}\" WHERE \"{c}\" IS NOT NULL");
        for r in app.db.query_all_raw(Statement::from_string(kind, sql)).await.unwrap() {
            if let Ok(v) = r.try_get::<String>("", "v") {
                out.insert(v);
            }
        }
    }
    out
}

/// The given query's first column, as strings, in the order the database returns the rows.
async fn column(app: &TestApp, sql: &str, values: Vec<Value>) -> Vec<String> {
    let kind = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_sql_and_values(kind, sql, values))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "v").or_else(|_| r.try_get::<i64>("", "v").map(|n| n.to_string())).unwrap())
        .collect()
}

/// The most matches pairing by chance may give, with room for many tries: the expected number
/// of matches of a random pairing (Σ nᵢ²/N over the choices' counts) plus six standard
/// deviations (a false alarm far less than once in a million runs, over every try a test makes).
fn chance_limit(truth: &BTreeMap<i64, String>) -> usize {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for c in truth.values() {
        *counts.entry(c).or_default() += 1;
    }
    let n = truth.len() as f64;
    let expected: f64 = counts.values().map(|c| (*c as f64).powi(2) / n).sum();
    let p = expected / n;
    (expected + 6.0 * (n * p * (1.0 - p)).sqrt()).ceil() as usize
}

db_test!(every_choice_an_item_allows_seals_to_one_length, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    let most = vote.items.iter().map(|(_, p)| p.len()).max().unwrap();
    let people = voters_with_ids(&app, SINCHON, most, 1980).await;
    // the n-th voter casts the n-th choice of every item (round the list on shorter items):
    // every choice of every item is sealed at least once
    let truth = cast_all(&app, &vote, &people, |n, k| n % k).await;
    let mut lengths_seen = BTreeSet::new();
    for (k, (item, picks)) in vote.items.iter().enumerate() {
        let cast: BTreeSet<&String> = truth[k].values().collect();
        assert_eq!(cast.len(), picks.iter().map(|p| &p.stored).collect::<BTreeSet<_>>().len(), "every choice cast");
        let sealed = sealed_of(&app, *item).await;
        assert_eq!(sealed.len(), most);
        let lengths: BTreeSet<usize> = sealed.iter().map(String::len).collect();
        assert_eq!(lengths.len(), 1, "item {item}: sealed lengths {lengths:?} tell the choices apart");
        lengths_seen.extend(lengths);
    }
    // one size per item, from its options: the three-option items share one, the others their own
    assert!(lengths_seen.len() >= 2, "{lengths_seen:?}");
    // and the close opens each, padding off, to what was sent
    close(&app, &vote).await;
    for (k, (item, _)) in vote.items.iter().enumerate() {
        assert_eq!(opened(&app, *item).await, sorted_values(&truth[k]), "item {item}");
    }
});

db_test!(pairing_sealed_ballots_with_participations_predicts_no_choice, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    let people = voters_with_ids(&app, SINCHON, VOTERS, 1980).await;
    let truth = cast_all(&app, &vote, &people, |n, k| n % k).await;
    for (k, (item, _)) in vote.items.iter().enumerate() {
        // The length histogram is what a running count would be: one bar, whatever was chosen.
        let sealed = sealed_of(&app, *item).await;
        let histogram: BTreeSet<usize> = sealed.iter().map(String::len).collect();
        assert_eq!(histogram.len(), 1, "item {item}: the lengths count the choices: {histogram:?}");
        // On PostgreSQL a sealed ballot and its voter's participation share `xmin`: the reader
        // knows whose ballot each sealed row is, and can group the voters by its length.
        let Backend::Postgres(_) = backend else { continue };
        let rows = app
            .db
            .query_all_raw(Statement::from_sql_and_values(
                app.db.get_database_backend(),
                "SELECT p.user_id AS u, length(s.sealed) AS l FROM participations p \
                 JOIN sealed_ballots s ON s.xmin = p.xmin AND s.item_id = p.item_id WHERE p.item_id = $1",
                [Value::from(*item)],
            ))
            .await
            .unwrap();
        let paired: Vec<(i64, i32)> =
            rows.iter().map(|r| (r.try_get("", "u").unwrap(), r.try_get("", "l").unwrap())).collect();
        assert_eq!(paired.len(), VOTERS, "the join pairs every voter with their sealed ballot");
        // the best guess from a length: the commonest choice of that length
        let mut by_length: BTreeMap<i32, BTreeMap<&String, usize>> = BTreeMap::new();
        for (voter, length) in &paired {
            *by_length.entry(*length).or_default().entry(&truth[k][voter]).or_default() += 1;
        }
        let guessed: usize = by_length.values().map(|c| c.values().max().copied().unwrap_or(0)).sum();
        // chance: guessing the commonest choice for everyone
        let mut overall: BTreeMap<&String, usize> = BTreeMap::new();
        for c in truth[k].values() {
            *overall.entry(c).or_default() += 1;
        }
        let chance = overall.values().max().copied().unwrap_or(0);
        assert_eq!(guessed, chance, "item {item}: the length predicts {guessed} of {VOTERS}, chance {chance}");
    }
});

db_test!(after_the_close_nothing_in_the_database_opens_a_ballot, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    let people = voters_with_ids(&app, SINCHON, 9, 1980).await;
    let truth = cast_all(&app, &vote, &people, |n, k| n % k).await;
    let seal = app.seal();

    // A copy taken while the vote is open: its key row opens with UD_SECRET, and opens every
    // ballot (what the threat model concedes).
    // (the demo's open vote has its own key)
    let keys = ballot_key::Entity::find().filter(ballot_key::Column::AssemblyId.eq(vote.assembly)).all(&app.db).await;
    let keys = keys.unwrap();
    assert_eq!(keys.len(), 1, "one key, for the open vote");
    let copy = &keys[0];
    assert_eq!(copy.assembly_id, vote.assembly);
    let key = seal.unwrap_key(vote.assembly, &copy.wrapped).unwrap().expect("the key opens with UD_SECRET");
    let mut copied = Vec::new();
    for (k, (item, _)) in vote.items.iter().enumerate() {
        let mut read = Vec::new();
        for s in sealed_of(&app, *item).await {
            read.push(seal.open(Some(&key), vote.assembly, *item, &s).unwrap().expect("opens during the vote"));
            // UD_SECRET alone (the old derived key) opens none of them
            assert_eq!(seal.open(None, vote.assembly, *item, &s).unwrap(), None);
            copied.push((*item, s));
        }
        read.sort();
        assert_eq!(read, sorted_values(&truth[k]));
    }

    close(&app, &vote).await;
    for (k, (item, _)) in vote.items.iter().enumerate() {
        assert_eq!(opened(&app, *item).await, sorted_values(&truth[k]), "item {item}");
    }
    // no key row, no sealed ballot, and the key's sealed form is nowhere
    let keys_of = |id: i64| ballot_key::Entity::find_by_id(id).count(&app.db);
    assert_eq!(keys_of(vote.assembly).await.unwrap(), 0, "the key is destroyed at the close");
    for (item, _) in &vote.items {
        assert!(sealed_of(&app, *item).await.is_empty());
    }
    assert!(cells_containing(&app, &backend, &copy.wrapped).await.is_empty());
    // nothing in any table, read with UD_SECRET, is a key that opens the copied ballots
    let cells = every_cell(&app, &backend).await;
    assert!(cells.len() > 100, "the scan reads the database: {} values", cells.len());
    for cell in &cells {
        assert!(seal.unwrap_key(vote.assembly, cell).unwrap().is_none(), "a ballot key is left: {cell}");
    }
    for (item, s) in &copied {
        assert_eq!(seal.open(None, vote.assembly, *item, s).unwrap(), None);
    }

    // a cancelled vote's key goes with its ballots
    let other = open_vote(&app, 12).await;
    let (_, token) = &people[0];
    assert_eq!(ballot(&app, token, other.items[0].0, serde_json::json!({ "choice": "reject" })).await.status(), 201);
    assert_eq!(
        ballot_key::Entity::find_by_id(other.assembly).one(&app.db).await.unwrap().map(|k| k.assembly_id),
        Some(other.assembly)
    );
    let reason = CancelReason::parse("장소를 쓸 수 없게 되었습니다").unwrap();
    assemblies::cancel(&app.db, Some(&other.staff), other.assembly, reason).await.unwrap();
    assert_eq!(keys_of(other.assembly).await.unwrap(), 0, "the key is destroyed at the cancellation");
    assert!(sealed_of(&app, other.items[0].0).await.is_empty());
});

db_test!(ballots_sealed_before_keys_were_random_open_at_the_close, |backend: Backend| async move {
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    // the vote was opened before keys were random: no key row, and two ballots sealed the old
    // way (no padding, the key derived from UD_SECRET)
    ballot_key::Entity::delete_many()
        .filter(ballot_key::Column::AssemblyId.eq(vote.assembly))
        .exec(&app.db)
        .await
        .unwrap();
    let people = voters_with_ids(&app, SINCHON, 3, 1980).await;
    let (item, _) = &vote.items[0];
    for ((voter, _), choice) in people.iter().zip([r#""Reject""#, r#""Approve""#]) {
        participation::ActiveModel {
            item_id: Set(*item),
            user_id: Set(*voter),
            channel: Set(app::domain::assembly::Channel::Online.into()),
            at: Set(chrono::Utc::now()),
        }
        .insert(&app.db)
        .await
        .unwrap();
        sealed_ballot::ActiveModel {
            id: Set(uuid::Uuid::new_v4().simple().to_string()),
            item_id: Set(*item),
            sealed: Set(app.seal().seal_v1_for_tests(vote.assembly, *item, choice).unwrap()),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    // the first vote after the upgrade makes the key
    let res = ballot(&app, &people[2].1, *item, serde_json::json!({ "choice": "abstain" })).await;
    assert_eq!(res.status(), 201);
    assert_eq!(ballot_key::Entity::find_by_id(vote.assembly).count(&app.db).await.unwrap(), 1);
    close(&app, &vote).await;
    assert_eq!(opened(&app, *item).await, [r#""Abstain""#, r#""Approve""#, r#""Reject""#]);
    assert_eq!(ballot_key::Entity::find_by_id(vote.assembly).count(&app.db).await.unwrap(), 0);
});

db_test!(first_voters_at_once_make_one_key, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    // as for a vote opened before keys were random: the first voters make the key
    ballot_key::Entity::delete_many()
        .filter(ballot_key::Column::AssemblyId.eq(vote.assembly))
        .exec(&app.db)
        .await
        .unwrap();
    let people = voters_with_ids(&app, SINCHON, 24, 1980).await;
    let item = vote.items[0].0;
    let casts = people.iter().map(|(_, token)| {
        let req = app
            .client
            .post(app.url(&format!("/api/v1/agenda-items/{item}/ballot")))
            .bearer_auth(token)
            .json(&serde_json::json!({ "choice": "approve" }));
        async move { within("ballot", req.send()).await.unwrap().status().as_u16() }
    });
    let statuses = futures_util::future::join_all(casts).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(ballot_key::Entity::find_by_id(vote.assembly).count(&app.db).await.unwrap(), 1, "one key");
    // every ballot was sealed under that one key: the close opens them all
    close(&app, &vote).await;
    assert_eq!(opened(&app, item).await, vec![r#""Approve""#.to_owned(); people.len()]);
});

db_test!(a_reader_of_every_table_and_the_logs_cannot_tell_how_anyone_voted_in_secret, |backend: Backend| async move {
    let logs = logs::capture();
    let app = TestApp::spawn(&backend).await;
    let vote = open_vote(&app, 5).await;
    let people = voters_with_ids(&app, SINCHON, VOTERS, 1980).await;
    // every choice of every item, cast by several voters each
    let truth = cast_all(&app, &vote, &people, |n, k| n % k).await;
    let staff_cookie = app.sign_in(vote.staff.user_id).await;
    let (_, _, resident_token, resident_cookie) = resident(&app, "결과 궁금한 주민").await;

    // What a reader would look for: each choice as stored and as sent, in either spelling of the
    // key (`{"Options":[id]}`, `{"options":[id]}`), any case, and as a Rust debug string.
    let mut needles: BTreeSet<String> = BTreeSet::new();
    for (_, picks) in &vote.items {
        for pick in picks {
            needles.insert(pick.stored.clone());
            needles.insert(pick.body.to_string());
            if let Some(ids) = pick.body.get("options").and_then(|o| o.as_array()) {
                let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                needles.insert(format!("{{\"options\":[{}]}}", ids.join(",")));
                needles.insert(format!("{{\"Options\":[{}]}}", ids.join(",")));
                needles.insert(format!("Options([{}])", ids.join(", ")));
            }
        }
    }
    for word in ["Approve", "Reject", "Abstain"] {
        needles.insert(format!("\"{word}\""));
    }
    // the empty list is every abstention's; it is a choice too
    assert!(needles.len() > 40, "{}", needles.len());

    // 1. During the vote no table holds a choice in the clear, in any column, in any case...
    for needle in &needles {
        let mut cells = cells_containing_any_case(&app, &backend, needle).await;
        // the demo's published results name "Approve" as an outcome word, not a ballot
        cells.retain(|(t, c)| !(t == "assemblies" && c == "results_document" && !needle.contains(['{', '('])));
        assert!(cells.is_empty(), "{needle} readable in {cells:?}");
    }
    // ...and what is stored for the ballots is distinct for every ballot, even for equal choices
    let mut sealed = Vec::new();
    for (item, _) in &vote.items {
        sealed.extend(sealed_of(&app, *item).await);
    }
    assert_eq!(sealed.len(), vote.items.len() * VOTERS);
    assert_eq!(sealed.iter().collect::<BTreeSet<_>>().len(), sealed.len(), "equal choices sealed alike");

    // 2. No running count of a secret item, to anyone, anywhere: the results page, REST and the
    //    server function for the anonymous, a resident and the organising staff; the downloads;
    //    the live board and the staff's pages carry no tally.
    let a = vote.assembly;
    let anonymous = [
        format!("/assemblies/{a}/results"),
        format!("/api/v1/assemblies/{a}/results"),
        format!("/assemblies/{a}/results.json"),
        format!("/assemblies/{a}/results.csv"),
    ];
    for path in &anonymous {
        assert_eq!(app.get(path).await.status(), 404, "{path}: a secret vote shows no running count");
        for cookie in [&staff_cookie, &resident_cookie] {
            assert_eq!(app.get_with_cookie(path, cookie).await.status(), 404, "{path}, signed in");
        }
        let res = within("get", app.client.get(app.url(path)).bearer_auth(&resident_token).send()).await.unwrap();
        assert_eq!(res.status(), 404, "{path}, with a token");
    }
    for cookie in [None, Some(staff_cookie.as_str()), Some(resident_cookie.as_str())] {
        let res = app.call("assemblies/results", cookie, &[("id", a.to_string())]).await;
        assert_eq!(res.status(), 404, "the results function, signed in: {}", cookie.is_some());
    }
    // the live count says how many took part, never what they chose
    let live = app.call("assemblies/live", Some(staff_cookie.as_str()), &[("id", a.to_string())]).await;
    assert_eq!(live.status(), 200);
    let live: serde_json::Value = live.json().await.unwrap();
    let fields: BTreeSet<&str> = live.as_object().unwrap().keys().map(String::as_str).collect();
    let allowed: BTreeSet<&str> =
        ["summary", "online", "in_person", "participants", "quorum_required", "eligible", "at"].into();
    assert_eq!(fields, allowed, "the live count carries only participation");
    for path in [format!("/assemblies/{a}/live"), format!("/assemblies/{a}/door"), format!("/assemblies/{a}")] {
        for cookie in [&staff_cookie, &resident_cookie] {
            let page = app.get_with_cookie(&path, cookie).await.text().await.unwrap();
            for tally in ["results-table", "outcome-", "득표 표", "Votes table"] {
                assert!(!page.contains(tally), "{path} shows a tally ({tally})");
            }
        }
    }

    // 3. The logs, at the most verbose level, name no choice, during the vote... (the log is
    //    shared by every test of the binary: only what names this test's options or a whole
    //    ballot is looked for, not a bare word like "reject")
    let in_logs: Vec<&String> = needles.iter().filter(|n| n.contains(['{', '('])).collect();
    let during = logs.text().to_lowercase();
    for needle in &in_logs {
        assert!(!during.contains(&needle.to_lowercase()), "a log line names a choice: {needle}");
    }

    // the close opens the ballots: the totals are what was sent
    close(&app, &vote).await;
    for (k, (item, _)) in vote.items.iter().enumerate() {
        assert_eq!(opened(&app, *item).await, sorted_values(&truth[k]), "item {item}");
    }
    for (item, _) in &vote.items {
        assert!(sealed_of(&app, *item).await.is_empty(), "sealed ballots are gone");
    }
    // ...and after it, where the ballots were opened
    let after = logs.text().to_lowercase();
    for needle in &in_logs {
        assert!(!after.contains(&needle.to_lowercase()), "a log line names a choice after the close: {needle}");
    }

    // 4. System columns: every secret ballot was written by the closing transaction, none by a
    //    voter's (PostgreSQL's xmin; SQLite has no transaction ids in rows)
    let item_ids: Vec<i64> = vote.items.iter().map(|(i, _)| *i).collect();
    if let Backend::Postgres(_) = backend {
        let list = item_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let shared = column(
            &app,
            &format!(
                "SELECT count(*) AS v FROM participations p JOIN secret_ballots s ON p.xmin = s.xmin \
                 WHERE s.item_id IN ({list})"
            ),
            vec![],
        )
        .await;
        assert_eq!(shared, ["0"], "a secret ballot shares a transaction with a participation");
        let writers = column(
            &app,
            &format!("SELECT count(DISTINCT xmin::text) AS v FROM secret_ballots WHERE item_id IN ({list})"),
            vec![],
        )
        .await;
        assert_eq!(writers, ["1"], "all secret ballots come from one transaction");
    }

    // 5. Order: line the voters up by every order a reader has (account number, time of
    //    participation, storage order) and the ballots by every order they have (key, storage
    //    order), forwards and backwards, at every shift (the k-th voter against the (k+s)-th
    //    ballot), and pair them: no better than chance.
    let p = |sql: &str| match backend {
        Backend::Sqlite => sql.replace("$1", "?"),
        Backend::Postgres(_) => sql.to_owned(),
    };
    let mut voter_orders = vec![
        "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY user_id",
        "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY \"at\", user_id",
    ];
    voter_orders.push(match backend {
        Backend::Sqlite => "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY rowid",
        Backend::Postgres(_) => "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY ctid",
    });
    let ballot_orders = match backend {
        // WITHOUT ROWID: the storage order is the key order
        Backend::Sqlite => vec!["SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY id"],
        Backend::Postgres(_) => vec![
            "SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY id",
            "SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY ctid",
        ],
    };
    for (k, item) in item_ids.iter().enumerate() {
        let limit = chance_limit(&truth[k]);
        // a pairing by chance must leave room for a real one to stand out: at least a fifth of
        // the voters above the limit (a skewed choice, most voters approving, has a high chance)
        assert!(limit <= VOTERS * 4 / 5, "item {item}: the test could not tell ({limit} of {VOTERS})");
        for vsql in &voter_orders {
            let voters: Vec<i64> =
                column(&app, &p(vsql), vec![(*item).into()]).await.iter().map(|v| v.parse().unwrap()).collect();
            assert_eq!(voters.len(), VOTERS);
            for bsql in &ballot_orders {
                let ballots = column(&app, &p(bsql), vec![(*item).into()]).await;
                assert_eq!(ballots.len(), VOTERS);
                let mut backwards = ballots.clone();
                backwards.reverse();
                for (how, b) in [("forwards", &ballots), ("backwards", &backwards)] {
                    for shift in 0..VOTERS {
                        let hits = voters
                            .iter()
                            .enumerate()
                            .filter(|(i, v)| truth[k].get(v) == Some(&b[(i + shift) % VOTERS]))
                            .count();
                        assert!(
                            hits <= limit,
                            "item {item}: {vsql} against {bsql} {how}, shifted by {shift}, predicts {hits} of {VOTERS} (chance at most {limit})"
                        );
                    }
                }
            }
        }
    }
});
