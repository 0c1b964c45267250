//! Proposals (주민제안): the list of a dong or district, a proposal's page (content, supports,
//! timeline, comments), and the author's forms.

mod detail;
mod edit;
mod images;

pub use detail::{ModerationNotice, ProposalDetailPage};
pub use edit::{EditProposalPage, NewProposalPage};

use crate::api::geo::place_of;
use crate::api::proposals::proposal_list;
use crate::components::cards::{ProposalCard, category_options};
use crate::components::feedback::{ErrorView, Loading};
use crate::components::layout::Breadcrumbs;
use crate::components::pagination::Pagination;
use crate::domain::lang::Lang;
use crate::domain::proposal::{ProposalSort, ProposalStatus};
use crate::dto::{Named, ProposalPage};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn is_district(code: &str) -> bool {
    code.ends_with("00000")
}

/// `/dongs/:code/proposals` and `/districts/:code/proposals`.
#[component]
pub fn ProposalListPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let place = Resource::new(code, place_of);
    let list = Resource::new(
        move || (code(), query.get()),
        |(code, q)| proposal_list(code, q.get("status"), q.get("category"), q.get("q"), q.get("sort"), q.get("page")),
    );
    let lang = use_prefs().lang;
    view! {
        <Suspense fallback=Loading>
            {move || {
                // one Suspense for both resources (a nested one does not hydrate reliably)
                let (place, page) = match (place.get()?, list.get()?) {
                    (Ok(p), Ok(page)) => (p, page),
                    (Err(e), _) | (_, Err(e)) => return Some(view! { <ErrorView error=e /> }.into_any()),
                };
                let code = code();
                let name = place.name(lang);
                let title = format!("{name} {}", lang.pick("주민제안", "proposals"));
                let q = query.get();
                let value = |k: &str| q.get(k).unwrap_or_default();
                let (status, category, search) = (value("status"), value("category"), value("q"));
                let searching = !search.trim().is_empty();
                let sort = ProposalSort::parse(&value("sort"), searching);
                let base = if is_district(&code) { format!("/districts/{code}") } else { format!("/dongs/{code}") };
                Some(view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(base.clone(), name.clone())] current=lang.pick("주민제안", "Proposals").to_owned() />
                    <div class="heading-row">
                        <h1>{title}</h1>
                        {(!is_district(&code)).then(|| view! {
                            <a class="btn" href=format!("/dongs/{code}/proposals/new")>{lang.pick("제안하기", "Make a proposal")}</a>
                        })}
                    </div>
                    <form method="get" class="filters" role="search">
                        <div>
                            <label for="f-q">{lang.pick("검색", "Search")}</label>
                            <input id="f-q" name="q" type="search" value=search maxlength="100" />
                        </div>
                        <div>
                            <label for="f-status">{lang.pick("진행 단계", "Stage")}</label>
                            <select id="f-status" name="status">
                                <option value="">{lang.pick("전체 (철회 제외)", "All (not withdrawn)")}</option>
                                {ProposalStatus::ALL.into_iter().filter(|s| s.is_public()).map(|s| view! {
                                    <option value=s.as_str() selected=s.as_str() == status>{s.label(lang)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="f-category">{lang.pick("분야", "Category")}</label>
                            <select id="f-category" name="category">
                                <option value="">{lang.pick("전체", "All")}</option>
                                {category_options(lang, &category)}
                            </select>
                        </div>
                        <div>
                            <label for="f-sort">{lang.pick("정렬", "Sort")}</label>
                            <select id="f-sort" name="sort">
                                {ProposalSort::ALL.into_iter().filter(|o| searching || *o != ProposalSort::Relevance).map(|o| {
                                    let label = match o {
                                        ProposalSort::Newest => lang.pick("최신순", "Newest"),
                                        ProposalSort::MostSupported => lang.pick("공감 많은 순", "Most supported"),
                                        ProposalSort::ClosestToThreshold => lang.pick("기준에 가까운 순", "Closest to threshold"),
                                        ProposalSort::Relevance => lang.pick("검색어와 가까운 순", "Best match"),
                                    };
                                    view! { <option value=o.as_str() selected=o == sort>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="btn-quiet">{lang.pick("적용", "Apply")}</button>
                    </form>
                    <ProposalResults page base=format!("{base}/proposals") district=is_district(&code) />
                }.into_any())
            }}
        </Suspense>
    }
}

#[component]
fn ProposalResults(page: ProposalPage, base: String, district: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let query: Vec<(String, String)> =
        use_query_map().get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let count = match lang {
        Lang::Ko => format!("{}건", page.total),
        Lang::En => format!("{} proposals", page.total),
    };
    view! {
        <p class="meta" role="status">{count}</p>
        {if page.items.is_empty() {
            view! { <p class="empty">{lang.pick("조건에 맞는 제안이 없습니다.", "No proposals match.")}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list" id="proposal-list">
                    {page.items.into_iter().map(|p| view! { <ProposalCard p show_dong=district /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pagination base query page=page.page pages=page.pages />
    }
}
