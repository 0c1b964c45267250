//! kill -9 loses nothing acknowledged: the fault-injection harness.
//!
//! The real binary (`UD_TEST_BINARY`, e.g. the release build; by default the one `cargo test`
//! built) serves on loopback while clients drive mixed writes at it — ballots, bookings, supports,
//! expense claims, claim approvals, fund income, image uploads. At a random moment it is killed
//! with SIGKILL, restarted on the same database and media store, and then:
//! - every write the client saw acknowledged (a 2xx answer) is in the database, as acknowledged;
//! - every invariant holds (`services::integrity`: ledger balanced and not overdrawn, no
//!   overlapping bookings, one ballot per online participation, support counts = support rows,
//!   no media row without its file).
//!
//! `UD_CRASH_ROUNDS` kills (default 20). `scripts/crash-test.sh` runs it against a given binary;
//! the figures of a run are printed (`--nocapture`) and recorded in docs/RUN-HISTORY.md, "Crash
//! harness".

use crate::assemblies::{open_assembly, options_of, staff as assembly_staff, voters_with_ids};
use crate::db_test;
use crate::fund::{CHUNGHYEON, fund_with, staff as fund_staff};
use crate::identity::SINCHON;
use crate::support::booking::{open_space, tomorrow_at};
use crate::support::{Backend, Binary, TestApp};
use app::domain::identity::TokenScope;
use app::domain::image::samples;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{booking, expense_claim, journal_entry, participation, proposal_image, proposal_support};
use services::{identity, integrity, proposals};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::sync::Mutex;

/// A write the client saw acknowledged.
#[derive(Debug, Clone)]
pub(crate) enum Ack {
    Ballot { item: i64, user: i64 },
    Booking(i64),
    Support { proposal: i64, user: i64 },
    Claim(i64),
    Approval(i64),
    Income(i64),
    Image(i64),
}

/// Reads the acknowledged write out of a 2xx answer's body.
type AckOf = Box<dyn FnOnce(serde_json::Value) -> Option<Ack> + Send>;

/// What the clients write with, made once by the fixtures.
pub(crate) struct World {
    item: i64,
    options: Vec<i64>,
    /// Verified residents of Sinchon: (account, read-write token).
    voters: Vec<(i64, String)>,
    space: i64,
    proposals: Vec<i64>,
    /// The author's drafts (up to five images each) and token.
    drafts: Vec<i64>,
    author_token: String,
    /// Center staff of Chunghyeon: a read-write token (claims) and the approver's session.
    claimant_token: String,
    approver_cookie: String,
    clerk_cookie: String,
}

/// What the clients share across rounds: the resources handed out, the acknowledged writes, and
/// the claims waiting for approval.
#[derive(Default, Clone)]
pub(crate) struct Shared {
    counters: Arc<Counters>,
    acks: Arc<Mutex<Vec<Ack>>>,
    approvable: Arc<Mutex<Vec<i64>>>,
}

/// Seven clients writing at one server until stopped.
pub(crate) struct Load {
    stop: Arc<AtomicBool>,
    clients: Vec<tokio::task::JoinHandle<()>>,
}

impl Shared {
    /// Starts one client of each kind against the server at `base`.
    pub(crate) fn drive(&self, base: &str, world: &Arc<World>) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let clients = (0..7)
            .map(|kind| tokio::spawn(client(kind, base.to_owned(), world.clone(), self.clone(), stop.clone())))
            .collect();
        Load { stop, clients }
    }

    /// The writes acknowledged so far.
    pub(crate) async fn acks(&self) -> Vec<Ack> {
        self.acks.lock().await.clone()
    }
}

impl Load {
    /// Tells the clients to stop and waits for them (a request in flight ends with its answer
    /// or its connection).
    pub(crate) async fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for c in self.clients {
            c.await.unwrap();
        }
    }
}

/// Hands out each resource once across rounds (a request cut off by the kill may or may not
/// have landed, so its resource is never used again).
#[derive(Default)]
struct Counters {
    voter: AtomicUsize,
    supporter: AtomicUsize,
    slot: AtomicUsize,
    claim: AtomicUsize,
    image: AtomicUsize,
}

/// A small deterministic generator (no dependency): the kill moments from a printed seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

pub(crate) async fn world(app: &TestApp) -> World {
    let staff = assembly_staff(app).await;
    let (_, items) = open_assembly(app, &staff).await;
    let options = options_of(app, items[0]).await;
    let voters = voters_with_ids(app, SINCHON, 1500, 1975).await;
    let space = open_space(app, 0, false).await;
    // published proposals to support, and drafts to attach photos to
    let (_, author_actor) = crate::support::booking::resident(app, "사진 올리는 주민").await;
    let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
    let content = || {
        app::domain::proposal::ProposalContent::parse(
            "골목 가로등 교체",
            "밤에 골목이 어둡습니다.",
            "가로등을 밝은 것으로 바꿉시다.",
            "safety",
            "",
            "",
        )
        .unwrap()
    };
    let mut published = Vec::new();
    for _ in 0..5 {
        let id = proposals::create(&app.db, Some(&author_actor), &dong, content(), None).await.unwrap();
        proposals::publish(&app.db, Some(&author_actor), id).await.unwrap();
        published.push(id);
    }
    let mut drafts = Vec::new();
    for _ in 0..40 {
        drafts.push(proposals::create(&app.db, Some(&author_actor), &dong, content(), None).await.unwrap());
    }
    let author_token =
        identity::create_token(&app.db, &author_actor, "photos".into(), TokenScope::ReadWrite).await.unwrap();
    fund_with(app, 500_000_000).await;
    let (_, claimant) = fund_staff(app, "청구 담당").await;
    let claimant_token =
        identity::create_token(&app.db, &claimant, "claims".into(), TokenScope::ReadWrite).await.unwrap();
    let (approver, _) = fund_staff(app, "승인 담당").await;
    let (clerk, _) = fund_staff(app, "회계 담당").await;
    World {
        item: items[0],
        options,
        voters,
        space,
        proposals: published,
        drafts,
        author_token,
        claimant_token,
        approver_cookie: app.sign_in(approver).await,
        clerk_cookie: app.sign_in(clerk).await,
    }
}

/// One client: sends writes of one kind, one after another, until `stop`; records what was
/// acknowledged.
async fn client(kind: usize, base: String, world: Arc<World>, shared: Shared, stop: Arc<AtomicBool>) {
    let Shared { counters, acks, approvable } = shared;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();
    while !stop.load(Ordering::Relaxed) {
        let sent: Option<(reqwest::RequestBuilder, AckOf)> = match kind {
            0 => {
                let n = counters.voter.fetch_add(1, Ordering::Relaxed);
                let Some((user, token)) = world.voters.get(n).cloned() else { break };
                let item = world.item;
                let req = http
                    .post(format!("{base}/api/v1/agenda-items/{item}/ballot"))
                    .bearer_auth(token)
                    .json(&serde_json::json!({ "options": [world.options[n % 2]] }));
                Some((req, Box::new(move |_| Some(Ack::Ballot { item, user }))))
            }
            1 => {
                let n = counters.slot.fetch_add(1, Ordering::Relaxed);
                let Some((_, token)) = world.voters.get(n).cloned() else { break };
                let start = tomorrow_at(0) + 30 * i64::try_from(n).unwrap();
                let (from, to) = (
                    services::time_fmt::from_local_minute(start).to_rfc3339(),
                    services::time_fmt::from_local_minute(start + 30).to_rfc3339(),
                );
                let req = http.post(format!("{base}/api/v1/spaces/{}/bookings", world.space)).bearer_auth(token).json(
                    &serde_json::json!({ "starts_at": from, "ends_at": to, "purpose": "반상회", "attendees": 3 }),
                );
                Some((req, Box::new(|v| Some(Ack::Booking(v["id"].as_i64()?)))))
            }
            2 => {
                let n = counters.supporter.fetch_add(1, Ordering::Relaxed);
                let Some((user, token)) =
                    world.voters.len().checked_sub(n + 1).and_then(|i| world.voters.get(i)).cloned()
                else {
                    break;
                };
                let proposal = world.proposals[n % world.proposals.len()];
                let req = http.post(format!("{base}/api/v1/proposals/{proposal}/support")).bearer_auth(token);
                Some((req, Box::new(move |_| Some(Ack::Support { proposal, user }))))
            }
            3 => {
                let n = counters.claim.fetch_add(1, Ordering::Relaxed);
                let req = http
                    .post(format!("{base}/api/v1/dongs/{CHUNGHYEON}/fund/claims"))
                    .bearer_auth(&world.claimant_token)
                    .json(&serde_json::json!({
                        "payee": "충현 철물점", "payee_type": "business", "purpose": "화단 울타리 자재",
                        "category": "materials", "amount": 1000, "idempotency_key": format!("crash-claim-{n:06}-key")
                    }));
                Some((req, Box::new(|v| Some(Ack::Claim(v["id"].as_i64()?)))))
            }
            4 => {
                let Some(id) = approvable.lock().await.pop() else {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                };
                let req = http
                    .post(format!("{base}/sf/fund/claims/decide"))
                    .header("cookie", &world.approver_cookie)
                    .form(&[("claim_id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())]);
                Some((req, Box::new(move |_| Some(Ack::Approval(id)))))
            }
            5 => {
                let req = http.post(format!("{base}/sf/fund/income")).header("cookie", &world.clerk_cookie).form(&[
                    ("dong", CHUNGHYEON.to_owned()),
                    ("date", services::fund::today().to_string()),
                    ("description", "주민 기부금".to_owned()),
                    ("category", "donation".to_owned()),
                    ("amount", "5000".to_owned()),
                ]);
                Some((req, Box::new(|v| Some(Ack::Income(v.as_i64()?)))))
            }
            _ => {
                let n = counters.image.fetch_add(1, Ordering::Relaxed);
                let Some(draft) = world.drafts.get(n / 5).copied() else { break };
                let form = crate::images::image_form(samples::png(24, 16), "골목 사진");
                let req = http
                    .post(format!("{base}/api/v1/proposals/{draft}/images"))
                    .bearer_auth(&world.author_token)
                    .multipart(form);
                Some((req, Box::new(|v| Some(Ack::Image(v["id"].as_i64()?)))))
            }
        };
        let Some((req, ack_of)) = sent else { continue };
        let Ok(res) = req.send().await else { continue };
        if !res.status().is_success() {
            continue;
        }
        // acknowledged once the whole answer has arrived
        let Ok(body) = res.bytes().await else { continue };
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
        if let Some(ack) = ack_of(value) {
            if let Ack::Claim(id) = ack {
                approvable.lock().await.push(id);
            }
            acks.lock().await.push(ack);
        }
    }
}

/// Checks that every acknowledged write is in the database: the number of acks checked.
pub(crate) async fn verify(app: &TestApp, acks: &[Ack]) -> usize {
    let db = &app.db;
    for ack in acks {
        let found = match ack {
            Ack::Ballot { item, user } => {
                participation::Entity::find()
                    .filter(participation::Column::ItemId.eq(*item))
                    .filter(participation::Column::UserId.eq(*user))
                    .count(db)
                    .await
                    .unwrap()
                    == 1
            }
            Ack::Booking(id) => booking::Entity::find_by_id(*id).one(db).await.unwrap().is_some(),
            Ack::Support { proposal, user } => {
                proposal_support::Entity::find_by_id((*proposal, *user)).one(db).await.unwrap().is_some()
            }
            Ack::Claim(id) => expense_claim::Entity::find_by_id(*id).one(db).await.unwrap().is_some(),
            Ack::Approval(id) => expense_claim::Entity::find_by_id(*id)
                .one(db)
                .await
                .unwrap()
                .is_some_and(|c| c.status.as_str() == "approved"),
            Ack::Income(id) => journal_entry::Entity::find_by_id(*id).one(db).await.unwrap().is_some(),
            Ack::Image(id) => proposal_image::Entity::find_by_id(*id).one(db).await.unwrap().is_some(),
        };
        assert!(found, "acknowledged, then lost: {ack:?}");
    }
    acks.len()
}

db_test!(kill_9_loses_nothing_acknowledged, |backend: Backend| async move {
    let rounds: usize = std::env::var("UD_CRASH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = Lcg(seed);
    let fixtures = TestApp::spawn(&backend).await;
    let world = Arc::new(world(&fixtures).await);
    let (url, media) = (fixtures.database_url(), fixtures.media_dir());
    let shared = Shared::default();
    let store = services::storage::MediaStore::new(&media);
    let started = std::time::Instant::now();
    let mut server = Binary::start_on(&url, &media, &[]).await;
    // each round checks the writes acknowledged since the last (one query each); the end checks
    // them all again
    let mut verified = 0;
    for round in 0..rounds {
        let load = shared.drive(&server.base, &world);
        // writes for 150–900 ms, then SIGKILL, mid-request
        tokio::time::sleep(std::time::Duration::from_millis(150 + rng.next(750))).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        load.stop().await;
        server = Binary::start_on(&url, &media, &[]).await;
        let acked = shared.acks().await;
        verified += verify(&fixtures, &acked[verified..]).await;
        let findings = integrity::check(&fixtures.db, Some(&store)).await.unwrap();
        assert!(integrity::broken(&findings).is_empty(), "round {round}: {findings:#?}");
    }
    let acked = shared.acks().await;
    let checked = verify(&fixtures, &acked).await;
    let of = |f: fn(&Ack) -> bool| acked.iter().filter(|a| f(a)).count();
    let kinds = [
        ("ballots", of(|a| matches!(a, Ack::Ballot { .. }))),
        ("bookings", of(|a| matches!(a, Ack::Booking(_)))),
        ("supports", of(|a| matches!(a, Ack::Support { .. }))),
        ("claims", of(|a| matches!(a, Ack::Claim(_)))),
        ("approvals", of(|a| matches!(a, Ack::Approval(_)))),
        ("income entries", of(|a| matches!(a, Ack::Income(_)))),
        ("uploads", of(|a| matches!(a, Ack::Image(_)))),
    ];
    for (what, n) in kinds {
        assert!(n > 0, "no {what} were acknowledged: the harness did not exercise them");
    }
    println!(
        "crash harness ({}): {rounds} kills, {checked} acknowledged writes checked ({}), {} invariants checked after \
         each restart, losses 0, seed {seed}, {:.1} s",
        if matches!(backend, Backend::Sqlite) { "SQLite" } else { "PostgreSQL" },
        kinds.iter().map(|(w, n)| format!("{n} {w}")).collect::<Vec<_>>().join(", "),
        integrity::check(&fixtures.db, Some(&store)).await.unwrap().len(),
        started.elapsed().as_secs_f64()
    );
    drop(server);
});
