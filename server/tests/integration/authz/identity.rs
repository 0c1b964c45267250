//! The authorization matrix's rows for center staff (scoped to the dong), administrators, one's own
//! account and notifications.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/staff/register (Sinchon)", &[StaffOwnDong], |app, c| {
            app.call(
                "staff/register",
                c,
                &[("dong", SINCHON.into()), ("display_name", "새 주민".into()), ("birth_year", "1950".into())],
            )
            .await
        }),
        row!("POST /sf/staff/reissue (resident of Sinchon)", &[StaffOwnDong], |app, c| {
            let target = fresh(app).await;
            app.call("staff/reissue", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }),
        row!("POST /sf/staff/verify (Sinchon)", &[StaffOwnDong], |app, c| {
            let target = fresh(app).await;
            app.call(
                "staff/verify",
                c,
                &[("dong", SINCHON.into()), ("account", target.to_string()), ("method", "id_card".into())],
            )
            .await
        }),
        row!("POST /sf/staff/end_residency (Sinchon)", &[StaffOwnDong], |app, c| {
            let target = fresh(app).await;
            app.verify(target, SINCHON).await;
            app.call("staff/end_residency", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }),
        // separation of duties: no one acts on their own account, nor reaches into someone else's
        row!("POST /sf/staff/reissue (own account)", &[], |app, people, p, c| {
            let me = match people.id(p) {
                Some(id) => id,
                None => fresh(app).await,
            };
            app.call("staff/reissue", c, &[("dong", SINCHON.into()), ("user_id", me.to_string())]).await
        }),
        row!("POST /sf/staff/reissue (an account that signs in online)", &[], |app, c| {
            let target = fresh(app).await;
            own_token_and_identity(app, target).await;
            app.call("staff/reissue", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }),
        row!("POST /sf/staff/reissue (a role holder registered in Sinchon)", &[], |app, c| {
            let target = fresh(app).await;
            app.grant(target, "expert", MAPO).await;
            app.call("staff/reissue", c, &[("dong", SINCHON.into()), ("user_id", target.to_string())]).await
        }),
        row!("POST /sf/staff/verify (own account)", &[], |app, people, p, c| {
            let me = match people.id(p) {
                Some(id) => id,
                None => fresh(app).await,
            };
            app.call(
                "staff/verify",
                c,
                &[("dong", SINCHON.into()), ("account", me.to_string()), ("method", "id_card".into())],
            )
            .await
        }),
        row!("POST /sf/staff/verify (a verified resident of another dong)", &[], |app, c| {
            let target = fresh(app).await;
            app.verify(target, BUGAHYEON).await;
            app.call(
                "staff/verify",
                c,
                &[("dong", SINCHON.into()), ("account", target.to_string()), ("method", "id_card".into())],
            )
            .await
        }),
        row!("POST /sf/account/moved_out", &SIGNED_IN, |app, people, p, c| {
            // everyone moves out of a residency made for this row; the verified resident, out of
            // theirs, and is verified again after, so the rows that follow see the same people
            let me = people.id(p);
            if let Some(id) = me.filter(|_| p != VerifiedResident) {
                app.verify(id, BUGAHYEON).await;
            }
            let res = app.call("account/moved_out", c, &[("confirm", "on".into())]).await;
            if let Some(id) = me.filter(|_| p == VerifiedResident) {
                app.verify(id, SINCHON).await;
            }
            res
        }),
        // ---- recovery codes for online accounts (issue 40): one member of Sinchon's staff asks, a
        // second confirms; the requests below are asked by a colleague (a new member of Sinchon's
        // staff) for a fresh online account (a counter account given a token and providers) ----
        row!("POST /sf/staff/recovery/request (an online account of Sinchon)", &[StaffOwnDong], |app, c| {
            let target = fresh(app).await;
            own_token_and_identity(app, target).await;
            app.call("staff/recovery/request", c, &[("user_id", target.to_string())]).await
        }),
        row!("POST /sf/staff/recovery/confirm (a colleague's request)", &[StaffOwnDong], |app, c| {
            let colleague = app.person("복구 요청 직원", None).await;
            app.grant(colleague, "center_staff", SINCHON).await;
            let target = fresh(app).await;
            own_token_and_identity(app, target).await;
            let by = services::identity::load_actor(&app.db, colleague).await.unwrap().unwrap();
            let request = services::identity::request_recovery(&app.db, &by, target).await.unwrap();
            app.call("staff/recovery/confirm", c, &[("request_id", request.to_string())]).await
        }),
        row!("POST /sf/staff/recovery/withdraw (a colleague's request)", &[StaffOwnDong], |app, c| {
            let colleague = app.person("복구 요청 직원", None).await;
            app.grant(colleague, "center_staff", SINCHON).await;
            let target = fresh(app).await;
            own_token_and_identity(app, target).await;
            let by = services::identity::load_actor(&app.db, colleague).await.unwrap().unwrap();
            let request = services::identity::request_recovery(&app.db, &by, target).await.unwrap();
            app.call("staff/recovery/withdraw", c, &[("request_id", request.to_string())]).await
        }),
        row!("POST /sf/staff/recovery/pending (read Sinchon's)", &[StaffOwnDong], |app, c| {
            app.call("staff/recovery/pending", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/staff/recovery/request (own account)", &[], |app, people, p, c| {
            let me = own_or_fresh(app, people, p).await;
            app.call("staff/recovery/request", c, &[("user_id", me.to_string())]).await
        }),
        row!("POST /sf/staff/recovery/request (a counter account of Sinchon)", &[], |app, c| {
            let target = fresh(app).await;
            app.call("staff/recovery/request", c, &[("user_id", target.to_string())]).await
        }),
        row!("POST /sf/staff/recovery/confirm (one's own request)", &[], |app, people, p, c| {
            // asked by the persona where they may ask (Sinchon's staff), else by a colleague
            let by = match people.id(p) {
                Some(me) if p == StaffOwnDong => me,
                _ => {
                    let colleague = app.person("복구 요청 직원", None).await;
                    app.grant(colleague, "center_staff", SINCHON).await;
                    colleague
                }
            };
            let target = fresh(app).await;
            own_token_and_identity(app, target).await;
            let by = services::identity::load_actor(&app.db, by).await.unwrap().unwrap();
            let request = services::identity::request_recovery(&app.db, &by, target).await.unwrap();
            app.call("staff/recovery/confirm", c, &[("request_id", request.to_string())]).await
        }),
        row!("POST /sf/staff/dong (read Sinchon's residents)", &[StaffOwnDong], |app, c| {
            app.call("staff/dong", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/admin/grant", &[Admin], |app, c| {
            let target = fresh(app).await;
            app.call(
                "admin/grant",
                c,
                &[("account", target.to_string()), ("role", "expert".into()), ("scope_code", SEODAEMUN.into())],
            )
            .await
        }),
        row!("POST /sf/admin/revoke", &[Admin], |app, c| {
            let target = fresh(app).await;
            let grant = app.grant(target, "center_staff", SINCHON).await;
            app.call("admin/revoke", c, &[("grant_id", grant.to_string())]).await
        }),
        row!("POST /sf/admin/grants (read)", &[Admin], |app, c| { app.call("admin/grants", c, &[]).await }),
        row!("POST /sf/audit (read, whole city)", &[Admin], |app, c| { app.call("audit", c, &[]).await }),
        row!("POST /sf/audit (read, Seodaemun-gu)", &[Admin, ExpertOwnDistrict], |app, c| {
            app.call("audit", c, &[("district", SEODAEMUN.into())]).await
        }),
        row!("POST /sf/account/update", &SIGNED_IN, |app, p, c| {
            app.call("account/update", c, &[("display_name", format!("{p:?}")), ("lang", "ko".into())]).await
        }),
        row!("POST /sf/account/token/create", &SIGNED_IN, |app, c| {
            app.call("account/token/create", c, &[("name", "matrix".into()), ("scope", "read".into())]).await
        }),
        row!("POST /sf/account/token/revoke (own token)", &SIGNED_IN, |app, people, p, c| {
            let owner = match people.id(p) {
                Some(id) => id,
                None => stranger(app).await.0,
            };
            let (token, _) = own_token_and_identity(app, owner).await;
            app.call("account/token/revoke", c, &[("token_id", token.to_string())]).await
        }),
        row!("POST /sf/account/token/revoke (someone else's)", &[], |app, c| {
            let (_, token, _) = stranger(app).await;
            app.call("account/token/revoke", c, &[("token_id", token.to_string())]).await
        }),
        row!("POST /sf/account/unlink (own sign-in)", &SIGNED_IN, |app, people, p, c| {
            let owner = match people.id(p) {
                Some(id) => id,
                None => stranger(app).await.0,
            };
            let (_, identity) = own_token_and_identity(app, owner).await;
            app.call("account/unlink", c, &[("identity_id", identity.to_string())]).await
        }),
        row!("POST /sf/account/unlink (someone else's)", &[], |app, c| {
            let (_, _, identity) = stranger(app).await;
            app.call("account/unlink", c, &[("identity_id", identity.to_string())]).await
        }),
        row!("GET /account/export.json", &SIGNED_IN, |app, c| {
            let mut req = app.client.get(app.url("/account/export.json"));
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }),
        row!("GET /api/v1/me (session)", &SIGNED_IN, |app, c| {
            let mut req = app.client.get(app.url("/api/v1/me"));
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }),
        row!("POST /auth/oauth/{mock} (link to my account)", &SIGNED_IN, |app, c| {
            let mut req = app.client.post(app.url("/auth/oauth/mock")).form(&[("link", "1")]);
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }),
        row!("POST /sf/notifications (read)", &SIGNED_IN, |app, c| { app.call("notifications", c, &[]).await }),
        row!("POST /sf/notifications/read", &SIGNED_IN, |app, c| { app.call("notifications/read", c, &[]).await }),
        // ---- role changes and welfare proposals (issue 40; keep these rows together) ----
        row!("POST /sf/admin/grant (a welfare officer of Sinchon: proposed)", &[Admin], |app, c| {
            let target = fresh(app).await;
            let form =
                [("account", target.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())];
            app.call("admin/grant", c, &form).await
        }),
        row!("POST /sf/admin/propose (a welfare officer of Sinchon)", &[Admin], |app, c| {
            let target = fresh(app).await;
            let form =
                [("account", target.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())];
            app.call("admin/propose", c, &form).await
        }),
        row!("POST /sf/admin/proposals (read)", &[Admin], |app, c| { app.call("admin/proposals", c, &[]).await }),
        row!("POST /sf/admin/proposal/confirm (another administrator's proposal)", &[Admin], |app, c| {
            let proposal = proposal_by_another_admin(app, fresh(app).await).await;
            app.call("admin/proposal/confirm", c, &[("proposal_id", proposal.to_string())]).await
        }),
        row!("POST /sf/admin/proposal/decline (another administrator's proposal)", &[Admin], |app, c| {
            let proposal = proposal_by_another_admin(app, fresh(app).await).await;
            app.call("admin/proposal/decline", c, &[("proposal_id", proposal.to_string())]).await
        }),
        row!("POST /sf/admin/grant (to oneself)", &[], |app, people, p, c| {
            let me = own_or_fresh(app, people, p).await;
            let form = [("account", me.to_string()), ("role", "expert".into()), ("scope_code", SEODAEMUN.into())];
            told_why(p, app.call("admin/grant", c, &form).await, app::error_code::ErrorCode::NotForYourself).await
        }),
        row!("POST /sf/admin/propose (for oneself)", &[], |app, people, p, c| {
            let me = own_or_fresh(app, people, p).await;
            let form =
                [("account", me.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())];
            told_why(p, app.call("admin/propose", c, &form).await, app::error_code::ErrorCode::NotForYourself).await
        }),
        row!("POST /sf/admin/revoke (one's own role)", &[], |app, people, p, c| {
            // the persona's own grant (the administrator's own admin role); a fresh person's for
            // those who hold none
            let owner = match people.id(p) {
                Some(id) => id,
                None => fresh(app).await,
            };
            let grant = match own_grant(app, owner).await {
                Some(g) => g,
                None => app.grant(fresh(app).await, "center_staff", SINCHON).await,
            };
            let res = app.call("admin/revoke", c, &[("grant_id", grant.to_string())]).await;
            told_why(p, res, app::error_code::ErrorCode::OwnAdminRole).await
        }),
        row!("POST /sf/admin/proposal/confirm (one's own proposal)", &[], |app, people, p, c| {
            // proposed by the persona where they may propose (an administrator), else by another
            let target = fresh(app).await;
            let proposal = match people.id(p) {
                Some(me) if p == Admin => propose_as(app, me, target).await,
                _ => proposal_by_another_admin(app, target).await,
            };
            let res = app.call("admin/proposal/confirm", c, &[("proposal_id", proposal.to_string())]).await;
            told_why(p, res, app::error_code::ErrorCode::ProposalNeedsAnotherAdmin).await
        }),
        row!("POST /sf/admin/proposal/confirm (a proposal for oneself)", &[], |app, people, p, c| {
            let me = own_or_fresh(app, people, p).await;
            let proposal = proposal_by_another_admin(app, me).await;
            let res = app.call("admin/proposal/confirm", c, &[("proposal_id", proposal.to_string())]).await;
            told_why(p, res, app::error_code::ErrorCode::ProposalNeedsAnotherAdmin).await
        }),
    ]
}

/// Someone else, with a token and two linked sign-ins, for the "someone else's" rows.
async fn stranger(app: &TestApp) -> (i64, i64, i64) {
    let id = app.person("남", None).await;
    let (token, identity) = own_token_and_identity(app, id).await;
    (id, token, identity)
}

async fn own_token_and_identity(app: &TestApp, user_id: i64) -> (i64, i64) {
    use app::domain::identity::TokenScope;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    use services::entities::{access_token, oauth_identity};
    let actor = services::identity::load_actor(&app.db, user_id).await.unwrap().unwrap();
    services::identity::create_token(&app.db, &actor, "t".into(), TokenScope::Read).await.unwrap();
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

/// The persona's own account, or a fresh resident's for the anonymous visitor.
async fn own_or_fresh(app: &TestApp, people: &People, p: Persona) -> i64 {
    match people.id(p) {
        Some(id) => id,
        None => fresh(app).await,
    }
}

/// One of `user_id`'s grants, the admin role first.
async fn own_grant(app: &TestApp, user_id: i64) -> Option<i64> {
    use sea_orm::QueryOrder;
    use services::entities::role_grant;
    let grants =
        role_grant::Entity::find().filter(role_grant::Column::UserId.eq(user_id)).order_by_asc(role_grant::Column::Id);
    let grants = grants.all(&app.db).await.unwrap();
    grants.iter().find(|g| g.role.as_str() == "admin").or(grants.first()).map(|g| g.id)
}

/// A welfare officer's role in Ahyeon-dong (which no persona holds) for `grantee`, proposed by
/// administrator `by`.
async fn propose_as(app: &TestApp, by: i64, grantee: i64) -> i64 {
    use services::identity::{load_actor, roles};
    let actor = load_actor(&app.db, by).await.unwrap().unwrap();
    let spec = roles::RoleGrantSpec::parse("welfare_officer", AHYEON).unwrap();
    roles::propose(&app.db, &actor, grantee, spec).await.unwrap()
}

/// The same, proposed by a new administrator (not a persona).
async fn proposal_by_another_admin(app: &TestApp, grantee: i64) -> i64 {
    let proposer = app.person("제안 관리자", None).await;
    app.grant(proposer, "admin", "").await;
    propose_as(app, proposer, grantee).await
}

/// An administrator refused on their own account (or their own proposal) is told why: a 409
/// with `code`, which the matrix counts as the refusal it is. Anyone else gets the plain answer.
async fn told_why(p: Persona, res: reqwest::Response, code: app::error_code::ErrorCode) -> reqwest::Response {
    if p != Admin || res.status() != 409 {
        return res;
    }
    let body = res.text().await.unwrap();
    let why = serde_json::from_str::<app::error::AppError>(&body).ok();
    assert_eq!(why, Some(app::error::AppError::Conflict(code)), "the administrator is told why: {body}");
    http::Response::builder().status(403).body(body).unwrap().into()
}
