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

/// [`ErrorView`] as a view, for a failed load of a public page (see [`Loaded`](crate::components::Loaded)).
pub fn error_view(error: AppError) -> AnyView {
    view! { <ErrorView error /> }.into_any()
}

/// Shown on pages that need a signed-in person when nobody is (answers 401).
#[component]
pub fn SignInFirst() -> impl IntoView {
    let lang = crate::i18n::use_prefs().lang;
    set_status(http::StatusCode::UNAUTHORIZED);
    view! {
        <section class="notice">
            <p>{lang.pick("이 페이지를 보려면 로그인하세요.", "Please sign in to see this page.")}</p>
            <p>
                <a class="btn" href="/sign-in">{lang.pick("로그인", "Sign in")}</a>
            </p>
        </section>
    }
}

/// Shown when the signed-in person may not see a page (answers 403).
#[component]
pub fn NotAllowed() -> impl IntoView {
    let lang = crate::i18n::use_prefs().lang;
    set_status(http::StatusCode::FORBIDDEN);
    view! {
        <section class="notice" role="alert">
            <p>{lang.pick("이 페이지를 볼 권한이 없습니다.", "You are not allowed to see this page.")}</p>
        </section>
    }
}

/// The view for a failed load of a page that needs permission: sign in, not allowed, or the
/// usual not-found and error states.
pub fn access_error(error: AppError) -> AnyView {
    match error {
        AppError::Unauthorized => view! { <SignInFirst /> }.into_any(),
        AppError::Forbidden => view! { <NotAllowed /> }.into_any(),
        e => view! { <ErrorView error=e /> }.into_any(),
    }
}
