//! The authorization matrix's rows for moderation: the district's expert alone.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/report", &SIGNED_IN, |app, c| {
            let cid = fresh_comment(app).await;
            app.call("report", c, &[("kind", "comment".into()), ("id", cid.to_string()), ("reason", "spam".into())])
                .await
        }),
        row!("POST /api/v1/reports (session)", &SIGNED_IN, |app, c| {
            let cid = fresh_comment(app).await;
            let body = serde_json::json!({ "target_kind": "comment", "target_id": cid, "reason": "spam" });
            send(app, c, app.client.post(app.url("/api/v1/reports")).json(&body)).await
        }),
        row!("POST /sf/moderate (Sinchon comment)", &[ExpertOwnDistrict], |app, c| {
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
        }),
        row!("POST /sf/moderate/restrict (Seodaemun-gu)", &[ExpertOwnDistrict], |app, c| {
            let target = fresh(app).await;
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
        }),
        row!("POST /sf/settings/report_threshold (Seodaemun-gu)", &[ExpertOwnDistrict], |app, c| {
            app.call(
                "settings/report_threshold",
                c,
                &[("district", SEODAEMUN.into()), ("report_threshold", "3".into())],
            )
            .await
        }),
        row!("POST /sf/expert/workspace (Seodaemun-gu)", &[ExpertOwnDistrict], |app, c| {
            app.call("expert/workspace", c, &[("district", SEODAEMUN.into())]).await
        }),
    ]
}
