//! The development outbox (`/dev/outbox`): the newest messages as they were or will be written,
//! so a newcomer running `make run` without SMTP sees what the platform sends (a confirmation
//! link included). The edge serves it only in development; production answers 404. Each person
//! sees only their own messages (a development server may still be reachable by others).

use super::{MessagingSettings, compose, contacts};
use crate::entities::{Stored, outbox_message, user};
use contract::dto::DevMessage;
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::lang::Lang;
use domain::messaging::Channel;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// How many messages the page shows.
pub const SHOWN: u64 = 50;

/// The newest messages to `actor`, newest first.
pub async fn list(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
) -> Result<Vec<DevMessage>, AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    // what leaves the server is the address owner's to read, not this page's
    let leaving: Vec<Stored<Channel>> =
        domain::messaging::OFF_SITE.into_iter().filter(|c| settings.delivers(*c)).map(Stored).collect();
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::RecipientId.eq(actor.user_id))
        .filter(outbox_message::Column::Channel.is_not_in(leaving))
        .order_by_desc(outbox_message::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let person = user::Entity::find_by_id(m.recipient_id).one(db).await?;
        let lang = person.as_ref().and_then(|p| p.lang.as_deref()).and_then(Lang::from_code).unwrap_or(Lang::Ko);
        let address = if contacts::carries_address(&m.event) {
            contacts::carried_address(settings, &m)?
        } else {
            contacts::address(db, settings, m.recipient_id, m.channel.0, false).await?
        };
        let masked = contacts::masked(address);
        // one message that cannot be written (a sealed value that does not open) is left out,
        // not the page
        let Ok(letter) = compose::letter(db, settings, lang, std::slice::from_ref(&m)).await else { continue };
        out.push(DevMessage {
            id: m.id,
            channel: m.channel.0,
            state: m.state.0,
            event: m.event.clone(),
            recipient: format!("#{} {masked}", m.recipient_id),
            subject: letter.subject,
            text: letter.text,
            html: if m.channel.0 == Channel::Email { letter.html } else { String::new() },
            not_before: crate::time_fmt::seoul_datetime(m.not_before),
        });
    }
    Ok(out)
}
