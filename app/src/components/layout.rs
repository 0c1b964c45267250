//! The frame of every page: skip link, header with preferences, main landmark, footer.

use crate::app::use_page_env;
use crate::domain::lang::Lang;
use crate::i18n::use_messages;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let env = use_page_env();
    let t = use_messages();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-name">{t.site_name}</span>
                    <span class="brand-tagline">{t.tagline}</span>
                </a>
                <PrefsForms />
            </div>
        </header>
        {env.demo.then(|| view! { <p class="demo-banner" role="note">{t.demo_banner}</p> })}
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{t.footer_about}</p>
                <p class="attribution">{t.footer_data}</p>
                <p>
                    <a href="/developers">{t.footer_api}</a>
                </p>
            </div>
        </footer>
    }
}

/// Language and easy-mode switches. Plain forms posting to `/prefs`, which sets a cookie and
/// redirects back: the same with and without JavaScript, and the server renders the choice.
#[component]
fn PrefsForms() -> impl IntoView {
    let env = use_page_env();
    let t = use_messages();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() { location.pathname.get() } else { format!("{}?{}", location.pathname.get(), search) }
    };
    let other = if env.prefs.lang == Lang::Ko { Lang::En } else { Lang::Ko };
    let (easy_value, easy_label) = if env.prefs.easy { ("0", t.easy_mode_off) } else { ("1", t.easy_mode_on) };
    view! {
        <div class="prefs">
            <form method="post" action="/prefs">
                <input type="hidden" name="back" value=back />
                <button type="submit" name="lang" value=other.code() lang=other.code() class="btn-quiet">
                    {other.endonym()}
                </button>
            </form>
            <form method="post" action="/prefs">
                <input type="hidden" name="back" value=back />
                <button type="submit" name="easy" value=easy_value class="btn-quiet" aria-pressed=env.prefs.easy.to_string()>
                    <span aria-hidden="true">"가+ "</span>
                    {easy_label}
                </button>
            </form>
        </div>
    }
}

/// A breadcrumb trail: every item but the last is a link.
#[component]
pub fn Breadcrumbs(items: Vec<(String, String)>, current: String) -> impl IntoView {
    let t = use_messages();
    view! {
        <nav aria-label=t.nav_label class="breadcrumbs">
            <ol>
                <li>
                    <a href="/">{t.home}</a>
                </li>
                {items
                    .into_iter()
                    .map(|(href, label)| view! { <li><a href=href>{label}</a></li> })
                    .collect_view()}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}
