//! The authorization matrix's rows for the community fund: the center keeps the books; claims are
//! decided by someone else.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/fund/income (Sinchon)", &[StaffOwnDong], |app, c| {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("date", services::fund::today().to_string()),
                ("description", "행렬 시험 기부".to_owned()),
                ("category", "donation".to_owned()),
                ("amount", "10000".to_owned()),
            ];
            app.call("fund/income", c, &form).await
        }),
        row!("POST /sf/fund/reverse (a Sinchon entry)", &[StaffOwnDong], |app, c| {
            let entry = entry_in(app, SINCHON).await;
            let form =
                [("entry_id", entry.to_string()), ("reason", "행렬 시험".to_owned()), ("confirm", "on".to_owned())];
            app.call("fund/reverse", c, &form).await
        }),
        row!("POST /sf/fund/project/create (Sinchon)", &[StaffOwnDong], |app, c| {
            let form =
                [("dong", SINCHON.to_owned()), ("title", "행렬 시험 사업".to_owned()), ("amount", "1000".to_owned())];
            app.call("fund/project/create", c, &form).await
        }),
        row!("POST /sf/fund/project/allocate (Sinchon project)", &[StaffOwnDong], |app, c| {
            let project = project_in(app, SINCHON).await;
            app.call("fund/project/allocate", c, &[("project_id", project.to_string()), ("amount", "1000".to_owned())])
                .await
        }),
        row!("POST /sf/fund/project/status (Sinchon project)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let project = project_in(app, SINCHON).await;
            let form = [
                ("project_id", project.to_string()),
                ("status", "in_progress".to_owned()),
                ("confirm", "on".to_owned()),
            ];
            app.call("fund/project/status", c, &form).await
        }),
        row!(
            "POST /fund/projects/{id}/updates (Sinchon project, form)",
            &[StaffOwnDong, ExpertOwnDistrict],
            |app, c| {
                let project = project_in(app, SINCHON).await;
                let form = reqwest::multipart::Form::new().text("note", "화단에 꽃을 심었습니다.");
                send(app, c, app.client.post(app.url(&format!("/fund/projects/{project}/updates"))).multipart(form))
                    .await
            }
        ),
        row!("POST /fund/entries/{id}/evidence (Sinchon entry, form)", &[StaffOwnDong], |app, c| {
            let entry = entry_in(app, SINCHON).await;
            let part = reqwest::multipart::Part::bytes(samples::png(20, 20)).file_name("grant.png");
            let form = reqwest::multipart::Form::new().part("receipt", part);
            send(app, c, app.client.post(app.url(&format!("/fund/entries/{entry}/evidence"))).multipart(form)).await
        }),
        row!(
            "POST /sf/fund/claims/decide (someone else's Sinchon claim)",
            &[StaffOwnDong, ExpertOwnDistrict],
            |app, c| {
                let author = fresh(app).await;
                let claim = claim_by(app, SINCHON, author).await;
                let form =
                    [("claim_id", claim.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
                app.call("fund/claims/decide", c, &form).await
            }
        ),
        row!(
            "POST /sf/fund/claims/decide (a claim by someone the decider verified lately)",
            &[],
            |app, people, p, c| {
                // the decider verified the claim's author (as the audit log records it): one person
                // with two accounts is not two people
                let author = fresh(app).await;
                if let Some(decider) = people.id(p) {
                    let sinchon = app::domain::geo::DongCode::parse(SINCHON).unwrap();
                    services::audit::record(
                        &app.db,
                        Some(decider),
                        services::audit::AuditAction::ResidencyVerified,
                        services::audit::AuditScope::dong(&sinchon),
                        Some(author),
                        serde_json::json!({}),
                    )
                    .await
                    .unwrap();
                }
                let claim = claim_by(app, SINCHON, author).await;
                let form =
                    [("claim_id", claim.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
                app.call("fund/claims/decide", c, &form).await
            }
        ),
        row!("POST /sf/fund/claims/decide (own claim)", &[], |app, people, p, c| {
            let author = match people.id(p) {
                Some(id) => id,
                None => fresh(app).await,
            };
            let claim = claim_by(app, SINCHON, author).await;
            let form = [("claim_id", claim.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
            app.call("fund/claims/decide", c, &form).await
        }),
        row!(
            "POST /sf/fund/claim (read someone else's Sinchon claim)",
            &[StaffOwnDong, ExpertOwnDistrict],
            |app, c| {
                let author = fresh(app).await;
                let claim = claim_by(app, SINCHON, author).await;
                app.call("fund/claim", c, &[("id", claim.to_string())]).await
            }
        ),
        row!("POST /sf/fund/claims (read, Sinchon)", &SIGNED_IN, |app, c| {
            app.call("fund/claims", c, &[("dong", SINCHON.to_owned())]).await
        }),
        row!("POST /dongs/{Sinchon}/fund/claims (form)", &[StaffOwnDong], |app, c| {
            let form = reqwest::multipart::Form::new()
                .text("key", uuid::Uuid::new_v4().simple().to_string())
                .text("payee", "행렬 상점")
                .text("payee_type", "business")
                .text("purpose", "행렬 시험 지출")
                .text("category", "materials")
                .text("amount", "1000")
                .text("project", "");
            send(app, c, app.client.post(app.url(&format!("/dongs/{SINCHON}/fund/claims"))).multipart(form)).await
        }),
        row!("POST /api/v1/dongs/{Sinchon}/fund/claims (session)", &[StaffOwnDong], |app, c| {
            let body = serde_json::json!({
                "payee": "행렬 상점", "payee_type": "business", "purpose": "행렬 시험 지출", "category": "materials",
                "amount": 1000, "idempotency_key": uuid::Uuid::new_v4().simple().to_string()
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/dongs/{SINCHON}/fund/claims"))).json(&body)).await
        }),
        row!("GET /media/fund-receipts/{id} (Sinchon claim)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            let receipt = receipt_in(app, SINCHON).await;
            send(app, c, app.client.get(app.url(&format!("/media/fund-receipts/{receipt}")))).await
        }),
    ]
}
