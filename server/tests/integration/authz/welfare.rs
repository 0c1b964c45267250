//! The authorization matrix's rows for welfare referrals: the dong's sections (drawn by the
//! center's staff and its welfare team), referring (anyone from the web; the center's staff and
//! team at the counter), and the cases — read only by Sinchon's welfare team and Seodaemun-gu's
//! welfare supervisor, worked only by the team: never by other staff, the expert or
//! administrators. The welfare audit scope is read by the same people, never by the expert or
//! administrators (who read the general audit log).

use super::*;
use services::welfare::{cases, referrals};

/// Who draws Sinchon's sections.
const SECTION_DRAWERS: &[Persona] = &[StaffOwnDong, WelfareOwnDong, NurseOwnDong];
/// Who takes a referral for Sinchon at the counter.
const TAKERS: &[Persona] = &[StaffOwnDong, WelfareOwnDong, NurseOwnDong];
/// Who reads Sinchon's cases.
const READERS: &[Persona] = &[WelfareOwnDong, NurseOwnDong, SupervisorOwnDistrict];
/// Who works them.
const TEAM: &[Persona] = &[WelfareOwnDong, NurseOwnDong];

/// A section of Sinchon, made directly.
async fn section(app: &TestApp) -> i64 {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    services::entities::welfare_section::ActiveModel {
        dong_code: Set(SINCHON.to_owned()),
        name: Set(format!("행렬 {}", uuid::Uuid::new_v4())),
        covers: Set(String::new()),
        official_id: Set(None),
        position: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A fresh referral in Sinchon: (case, receipt number).
pub(crate) async fn referral_in_sinchon(app: &TestApp) -> (i64, String) {
    let referral =
        app::domain::welfare::Referral::parse(["food"], "soon", "신촌로 행렬빌라", "행렬 시험", "", false).unwrap();
    let dong = app::domain::geo::DongCode::parse(SINCHON).unwrap();
    let (id, receipt) =
        referrals::submit(&app.db, &app.welfare, &app.key, None, referrals::Channel::Web, &dong, referral, None)
            .await
            .unwrap();
    (id, receipt.to_string())
}

/// A fresh referral in Sinchon, assigned to a welfare officer of the dong made for it.
async fn assigned_case(app: &TestApp) -> i64 {
    let (id, _) = referral_in_sinchon(app).await;
    let officer = app.person("행렬 복지", None).await;
    app.grant(officer, "welfare_officer", SINCHON).await;
    let actor = services::identity::load_actor(&app.db, officer).await.unwrap();
    cases::assign(&app.db, actor.as_ref(), id, officer).await.unwrap();
    id
}

fn referral_form() -> Vec<(&'static str, String)> {
    vec![
        ("dong", SINCHON.to_owned()),
        ("needs[]", "isolation".into()),
        ("urgency", "soon".into()),
        ("place", "신촌로 행렬빌라 1층".into()),
    ]
}

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/welfare/sections (Sinchon)", SECTION_DRAWERS, |app, c| {
            app.call("welfare/sections", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/welfare/sections/save (new Sinchon section)", SECTION_DRAWERS, |app, c| {
            let name = format!("행렬 {}", uuid::Uuid::new_v4());
            app.call("welfare/sections/save", c, &[("dong", SINCHON.into()), ("name", name)]).await
        }),
        row!("POST /sf/welfare/sections/save (a Sinchon section)", SECTION_DRAWERS, |app, c| {
            let id = section(app).await;
            let name = format!("행렬 {}", uuid::Uuid::new_v4());
            app.call("welfare/sections/save", c, &[("dong", SINCHON.into()), ("id", id.to_string()), ("name", name)])
                .await
        }),
        row!("POST /sf/welfare/sections/remove (a Sinchon section)", SECTION_DRAWERS, |app, c| {
            let id = section(app).await;
            let form = [("dong", SINCHON.to_owned()), ("id", id.to_string()), ("confirm", "on".into())];
            app.call("welfare/sections/remove", c, &form).await
        }),
        row!("POST /sf/welfare/refer (from the web, Sinchon)", &ALL, |app, c| {
            app.call("welfare/refer", c, &referral_form()).await
        }),
        row!("POST /sf/welfare/refer (at Sinchon's counter)", TAKERS, |app, c| {
            let mut form = referral_form();
            form.push(("channel", "counter".into()));
            app.call("welfare/refer", c, &form).await
        }),
        row!("POST /api/v1/dongs/{code}/welfare/referrals (Sinchon)", &ALL, |app, c| {
            let body = serde_json::json!({ "needs": ["food"], "urgency": "whenever", "place": "신촌로 행렬빌라 2층" });
            let url = app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/referrals"));
            send(app, c, app.client.post(url).json(&body)).await
        }),
        row!("POST /sf/welfare/status (a Sinchon receipt)", &ALL, |app, c| {
            let (_, receipt) = referral_in_sinchon(app).await;
            app.call("welfare/status", c, &[("receipt", receipt)]).await
        }),
        row!("POST /sf/welfare/queue (Sinchon)", READERS, |app, c| {
            app.call("welfare/queue", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/welfare/case (a Sinchon case)", READERS, |app, c| {
            let (id, _) = referral_in_sinchon(app).await;
            app.call("welfare/case", c, &[("id", id.to_string())]).await
        }),
        row!("POST /sf/welfare/oversight (Seodaemun-gu)", &[SupervisorOwnDistrict], |app, c| {
            app.call("welfare/oversight", c, &[("district", SEODAEMUN.into())]).await
        }),
        // the welfare audit scope: never the expert's or an administrator's
        row!("POST /sf/welfare/audit (Sinchon's welfare log)", READERS, |app, c| {
            app.call("welfare/audit", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/welfare/audit (Seodaemun-gu's welfare log)", &[SupervisorOwnDistrict], |app, c| {
            app.call("welfare/audit", c, &[("district", SEODAEMUN.into())]).await
        }),
        row!("POST /sf/welfare/case/assign (a Sinchon case)", TEAM, |app, c| {
            let (id, _) = referral_in_sinchon(app).await;
            let officer = app.person("행렬 배정", None).await;
            app.grant(officer, "welfare_officer", SINCHON).await;
            app.call("welfare/case/assign", c, &[("id", id.to_string()), ("official", officer.to_string())]).await
        }),
        row!("POST /sf/welfare/case/record (an assigned Sinchon case)", TEAM, |app, c| {
            let id = assigned_case(app).await;
            let today = services::time_fmt::seoul_date(chrono::Utc::now());
            let form = [
                ("id", id.to_string()),
                ("kind", "service".into()),
                ("service", "emergency_support".into()),
                ("on_date", today),
            ];
            app.call("welfare/case/record", c, &form).await
        }),
        row!("POST /sf/welfare/case/close (a Sinchon case)", TEAM, |app, c| {
            let (id, _) = referral_in_sinchon(app).await;
            let form = [("id", id.to_string()), ("reason", "duplicate".into()), ("confirm", "on".into())];
            app.call("welfare/case/close", c, &form).await
        }),
        row!("POST /sf/welfare/visits/import (Sinchon)", TEAM, |app, c| {
            let list = "program,address,due_month\nturning_65,신촌로 행렬 1,2027-01\n";
            app.call("welfare/visits/import", c, &[("dong", SINCHON.into()), ("list", list.into())]).await
        }),
    ]
}
