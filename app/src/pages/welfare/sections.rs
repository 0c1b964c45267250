//! `/dongs/:code/sections`, where the center's staff and welfare team
//! divide the dong into sections and name the official in charge of each (residents see them on
//! the dong page).

use crate::api::welfare::{RemoveSection, SaveSection, load_sections};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::dto::Named;
use crate::dto::welfare::{Official, Section, SectionsAdmin};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/dongs/:code/sections`
#[component]
pub fn SectionsPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveSection>::new();
    let remove = ServerAction::<RemoveSection>::new();
    let data = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), save.version().get(), remove.version().get()),
        |(code, ..)| load_sections(code),
    );
    view! {
        <Loaded data=data let:a>
            <SectionsView a save remove />
        </Loaded>
    }
}

#[component]
fn SectionsView(
    a: SectionsAdmin,
    save: ServerAction<SaveSection>,
    remove: ServerAction<RemoveSection>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = a.dong.name(lang);
    let heading = lang.pick("담당 구역과 담당 공무원", "Sections and officials in charge");
    let code = a.dong.code.clone();
    let count = a.sections.len();
    view! {
        <Title text=format!("{heading} · {dong_name}") />
        <Breadcrumbs
            items=vec![(format!("/staff/{code}"), format!("{dong_name} · {}", lang.pick("주민센터 업무", "Center desk")))]
            current=heading.to_owned()
        />
        <h1>{heading}</h1>
        <p class="hint">
            {lang.pick(
                "동을 통이나 알기 쉬운 묶음으로 나누고, 구역마다 담당 공무원을 정하세요. 주민은 동 페이지에서 자기 구역의 담당자 이름과 주민센터 연락처를 봅니다. 개인 전화번호는 적지 마세요.",
                "Divide the dong into 통 or groupings residents recognise, and name the official in charge of each. Residents see the name and the center's contact on the dong page. Do not write personal phone numbers.",
            )}
        </p>
        <section class="panel" aria-labelledby="new-section-heading">
            <h2 id="new-section-heading">{lang.pick("구역 추가", "Add a section")}</h2>
            <SectionForm action=save dong=code.clone() section=None officials=a.officials.clone() prefix="new" />
        </section>
        <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">{format!("{} ({count})", lang.pick("구역", "Sections"))}</h2>
            <FormDone action=save text=lang.pick("구역을 저장했습니다.", "Section saved.") />
            <FormDone action=remove text=lang.pick("구역을 지웠습니다.", "Section removed.") />
            <FormError action=remove />
            {if a.sections.is_empty() {
                view! {
                    <p class="empty">
                        {lang.pick(
                            "아직 구역이 없습니다. 위에서 첫 구역을 추가하세요.",
                            "No sections yet. Add the first one above.",
                        )}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {a.sections.into_iter().map(|s| {
                            let officials = a.officials.clone();
                            view! { <SectionItem s officials dong=code.clone() save remove /> }
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn SectionItem(
    s: Section,
    officials: Vec<Official>,
    dong: String,
    save: ServerAction<SaveSection>,
    remove: ServerAction<RemoveSection>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let prefix = format!("s{}", s.id);
    let id = s.id;
    view! {
        <li class="card">
            <h3 class="card-title">{s.name.clone()}</h3>
            {(!s.covers.is_empty()).then(|| view! { <p>{s.covers.clone()}</p> })}
            <p>
                {lang.pick("담당: ", "In charge: ")}
                {s.official.clone().unwrap_or_else(|| lang.pick("아직 정하지 않음", "nobody yet").into())}
            </p>
            <div class="actions">
                <details>
                    <summary>{lang.pick("고치기", "Edit")}</summary>
                    <SectionForm action=save dong=dong.clone() section=Some(s) officials prefix />
                </details>
                <details class="confirm">
                    <summary>{lang.pick("지우기", "Remove")}</summary>
                    <ActionForm action=remove attr:class="stack">
                        <input type="hidden" name="dong" value=dong />
                        <input type="hidden" name="id" value=id />
                        <ConfirmBox label=lang.pick("이 구역을 지웁니다. 담당자 안내가 동 페이지에서 사라집니다.", "Remove this section: its official is no longer shown on the dong page.") />
                        <button type="submit" class="btn btn-danger btn-small">{lang.pick("지우기", "Remove")}</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}

#[component]
fn SectionForm(
    action: ServerAction<SaveSection>,
    dong: String,
    section: Option<Section>,
    officials: Vec<Official>,
    #[prop(into)] prefix: String,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = section.as_ref().map(|s| s.id.to_string()).unwrap_or_default();
    let name = section.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let covers = section.as_ref().map(|s| s.covers.clone()).unwrap_or_default();
    let chosen = section.as_ref().and_then(|s| s.official_id);
    let (name_id, covers_id, official_id) =
        (format!("{prefix}-name"), format!("{prefix}-covers"), format!("{prefix}-official"));
    view! {
        <ActionForm action attr:class="stack">
            <input type="hidden" name="dong" value=dong />
            <input type="hidden" name="id" value=id />
            <label for=name_id.clone()>{lang.pick("구역 이름", "Name")}</label>
            <input id=name_id name="name" required maxlength="60" value=name placeholder=lang.pick("예: 1–6통", "e.g. 통 1–6") />
            <label for=covers_id.clone()>{lang.pick("포함하는 곳 (선택)", "What it covers (optional)")}</label>
            <input id=covers_id name="covers" maxlength="200" value=covers placeholder=lang.pick("예: 연희로 1길–11길", "e.g. 연희로 1길–11길") />
            <label for=official_id.clone()>{lang.pick("담당 공무원", "Official in charge")}</label>
            <select id=official_id name="official">
                <option value="" selected=chosen.is_none()>{lang.pick("아직 정하지 않음", "Nobody yet")}</option>
                {officials.into_iter().map(|o| {
                    let label = format!("{} · {}", o.name, o.role.label(lang));
                    view! { <option value=o.id selected=chosen == Some(o.id)>{label}</option> }
                }).collect_view()}
            </select>
            <FormError action />
            <button type="submit" class="btn">{lang.pick("저장", "Save")}</button>
        </ActionForm>
    }
}
