//! The authorization matrix's rows for assemblies, their agenda, ballots and the assembly day.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/assemblies/create (Sinchon)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
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
        }),
        row!("POST /sf/assemblies/item (Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (id, _) = draft_assembly(app).await;
            let form = [
                ("assembly_id", id.to_string()),
                ("kind", "single_choice".to_owned()),
                ("title", "공원 이름 정하기".to_owned()),
                ("options", "가\n나".to_owned()),
            ];
            app.call("assemblies/item", c, &form).await
        }),
        row!("POST /sf/assemblies/advance (announce a Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (id, _) = draft_assembly(app).await;
            let form =
                [("assembly_id", id.to_string()), ("event", "announce".to_owned()), ("confirm", "on".to_owned())];
            app.call("assemblies/advance", c, &form).await
        }),
        row!("POST /sf/assemblies/item/remove (Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (_, item) = draft_assembly(app).await;
            app.call("assemblies/item/remove", c, &[("item_id", item.to_string()), ("confirm", "on".to_owned())]).await
        }),
        row!("POST /sf/assemblies/item/move (Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (_, item) = draft_assembly(app).await;
            app.call("assemblies/item/move", c, &[("item_id", item.to_string()), ("direction", "up".to_owned())]).await
        }),
        row!("POST /sf/assemblies/edit (Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
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
        }),
        row!("POST /sf/assemblies/cancel (Sinchon draft)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (id, _) = draft_assembly(app).await;
            let form = [
                ("assembly_id", id.to_string()),
                ("reason", "잘못 만든 총회입니다".to_owned()),
                ("confirm", "on".to_owned()),
            ];
            app.call("assemblies/cancel", c, &form).await
        }),
        row!("POST /sf/assemblies/vote (Sinchon, open)", &[VerifiedResident], |app, c| {
            let (item, option) = open_item(app).await;
            app.call("assemblies/vote", c, &[("item_id", item.to_string()), ("options[]", option.to_string())]).await
        }),
        row!("POST /api/v1/agenda-items/{id}/ballot (session)", &[VerifiedResident], |app, c| {
            let (item, option) = open_item(app).await;
            let body = serde_json::json!({ "options": [option] });
            send(app, c, app.client.post(app.url(&format!("/api/v1/agenda-items/{item}/ballot"))).json(&body)).await
        }),
        row!("POST /sf/assemblies/bylaws (Sinchon)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("quorum_kind", "percent".to_owned()),
                ("quorum_value", "5".to_owned()),
                ("majority", "two_thirds".to_owned()),
                ("minimum_age", "16".to_owned()),
                ("secret_ballot", "1".to_owned()),
            ];
            app.call("assemblies/bylaws", c, &form).await
        }),
        row!("POST /sf/assemblies/door/search (Sinchon)", &[StaffOwnDong], |app, c| {
            let (id, _) = assembly_at(app, "in_session").await;
            app.call("assemblies/door/search", c, &[("assembly_id", id.to_string()), ("name", "주민".into())]).await
        }),
        row!("POST /sf/assemblies/door/check_in (Sinchon, in session)", &[StaffOwnDong], |app, c| {
            let (id, _) = assembly_at(app, "in_session").await;
            let target = app.person("현장 참석자", Some(SINCHON)).await;
            app.verify(target, SINCHON).await;
            app.call("assemblies/door/check_in", c, &[("assembly_id", id.to_string()), ("user_id", target.to_string())])
                .await
        }),
        row!("POST /sf/assemblies/door/paper (Sinchon, in session)", &[StaffOwnDong], |app, c| {
            let (_, item) = assembly_at(app, "in_session").await;
            app.call("assemblies/door/paper", c, &[("item_id", item.to_string()), ("ballots", "0".into())]).await
        }),
        row!("POST /sf/assemblies/door/undo_check_in (Sinchon, in session)", &[StaffOwnDong], |app, c| {
            let (id, _) = assembly_at(app, "in_session").await;
            let target = app.person("잘못 접수된 주민", Some(SINCHON)).await;
            app.verify(target, SINCHON).await;
            let clerk = crate::assemblies::staff(app).await;
            services::assemblies::door::check_in(&app.db, Some(&clerk), id, target).await.unwrap();
            app.call(
                "assemblies/door/undo_check_in",
                c,
                &[("assembly_id", id.to_string()), ("user_id", target.to_string())],
            )
            .await
        }),
        row!("POST /sf/assemblies/door/confirm (Sinchon, closed)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (_, item) = assembly_at(app, "closed").await;
            let clerk = crate::assemblies::staff(app).await;
            let none = app::domain::assembly::PaperCounts::default();
            services::assemblies::door::enter_paper_tally(&app.db, Some(&clerk), item, none, None).await.unwrap();
            let entry = services::assemblies::door::last_entry(&app.db, item).await.unwrap().unwrap();
            app.call("assemblies/door/confirm", c, &[("item_id", item.to_string()), ("entry_id", entry.id.to_string())])
                .await
        }),
        row!("POST /sf/assemblies/door/tallies (Sinchon)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let (id, _) = assembly_at(app, "closed").await;
            app.call("assemblies/door/tallies", c, &[("assembly_id", id.to_string())]).await
        }),
        row!("POST /sf/assemblies/minutes (Sinchon, closed)", &[ExpertOwnDistrict], |app, c| {
            let (id, _) = assembly_at(app, "closed").await;
            let form = [
                ("assembly_id", id.to_string()),
                ("minutes", "총회가 잘 끝났습니다. 참석해 주셔서 고맙습니다.".into()),
                ("publish", "1".into()),
            ];
            app.call("assemblies/minutes", c, &form).await
        }),
    ]
}
