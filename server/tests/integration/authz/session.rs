//! The authorization matrix's rows for requests that change or end the persona's session: run last.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /auth/oauth/{mock} (sign in)", &ALL, |app, c| {
            let mut req = app.client.post(app.url("/auth/oauth/mock")).form(&[("stay_signed_in", "on")]);
            if let Some(c) = c {
                req = req.header("cookie", c);
            }
            req.send().await.unwrap()
        }),
        row!("POST /prefs", &ALL, |app| {
            app.client.post(app.url("/prefs")).form(&[("lang", "en")]).send().await.unwrap()
        }),
        row!("POST /sf/account/delete", &SIGNED_IN, |app, c| {
            app.call("account/delete", c, &[("confirm", "on".into())]).await
        }),
        row!("POST /sf/sign_in_code", &ALL, |app, c| {
            let target = fresh(app).await;
            let issued = services::identity::reissue_code(&app.db, &app.key, None, target).await.unwrap();
            app.call("sign_in_code", c, &[("code", issued.code)]).await
        }),
        row!("POST /sf/sign_out", &ALL, |app, c| { app.call("sign_out", c, &[]).await }),
    ]
}
