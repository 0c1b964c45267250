//! `/dongs/:code/search?q=`: one search box for a dong's proposals, groups, assemblies and fund
//! entries. Two-syllable Korean words find what contains them (`주차` finds `공영주차장`); each
//! kind shows its best matches and links to its full list where there is one.

use crate::api::search::search_dong;
use crate::components::Loaded;
use crate::components::cards::{AssemblyCard, GroupCard, ProposalCard};
use crate::components::feedback::error_view;
use crate::components::layout::Breadcrumbs;
use crate::components::pagination::urlencode;
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::dto::{DongSearch, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DongSearchPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let found = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), query.read().get("q")),
        |(code, q)| search_dong(code, q),
    );
    view! {
        <Loaded data=found error=error_view let:s>
            <Found s />
        </Loaded>
    }
}

/// "5 of 120" under a kind's heading, or "2" when all are shown.
fn shown_of(lang: Lang, shown: usize, total: u64) -> String {
    match (lang, u64::try_from(shown).unwrap_or(u64::MAX) >= total) {
        (Lang::Ko, true) => format!("{total}건"),
        (Lang::En, true) => format!("{total} found"),
        (Lang::Ko, false) => format!("{total}건 중 {shown}건"),
        (Lang::En, false) => format!("{shown} of {total}"),
    }
}

#[component]
fn Found(s: DongSearch) -> impl IntoView {
    let lang = use_prefs().lang;
    let name = s.dong.name(lang);
    let code = s.dong.code.clone();
    let asked = !s.query.is_empty();
    let title = if asked {
        format!("‘{}’ {} · {name}", s.query, lang.pick("검색 결과", "search results"))
    } else {
        format!("{name} {}", lang.pick("검색", "search"))
    };
    let q_param = |base: &str| format!("{base}?q={}", urlencode(&s.query));
    let proposals_all = q_param(&format!("/dongs/{code}/proposals"));
    let groups_all = q_param(&format!("/dongs/{code}/groups"));
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![(format!("/dongs/{code}"), name.clone())] current=lang.pick("검색", "Search").to_owned() />
        <h1>{title}</h1>
        <form method="get" class="filters" role="search">
            <div>
                <label for="s-q">{lang.pick("검색어", "Search for")}</label>
                <input id="s-q" name="q" type="search" value=s.query.clone() maxlength="100" required />
            </div>
            <button type="submit" class="btn">{lang.pick("검색", "Search")}</button>
        </form>
        <p class="hint">{lang.pick(
            "제안, 주민모임, 주민총회, 마을기금 기록에서 찾습니다. 두 글자 낱말도 찾을 수 있어요 (예: 주차, 공원).",
            "Searches proposals, resident groups, assemblies and the community fund's records. Two-syllable Korean words work too (e.g. 주차, 공원).",
        )}</p>
        {(asked && s.is_empty()).then(|| view! {
            <p class="empty" role="status">{lang.pick(
                "찾는 내용이 없습니다. 다른 낱말로 찾아보세요.",
                "Nothing found. Try another word.",
            )}</p>
        })}
        {(s.proposals_total > 0).then(|| view! {
            <FoundKind id="found-proposals" heading=lang.pick("주민제안", "Proposals") shown=s.proposals.len() total=s.proposals_total
                all=Some((proposals_all.clone(), lang.pick("제안 목록에서 모두 보기", "See all in the proposal list")))>
                {s.proposals.clone().into_iter().map(|p| view! { <ProposalCard p /> }).collect_view()}
            </FoundKind>
        })}
        {(s.groups_total > 0).then(|| view! {
            <FoundKind id="found-groups" heading=lang.pick("주민모임", "Resident groups") shown=s.groups.len() total=s.groups_total
                all=Some((groups_all.clone(), lang.pick("모임 목록에서 모두 보기", "See all in the group directory")))>
                {s.groups.clone().into_iter().map(|g| view! { <GroupCard g /> }).collect_view()}
            </FoundKind>
        })}
        {(s.assemblies_total > 0).then(|| view! {
            <FoundKind id="found-assemblies" heading=lang.pick("주민총회", "Assemblies") shown=s.assemblies.len() total=s.assemblies_total all=None>
                {s.assemblies.clone().into_iter().map(|a| view! { <AssemblyCard a /> }).collect_view()}
            </FoundKind>
        })}
        {(s.fund_entries_total > 0).then(|| view! {
            <FoundKind id="found-fund" heading=lang.pick("마을기금 기록", "Community fund records") shown=s.fund_entries.len() total=s.fund_entries_total all=None>
                {s.fund_entries.clone().into_iter().map(|e| {
                    let month = e.date.get(..7).unwrap_or_default().to_owned();
                    view! {
                        <li class="card">
                            <a class="card-title" href=format!("/dongs/{code}/fund/statements/{month}")>{e.description.clone()}</a>
                            <p class="card-meta">
                                <span class="badge badge-quiet">{e.kind.label(lang)}</span>
                                " " <span class="num">{e.date.clone()}</span>
                                " · " <span class="num">{format_won(e.total, lang)}</span>
                            </p>
                        </li>
                    }
                }).collect_view()}
            </FoundKind>
        })}
    }
}

/// One kind's best matches under its heading, with how many there are and, where the kind has a
/// list of its own, a link to the rest.
#[component]
fn FoundKind(
    id: &'static str,
    heading: &'static str,
    shown: usize,
    total: u64,
    all: Option<(String, &'static str)>,
    children: Children,
) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section aria-labelledby=id>
            <div class="heading-row">
                <h2 id=id>{heading}</h2>
                <span class="hint">{shown_of(lang, shown, total)}</span>
            </div>
            <ul class="card-list">{children()}</ul>
            {all.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
        </section>
    }
}
