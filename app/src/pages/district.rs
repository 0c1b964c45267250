//! A district: its dongs (each with its center) and its community project expert.

use crate::api::geo::get_district;
use crate::components::Loaded;
use crate::components::feedback::error_view;
use crate::components::layout::Breadcrumbs;
use crate::dto::{DistrictDetail, Named};
use crate::i18n::{use_messages, use_prefs};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DistrictPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(move || params.read().get("code").unwrap_or_default(), get_district);
    view! {
        <Loaded data=detail error=error_view let:d>
            <DistrictView d />
        </Loaded>
    }
}

#[component]
fn DistrictView(d: DistrictDetail) -> impl IntoView {
    let t = use_messages();
    let lang = use_prefs().lang;
    let name = d.district.name(lang);
    let experts = if d.experts.is_empty() { t.district_expert_none.to_owned() } else { d.experts.join(", ") };
    view! {
        <Title text=name.clone() />
        <Breadcrumbs items=vec![] current=name.clone() />
        <h1>{name}</h1>
        <p class="meta">{(t.dong_count)(d.district.dong_count)}</p>
        <nav class="section-links" aria-label=lang.pick("참여", "Take part")>
            <a class="btn" href=format!("/districts/{}/proposals", d.district.code)>{lang.pick("구 전체 주민제안", "Proposals across the district")}</a>
            <a class="btn-quiet" href=format!("/districts/{}/groups", d.district.code)>{lang.pick("구 전체 주민모임", "Groups across the district")}</a>
            <a class="btn-quiet" href=format!("/districts/{}/spaces", d.district.code)>{lang.pick("주민센터 공간 예약 현황", "Centers' spaces")}</a>
        </nav>
        <dl class="facts">
            <dt>{t.district_expert}</dt>
            <dd>{experts}</dd>
        </dl>
        <h2>{t.district_dongs_heading}</h2>
        {if d.dongs.is_empty() {
            view! { <p class="empty">{t.district_no_dongs}</p> }.into_any()
        } else {
            view! {
                <ul class="card-grid">
                    {d
                        .dongs
                        .into_iter()
                        .map(|dong| {
                            let class = if dong.active { "card" } else { "card retired" };
                            view! {
                                <li class=class>
                                    <a href=format!("/dongs/{}", dong.code)>
                                        <span class="card-title">{dong.name(lang)}</span>
                                        {(!dong.active).then(|| view! { <span class="card-meta">{t.dong_retired}</span> })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
