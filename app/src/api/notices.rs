//! Server functions for a person's notifications: the list, the unread count, marking read
//! (`services::notices`).

use crate::dto::NotificationPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::{optional_id, with_actor};
#[cfg(feature = "ssr")]
use crate::domain::Field;

#[server(prefix = "/sf", endpoint = "notifications")]
pub async fn notifications(page: Option<String>) -> Result<NotificationPage, AppError> {
    with_actor(|db, actor| async move {
        let page = crate::domain::text::page_number(page.as_deref());
        services::notices::list(&db, actor.as_ref(), page).await
    })
    .await
}

/// The number under the bell (0 when signed out).
#[server(prefix = "/sf", endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<u64, AppError> {
    with_actor(|db, actor| async move {
        match actor {
            Some(a) => services::notices::unread(&db, &a).await,
            None => Ok(0),
        }
    })
    .await
}

/// Marks one notification read, or all of them without `id`.
#[server(prefix = "/sf", endpoint = "notifications/read")]
pub async fn mark_read(id: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let id = optional_id(Field::Id, id)?;
        services::notices::mark_read(&db, actor.as_ref(), id).await
    })
    .await
}
