//! The home page: what the platform is, and Seoul's 25 districts with a filter.
//!
//! The filter is the page's hydrated interaction: with JavaScript it narrows the list as you
//! type; without, the same form submits `?q=` and the server renders the narrowed list.

use crate::api::geo::list_districts;
use crate::components::Loaded;
use crate::components::feedback::error_view;
use crate::domain::geo::name_matches;
use crate::dto::{District, Named};
use crate::i18n::{use_messages, use_prefs};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_messages();
    let districts = Resource::new(|| (), |_| list_districts());
    let initial = use_query_map().read_untracked().get("q").unwrap_or_default();
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{t.home_title}</h1>
            <p class="lead">{t.home_lead}</p>
            <ul class="points">{t.home_points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
        </section>
        <section aria-labelledby="districts-heading">
            <h2 id="districts-heading">{t.districts_heading}</h2>
            <Loaded data=districts error=error_view let:districts>
                <DistrictFilter districts initial=initial.clone() />
            </Loaded>
        </section>
    }
}

/// The filter and the list it narrows: an island, the home page's one interactive part.
#[island]
fn DistrictFilter(districts: Vec<District>, initial: String) -> impl IntoView {
    let t = use_messages();
    let filter = RwSignal::new(initial.clone());
    view! {
        <form method="get" action="/" role="search" class="filter" on:submit=|ev| ev.prevent_default()>
            <label for="district-filter">{t.filter_label}</label>
            <p id="district-filter-hint" class="hint">{t.filter_hint}</p>
            <div class="filter-row">
                <input
                    id="district-filter"
                    name="q"
                    type="search"
                    autocomplete="off"
                    aria-describedby="district-filter-hint"
                    aria-controls="district-list"
                    value=initial
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button type="submit" class="btn">{t.filter_submit}</button>
            </div>
        </form>
        <DistrictList list=districts filter />
    }
}

#[component]
fn DistrictList(list: Vec<District>, filter: RwSignal<String>) -> impl IntoView {
    let t = use_messages();
    let lang = use_prefs().lang;
    let total = list.len();
    let list = StoredValue::new(list);
    let shown = Memo::new(move |_| {
        let q = filter.get();
        list.with_value(|l| l.iter().filter(|d| name_matches(&q, &d.name_ko, &d.name_en)).cloned().collect::<Vec<_>>())
    });
    view! {
        <p class="filter-count" role="status" aria-live="polite">{move || (t.filter_count)(shown.read().len(), total)}</p>
        <Show when=move || !shown.read().is_empty() fallback=move || view! { <p class="empty">{t.filter_no_match}</p> }>
            <ul id="district-list" class="card-grid">
                <For each=move || shown.get() key=|d| d.code.clone() let(d)>
                    <li class="card">
                        <a href=format!("/districts/{}", d.code)>
                            <span class="card-title">{d.name(lang)}</span>
                            <span class="card-meta">{(t.dong_count)(d.dong_count)}</span>
                        </a>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
