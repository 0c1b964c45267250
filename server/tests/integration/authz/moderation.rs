//! The authorization matrix's rows for moderation: the district's expert alone.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "POST /sf/report",
            allowed: &SIGNED_IN,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let cid = fresh_comment(app).await;
                    app.call(
                        "report",
                        c,
                        &[("kind", "comment".into()), ("id", cid.to_string()), ("reason", "spam".into())],
                    )
                    .await
                })
            },
        },
        Row {
            name: "POST /api/v1/reports (session)",
            allowed: &SIGNED_IN,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let cid = fresh_comment(app).await;
                    let body = serde_json::json!({ "target_kind": "comment", "target_id": cid, "reason": "spam" });
                    send(app, c, app.client.post(app.url("/api/v1/reports")).json(&body)).await
                })
            },
        },
        Row {
            name: "POST /sf/moderate (Sinchon comment)",
            allowed: &[ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
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
                })
            },
        },
        Row {
            name: "POST /sf/moderate/restrict (Seodaemun-gu)",
            allowed: &[ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let fresh = || app.person("대상", Some(SINCHON));
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
                })
            },
        },
        Row {
            name: "POST /sf/settings/report_threshold (Seodaemun-gu)",
            allowed: &[ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    app.call(
                        "settings/report_threshold",
                        c,
                        &[("district", SEODAEMUN.into()), ("report_threshold", "3".into())],
                    )
                    .await
                })
            },
        },
        Row {
            name: "POST /sf/expert/workspace (Seodaemun-gu)",
            allowed: &[ExpertOwnDistrict],
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    app.call("expert/workspace", c, &[("district", SEODAEMUN.into())]).await
                })
            },
        },
    ]
}
