//! The threat model of secret ballots (docs/ARCHITECTURE.md, "Ballot secrecy"): someone who
//! reads every table and column of the database, system columns included, and the application's
//! logs, cannot tell how any resident voted on a secret item beyond what the totals reveal.
//! Sixty residents vote with known choices, one after the other (so every order a reader can see
//! is the voting order: the easiest case for them), and the test plays that reader.

use crate::assemblies::{ballot, open_assembly, options_of, staff, voters_with_ids};
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp, logs};
use app::domain::assembly::{AssemblyEvent, Bylaws};
use app::domain::geo::DongCode;
use app::server::entities::{sealed_ballot, secret_ballot};
use app::server::services::assemblies;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, Value};
use std::collections::{BTreeMap, BTreeSet};

const VOTERS: usize = 60;

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
    let kind = app.db.get_database_backend();
    let mut found = Vec::new();
    for (t, c) in all_columns(app, backend).await {
        let sql = match backend {
            Backend::Sqlite => format!("SELECT count(*) AS n FROM \"{t}\" WHERE instr(CAST(\"{c}\" AS TEXT), ?) > 0"),
            Backend::Postgres(_) => {
                format!("SELECT count(*) AS n FROM \"{t}\" WHERE strpos(CAST(\"{c}\" AS TEXT), $1) > 0")
            }
        };
        let stmt = Statement::from_sql_and_values(kind, sql, [Value::from(needle.to_owned())]);
        let n: i64 = app.db.query_one_raw(stmt).await.unwrap().unwrap().try_get("", "n").unwrap();
        if n > 0 {
            found.push((t, c));
        }
    }
    found
}

/// Pairs the k-th voter of `voters` with the k-th ballot of `ballots` and counts how often the
/// pairing names the voter's real choice.
fn matches(voters: &[i64], ballots: &[String], truth: &BTreeMap<i64, String>) -> usize {
    voters.iter().zip(ballots).filter(|(v, b)| truth.get(v) == Some(b)).count()
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

db_test!(a_reader_of_every_table_and_the_logs_cannot_tell_how_anyone_voted_in_secret, |backend: Backend| async move {
    let logs = logs::capture();
    let app = TestApp::spawn(&backend).await;
    let staff = staff(&app).await;
    // bylaws that ask for running counts: a secret vote still shows none
    let asks = Bylaws { running_results_visible: true, ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&staff), &DongCode::parse(SINCHON).unwrap(), asks).await.unwrap();
    let (assembly, items) = open_assembly(&app, &staff).await;
    // item 0: one of two options; item 1: up to two of three, each voter choosing one
    let (two, three) = (options_of(&app, items[0]).await, options_of(&app, items[1]).await);
    let people = voters_with_ids(&app, SINCHON, VOTERS, 1980).await;
    let mut truth: [BTreeMap<i64, String>; 2] = Default::default();
    for (n, (id, token)) in people.iter().enumerate() {
        let picks = [two[(n / 3) % 2], three[n % 3]];
        for (k, item) in items.iter().enumerate() {
            let res = ballot(&app, token, *item, serde_json::json!({ "options": [picks[k]] })).await;
            assert_eq!(res.status(), 201);
            truth[k].insert(*id, serde_json::json!({ "Options": [picks[k]] }).to_string());
        }
    }
    let choices: BTreeSet<String> = truth.iter().flat_map(|t| t.values().cloned()).collect();
    assert_eq!(choices.len(), 5);

    // 1. During the vote no table holds a choice in the clear, in any column...
    for choice in &choices {
        let cells = cells_containing(&app, &backend, choice).await;
        assert!(cells.is_empty(), "{choice} readable in {cells:?}");
    }
    // ...and what is stored for the ballots is distinct for every ballot, even for equal choices
    let sealed: Vec<String> = sealed_ballot::Entity::find()
        .filter(sealed_ballot::Column::ItemId.is_in(items.clone()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.sealed)
        .collect();
    assert_eq!(sealed.len(), 2 * VOTERS);
    assert_eq!(sealed.iter().collect::<BTreeSet<_>>().len(), 2 * VOTERS, "equal choices sealed alike");
    // 2. No running count of a secret item, to anyone
    let results = app.get(&format!("/assemblies/{assembly}/results")).await;
    assert_eq!(results.status(), 404, "a secret vote shows no running count");
    // 3. The logs, at the most verbose level, name no choice
    let text = logs.text();
    for choice in &choices {
        assert!(!text.contains(choice.as_str()), "a log line names a choice: {choice}");
    }
    for id in two.iter().chain(&three) {
        assert!(!text.contains(&format!("Options([{id}])")), "a log line names option {id}");
    }

    // the close opens the ballots: the totals are what was sent
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::OpenSession, true).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&staff), assembly, AssemblyEvent::Close, true).await.unwrap();
    for (k, item) in items.iter().enumerate() {
        let mut got: Vec<String> = secret_ballot::Entity::find()
            .filter(secret_ballot::Column::ItemId.eq(*item))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.choice)
            .collect();
        let mut sent: Vec<String> = truth[k].values().cloned().collect();
        got.sort();
        sent.sort();
        assert_eq!(got, sent, "item {item}");
    }
    let left = sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.is_in(items.clone())).all(&app.db);
    assert!(left.await.unwrap().is_empty(), "sealed ballots are gone after the close");

    // 4. System columns: every secret ballot was written by the closing transaction, none by a
    //    voter's (PostgreSQL's xmin; SQLite has no transaction ids in rows)
    if let Backend::Postgres(_) = backend {
        let shared = column(
            &app,
            "SELECT count(*) AS v FROM participations p JOIN secret_ballots s ON p.xmin = s.xmin \
             WHERE s.item_id IN ($1, $2)",
            vec![items[0].into(), items[1].into()],
        )
        .await;
        assert_eq!(shared, ["0"], "a secret ballot shares a transaction with a participation");
        let writers = column(
            &app,
            "SELECT count(DISTINCT xmin::text) AS v FROM secret_ballots WHERE item_id IN ($1, $2)",
            vec![items[0].into(), items[1].into()],
        )
        .await;
        assert_eq!(writers, ["1"], "all secret ballots come from one transaction");
    }

    // 5. Order: line the voters up by every order a reader has (account number, time of
    //    participation, storage order) and the ballots by every order they have (key, storage
    //    order), forwards and backwards, and pair them: no better than chance.
    let p = |sql: &str| match backend {
        Backend::Sqlite => sql.replace("$1", "?"),
        Backend::Postgres(_) => sql.to_owned(),
    };
    let voter_orders = |item: i64| {
        let mut orders = vec![
            "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY user_id",
            "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY \"at\", user_id",
        ];
        orders.push(match backend {
            Backend::Sqlite => "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY rowid",
            Backend::Postgres(_) => "SELECT user_id AS v FROM participations WHERE item_id = $1 ORDER BY ctid",
        });
        orders.into_iter().map(move |sql| (sql, item))
    };
    let ballot_orders = match backend {
        // WITHOUT ROWID: the storage order is the key order
        Backend::Sqlite => vec!["SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY id"],
        Backend::Postgres(_) => vec![
            "SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY id",
            "SELECT choice AS v FROM secret_ballots WHERE item_id = $1 ORDER BY ctid",
        ],
    };
    // chance: 30 of 60 on two even options, 20 of 60 on three; the limits are more than four
    // standard deviations above (a false alarm less than once in ten thousand runs)
    let limits = [48, 36];
    for (k, item) in items.iter().enumerate() {
        for (vsql, item) in voter_orders(*item) {
            let voters: Vec<i64> =
                column(&app, &p(vsql), vec![item.into()]).await.iter().map(|v| v.parse().unwrap()).collect();
            assert_eq!(voters.len(), VOTERS);
            for bsql in &ballot_orders {
                let ballots = column(&app, &p(bsql), vec![item.into()]).await;
                let mut backwards = ballots.clone();
                backwards.reverse();
                for (how, b) in [("forwards", &ballots), ("backwards", &backwards)] {
                    let hits = matches(&voters, b, &truth[k]);
                    assert!(hits <= limits[k], "item {item}: {vsql} against {bsql} {how} predicts {hits} of {VOTERS}");
                }
            }
        }
    }
});
