//! `/notifications`: what happened to one's proposals, comments and groups.

use crate::api::notices::{MarkRead, notifications};
use crate::components::Loaded;
use crate::components::form::FormError;
use crate::components::pagination::Pagination;
use crate::domain::lang::Lang;
use crate::dto::NotificationPage;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let read = ServerAction::<MarkRead>::new();
    let data = Resource::new(move || (query.get().get("page"), read.version().get()), |(p, _)| notifications(p));
    let lang = use_prefs().lang;
    view! {
        <Title text=lang.pick("알림", "Notifications") />
        <h1>{lang.pick("알림", "Notifications")}</h1>
        <Loaded data=data let:p>
            <NotificationList p read />
        </Loaded>
    }
}

#[component]
fn NotificationList(p: NotificationPage, read: ServerAction<MarkRead>) -> impl IntoView {
    let lang = use_prefs().lang;
    let query: Vec<(String, String)> =
        use_query_map().get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    view! {
        <p class="meta" role="status">{match lang {
            Lang::Ko => format!("읽지 않은 알림 {}개", p.unread),
            Lang::En => format!("{} unread", p.unread),
        }}</p>
        {(p.unread > 0).then(|| view! {
            <ActionForm action=read attr:class="inline-form">
                <button type="submit" class="btn-quiet">{lang.pick("모두 읽음으로 표시", "Mark all as read")}</button>
            </ActionForm>
        })}
        <FormError action=read />
        {if p.items.is_empty() {
            view! { <p class="empty">{lang.pick("알림이 없습니다.", "No notifications.")}</p> }.into_any()
        } else {
            view! {
                <ul class="notifications">
                    {p.items.into_iter().map(|n| {
                        let text = n.kind.text(lang);
                        view! {
                            <li class=if n.read { "notification" } else { "notification unread" }>
                                {(!n.read).then(|| view! { <span class="badge">{lang.pick("새 알림", "New")}</span> " " })}
                                <span>{text}</span>
                                ": "
                                {match n.link.clone() {
                                    Some(href) => view! { <a href=href>{n.subject.clone()}</a> }.into_any(),
                                    None => view! { <span>{n.subject.clone()}</span> }.into_any(),
                                }}
                                " · " <span class="num">{n.at.clone()}</span>
                                {(!n.read).then(|| view! {
                                    <ActionForm action=read attr:class="inline-form">
                                        <input type="hidden" name="id" value=n.id.to_string() />
                                        <button type="submit" class="btn-quiet">{lang.pick("읽음", "Mark read")}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pagination base="/notifications".to_owned() query page=p.page pages=p.pages />
    }
}
