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
        row!("POST /auth/oauth/mock (link to my account)", &SIGNED_IN, |app, c| {
            let mut req = app.client.post(app.url("/auth/oauth/mock")).form(&[("link", "1")]);
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }),
        row!("POST /sf/notifications (read)", &SIGNED_IN, |app, c| { app.call("notifications", c, &[]).await }),
        row!("POST /sf/notifications/read", &SIGNED_IN, |app, c| { app.call("notifications/read", c, &[]).await }),
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
