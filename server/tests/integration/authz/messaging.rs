//! The authorization matrix's rows for off-site messages: a person's own addresses and choices.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/messages (read)", &SIGNED_IN, |app, c| { app.call("messages", c, &[]).await }),
        row!("POST /sf/messages/email", &SIGNED_IN, |app, p, c| {
            app.call("messages/email", c, &[("email", format!("{p:?}@example.kr"))]).await
        }),
        row!("POST /sf/messages/remove", &SIGNED_IN, |app, people, p, c| {
            // the persona's own address, to remove
            if let Some(id) = people.id(p) {
                use sea_orm::{ActiveModelTrait, Set};
                let sealed = app.messaging().keys.seal_address(id, "email", "someone@example.kr").unwrap();
                services::entities::contact_point::ActiveModel {
                    user_id: Set(id),
                    channel: Set(app::domain::messaging::Channel::Email.into()),
                    address_sealed: Set(sealed),
                    verified_at: Set(Some(chrono::Utc::now())),
                    token_digest: Set(None),
                    token_expires_at: Set(None),
                    created_at: Set(chrono::Utc::now()),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .ok();
            }
            app.call("messages/remove", c, &[("channel", "email".into()), ("confirm", "on".into())]).await
        }),
        row!("POST /sf/messages/preference", &SIGNED_IN, |app, c| {
            app.call(
                "messages/preference",
                c,
                &[("topic", "fund".into()), ("channel", "email".into()), ("frequency", "off".into())],
            )
            .await
        }),
        row!("POST /sf/dev/outbox (own messages, development)", &SIGNED_IN, |app, c| {
            app.call("dev/outbox", c, &[]).await
        }),
    ]
}
