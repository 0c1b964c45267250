//! The authorization matrix: every mutating endpoint (and every guarded read) × every kind of
//! person × scope (own dong / other dong of the district / other district), with the expected
//! answer. Each cell prepares fresh targets, makes the real HTTP request, and classifies the
//! answer: allowed (2xx/3xx) or denied (401/403). Any other answer fails the test.
//!
//! Every feature that adds an endpoint adds a row here. A rule removed from or added to
//! `app::domain::authz::can` makes a cell disagree, and the test names it.

use crate::assemblies::{assembly_at, draft_assembly, open_item};
use crate::bookings::{open_space, started_booking, tomorrow_at};
use crate::db_test;
use crate::fund::{claim_by, entry_in, project_in, receipt_in};
use crate::identity::{AHYEON, BUGAHYEON, MAPO, SEODAEMUN, SINCHON};
use crate::images::{draft_with_image, image_form, publish_as_author};
use crate::participation::{fresh_comment, fresh_group, published_proposal};
use crate::support::{Backend, TestApp};
use app::domain::image::samples;
use app::server::services::time_fmt::from_local_minute;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
}

use Persona::*;

const ALL: [Persona; 9] = [
    Anonymous,
    Resident,
    VerifiedResident,
    StaffOwnDong,
    StaffOtherDong,
    StaffOtherDistrict,
    ExpertOwnDistrict,
    ExpertOtherDistrict,
    Admin,
];
const SIGNED_IN: [Persona; 8] = [
    Resident,
    VerifiedResident,
    StaffOwnDong,
    StaffOtherDong,
    StaffOtherDistrict,
    ExpertOwnDistrict,
    ExpertOtherDistrict,
    Admin,
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
            _ => {}
        }
        ids.push((p, id));
        cookies.push((p, Some(app.sign_in(id).await)));
    }
    People { cookies, ids }
}

/// One row of the matrix: a request, and who may make it.
struct Row {
    name: &'static str,
    allowed: &'static [Persona],
}

const ROWS: &[Row] = &[
    // center staff, scoped to the dong (Sinchon)
    Row { name: "POST /sf/staff/register (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/staff/reissue (resident of Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/staff/verify (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/staff/end_residency (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/staff/dong (read Sinchon's residents)", allowed: &[StaffOwnDong] },
    // administrators
    Row { name: "POST /sf/admin/grant", allowed: &[Admin] },
    Row { name: "POST /sf/admin/revoke", allowed: &[Admin] },
    Row { name: "POST /sf/admin/grants (read)", allowed: &[Admin] },
    Row { name: "POST /sf/audit (read, whole city)", allowed: &[Admin] },
    Row { name: "POST /sf/audit (read, Seodaemun-gu)", allowed: &[Admin, ExpertOwnDistrict] },
    // one's own account
    Row { name: "POST /sf/account/update", allowed: &SIGNED_IN },
    Row { name: "POST /sf/account/token/create", allowed: &SIGNED_IN },
    Row { name: "POST /sf/account/token/revoke (own token)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/account/token/revoke (someone else's)", allowed: &[] },
    Row { name: "POST /sf/account/unlink (own sign-in)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/account/unlink (someone else's)", allowed: &[] },
    Row { name: "GET /account/export.json", allowed: &SIGNED_IN },
    Row { name: "GET /api/v1/me (session)", allowed: &SIGNED_IN },
    Row { name: "POST /auth/oauth/mock (link to my account)", allowed: &SIGNED_IN },
    // participation: residents of the dong take part; organisers manage their groups
    Row { name: "POST /sf/groups/create (Sinchon)", allowed: &[VerifiedResident] },
    Row { name: "POST /sf/groups/join (Sinchon group)", allowed: &[VerifiedResident] },
    Row { name: "POST /sf/groups/member (someone else's group)", allowed: &[] },
    Row { name: "POST /sf/groups/register (Sinchon group)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/proposals/create (Sinchon)", allowed: &[VerifiedResident] },
    Row { name: "POST /sf/proposals/update (someone else's)", allowed: &[] },
    Row { name: "POST /sf/proposals/publish (someone else's draft)", allowed: &[] },
    Row { name: "POST /sf/proposals/withdraw (someone else's)", allowed: &[] },
    Row { name: "POST /proposals/{id}/images (someone else's draft)", allowed: &[] },
    Row { name: "POST /api/v1/proposals/{id}/images (someone else's, session)", allowed: &[] },
    Row { name: "POST /sf/proposals/images/remove (someone else's)", allowed: &[] },
    Row { name: "GET /media/proposal-images/{id} (published proposal)", allowed: &ALL },
    Row { name: "POST /sf/proposals/support (Sinchon)", allowed: &[VerifiedResident] },
    // assemblies
    Row { name: "POST /sf/assemblies/create (Sinchon)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/item (Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/advance (announce a Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/item/remove (Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/item/move (Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/edit (Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/cancel (Sinchon draft)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/vote (Sinchon, open)", allowed: &[VerifiedResident] },
    Row { name: "POST /api/v1/agenda-items/{id}/ballot (session)", allowed: &[VerifiedResident] },
    Row { name: "POST /sf/assemblies/bylaws (Sinchon)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/door/search (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/assemblies/door/check_in (Sinchon, in session)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/assemblies/door/paper (Sinchon, in session)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/assemblies/door/undo_check_in (Sinchon, in session)", allowed: &[StaffOwnDong] },
    // a second person confirms a tally: other staff of the center or the district's expert
    Row { name: "POST /sf/assemblies/door/confirm (Sinchon, closed)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/door/tallies (Sinchon)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/assemblies/minutes (Sinchon, closed)", allowed: &[ExpertOwnDistrict] },
    Row { name: "POST /sf/proposals/comment (Sinchon)", allowed: &[VerifiedResident] },
    // the community fund: the center keeps the books; claims are decided by someone else
    Row { name: "POST /sf/fund/income (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/fund/reverse (a Sinchon entry)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/fund/project/create (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/fund/project/allocate (Sinchon project)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/fund/project/status (Sinchon project)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row {
        name: "POST /fund/projects/{id}/updates (Sinchon project, form)",
        allowed: &[StaffOwnDong, ExpertOwnDistrict],
    },
    Row { name: "POST /fund/entries/{id}/evidence (Sinchon entry, form)", allowed: &[StaffOwnDong] },
    Row {
        name: "POST /sf/fund/claims/decide (someone else's Sinchon claim)",
        allowed: &[StaffOwnDong, ExpertOwnDistrict],
    },
    Row { name: "POST /sf/fund/claims/decide (own claim)", allowed: &[] },
    Row {
        name: "POST /sf/fund/claim (read someone else's Sinchon claim)",
        allowed: &[StaffOwnDong, ExpertOwnDistrict],
    },
    Row { name: "POST /sf/fund/claims (read, Sinchon)", allowed: &SIGNED_IN },
    Row { name: "POST /dongs/{Sinchon}/fund/claims (form)", allowed: &[StaffOwnDong] },
    Row { name: "POST /api/v1/dongs/{Sinchon}/fund/claims (session)", allowed: &[StaffOwnDong] },
    Row { name: "GET /media/fund-receipts/{id} (Sinchon claim)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/bookings/book (Sinchon space)", allowed: &SIGNED_IN },
    Row { name: "POST /api/v1/spaces/{id}/bookings (session)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/bookings/cancel (own booking)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/bookings/cancel (someone else's Sinchon booking)", allowed: &[StaffOwnDong] },
    Row { name: "POST /api/v1/bookings/{id}/cancel (someone else's, session)", allowed: &[StaffOwnDong] },
    Row {
        name: "POST /sf/bookings/one (read someone else's Sinchon booking)",
        allowed: &[StaffOwnDong, ExpertOwnDistrict],
    },
    Row { name: "POST /sf/bookings/mine", allowed: &SIGNED_IN },
    Row { name: "POST /sf/bookings/decide (Sinchon request)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/bookings/mark (Sinchon, started)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/bookings/walk_in (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/save (new Sinchon space)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/save (a Sinchon space)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/active (a Sinchon space)", allowed: &[StaffOwnDong] },
    Row { name: "POST /spaces/{id}/photo (a Sinchon space, form)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/blackout (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/blackout/remove (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/no_show_rule (Sinchon)", allowed: &[StaffOwnDong] },
    Row { name: "POST /sf/spaces/console (read Sinchon)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /sf/spaces/district (read Seodaemun-gu)", allowed: &[ExpertOwnDistrict] },
    Row { name: "POST /sf/bookings/feed", allowed: &SIGNED_IN },
    Row { name: "POST /sf/bookings/feed/revoke", allowed: &SIGNED_IN },
    Row { name: "POST /sf/settings/support_threshold (Sinchon)", allowed: &[StaffOwnDong, ExpertOwnDistrict] },
    Row { name: "POST /api/v1/dongs/{Sinchon}/proposals (session)", allowed: &[VerifiedResident] },
    Row { name: "POST /api/v1/proposals/{id}/support (session)", allowed: &[VerifiedResident] },
    Row { name: "DELETE /api/v1/proposals/{id}/support (session)", allowed: &[VerifiedResident] },
    Row { name: "POST /api/v1/proposals/{id}/comments (session)", allowed: &[VerifiedResident] },
    // moderation: the district's expert alone
    Row { name: "POST /sf/report", allowed: &SIGNED_IN },
    Row { name: "POST /api/v1/reports (session)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/moderate (Sinchon comment)", allowed: &[ExpertOwnDistrict] },
    Row { name: "POST /sf/moderate/restrict (Seodaemun-gu)", allowed: &[ExpertOwnDistrict] },
    Row { name: "POST /sf/settings/report_threshold (Seodaemun-gu)", allowed: &[ExpertOwnDistrict] },
    Row { name: "POST /sf/expert/workspace (Seodaemun-gu)", allowed: &[ExpertOwnDistrict] },
    // one's own notifications
    Row { name: "POST /sf/notifications (read)", allowed: &SIGNED_IN },
    Row { name: "POST /sf/notifications/read", allowed: &SIGNED_IN },
    // public
    Row { name: "POST /auth/oauth/mock (sign in)", allowed: &ALL },
    Row { name: "POST /prefs", allowed: &ALL },
    // these end the persona's session: last
    Row { name: "POST /sf/account/delete", allowed: &SIGNED_IN },
    Row { name: "POST /sf/sign_in_code", allowed: &ALL },
    Row { name: "POST /sf/sign_out", allowed: &ALL },
];

/// Someone else, with a token and two linked sign-ins, for the "someone else's" rows.
/// The booking form for tomorrow 10:00–11:00 in `space`.
fn booking_form(space: i64) -> Vec<(&'static str, String)> {
    let day = app::domain::booking::day_string(tomorrow_at(0).div_euclid(1440));
    vec![
        ("space_id", space.to_string()),
        ("date", day),
        ("start", "10:00".into()),
        ("end", "11:00".into()),
        ("purpose", "행렬 예약".into()),
        ("attendees", "2".into()),
    ]
}

/// A booking of `booker` in a fresh space (confirmed, or requested if they are not a verified
/// resident of Sinchon).
async fn booking_of(app: &TestApp, booker: i64) -> i64 {
    use app::server::services::bookings::{Repeat, book};
    let space = open_space(app, 0, false).await;
    let who = crate::bookings::actor(app, booker).await;
    book(&app.db, Some(&who), space, crate::bookings::request(tomorrow_at(10), 60), Repeat::Once).await.unwrap().id
}

/// The space form (a new space, or changes to `space`).
fn space_form(space: Option<i64>) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("dong", SINCHON.to_owned()),
        ("name", format!("행렬 공간 {}", &uuid::Uuid::new_v4().simple().to_string()[..8])),
        ("kind", "meeting_room".into()),
        ("floor", "1층".into()),
        ("equipment", String::new()),
        ("description", String::new()),
        ("capacity", "8".into()),
        ("slot_minutes", "30".into()),
        ("min_minutes", "30".into()),
        ("max_minutes", "120".into()),
        ("horizon_days", "30".into()),
        ("min_notice_minutes", "60".into()),
        ("fee_per_hour", "0".into()),
        ("weekly_quota_person", "3".into()),
        ("weekly_quota_group", String::new()),
        ("opens[0]", "09:00".into()),
        ("closes[0]", "18:00".into()),
    ];
    if let Some(id) = space {
        f.push(("space_id", id.to_string()));
    }
    f
}

async fn stranger(app: &TestApp) -> (i64, i64, i64) {
    let id = app.person("남", None).await;
    let (token, identity) = own_token_and_identity(app, id).await;
    (id, token, identity)
}

async fn own_token_and_identity(app: &TestApp, user_id: i64) -> (i64, i64) {
    use app::domain::identity::TokenScope;
    use app::server::entities::{access_token, oauth_identity};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    let actor = app::server::services::identity::load_actor(&app.db, user_id).await.unwrap().unwrap();
    app::server::services::identity::create_token(&app.db, &actor, "t".into(), TokenScope::Read).await.unwrap();
    let token = access_token::Entity::find()
        .filter(access_token::Column::UserId.eq(user_id))
        .order_by_desc(access_token::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut identity = 0;
    for _ in 0..2 {
        identity = oauth_identity::ActiveModel {
            user_id: Set(user_id),
            provider: Set("mock".into()),
            subject: Set(uuid::Uuid::new_v4().to_string()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap()
        .id;
    }
    (token, identity)
}

/// Makes the row's request as `p`, after preparing fresh targets; returns the status.
async fn request(app: &TestApp, people: &People, row: &str, p: Persona) -> reqwest::StatusCode {
    let cookie = people.cookie(p);
    let c = cookie.as_deref();
    let fresh = || app.person("대상", Some(SINCHON));
    let res = match row {
        "POST /sf/staff/register (Sinchon)" => {
            app.call(
                "staff/register",
                c,
                &[("dong", SINCHON.into()), ("display_name", "새 주민".into()), ("birth_year", "1950".into())],
            )
            .await
        }
        "POST /sf/staff/reissue (resident of Sinchon)" => {
            let target = fresh().await;
            app.call("staff/reissue", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }
        "POST /sf/staff/verify (Sinchon)" => {
            let target = fresh().await;
            app.call(
                "staff/verify",
                c,
                &[("dong", SINCHON.into()), ("account", target.to_string()), ("method", "id_card".into())],
            )
            .await
        }
        "POST /sf/staff/end_residency (Sinchon)" => {
            let target = fresh().await;
            app.verify(target, SINCHON).await;
            app.call("staff/end_residency", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }
        "POST /sf/staff/dong (read Sinchon's residents)" => {
            app.call("staff/dong", c, &[("dong", SINCHON.into())]).await
        }
        "POST /sf/admin/grant" => {
            let target = fresh().await;
            app.call(
                "admin/grant",
                c,
                &[("account", target.to_string()), ("role", "expert".into()), ("scope_code", SEODAEMUN.into())],
            )
            .await
        }
        "POST /sf/admin/revoke" => {
            let target = fresh().await;
            let grant = app.grant(target, "center_staff", SINCHON).await;
            app.call("admin/revoke", c, &[("grant_id", grant.to_string())]).await
        }
        "POST /sf/admin/grants (read)" => app.call("admin/grants", c, &[]).await,
        "POST /sf/audit (read, whole city)" => app.call("audit", c, &[]).await,
        "POST /sf/audit (read, Seodaemun-gu)" => app.call("audit", c, &[("district", SEODAEMUN.into())]).await,
        "POST /sf/account/update" => {
            app.call("account/update", c, &[("display_name", format!("{p:?}")), ("lang", "ko".into())]).await
        }
        "POST /sf/account/token/create" => {
            app.call("account/token/create", c, &[("name", "matrix".into()), ("scope", "read".into())]).await
        }
        "POST /sf/account/token/revoke (own token)" => {
            let owner = match people.id(p) {
                Some(id) => id,
                None => stranger(app).await.0,
            };
            let (token, _) = own_token_and_identity(app, owner).await;
            app.call("account/token/revoke", c, &[("token_id", token.to_string())]).await
        }
        "POST /sf/account/token/revoke (someone else's)" => {
            let (_, token, _) = stranger(app).await;
            app.call("account/token/revoke", c, &[("token_id", token.to_string())]).await
        }
        "POST /sf/account/unlink (own sign-in)" => {
            let owner = match people.id(p) {
                Some(id) => id,
                None => stranger(app).await.0,
            };
            let (_, identity) = own_token_and_identity(app, owner).await;
            app.call("account/unlink", c, &[("identity_id", identity.to_string())]).await
        }
        "POST /sf/account/unlink (someone else's)" => {
            let (_, _, identity) = stranger(app).await;
            app.call("account/unlink", c, &[("identity_id", identity.to_string())]).await
        }
        "GET /account/export.json" => {
            let mut req = app.client.get(app.url("/account/export.json"));
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }
        "GET /api/v1/me (session)" => {
            let mut req = app.client.get(app.url("/api/v1/me"));
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }
        "POST /auth/oauth/mock (link to my account)" | "POST /auth/oauth/mock (sign in)" => {
            let link = row.contains("link");
            let form: &[(&str, &str)] = if link { &[("link", "1")] } else { &[("stay_signed_in", "on")] };
            let mut req = app.client.post(app.url("/auth/oauth/mock")).form(form);
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }
        "POST /sf/groups/create (Sinchon)" => {
            app.call(
                "groups/create",
                c,
                &[
                    ("dong", SINCHON.into()),
                    ("name", "행렬 모임".into()),
                    ("purpose", "권한 행렬을 시험하는 모임입니다.".into()),
                    ("category", "other".into()),
                    ("meeting_pattern", "".into()),
                    ("membership", "open".into()),
                ],
            )
            .await
        }
        "POST /sf/groups/join (Sinchon group)" => {
            let g = fresh_group(app, "open").await;
            app.call("groups/join", c, &[("group_id", g.to_string())]).await
        }
        "POST /sf/groups/member (someone else's group)" => {
            let g = fresh_group(app, "approval").await;
            let (_, other_cookie) = crate::participation::resident(app, "신청자").await;
            app.call("groups/join", Some(&other_cookie), &[("group_id", g.to_string())]).await;
            let applicant = app::server::entities::group_member::Entity::find()
                .filter(app::server::entities::group_member::Column::GroupId.eq(g))
                .filter(app::server::entities::group_member::Column::State.eq("pending"))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .user_id;
            app.call(
                "groups/member",
                c,
                &[("group_id", g.to_string()), ("user_id", applicant.to_string()), ("decision", "approve".into())],
            )
            .await
        }
        "POST /sf/groups/register (Sinchon group)" => {
            let g = fresh_group(app, "open").await;
            app.call("groups/register", c, &[("group_id", g.to_string()), ("registered", "1".into())]).await
        }
        "POST /sf/proposals/create (Sinchon)" | "POST /sf/proposals/update (someone else's)" => {
            let (id, _) = published_proposal(app, "남이 쓴 제안입니다").await;
            let (endpoint, key, value) = if row.contains("create") {
                ("proposals/create", "dong", SINCHON.to_owned())
            } else {
                ("proposals/update", "id", id.to_string())
            };
            app.call(
                endpoint,
                c,
                &[
                    (key, value),
                    ("title", "행렬 시험 제안".into()),
                    ("problem", "문제를 설명하는 글입니다.".into()),
                    ("solution", "해결책을 설명하는 글입니다.".into()),
                    ("category", "safety".into()),
                    ("cost_won", "".into()),
                    ("location", "".into()),
                ],
            )
            .await
        }
        "POST /sf/proposals/publish (someone else's draft)" => {
            use app::server::services::{identity, proposals};
            let author = app.person("초안 작성자", Some(SINCHON)).await;
            app.verify(author, SINCHON).await;
            let actor = identity::load_actor(&app.db, author).await.unwrap().unwrap();
            let content = app::domain::proposal::ProposalContent::parse(
                "남의 초안입니다",
                "문제를 설명하는 글입니다.",
                "해결책을 설명하는 글입니다.",
                "safety",
                "",
                "",
            )
            .unwrap();
            let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
            let id = proposals::create(&app.db, Some(&actor), &dong, content, None).await.unwrap();
            app.call("proposals/publish", c, &[("id", id.to_string())]).await
        }
        "POST /sf/proposals/withdraw (someone else's)" => {
            let (id, _) = published_proposal(app, "남이 쓴 제안입니다").await;
            app.call("proposals/withdraw", c, &[("id", id.to_string()), ("confirm", "on".into())]).await
        }
        "POST /proposals/{id}/images (someone else's draft)"
        | "POST /api/v1/proposals/{id}/images (someone else's, session)" => {
            let (id, _) = draft_with_image(app).await;
            let path = if row.contains("api/v1") {
                format!("/api/v1/proposals/{id}/images")
            } else {
                format!("/proposals/{id}/images")
            };
            send(app, c, app.client.post(app.url(&path)).multipart(image_form(samples::png(20, 20), ""))).await
        }
        "POST /sf/proposals/images/remove (someone else's)" => {
            let (_, image) = draft_with_image(app).await;
            app.call("proposals/images/remove", c, &[("image_id", image.to_string()), ("confirm", "on".into())]).await
        }
        "GET /media/proposal-images/{id} (published proposal)" => {
            let (id, image) = draft_with_image(app).await;
            publish_as_author(app, id).await;
            send(app, c, app.client.get(app.url(&format!("/media/proposal-images/{image}")))).await
        }
        "POST /sf/assemblies/create (Sinchon)" => {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("title", "행렬 시험 총회".to_owned()),
                ("description", String::new()),
                ("venue", "신촌동 주민센터".to_owned()),
                ("pre_voting_starts", String::new()),
                ("session_starts", "2026-12-05T14:00".to_owned()),
                ("session_ends", "2026-12-05T16:00".to_owned()),
            ];
            app.call("assemblies/create", c, &form).await
        }
        "POST /sf/assemblies/item (Sinchon draft)" => {
            let (id, _) = draft_assembly(app).await;
            let form = [
                ("assembly_id", id.to_string()),
                ("kind", "single_choice".to_owned()),
                ("title", "공원 이름 정하기".to_owned()),
                ("options", "가\n나".to_owned()),
            ];
            app.call("assemblies/item", c, &form).await
        }
        "POST /sf/assemblies/advance (announce a Sinchon draft)" => {
            let (id, _) = draft_assembly(app).await;
            let form =
                [("assembly_id", id.to_string()), ("event", "announce".to_owned()), ("confirm", "on".to_owned())];
            app.call("assemblies/advance", c, &form).await
        }
        "POST /sf/assemblies/item/remove (Sinchon draft)" => {
            let (_, item) = draft_assembly(app).await;
            app.call("assemblies/item/remove", c, &[("item_id", item.to_string()), ("confirm", "on".to_owned())]).await
        }
        "POST /sf/assemblies/item/move (Sinchon draft)" => {
            let (_, item) = draft_assembly(app).await;
            app.call("assemblies/item/move", c, &[("item_id", item.to_string()), ("direction", "up".to_owned())]).await
        }
        "POST /sf/assemblies/edit (Sinchon draft)" => {
            let (id, _) = draft_assembly(app).await;
            let form = [
                ("assembly_id", id.to_string()),
                ("title", "2027 신촌동 주민총회".to_owned()),
                ("description", String::new()),
                ("venue", "신촌동 주민센터 강당".to_owned()),
                ("pre_voting_starts", String::new()),
                ("session_starts", "2026-12-05T14:00".to_owned()),
                ("session_ends", "2026-12-05T16:00".to_owned()),
            ];
            app.call("assemblies/edit", c, &form).await
        }
        "POST /sf/assemblies/cancel (Sinchon draft)" => {
            let (id, _) = draft_assembly(app).await;
            let form = [
                ("assembly_id", id.to_string()),
                ("reason", "잘못 만든 총회입니다".to_owned()),
                ("confirm", "on".to_owned()),
            ];
            app.call("assemblies/cancel", c, &form).await
        }
        "POST /sf/assemblies/vote (Sinchon, open)" => {
            let (item, option) = open_item(app).await;
            app.call("assemblies/vote", c, &[("item_id", item.to_string()), ("options[]", option.to_string())]).await
        }
        "POST /api/v1/agenda-items/{id}/ballot (session)" => {
            let (item, option) = open_item(app).await;
            let body = serde_json::json!({ "options": [option] });
            send(app, c, app.client.post(app.url(&format!("/api/v1/agenda-items/{item}/ballot"))).json(&body)).await
        }
        "POST /sf/assemblies/bylaws (Sinchon)" => {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("quorum_kind", "percent".to_owned()),
                ("quorum_value", "5".to_owned()),
                ("majority", "two_thirds".to_owned()),
                ("minimum_age", "16".to_owned()),
                ("secret_ballot", "1".to_owned()),
            ];
            app.call("assemblies/bylaws", c, &form).await
        }
        "POST /sf/assemblies/door/search (Sinchon)" => {
            let (id, _) = assembly_at(app, "in_session").await;
            app.call("assemblies/door/search", c, &[("assembly_id", id.to_string()), ("name", "주민".into())]).await
        }
        "POST /sf/assemblies/door/check_in (Sinchon, in session)" => {
            let (id, _) = assembly_at(app, "in_session").await;
            let target = app.person("현장 참석자", Some(SINCHON)).await;
            app.verify(target, SINCHON).await;
            app.call("assemblies/door/check_in", c, &[("assembly_id", id.to_string()), ("user_id", target.to_string())])
                .await
        }
        "POST /sf/assemblies/door/paper (Sinchon, in session)" => {
            let (_, item) = assembly_at(app, "in_session").await;
            app.call("assemblies/door/paper", c, &[("item_id", item.to_string()), ("ballots", "0".into())]).await
        }
        "POST /sf/assemblies/door/undo_check_in (Sinchon, in session)" => {
            let (id, _) = assembly_at(app, "in_session").await;
            let target = app.person("잘못 접수된 주민", Some(SINCHON)).await;
            app.verify(target, SINCHON).await;
            let clerk = crate::assemblies::staff(app).await;
            app::server::services::assemblies::door::check_in(&app.db, Some(&clerk), id, target).await.unwrap();
            app.call(
                "assemblies/door/undo_check_in",
                c,
                &[("assembly_id", id.to_string()), ("user_id", target.to_string())],
            )
            .await
        }
        "POST /sf/assemblies/door/confirm (Sinchon, closed)" => {
            let (_, item) = assembly_at(app, "closed").await;
            let clerk = crate::assemblies::staff(app).await;
            let none = app::domain::assembly::PaperCounts::default();
            app::server::services::assemblies::door::enter_paper_tally(&app.db, Some(&clerk), item, none, None)
                .await
                .unwrap();
            let entry = app::server::services::assemblies::door::last_entry(&app.db, item).await.unwrap().unwrap();
            app.call("assemblies/door/confirm", c, &[("item_id", item.to_string()), ("entry_id", entry.id.to_string())])
                .await
        }
        "POST /sf/assemblies/door/tallies (Sinchon)" => {
            let (id, _) = assembly_at(app, "closed").await;
            app.call("assemblies/door/tallies", c, &[("assembly_id", id.to_string())]).await
        }
        "POST /sf/assemblies/minutes (Sinchon, closed)" => {
            let (id, _) = assembly_at(app, "closed").await;
            let form = [
                ("assembly_id", id.to_string()),
                ("minutes", "총회가 잘 끝났습니다. 참석해 주셔서 고맙습니다.".into()),
                ("publish", "1".into()),
            ];
            app.call("assemblies/minutes", c, &form).await
        }
        "POST /sf/proposals/support (Sinchon)" => {
            let (id, _) = published_proposal(app, "공감 시험 제안입니다").await;
            app.call("proposals/support", c, &[("id", id.to_string()), ("support", "1".into())]).await
        }
        "POST /sf/proposals/comment (Sinchon)" => {
            let (id, _) = published_proposal(app, "댓글 시험 제안입니다").await;
            app.call("proposals/comment", c, &[("proposal_id", id.to_string()), ("body", "의견입니다".into())]).await
        }
        "POST /sf/settings/support_threshold (Sinchon)" => {
            app.call("settings/support_threshold", c, &[("dong", SINCHON.into()), ("threshold", "25".into())]).await
        }
        "POST /api/v1/dongs/{Sinchon}/proposals (session)" => {
            let body = serde_json::json!({
                "title": "API로 낸 제안입니다", "problem": "문제를 설명하는 글입니다.",
                "solution": "해결책을 설명하는 글입니다.", "category": "safety", "publish": true
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/dongs/{SINCHON}/proposals"))).json(&body)).await
        }
        "POST /api/v1/proposals/{id}/support (session)" | "DELETE /api/v1/proposals/{id}/support (session)" => {
            let (id, _) = published_proposal(app, "API 공감 시험 제안").await;
            let url = app.url(&format!("/api/v1/proposals/{id}/support"));
            let req = if row.starts_with("DELETE") { app.client.delete(url) } else { app.client.post(url) };
            send(app, c, req).await
        }
        "POST /api/v1/proposals/{id}/comments (session)" => {
            let (id, _) = published_proposal(app, "API 댓글 시험 제안").await;
            let body = serde_json::json!({ "body": "API로 쓴 의견입니다" });
            send(app, c, app.client.post(app.url(&format!("/api/v1/proposals/{id}/comments"))).json(&body)).await
        }
        "POST /sf/report" => {
            let cid = fresh_comment(app).await;
            app.call("report", c, &[("kind", "comment".into()), ("id", cid.to_string()), ("reason", "spam".into())])
                .await
        }
        "POST /api/v1/reports (session)" => {
            let cid = fresh_comment(app).await;
            let body = serde_json::json!({ "target_kind": "comment", "target_id": cid, "reason": "spam" });
            send(app, c, app.client.post(app.url("/api/v1/reports")).json(&body)).await
        }
        "POST /sf/moderate (Sinchon comment)" => {
            let cid = fresh_comment(app).await;
            app.call(
                "moderate",
                c,
                &[
                    ("kind", "comment".into()),
                    ("id", cid.to_string()),
                    ("decision", "hide".into()),
                    ("public_reason", "개인정보가 있어 가립니다".into()),
                ],
            )
            .await
        }
        "POST /sf/moderate/restrict (Seodaemun-gu)" => {
            let target = fresh().await;
            app.call(
                "moderate/restrict",
                c,
                &[
                    ("district", SEODAEMUN.into()),
                    ("user_id", target.to_string()),
                    ("kind", "warning".into()),
                    ("public_reason", "운영 원칙을 지켜 주세요".into()),
                ],
            )
            .await
        }
        "POST /sf/settings/report_threshold (Seodaemun-gu)" => {
            app.call(
                "settings/report_threshold",
                c,
                &[("district", SEODAEMUN.into()), ("report_threshold", "3".into())],
            )
            .await
        }
        "POST /sf/expert/workspace (Seodaemun-gu)" => {
            app.call("expert/workspace", c, &[("district", SEODAEMUN.into())]).await
        }
        "POST /sf/fund/income (Sinchon)" => {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("date", app::server::services::fund::today().to_string()),
                ("description", "행렬 시험 기부".to_owned()),
                ("category", "donation".to_owned()),
                ("amount", "10000".to_owned()),
            ];
            app.call("fund/income", c, &form).await
        }
        "POST /sf/fund/reverse (a Sinchon entry)" => {
            let entry = entry_in(app, SINCHON).await;
            let form =
                [("entry_id", entry.to_string()), ("reason", "행렬 시험".to_owned()), ("confirm", "on".to_owned())];
            app.call("fund/reverse", c, &form).await
        }
        "POST /sf/fund/project/create (Sinchon)" => {
            let form =
                [("dong", SINCHON.to_owned()), ("title", "행렬 시험 사업".to_owned()), ("amount", "1000".to_owned())];
            app.call("fund/project/create", c, &form).await
        }
        "POST /sf/fund/project/allocate (Sinchon project)" => {
            let project = project_in(app, SINCHON).await;
            app.call("fund/project/allocate", c, &[("project_id", project.to_string()), ("amount", "1000".to_owned())])
                .await
        }
        "POST /sf/fund/project/status (Sinchon project)" => {
            let project = project_in(app, SINCHON).await;
            let form = [
                ("project_id", project.to_string()),
                ("status", "in_progress".to_owned()),
                ("confirm", "on".to_owned()),
            ];
            app.call("fund/project/status", c, &form).await
        }
        "POST /fund/projects/{id}/updates (Sinchon project, form)" => {
            let project = project_in(app, SINCHON).await;
            let form = reqwest::multipart::Form::new().text("note", "화단에 꽃을 심었습니다.");
            send(app, c, app.client.post(app.url(&format!("/fund/projects/{project}/updates"))).multipart(form)).await
        }
        "POST /fund/entries/{id}/evidence (Sinchon entry, form)" => {
            let entry = entry_in(app, SINCHON).await;
            let part = reqwest::multipart::Part::bytes(samples::png(20, 20)).file_name("grant.png");
            let form = reqwest::multipart::Form::new().part("receipt", part);
            send(app, c, app.client.post(app.url(&format!("/fund/entries/{entry}/evidence"))).multipart(form)).await
        }
        "POST /sf/fund/claims/decide (someone else's Sinchon claim)" => {
            let author = fresh().await;
            let claim = claim_by(app, SINCHON, author).await;
            let form = [("claim_id", claim.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
            app.call("fund/claims/decide", c, &form).await
        }
        "POST /sf/fund/claims/decide (own claim)" => {
            let author = match people.id(p) {
                Some(id) => id,
                None => fresh().await,
            };
            let claim = claim_by(app, SINCHON, author).await;
            let form = [("claim_id", claim.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
            app.call("fund/claims/decide", c, &form).await
        }
        "POST /sf/fund/claim (read someone else's Sinchon claim)" => {
            let author = fresh().await;
            let claim = claim_by(app, SINCHON, author).await;
            app.call("fund/claim", c, &[("id", claim.to_string())]).await
        }
        "POST /sf/fund/claims (read, Sinchon)" => app.call("fund/claims", c, &[("dong", SINCHON.to_owned())]).await,
        "POST /dongs/{Sinchon}/fund/claims (form)" => {
            let form = reqwest::multipart::Form::new()
                .text("key", uuid::Uuid::new_v4().simple().to_string())
                .text("payee", "행렬 상점")
                .text("payee_type", "business")
                .text("purpose", "행렬 시험 지출")
                .text("category", "materials")
                .text("amount", "1000")
                .text("project", "");
            send(app, c, app.client.post(app.url(&format!("/dongs/{SINCHON}/fund/claims"))).multipart(form)).await
        }
        "POST /api/v1/dongs/{Sinchon}/fund/claims (session)" => {
            let body = serde_json::json!({
                "payee": "행렬 상점", "payee_type": "business", "purpose": "행렬 시험 지출", "category": "materials",
                "amount": 1000, "idempotency_key": uuid::Uuid::new_v4().simple().to_string()
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/dongs/{SINCHON}/fund/claims"))).json(&body)).await
        }
        "GET /media/fund-receipts/{id} (Sinchon claim)" => {
            let receipt = receipt_in(app, SINCHON).await;
            send(app, c, app.client.get(app.url(&format!("/media/fund-receipts/{receipt}")))).await
        }
        "POST /sf/notifications (read)" => app.call("notifications", c, &[]).await,
        "POST /sf/notifications/read" => app.call("notifications/read", c, &[]).await,
        "POST /prefs" => app.client.post(app.url("/prefs")).form(&[("lang", "en")]).send().await.unwrap(),
        "POST /sf/sign_in_code" => {
            let target = fresh().await;
            let issued = app::server::services::identity::reissue_code(&app.db, &app.key, None, target).await.unwrap();
            app.call("sign_in_code", c, &[("code", issued.code)]).await
        }
        "POST /sf/bookings/book (Sinchon space)" => {
            let space = open_space(app, 0, false).await;
            app.call("bookings/book", c, &booking_form(space)).await
        }
        "POST /api/v1/spaces/{id}/bookings (session)" => {
            let space = open_space(app, 0, false).await;
            let start = tomorrow_at(10);
            let body = serde_json::json!({
                "starts_at": from_local_minute(start).to_rfc3339(),
                "ends_at": from_local_minute(start + 60).to_rfc3339(),
                "purpose": "행렬 예약", "attendees": 2
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/spaces/{space}/bookings"))).json(&body)).await
        }
        "POST /sf/bookings/cancel (own booking)" => {
            let booker = match people.id(p) {
                Some(id) => id,
                None => fresh().await,
            };
            let b = booking_of(app, booker).await;
            app.call(
                "bookings/cancel",
                c,
                &[("booking_id", b.to_string()), ("confirm", "true".into()), ("reason", "일정 변경".into())],
            )
            .await
        }
        "POST /sf/bookings/cancel (someone else's Sinchon booking)" => {
            let b = booking_of(app, fresh().await).await;
            app.call(
                "bookings/cancel",
                c,
                &[("booking_id", b.to_string()), ("confirm", "true".into()), ("reason", "공사".into())],
            )
            .await
        }
        "POST /api/v1/bookings/{id}/cancel (someone else's, session)" => {
            let b = booking_of(app, fresh().await).await;
            let req = app
                .client
                .post(app.url(&format!("/api/v1/bookings/{b}/cancel")))
                .json(&serde_json::json!({ "reason": "공사" }));
            send(app, c, req).await
        }
        "POST /sf/bookings/one (read someone else's Sinchon booking)" => {
            let b = booking_of(app, fresh().await).await;
            app.call("bookings/one", c, &[("id", b.to_string())]).await
        }
        "POST /sf/bookings/mine" => app.call("bookings/mine", c, &[]).await,
        "POST /sf/bookings/decide (Sinchon request)" => {
            let space = open_space(app, 0, true).await;
            let who = fresh().await;
            let who = crate::bookings::actor(app, who).await;
            let b = app::server::services::bookings::book(
                &app.db,
                Some(&who),
                space,
                crate::bookings::request(tomorrow_at(10), 60),
                app::server::services::bookings::Repeat::Once,
            )
            .await
            .unwrap()
            .id;
            app.call("bookings/decide", c, &[("booking_id", b.to_string()), ("decision", "approve".into())]).await
        }
        "POST /sf/bookings/mark (Sinchon, started)" => {
            let space = open_space(app, 0, false).await;
            let b = started_booking(app, space, fresh().await).await;
            app.call("bookings/mark", c, &[("booking_id", b.to_string()), ("mark", "check_in".into())]).await
        }
        "POST /sf/bookings/walk_in (Sinchon)" => {
            let space = open_space(app, 0, false).await;
            let mut form = booking_form(space);
            form.push(("name", "방문 주민".into()));
            app.call("bookings/walk_in", c, &form).await
        }
        "POST /sf/spaces/save (new Sinchon space)" => app.call("spaces/save", c, &space_form(None)).await,
        "POST /sf/spaces/save (a Sinchon space)" => {
            let space = open_space(app, 0, false).await;
            app.call("spaces/save", c, &space_form(Some(space))).await
        }
        "POST /sf/spaces/active (a Sinchon space)" => {
            let space = open_space(app, 0, false).await;
            app.call("spaces/active", c, &[("space_id", space.to_string()), ("active", "false".into())]).await
        }
        "POST /spaces/{id}/photo (a Sinchon space, form)" => {
            let space = open_space(app, 0, false).await;
            let part = reqwest::multipart::Part::bytes(samples::png(20, 20)).file_name("room.png");
            let form = reqwest::multipart::Form::new().part("photo", part).text("alt", "");
            send(app, c, app.client.post(app.url(&format!("/spaces/{space}/photo"))).multipart(form)).await
        }
        "POST /sf/spaces/blackout (Sinchon)" => {
            let day = app::domain::booking::day_string(tomorrow_at(0).div_euclid(1440));
            let form = [
                ("dong", SINCHON.to_owned()),
                ("space", String::new()),
                ("from_date", day.clone()),
                ("from_time", "09:00".into()),
                ("to_date", day),
                ("to_time", "10:00".into()),
                ("reason", "행렬 점검".into()),
            ];
            app.call("spaces/blackout", c, &form).await
        }
        "POST /sf/spaces/blackout/remove (Sinchon)" => {
            let (_, clerk) = crate::bookings::staff(app).await;
            let span = app::domain::booking::Span { start: tomorrow_at(9), end: tomorrow_at(10) };
            let sinchon = app::domain::geo::DongCode::parse(SINCHON).unwrap();
            let (id, _) = app::server::services::bookings::spaces::add_blackout(
                &app.db,
                Some(&clerk),
                &sinchon,
                None,
                span,
                "점검",
            )
            .await
            .unwrap();
            app.call("spaces/blackout/remove", c, &[("id", id.to_string()), ("confirm", "true".into())]).await
        }
        "POST /sf/spaces/no_show_rule (Sinchon)" => {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("limit", "3".into()),
                ("window_days", "60".into()),
                ("suspension_days", "14".into()),
            ];
            app.call("spaces/no_show_rule", c, &form).await
        }
        "POST /sf/spaces/console (read Sinchon)" => {
            app.call("spaces/console", c, &[("dong", SINCHON.to_owned())]).await
        }
        "POST /sf/spaces/district (read Seodaemun-gu)" => {
            app.call("spaces/district", c, &[("district", SEODAEMUN.to_owned())]).await
        }
        "POST /sf/bookings/feed" => app.call("bookings/feed", c, &[]).await,
        "POST /sf/bookings/feed/revoke" => app.call("bookings/feed/revoke", c, &[("confirm", "true".into())]).await,
        "POST /sf/sign_out" => app.call("sign_out", c, &[]).await,
        "POST /sf/account/delete" => app.call("account/delete", c, &[("confirm", "on".into())]).await,
        other => panic!("row `{other}` has no request: add one"),
    };
    res.status()
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
    for row in ROWS {
        for p in ALL {
            let status = request(&app, &people, row.name, p).await;
            cells += 1;
            let allowed = status.is_success() || status.is_redirection();
            let denied = status == 401 || status == 403;
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
                assert_eq!(status, 403, "{} as {p:?}", row.name);
            }
        }
    }
    assert_eq!(cells, ROWS.len() * ALL.len());
    assert!(disagreements.is_empty(), "the authorization matrix disagrees:\n{}", disagreements.join("\n"));
});
