//! A dong and its community service center.

use crate::api::geo::get_dong;
use crate::components::Loaded;
use crate::components::feedback::error_view;
use crate::components::layout::Breadcrumbs;
use crate::dto::{DongDetail, Named};
use crate::i18n::{use_messages, use_prefs};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DongPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(move || params.read().get("code").unwrap_or_default(), get_dong);
    view! {
        <Loaded data=detail error=error_view let:d>
            <DongView d />
        </Loaded>
    }
}

#[component]
fn DongView(d: DongDetail) -> impl IntoView {
    let t = use_messages();
    let lang = use_prefs().lang;
    let name = d.dong.name(lang);
    let district_name = d.district.name(lang);
    let name_again = name.clone();
    let staff = if d.staff.is_empty() { t.dong_staff_none.to_owned() } else { d.staff.join(", ") };
    view! {
        <Title text=format!("{name} · {district_name}") />
        <Breadcrumbs
            items=vec![(format!("/districts/{}", d.district.code), district_name.clone())]
            current=name.clone()
        />
        <h1>{name}</h1>
        <nav class="section-links" aria-label=lang.pick("참여", "Take part")>
            <a class="btn" href=format!("/dongs/{}/proposals", d.dong.code)>{lang.pick("주민제안", "Proposals")}</a>
            <a class="btn-quiet" href=format!("/dongs/{}/groups", d.dong.code)>{lang.pick("주민모임", "Resident groups")}</a>
            <a class="btn-quiet" href=format!("/dongs/{}/assemblies", d.dong.code)>{lang.pick("주민총회", "Assemblies")}</a>
            <a class="btn-quiet" href=format!("/dongs/{}/fund", d.dong.code)>{lang.pick("마을기금", "Community fund")}</a>
            <a class="btn-quiet" href=format!("/dongs/{}/spaces", d.dong.code)>{lang.pick("공간 예약", "Book a space")}</a>
        </nav>
        <form method="get" action=format!("/dongs/{}/search", d.dong.code) class="filters" role="search">
            <div>
                <label for="dong-q">{lang.pick("우리 동네에서 찾기", "Search this neighbourhood")}</label>
                <input id="dong-q" name="q" type="search" maxlength="100" required
                    placeholder=lang.pick("예: 주차, 놀이터, 북카페", "e.g. 주차, 놀이터, book café") />
            </div>
            <button type="submit" class="btn-quiet">{lang.pick("찾기", "Search")}</button>
        </form>
        {(!d.dong.active).then(|| view! { <p class="notice-inline" role="note">{t.dong_retired}</p> })}
        <section class="panel" aria-labelledby="center-heading">
            <h2 id="center-heading">{t.dong_center_heading}</h2>
            <p class="center-name">{d.center.name(lang)}</p>
            <dl class="facts">
                <dt>{t.dong_address}</dt>
                <dd>{d.center.address(lang).to_owned()}</dd>
                <dt>{t.dong_hours}</dt>
                <dd>{(t.dong_hours_value)(&d.center.opens, &d.center.closes)}</dd>
                <dt>{t.dong_staff}</dt>
                <dd>{staff}</dd>
                <dt>{t.dong_in_district}</dt>
                <dd>
                    <a href=format!("/districts/{}", d.district.code)>{district_name}</a>
                </dd>
                <dt>{t.dong_location}</dt>
                <dd class="num">{format!("{:.5}, {:.5}", d.dong.lat, d.dong.lon)}</dd>
            </dl>
        </section>
        <Sections sections=d.sections.clone() center=d.center.name(lang) />
        <crate::pages::welfare::WelfareFiguresPanel code=d.dong.code.clone() dong_name=name_again />
    }
}

/// Who is in charge of each part of the dong: residents find their section and know whom to ask
/// for at the center (by name, at the center's address and hours; no personal numbers).
#[component]
fn Sections(sections: Vec<crate::dto::welfare::Section>, center: String) -> impl IntoView {
    let lang = use_prefs().lang;
    (!sections.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="sections-heading">
                <h2 id="sections-heading">{lang.pick("우리 구역 담당 공무원", "Your section's official")}</h2>
                <p class="hint">
                    {match lang {
                        crate::domain::lang::Lang::Ko => format!(
                            "이웃이 걱정되거나 도움이 필요하면 {center}에서 우리 구역 담당자를 찾으세요."
                        ),
                        crate::domain::lang::Lang::En => format!(
                            "Worried about a neighbour, or need help? Ask for your section's official at {center}."
                        ),
                    }}
                </p>
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{lang.pick("구역", "Section")}</th>
                                <th scope="col">{lang.pick("담당", "In charge")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {sections.into_iter().map(|s| view! {
                                <tr>
                                    <th scope="row">
                                        {s.name}
                                        {(!s.covers.is_empty()).then(|| view! { <br /><span class="card-meta">{s.covers}</span> })}
                                    </th>
                                    <td>{s.official.unwrap_or_else(|| lang.pick("주민센터 복지팀", "The center's welfare team").into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}
