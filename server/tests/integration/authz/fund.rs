//! The authorization matrix's rows for the community fund: the center keeps the books; claims are decided by someone else.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "POST /sf/fund/income (Sinchon)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let form = [
                        ("dong", SINCHON.to_owned()),
                        ("date", app::server::services::fund::today().to_string()),
                        ("description", "행렬 시험 기부".to_owned()),
                        ("category", "donation".to_owned()),
                        ("amount", "10000".to_owned()),
                    ];
                    app.call("fund/income", c, &form).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/reverse (a Sinchon entry)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let entry = entry_in(app, SINCHON).await;
                    let form = [
                        ("entry_id", entry.to_string()),
                        ("reason", "행렬 시험".to_owned()),
                        ("confirm", "on".to_owned()),
                    ];
                    app.call("fund/reverse", c, &form).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/project/create (Sinchon)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let form = [
                        ("dong", SINCHON.to_owned()),
                        ("title", "행렬 시험 사업".to_owned()),
                        ("amount", "1000".to_owned()),
                    ];
                    app.call("fund/project/create", c, &form).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/project/allocate (Sinchon project)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let project = project_in(app, SINCHON).await;
                    app.call(
                        "fund/project/allocate",
                        c,
                        &[("project_id", project.to_string()), ("amount", "1000".to_owned())],
                    )
                    .await
                })
            },
        },
        Row {
            name: "POST /sf/fund/project/status (Sinchon project)",
            allowed: &[StaffOwnDong, ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let project = project_in(app, SINCHON).await;
                    let form = [
                        ("project_id", project.to_string()),
                        ("status", "in_progress".to_owned()),
                        ("confirm", "on".to_owned()),
                    ];
                    app.call("fund/project/status", c, &form).await
                })
            },
        },
        Row {
            name: "POST /fund/projects/{id}/updates (Sinchon project, form)",
            allowed: &[StaffOwnDong, ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let project = project_in(app, SINCHON).await;
                    let form = reqwest::multipart::Form::new().text("note", "화단에 꽃을 심었습니다.");
                    send(app, c, app.client.post(app.url(&format!("/fund/projects/{project}/updates"))).multipart(form))
                        .await
                })
            },
        },
        Row {
            name: "POST /fund/entries/{id}/evidence (Sinchon entry, form)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let entry = entry_in(app, SINCHON).await;
                    let part = reqwest::multipart::Part::bytes(samples::png(20, 20)).file_name("grant.png");
                    let form = reqwest::multipart::Form::new().part("receipt", part);
                    send(app, c, app.client.post(app.url(&format!("/fund/entries/{entry}/evidence"))).multipart(form))
                        .await
                })
            },
        },
        Row {
            name: "POST /sf/fund/claims/decide (someone else's Sinchon claim)",
            allowed: &[StaffOwnDong, ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let fresh = || app.person("대상", Some(SINCHON));
                    let author = fresh().await;
                    let claim = claim_by(app, SINCHON, author).await;
                    let form = [
                        ("claim_id", claim.to_string()),
                        ("decision", "approve".to_owned()),
                        ("reason", String::new()),
                    ];
                    app.call("fund/claims/decide", c, &form).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/claims/decide (own claim)",
            allowed: &[],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, people, p, c, .. } = cx;
                    let fresh = || app.person("대상", Some(SINCHON));
                    let author = match people.id(p) {
                        Some(id) => id,
                        None => fresh().await,
                    };
                    let claim = claim_by(app, SINCHON, author).await;
                    let form = [
                        ("claim_id", claim.to_string()),
                        ("decision", "approve".to_owned()),
                        ("reason", String::new()),
                    ];
                    app.call("fund/claims/decide", c, &form).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/claim (read someone else's Sinchon claim)",
            allowed: &[StaffOwnDong, ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let fresh = || app.person("대상", Some(SINCHON));
                    let author = fresh().await;
                    let claim = claim_by(app, SINCHON, author).await;
                    app.call("fund/claim", c, &[("id", claim.to_string())]).await
                })
            },
        },
        Row {
            name: "POST /sf/fund/claims (read, Sinchon)",
            allowed: &SIGNED_IN,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    app.call("fund/claims", c, &[("dong", SINCHON.to_owned())]).await
                })
            },
        },
        Row {
            name: "POST /dongs/{Sinchon}/fund/claims (form)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let form = reqwest::multipart::Form::new()
                        .text("key", uuid::Uuid::new_v4().simple().to_string())
                        .text("payee", "행렬 상점")
                        .text("payee_type", "business")
                        .text("purpose", "행렬 시험 지출")
                        .text("category", "materials")
                        .text("amount", "1000")
                        .text("project", "");
                    send(app, c, app.client.post(app.url(&format!("/dongs/{SINCHON}/fund/claims"))).multipart(form))
                        .await
                })
            },
        },
        Row {
            name: "POST /api/v1/dongs/{Sinchon}/fund/claims (session)",
            allowed: &[StaffOwnDong],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let body = serde_json::json!({
                        "payee": "행렬 상점", "payee_type": "business", "purpose": "행렬 시험 지출", "category": "materials",
                        "amount": 1000, "idempotency_key": uuid::Uuid::new_v4().simple().to_string()
                    });
                    send(app, c, app.client.post(app.url(&format!("/api/v1/dongs/{SINCHON}/fund/claims"))).json(&body))
                        .await
                })
            },
        },
        Row {
            name: "GET /media/fund-receipts/{id} (Sinchon claim)",
            allowed: &[StaffOwnDong, ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let receipt = receipt_in(app, SINCHON).await;
                    send(app, c, app.client.get(app.url(&format!("/media/fund-receipts/{receipt}")))).await
                })
            },
        },
    ]
}
