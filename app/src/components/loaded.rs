//! The shell of a page that loads its data: loading, then the data's view or why it failed.

use crate::components::feedback::{Loading, access_error};
use crate::error::AppError;
use leptos::prelude::*;

/// Shows [`Loading`] until `data` has loaded, then `children` with the loaded value, or the
/// view of the failure ([`access_error`] unless `error` says otherwise). On the server the page
/// waits for the data (`SsrMode::Async`), so without JavaScript it arrives whole.
///
/// ```text
/// <Loaded data=detail let:d>
///     <AssemblyView d vote />
/// </Loaded>
/// <Loaded data=place error=error_view let(Place { code, .. })>…</Loaded>
/// ```
#[component]
pub fn Loaded<T, F, V>(
    /// The page's data, loaded by a server function.
    data: Resource<Result<T, AppError>>,
    /// The view of a failed load: [`access_error`] (sign in, not allowed, not found, error), or
    /// [`error_view`](crate::components::feedback::error_view) on public pages.
    #[prop(default = access_error)]
    error: fn(AppError) -> AnyView,
    /// The view of the loaded value (`let:value` or `let(pattern)`); run again when it reloads.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|res| match res {
                Ok(value) => children(value).into_any(),
                Err(e) => error(e),
            })}
        </Suspense>
    }
}
