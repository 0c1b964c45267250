//! View pieces the proposal, group and assembly pages share: list cards, the status badge,
//! the support bar and the category choices.

use crate::domain::category::Category;
use crate::domain::group::Membership;
use crate::domain::lang::Lang;
use crate::domain::proposal::ProposalStatus;
use crate::dto::{GroupSummary, Named, ProposalSummary};
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// `<option>`s of the categories, `selected` chosen.
pub fn category_options(lang: Lang, selected: &str) -> impl IntoView + use<> {
    let selected = selected.to_owned();
    Category::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str() selected=c.as_str() == selected>{c.label(lang)}</option> })
        .collect_view()
}

/// Supports against the threshold, as a number and a bar.
#[component]
pub fn SupportBar(supports: i32, threshold: i32) -> impl IntoView {
    let lang = use_prefs().lang;
    let text = match lang {
        Lang::Ko => format!("공감 {supports} / {threshold}명"),
        Lang::En => format!("{supports} of {threshold} supports"),
    };
    view! {
        <div class="support-bar">
            <span class="support-count">{text}</span>
            // a native progress bar: no inline style (the CSP forbids it), read by screen readers
            <progress class="bar" max=threshold.max(1).to_string() value=supports.clamp(0, threshold.max(1)).to_string() aria-hidden="true"></progress>
        </div>
    }
}

#[component]
pub fn StatusBadge(status: ProposalStatus) -> impl IntoView {
    let lang = use_prefs().lang;
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class>{status.label(lang)}</span> }
}

#[component]
pub fn ProposalCard(p: ProposalSummary, #[prop(optional)] show_dong: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let by = match &p.group {
        Some(g) => format!("{} · {}", p.author, g.name),
        None => p.author.clone(),
    };
    view! {
        <li class="card proposal-card">
            <a class="card-title" href=format!("/proposals/{}", p.id)>{p.title.clone()}</a>
            <p class="card-meta">
                <StatusBadge status=p.status />
                " "
                <span class="badge badge-quiet">{p.category.label(lang)}</span>
                {show_dong.then(|| view! { " " <span>{p.dong.name(lang)}</span> })}
            </p>
            <SupportBar supports=p.supports_count threshold=p.support_threshold />
            <p class="card-meta">
                {by}
                {p.published_on.clone().map(|d| view! { " · " <span class="num">{d}</span> })}
                " · "
                {match lang {
                    Lang::Ko => format!("댓글 {}", p.comments_count),
                    Lang::En => format!("{} comments", p.comments_count),
                }}
            </p>
        </li>
    }
}

/// An assembly as a list row: title, status, session start and venue.
#[component]
pub fn AssemblyCard(a: crate::dto::AssemblySummary) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <li class="card">
            <a class="card-title" href=format!("/assemblies/{}", a.id)>{a.title.clone()}</a>
            <p class="card-meta">
                <span class=format!("badge assembly-{}", a.status.as_str())>{a.status.label(lang)}</span>
                " " <span class="num">{a.session_starts.clone()}</span>
                " · " {a.venue.clone()}
            </p>
        </li>
    }
}

#[component]
pub fn GroupCard(g: GroupSummary, #[prop(optional)] show_dong: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <li class="card group-card">
            <a class="card-title" href=format!("/groups/{}", g.id)>{g.name.clone()}</a>
            <p class="card-meta">
                <span class="badge badge-quiet">{g.category.label(lang)}</span>
                {g.registered.then(|| view! { " " <span class="badge">{lang.pick("주민센터 등록 모임", "Registered with the center")}</span> })}
                {show_dong.then(|| view! { " " <span>{g.dong.name(lang)}</span> })}
            </p>
            <p>{g.excerpt.clone()}</p>
            <p class="card-meta">
                {match lang {
                    Lang::Ko => format!("회원 {}명", g.members_count),
                    Lang::En => format!("{} members", g.members_count),
                }}
                " · "
                {if g.membership == Membership::Open { lang.pick("누구나 가입", "Open to join") } else { lang.pick("승인 후 가입", "Join on approval") }}
            </p>
        </li>
    }
}
