//! Loading, not-found and error states, and the HTTP status they answer with on the server.

use crate::error::AppError;
use crate::i18n::use_messages;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the HTTP status of the server-rendered response (no-op in the browser).
pub fn set_status(_status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(_status);
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    let t = use_messages();
    view! {
        <Title text=t.not_found_title />
        <section class="notice">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p>
                <a class="btn" href="/">{t.back_home}</a>
            </p>
        </section>
    }
}

/// What a page shows when loading its data failed: not found for bad or unknown codes,
/// otherwise a generic message (the cause is in the server log).
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound | AppError::Invalid { .. } => view! { <NotFound /> }.into_any(),
        _ => {
            set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
            let t = use_messages();
            view! {
                <Title text=t.error_title />
                <section class="notice" role="alert">
                    <h1>{t.error_title}</h1>
                    <p>{t.error_body}</p>
                </section>
            }
            .into_any()
        }
    }
}
