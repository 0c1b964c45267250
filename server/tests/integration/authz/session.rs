//! The authorization matrix's rows for requests that change or end the persona's session: run last.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "POST /auth/oauth/mock (sign in)",
            allowed: &ALL,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let mut req = app.client.post(app.url("/auth/oauth/mock")).form(&[("stay_signed_in", "on")]);
                    if let Some(c) = c {
                        req = req.header("cookie", c);
                    }
                    req.send().await.unwrap()
                })
            },
        },
        Row {
            name: "POST /prefs",
            allowed: &ALL,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, .. } = cx;
                    app.client.post(app.url("/prefs")).form(&[("lang", "en")]).send().await.unwrap()
                })
            },
        },
        Row {
            name: "POST /sf/account/delete",
            allowed: &SIGNED_IN,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    app.call("account/delete", c, &[("confirm", "on".into())]).await
                })
            },
        },
        Row {
            name: "POST /sf/sign_in_code",
            allowed: &ALL,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    let fresh = || app.person("대상", Some(SINCHON));
                    let target = fresh().await;
                    let issued =
                        app::server::services::identity::reissue_code(&app.db, &app.key, None, target).await.unwrap();
                    app.call("sign_in_code", c, &[("code", issued.code)]).await
                })
            },
        },
        Row {
            name: "POST /sf/sign_out",
            allowed: &ALL,
            request: |cx| {
                Box::pin(async move {
                    let Cx { app, c, .. } = cx;
                    app.call("sign_out", c, &[]).await
                })
            },
        },
    ]
}
