//! The authorization matrix: every mutating endpoint (and every guarded read) × every kind of
//! person × scope (own dong / other dong of the district / other district), with the expected
//! answer. Each cell prepares fresh targets, makes the real HTTP request, and classifies the
//! answer: allowed (2xx/3xx) or denied (401/403). Any other answer fails the test.
//!
//! Every feature that adds an endpoint adds a row in its file here (`identity.rs`, `fund.rs`, …):
//! the row names the request, who may make it, and carries the request itself; a test fails when
//! a server function, a REST operation or a plain HTTP route (`app::api::plain_routes()`) has no
//! row and is not named below as needing none, with the reason. A rule removed from or added to
//! `app::domain::authz::can` makes a cell disagree, and the test names it.

use crate::assemblies::{assembly_at, draft_assembly, open_item};
use crate::db_test;
use crate::identity::{AHYEON, BUGAHYEON, MAPO, SEODAEMUN, SINCHON};
use crate::images::{draft_with_image, image_form, publish_as_author};
use crate::participation::{fresh_comment, fresh_group, published_proposal};
use crate::support::booking::{open_space, started_booking, tomorrow_at};
use crate::support::fund::{claim_by, entry_in, project_in, receipt_in};
use crate::support::{Backend, TestApp};
use app::domain::image::samples;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::time_fmt::from_local_minute;
use std::future::Future;
use std::pin::Pin;

mod assemblies;
mod booking;
mod fund;
mod identity;
pub(crate) mod messaging;
mod moderation;
mod participation;
mod session;
mod welfare;
pub(crate) use welfare::referral_in_sinchon;

/// Sends a REST request with the persona's session cookie, if any.
async fn send(_app: &TestApp, cookie: Option<&str>, mut req: reqwest::RequestBuilder) -> reqwest::Response {
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    crate::support::within("REST request", req.send()).await.unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Persona {
    Anonymous,
    /// Signed in, registered in Sinchon, not verified.
    Resident,
    /// Verified resident of Sinchon.
    VerifiedResident,
    /// Staff of Sinchon's center (the dong every row targets).
    StaffOwnDong,
    /// Staff of another dong in the same district.
    StaffOtherDong,
    /// Staff of a dong in another district.
    StaffOtherDistrict,
    /// Expert of Seodaemun-gu (Sinchon's district).
    ExpertOwnDistrict,
    /// Expert of Mapo-gu.
    ExpertOtherDistrict,
    Admin,
    /// Welfare officer of Sinchon's center.
    WelfareOwnDong,
    /// Visiting nurse of Sinchon's center.
    NurseOwnDong,
    /// Welfare officer of another dong of the district.
    WelfareOtherDong,
    /// Welfare supervisor of Seodaemun-gu.
    SupervisorOwnDistrict,
    /// Welfare supervisor of Mapo-gu.
    SupervisorOtherDistrict,
}

use Persona::*;

const ALL: [Persona; 14] = [
    Anonymous,
    Resident,
    VerifiedResident,
    StaffOwnDong,
    StaffOtherDong,
    StaffOtherDistrict,
    ExpertOwnDistrict,
    ExpertOtherDistrict,
    Admin,
    WelfareOwnDong,
    NurseOwnDong,
    WelfareOtherDong,
    SupervisorOwnDistrict,
    SupervisorOtherDistrict,
];
const SIGNED_IN: [Persona; 13] = [
    Resident,
    VerifiedResident,
    StaffOwnDong,
    StaffOtherDong,
    StaffOtherDistrict,
    ExpertOwnDistrict,
    ExpertOtherDistrict,
    Admin,
    WelfareOwnDong,
    NurseOwnDong,
    WelfareOtherDong,
    SupervisorOwnDistrict,
    SupervisorOtherDistrict,
];

struct People {
    cookies: Vec<(Persona, Option<String>)>,
    ids: Vec<(Persona, i64)>,
}

impl People {
    fn cookie(&self, p: Persona) -> Option<String> {
        self.cookies.iter().find(|(q, _)| *q == p).and_then(|(_, c)| c.clone())
    }
    /// The persona's own account, or a stranger's for the anonymous visitor.
    fn id(&self, p: Persona) -> Option<i64> {
        self.ids.iter().find(|(q, _)| *q == p).map(|(_, id)| *id)
    }
}

async fn people(app: &TestApp) -> People {
    let mut cookies = vec![(Anonymous, None)];
    let mut ids = Vec::new();
    for p in SIGNED_IN {
        let home = matches!(p, Resident | VerifiedResident).then_some(SINCHON);
        let id = app.person(&format!("{p:?}"), home).await;
        match p {
            VerifiedResident => app.verify(id, SINCHON).await,
            StaffOwnDong => drop(app.grant(id, "center_staff", SINCHON).await),
            StaffOtherDong => drop(app.grant(id, "center_staff", BUGAHYEON).await),
            StaffOtherDistrict => drop(app.grant(id, "center_staff", AHYEON).await),
            ExpertOwnDistrict => drop(app.grant(id, "expert", SEODAEMUN).await),
            ExpertOtherDistrict => drop(app.grant(id, "expert", MAPO).await),
            Admin => drop(app.grant(id, "admin", "").await),
            WelfareOwnDong => drop(app.grant(id, "welfare_officer", SINCHON).await),
            NurseOwnDong => drop(app.grant(id, "visiting_nurse", SINCHON).await),
            WelfareOtherDong => drop(app.grant(id, "welfare_officer", BUGAHYEON).await),
            SupervisorOwnDistrict => drop(app.grant(id, "welfare_supervisor", SEODAEMUN).await),
            SupervisorOtherDistrict => drop(app.grant(id, "welfare_supervisor", MAPO).await),
            _ => {}
        }
        ids.push((p, id));
        cookies.push((p, Some(app.sign_in(id).await)));
    }
    People { cookies, ids }
}

/// What a row's request is made with: the app, the people, who asks, and their session cookie.
#[derive(Clone, Copy)]
struct Cx<'a> {
    app: &'a TestApp,
    people: &'a People,
    p: Persona,
    c: Option<&'a str>,
}

/// A row's request: prepares fresh targets, makes the real HTTP request as `cx.p`.
type Request = for<'a> fn(Cx<'a>) -> Pin<Box<dyn Future<Output = reqwest::Response> + 'a>>;

/// One row of the matrix: a request, and who may make it.
struct Row {
    /// `METHOD /path (what it targets)`: the route as the router names it (`{…}` for a parameter).
    name: &'static str,
    allowed: &'static [Persona],
    request: Request,
}

/// A row: `row!("POST /sf/… (target)", &[who may], |app, c| { the request })`, naming the parts
/// of `Cx` the request uses.
macro_rules! row {
    ($name:literal, $allowed:expr, || $body:block) => {
        Row { name: $name, allowed: $allowed, request: |_| Box::pin(async move $body) }
    };
    ($name:literal, $allowed:expr, |$($part:ident),+| $body:block) => {
        Row {
            name: $name,
            allowed: $allowed,
            request: |cx| {
                Box::pin(async move {
                    let Cx { $($part,)+ .. } = cx;
                    $body
                })
            },
        }
    };
}
use row;

/// A fresh resident of Sinchon, the target of the staff's rows.
async fn fresh(app: &TestApp) -> i64 {
    app.person("대상", Some(SINCHON)).await
}

/// Every row, feature by feature; the rows that change the persona's session come last.
fn rows() -> Vec<Row> {
    [
        identity::rows(),
        participation::rows(),
        assemblies::rows(),
        fund::rows(),
        booking::rows(),
        moderation::rows(),
        welfare::rows(),
        messaging::rows(),
        session::rows(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

db_test!(authorization_matrix, |backend: Backend| async move {
    // a provider is configured so the OAuth start endpoint exists; it is never reached
    let app = TestApp::spawn_with(
        &backend,
        &[
            ("UD_OAUTH_PROVIDERS", "mock"),
            ("UD_OAUTH_MOCK_PRESET", "generic"),
            ("UD_OAUTH_MOCK_CLIENT_ID", "c"),
            ("UD_OAUTH_MOCK_CLIENT_SECRET", "s"),
            ("UD_OAUTH_MOCK_AUTH_URL", "http://127.0.0.1:9/authorize"),
            ("UD_OAUTH_MOCK_TOKEN_URL", "http://127.0.0.1:9/token"),
            ("UD_OAUTH_MOCK_USERINFO_URL", "http://127.0.0.1:9/userinfo"),
        ],
    )
    .await;
    let people = people(&app).await;
    let mut disagreements = Vec::new();
    let mut cells = 0;
    let rows = rows();
    for row in &rows {
        for p in ALL {
            let cookie = people.cookie(p);
            let cx = Cx { app: &app, people: &people, p, c: cookie.as_deref() };
            let res = (row.request)(cx).await;
            let status = res.status();
            // a refusal by a separation-of-duties rule is said to the person it concerns (409 with
            // the rule's code: "not for yourself", "lives in another dong", …) and counts as denied
            let by_rule = status == 409 && {
                let body = res.text().await.unwrap_or_default();
                DUTY_CODES.iter().any(|code| body.contains(&format!("\"{code}\"")))
            };
            cells += 1;
            let allowed = status.is_success() || status.is_redirection();
            let denied = status == 401 || status == 403 || by_rule;
            assert!(allowed || denied, "{} as {p:?}: unexpected {status}", row.name);
            let expected = row.allowed.contains(&p);
            if allowed != expected {
                disagreements.push(format!(
                    "{} as {p:?}: expected {}, got {status}",
                    row.name,
                    if expected { "allowed" } else { "denied" }
                ));
            }
            // anonymous visitors are asked to sign in, signed-in people are refused
            if denied && p == Anonymous {
                assert_eq!(status, 401, "{} as {p:?}", row.name);
            }
            if denied && p != Anonymous {
                assert!(status == 403 || by_rule, "{} as {p:?}: {status}", row.name);
            }
        }
    }
    assert_eq!(cells, rows.len() * ALL.len());
    assert!(disagreements.is_empty(), "the authorization matrix disagrees:\n{}", disagreements.join("\n"));
});

/// The codes of the refusals that separate duties, answered 409 to the person refused so the page
/// can say which rule applies (and to whom they must turn). Each counts as a denial in the matrix.
const DUTY_CODES: &[&str] = &[
    "not_for_yourself",
    "resident_lives_elsewhere",
    "account_signs_in_elsewhere",
    "holds_role_no_code",
    "prepared_the_claimant",
    "proposal_needs_another_admin",
    "own_admin_role",
    "recovery_needs_another_staff",
    "counter_account_no_recovery",
];

/// Server functions no row needs, and why: they read what anyone may read (the answer depends on
/// who asks only in what it includes), or only the caller's own account or session.
const NO_ROW: &[(&str, &str)] = &[
    ("/sf/account", "the caller's own account"),
    ("/sf/me", "the caller's own account"),
    ("/sf/notifications/unread", "the caller's own count"),
    ("/sf/staff/centers", "the centers the caller staffs"),
    ("/sf/staff/printable", "a code kept in the caller's own session"),
    ("/sf/sign_in_options", "public"),
    ("/sf/api_operations", "public"),
    ("/sf/districts", "public"),
    ("/sf/district", "public"),
    ("/sf/dong", "public"),
    ("/sf/place", "public"),
    ("/sf/proposals", "public list"),
    ("/sf/proposal", "public; drafts only to their author"),
    ("/sf/proposals/new_context", "what the caller may do in a dong"),
    ("/sf/groups", "public list"),
    ("/sf/dong_search", "public lists; draft assemblies to the dong's staff"),
    ("/sf/group", "public; members' names to the group's own"),
    ("/sf/assemblies", "public list"),
    ("/sf/assembly", "public; drafts to the dong's staff"),
    ("/sf/assemblies/live", "public"),
    ("/sf/assemblies/notice", "public"),
    ("/sf/assemblies/results", "public once published"),
    ("/sf/fund", "public books"),
    ("/sf/fund/project", "public books"),
    ("/sf/fund/statement", "public books"),
    ("/sf/spaces/center", "public; the caller's own bookings marked"),
    ("/sf/spaces/list", "public"),
    ("/sf/spaces/space", "public"),
    ("/sf/welfare/receipt", "the caller's own session: the receipt it was just given"),
    ("/sf/welfare/status/last", "the caller's own session: the status it just asked for"),
    ("/sf/welfare/figures", "public, counts under 5 withheld"),
    ("/sf/messages/confirm", "no one's: the link's secret is the proof, whoever holds it (messaging.rs)"),
    ("/sf/messages/unsubscribe", "no one's: the link's signature is the proof, whoever holds it (messaging.rs)"),
    ("/sf/messages/unsubscribe/preview", "what a signed link would turn off, to whoever holds it"),
];

/// REST reads no row needs, and why: each answers anyone the same (what a draft or a hidden item
/// would add is left out for everyone), so there is no one to refuse.
const PUBLIC_READS: &[(&str, &str)] = &[
    ("GET /api/v1/districts", "public geography"),
    ("GET /api/v1/districts/{}", "public geography"),
    ("GET /api/v1/districts/{}/dongs", "public geography"),
    ("GET /api/v1/dongs/{}", "public geography"),
    ("GET /api/v1/dongs/{}/assemblies", "public list; drafts left out"),
    ("GET /api/v1/assemblies/{}", "public; a draft answers 404 to everyone"),
    ("GET /api/v1/assemblies/{}/results", "public once published"),
    ("GET /api/v1/dongs/{}/spaces", "public"),
    ("GET /api/v1/spaces/{}", "public"),
    ("GET /api/v1/spaces/{}/availability", "public: free and taken times, no names"),
    ("GET /api/v1/dongs/{}/fund", "public books"),
    ("GET /api/v1/dongs/{}/fund/journal", "public books: payees by kind, never by name"),
    ("GET /api/v1/dongs/{}/fund/projects", "public books"),
    ("GET /api/v1/dongs/{}/fund/statements/{}", "public books"),
    ("GET /api/v1/dongs/{}/proposals", "public list; drafts left out"),
    ("GET /api/v1/districts/{}/proposals", "public list; drafts left out"),
    ("GET /api/v1/proposals/{}", "public; a draft answers 404 to everyone"),
    ("GET /api/v1/dongs/{}/search", "public lists"),
    ("GET /api/v1/dongs/{}/groups", "public list"),
    ("GET /api/v1/districts/{}/groups", "public list"),
    ("GET /api/v1/groups/{}", "public; members' names left out"),
    ("GET /api/v1/dongs/{}/welfare/figures", "public, counts under 5 withheld"),
];

/// Plain HTTP routes (`app::api::plain_routes()`) no row needs, and why: they answer anyone the
/// same, or act only on what the asking browser's own session started. (`POST /prefs`, which only
/// sets the asker's own cookies, has a row all the same: anyone may.)
const PLAIN_NO_ROW: &[(&str, &str)] = &[
    ("GET /media/project-photos/{}", "public, like the fund's projects"),
    ("GET /media/space-photos/{}", "public, like the space"),
    ("GET /spaces/{}/calendar.ics", "a space's public feed: busy and free times, no names or purposes"),
    ("GET /assemblies/{}/results.json", "public once published; 404 to everyone before"),
    ("GET /assemblies/{}/results.csv", "public once published; 404 to everyone before"),
    ("GET /dongs/{}/fund/journal.csv", "public books: payees by kind, never by name"),
    ("GET /dongs/{}/fund/projects.csv", "public books"),
    (
        "POST /unsubscribe/one-click",
        "RFC 8058's one click: the link's signature is the proof, whoever posts it (messaging.rs)",
    ),
    (
        "GET /auth/oauth/{}/callback",
        "the OAuth callback: acts only on the sign-in the asking browser's own session started (its \
         `state`), whoever asks; oauth.rs, a_forged_state_is_refused",
    ),
];

/// `METHOD /path` of a row's name, with parameters written `{}`.
fn route_of(name: &str) -> String {
    let route = name.split(" (").next().unwrap_or(name);
    let mut out = String::new();
    let mut in_param = false;
    for ch in route.chars() {
        match ch {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(ch),
            _ => {}
        }
    }
    out
}

#[test]
fn every_route_that_changes_something_has_a_row() {
    let covered: std::collections::HashSet<String> = rows().iter().map(|r| route_of(r.name)).collect();
    let mut missing = Vec::new();
    // every server function the router serves (the registry `leptos_axum` routes from)
    let functions: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (method.to_string(), path.to_owned()))
        .collect();
    assert!(functions.len() > 90, "the server functions are registered ({} found)", functions.len());
    for (method, path) in &functions {
        if !covered.contains(&format!("{method} {path}")) && !NO_ROW.iter().any(|(p, _)| p == path) {
            missing.push(format!("{method} {path} (server function)"));
        }
    }
    // every REST operation: a write has a row; a read has a row or is named public below
    let operations: Vec<String> =
        app::api::rest::operations().into_iter().map(|op| route_of(&format!("{} {}", op.method, op.path))).collect();
    for route in &operations {
        if !covered.contains(route) && !PUBLIC_READS.iter().any(|(r, _)| r == route) {
            missing.push(format!("{route} (REST)"));
        }
    }
    for (route, _) in PUBLIC_READS {
        assert!(route.starts_with("GET "), "{route}: only a read can be public");
        assert!(operations.contains(&route.to_string()), "{route} is exempted but no longer served");
    }
    // every plain HTTP route (uploads, files, feeds, sign-in, preferences): a row, or named above
    let plain: Vec<String> =
        app::api::plain_routes().routes().iter().map(|r| route_of(&format!("{} {}", r.method, r.path))).collect();
    assert!(plain.len() >= 19, "the plain routes are registered ({} found)", plain.len());
    for route in &plain {
        if !covered.contains(route) && !PLAIN_NO_ROW.iter().any(|(r, _)| r == route) {
            missing.push(format!("{route} (plain route)"));
        }
    }
    for (route, _) in PLAIN_NO_ROW {
        assert!(plain.contains(&route.to_string()), "{route} is exempted but no longer served");
        assert!(!covered.contains(*route), "{route} is exempted and has a row: drop the exemption");
    }
    assert!(missing.is_empty(), "routes with no row in the authorization matrix:\n{}", missing.join("\n"));
    // and no exemption outlives its function
    for (path, _) in NO_ROW {
        assert!(functions.iter().any(|(_, p)| p == path), "{path} is exempted but no longer served");
    }
}
