//! The frame of every page: skip link, header with preferences, main landmark, footer.

use crate::api::identity::{SignOut, current_user};
use crate::app::use_page_env;
use crate::domain::lang::Lang;
use crate::dto::Named;
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
            <UserMenu />
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

/// Sign-in link, or the signed-in person's places: account, staff desk, admin pages, sign out.
#[component]
fn UserMenu() -> impl IntoView {
    let lang = use_page_env().prefs.lang;
    // who is signed in, and their unread notifications, in one resource (a second Suspense
    // nested in this one would not hydrate reliably)
    let who = Resource::new(
        || (),
        |_| async {
            let me = current_user().await?;
            let unread = match me {
                Some(_) => crate::api::notices::unread_notifications().await.unwrap_or(0),
                None => 0,
            };
            Ok::<_, crate::error::AppError>(me.map(|m| (m, unread)))
        },
    );
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <nav class="user-menu wrap" aria-label=lang.pick("내 메뉴", "My menu")>
            <Transition fallback=|| ()>
                {move || {
                    who.get()
                        .map(|res| match res {
                            Ok(Some((m, unread))) => {
                                let staffed: Vec<_> = m.staffed().cloned().collect();
                                let expert = m.expert_of().next().cloned();
                                view! {
                                    <span class="user-name">{m.display_name.clone()}</span>
                                    {m.verified_resident_of.as_ref().map(|d| view! {
                                        <span class="badge">{format!("{} {}", d.name(lang), lang.pick("주민", "resident"))}</span>
                                    })}
                                    <Bell unread />
                                    <a href="/account">{lang.pick("내 정보", "My account")}</a>
                                    {expert.clone().map(|d| view! { <a href=format!("/expert/{}", d.code)>{lang.pick("전문가 업무", "Expert workspace")}</a> })}
                                    {(!staffed.is_empty()).then(|| {
                                        let href = if staffed.len() == 1 { format!("/staff/{}", staffed[0].code) } else { "/staff".into() };
                                        view! { <a href=href>{lang.pick("주민센터 업무", "Center desk")}</a> }
                                    })}
                                    {m.welfare_desk().map(|href| view! { <a href=href>{lang.pick("복지 사례", "Welfare cases")}</a> })}
                                    {m.is_admin().then(|| view! { <a href="/admin/roles">{lang.pick("역할 관리", "Roles")}</a> })}
                                    {(m.is_admin() || expert.is_some()).then(|| {
                                        let href = match (&expert, m.is_admin()) {
                                            (Some(d), false) => format!("/audit?district={}", d.code),
                                            _ => "/audit".into(),
                                        };
                                        view! { <a href=href>{lang.pick("감사 기록", "Audit log")}</a> }
                                    })}
                                    <ActionForm action=sign_out attr:class="inline-form">
                                        <button type="submit" class="btn-quiet">{lang.pick("로그아웃", "Sign out")}</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            _ => view! { <a class="btn btn-small" href="/sign-in">{lang.pick("로그인", "Sign in")}</a> }.into_any(),
                        })
                }}
            </Transition>
        </nav>
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
/// Text typed by people, made safe for `<Title>`. leptos_meta 0.8 writes the title into the
/// server-rendered `<title>` without escaping, where `</title>` would end the element early; a
/// zero-width space after each `<` keeps any tag from forming, and shows the same in the tab.
pub fn title_text(s: &str) -> String {
    s.replace('<', "<\u{200B}")
}

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

/// The notification bell: a link to the notifications with the unread count (in words too).
#[component]
fn Bell(unread: u64) -> impl IntoView {
    let lang = use_page_env().prefs.lang;
    view! {
        <a href="/notifications" class="bell">
            {lang.pick("알림", "Notifications")}
            {(unread > 0).then(|| view! {
                " " <span class="count">{unread.to_string()}</span>
                <span class="visually-hidden">{lang.pick("개 읽지 않음", " unread")}</span>
            })}
        </a>
    }
}
