//! The authorization matrix's rows for off-site messages: a person's own addresses and choices;
//! the center's call list (its dong's staff only).

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/messages (read)", &SIGNED_IN, |app, c| { app.call("messages", c, &[]).await }),
        row!("POST /sf/messages/email", &SIGNED_IN, |app, p, c| {
            app.call("messages/email", c, &[("email", format!("{p:?}@example.kr"))]).await
        }),
        row!("POST /sf/messages/phone", &SIGNED_IN, |app, people, p, c| {
            // a number of the persona's own (one number takes five codes a day, whoever asks)
            let n = people.id(p).unwrap_or(0) % 10_000;
            app.call("messages/phone", c, &[("phone", format!("010-1234-{n:04}"))]).await
        }),
        row!("POST /sf/messages/phone/confirm", &SIGNED_IN, |app, people, p, c| {
            // the persona's own number, waiting for the code 123456 (in place of what the row
            // above added)
            if let Some(id) = people.id(p) {
                use sea_orm::{ActiveModelTrait, Set};
                use services::entities::contact_point::{Column, Entity};
                Entity::delete_many().filter(Column::UserId.eq(id)).exec(&app.db).await.unwrap();
                let keys = app.messaging().keys;
                services::entities::contact_point::ActiveModel {
                    user_id: Set(id),
                    channel: Set(app::domain::messaging::Channel::Alimtalk.into()),
                    address_sealed: Set(keys.seal_address(id, "alimtalk", "01012345678").unwrap()),
                    verified_at: Set(None),
                    token_digest: Set(Some(keys.code_digest(id, "123456"))),
                    token_expires_at: Set(Some(chrono::Utc::now() + chrono::Duration::minutes(10))),
                    created_at: Set(chrono::Utc::now()),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .ok();
            }
            app.call("messages/phone/confirm", c, &[("code", "123456".into())]).await
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
        row!("POST /sf/calls (Sinchon)", &[StaffOwnDong], |app, c| {
            app.call("calls", c, &[("dong", SINCHON.into())]).await
        }),
        row!("POST /sf/calls/record (a verified resident of Sinchon)", &[StaffOwnDong], |app, c| {
            let id = verified(app).await;
            let form = [
                ("dong", SINCHON.to_owned()),
                ("account", id.to_string()),
                ("phone", "010-1234-5678".into()),
                ("assemblies", "on".into()),
                ("consent", "on".into()),
            ];
            app.call("calls/record", c, &form).await
        }),
        row!("POST /sf/calls/withdraw (a request of Sinchon)", &[StaffOwnDong], |app, c| {
            let id = verified(app).await;
            let by = fresh(app).await;
            call_request(app, id, by).await;
            let form = [("dong", SINCHON.to_owned()), ("account", id.to_string()), ("confirm", "on".into())];
            app.call("calls/withdraw", c, &form).await
        }),
        row!("POST /sf/calls/done (an entry of Sinchon)", &[StaffOwnDong], |app, c| {
            let id = verified(app).await;
            let entry = services::messaging::calls::NewEntry {
                user_id: id,
                dong: app::domain::geo::DongCode::parse(SINCHON).unwrap(),
                event: "assembly_announced".into(),
                subject: "행렬 총회".into(),
                path: None,
                dedup_key: format!("matrix:{id}"),
            };
            services::messaging::calls::add(&app.db, vec![entry]).await.unwrap();
            let entry_id = services::entities::call_list_entry::Entity::find()
                .filter(services::entities::call_list_entry::Column::UserId.eq(id))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .id;
            app.call("calls/done", c, &[("entry_id", entry_id.to_string())]).await
        }),
        row!("POST /sf/calls/rescue (an undelivered message to a resident of Sinchon)", &[StaffOwnDong], |app, c| {
            let id = verified(app).await;
            let message_id = failed_message(app, id).await;
            let form = [("dong", SINCHON.to_owned()), ("message_id", message_id.to_string()), ("how", "call".into())];
            app.call("calls/rescue", c, &form).await
        }),
    ]
}

/// A fresh verified resident of Sinchon.
async fn verified(app: &TestApp) -> i64 {
    let id = fresh(app).await;
    app.verify(id, SINCHON).await;
    id
}

/// `id`'s request to be called about assemblies, heard by `by`.
async fn call_request(app: &TestApp, id: i64, by: i64) {
    use sea_orm::{ActiveModelTrait, Set};
    services::entities::call_request::ActiveModel {
        user_id: Set(id),
        dong_code: Set(SINCHON.into()),
        topics: Set("assemblies".into()),
        phone_sealed: Set(None),
        consented_at: Set(chrono::Utc::now()),
        consent_version: Set(app::domain::messaging::CALL_CONSENT_VERSION.into()),
        recorded_by: Set(by),
        withdrawn_at: Set(None),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A message to `id` given up after its last try.
pub(crate) async fn failed_message(app: &TestApp, id: i64) -> i64 {
    use sea_orm::ConnectionTrait;
    use services::messaging::outbox::{self, NewMessage};
    let key = format!("matrix-failed:{id}:{}", uuid::Uuid::new_v4().simple());
    let message = NewMessage {
        recipient_id: id,
        channel: app::domain::messaging::Channel::Email,
        topic: app::domain::messaging::Topic::Assemblies,
        event: "assembly_rescheduled",
        dedup_key: key.clone(),
        payload: serde_json::json!({ "kind": "assembly_rescheduled", "subject": "행렬 총회" }),
        not_before: chrono::Utc::now(),
    };
    outbox::enqueue(&app.db, message).await.unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE outbox_messages SET state = 'failed', attempts = 6, last_error = 'SMTP: the relay refused for good (550)' \
             WHERE recipient_id = {id} AND dedup_key = '{key}'"
        ))
        .await
        .unwrap();
    services::entities::outbox_message::Entity::find()
        .filter(services::entities::outbox_message::Column::RecipientId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}
