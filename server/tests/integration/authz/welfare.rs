//! The authorization matrix's rows for welfare referrals: so far, the dong's sections (drawn by
//! the center's staff and its welfare team, nobody else).

use super::*;

/// Who draws Sinchon's sections.
const SECTION_DRAWERS: &[Persona] = &[StaffOwnDong, WelfareOwnDong, NurseOwnDong];

/// A section of Sinchon, made directly.
async fn section(app: &TestApp) -> i64 {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    app::server::entities::welfare_section::ActiveModel {
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
    ]
}
