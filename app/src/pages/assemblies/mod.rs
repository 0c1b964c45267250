//! Resident general assemblies (주민총회): a dong's list, creating one, and an assembly's page —
//! its particulars and rules, the agenda with a ballot for each item, and (for staff and the
//! district's expert) the agenda editor and the steps of its lifecycle.

mod agenda;
mod detail;
pub mod door;
mod manage;
pub mod notice;
pub mod results;

pub use agenda::AgendaEdit;
pub use detail::AssemblyPage;
pub use manage::Lifecycle;

use crate::api::assemblies::{CreateAssembly, SaveBylaws, list_assemblies};
use crate::api::geo::place_of;
use crate::components::Loaded;
use crate::components::cards::AssemblyCard;
use crate::components::feedback::error_view;
use crate::components::form::{FormDone, FormError, has_news};
use crate::components::layout::Breadcrumbs;
use crate::dto::{AssemblyList, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/dongs/:code/assemblies`.
#[component]
pub fn AssemblyListPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveBylaws>::new();
    let list = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), save.version().get()),
        |(code, _)| list_assemblies(code),
    );
    let lang = use_prefs().lang;
    view! {
        <Loaded data=list error=error_view let(AssemblyList { dong, can_manage, bylaws, items })>
            {
                let name = dong.name(lang);
                let title = format!("{name} {}", lang.pick("주민총회", "resident assemblies"));
                view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(format!("/dongs/{}", dong.code), name.clone())] current=lang.pick("주민총회", "Assemblies").to_owned() />
                    <div class="heading-row">
                        <h1>{title}</h1>
                        {can_manage.then(|| view! {
                            <a class="btn" href=format!("/dongs/{}/assemblies/new", dong.code)>{lang.pick("총회 만들기", "New assembly")}</a>
                        })}
                    </div>
                    <p class="hint">{lang.pick(
                        "주민총회에서 주민들이 동네 일을 함께 정합니다. 온라인으로 미리 투표하거나 총회 날 현장에서 투표할 수 있습니다.",
                        "At the resident assembly, residents decide on their neighbourhood together. Vote online beforehand, or in person on the day.",
                    )}</p>
                    {can_manage.then(|| view! { <BylawsForm dong=dong.code.clone() b=bylaws.clone() save /> })}
                    {if items.is_empty() {
                        view! { <p class="empty">{lang.pick("아직 열린 주민총회가 없습니다.", "No assemblies yet.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list">
                                {items.into_iter().map(|a| view! { <AssemblyCard a /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            }
        </Loaded>
    }
}

/// The dong's bylaws, for its staff and the district's expert: they apply to assemblies created
/// from now on (an assembly keeps the rules it was created under).
#[component]
fn BylawsForm(dong: String, b: crate::dto::BylawsView, save: ServerAction<SaveBylaws>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <details class="panel" open=has_news(save)>
            <summary>{lang.pick("이 동의 총회 규칙", "This dong's assembly rules")}</summary>
            <p class="hint">{lang.pick("바꾼 규칙은 앞으로 만드는 총회부터 적용됩니다.", "Changes apply to assemblies created from now on.")}</p>
            <ActionForm action=save attr:class="stack wide-form">
                <input type="hidden" name="dong" value=dong />
                <label for="b-kind">{lang.pick("의사정족수 기준", "Quorum is")}</label>
                <select id="b-kind" name="quorum_kind">
                    <option value="absolute" selected=b.quorum_kind == "absolute">{lang.pick("주민 수 (명)", "a number of residents")}</option>
                    <option value="percent" selected=b.quorum_kind == "percent">{lang.pick("확인된 주민의 비율 (%)", "a percentage of verified residents")}</option>
                </select>
                <label for="b-value">{lang.pick("의사정족수 값", "Quorum value")}</label>
                <input id="b-value" name="quorum_value" type="number" min="1" max="100000" required class="narrow" value=b.quorum_value.to_string() />
                <label for="b-majority">{lang.pick("의결 기준", "Majority")}</label>
                <select id="b-majority" name="majority">
                    <option value="simple" selected=b.majority == crate::domain::assembly::Majority::Simple>{lang.pick("유효표의 과반", "More than half of valid votes")}</option>
                    <option value="two_thirds" selected=b.majority == crate::domain::assembly::Majority::TwoThirds>{lang.pick("유효표의 3분의 2 이상", "At least two thirds of valid votes")}</option>
                </select>
                <label for="b-age">{lang.pick("투표할 수 있는 나이 (올해 기준)", "Minimum age (reached this year)")}</label>
                <input id="b-age" name="minimum_age" type="number" min="0" max="100" required class="narrow" value=b.minimum_age.to_string() />
                <label class="check"><input type="checkbox" name="abstentions_count" value="1" checked=b.abstentions_count />{lang.pick("기권도 정족수에 포함", "Abstentions count toward the quorum")}</label>
                <label class="check"><input type="checkbox" name="secret_ballot" value="1" checked=b.secret_ballot />{lang.pick("비밀투표", "Secret ballot")}</label>
                <label class="check"><input type="checkbox" name="running_results_visible" value="1" checked=b.running_results_visible />{lang.pick("마감 전에도 집계를 공개 (공개투표일 때만)", "Show running counts before the close (open ballots only)")}</label>
                <label for="b-pb">{lang.pick("주민참여예산 사업 선정 방식", "How participatory budgets choose projects")}</label>
                <select id="b-pb" name="pb_rule" aria-describedby="b-pb-hint">
                    <option value="greedy" selected=b.pb_rule == crate::domain::assembly::PbRule::Greedy>{lang.pick("득표순", "By votes")}</option>
                    <option value="equal_shares" selected=b.pb_rule == crate::domain::assembly::PbRule::EqualShares>{lang.pick("균등 몫 방식", "Method of Equal Shares")}</option>
                </select>
                <p class="hint" id="b-pb-hint">{lang.pick(
                    "득표순: 표를 많이 받은 사업부터 예산 안에서 고릅니다. 균등 몫 방식: 투표한 주민에게 예산을 똑같이 나누고, 각 사업은 그 사업을 고른 주민들의 몫으로만 비용을 냅니다. 다수가 예산을 모두 가져가지 않고, 적은 수의 주민이 고른 사업도 그 수만큼 선정될 수 있습니다.",
                    "By votes: projects with the most votes first, within the budget. Equal shares: the budget is split equally among the voters, and a project is paid only from the shares of those who chose it: a majority cannot take the whole budget, and projects a smaller group chose are funded in proportion to its size.",
                )}</p>
                <FormError action=save />
                <FormDone action=save text=lang.pick("저장했습니다.", "Saved.") />
                <button type="submit" class="btn">{lang.pick("규칙 저장", "Save rules")}</button>
            </ActionForm>
        </details>
    }
}

/// `/dongs/:code/assemblies/new`.
#[component]
pub fn NewAssemblyPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let place = Resource::new(code, place_of);
    let spaces = Resource::new(code, crate::api::bookings::list_spaces);
    let create = ServerAction::<CreateAssembly>::new();
    let lang = use_prefs().lang;
    view! {
        <Loaded data=place let:p>
            {
                let name = p.name(lang);
                let venue_spaces = spaces.get().and_then(Result::ok).unwrap_or_default();
                view! {
                    <Title text=format!("{name} · {}", lang.pick("총회 만들기", "New assembly")) />
                    <Breadcrumbs
                        items=vec![
                            (format!("/dongs/{}", p.code), name.clone()),
                            (format!("/dongs/{}/assemblies", p.code), lang.pick("주민총회", "Assemblies").to_owned()),
                        ]
                        current=lang.pick("총회 만들기", "New assembly").to_owned()
                    />
                    <h1>{lang.pick("주민총회 만들기", "New resident assembly")}</h1>
                    <p class="hint">{lang.pick(
                        "준비 중인 총회는 주민에게 보이지 않습니다. 안건을 넣은 뒤 공고하세요. 시각은 서울 시각입니다.",
                        "A draft is not shown to residents. Add the agenda, then announce it. Times are Seoul time.",
                    )}</p>
                    <ActionForm action=create attr:class="stack wide-form">
                        <input type="hidden" name="dong" value=p.code.clone() />
                        <label for="a-title">{lang.pick("제목", "Title")}</label>
                        <input id="a-title" name="title" required minlength="5" maxlength="120" />
                        <label for="a-description">{lang.pick("안내 (선택)", "Description (optional)")}</label>
                        <textarea id="a-description" name="description" rows="4" maxlength="5000"></textarea>
                        <label for="a-venue">{lang.pick("장소", "Venue")}</label>
                        <input id="a-venue" name="venue" required minlength="2" maxlength="200" />
                        <label for="a-space">{lang.pick("주민센터 공간 예약 (선택: 총회 시간 동안 다른 예약을 막습니다)", "Book a space of the center (optional: blocked for others during the session)")}</label>
                        <select id="a-space" name="venue_space">
                            <option value="">{lang.pick("예약하지 않음", "Do not book a space")}</option>
                            {venue_spaces.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                        <label for="a-pre">{lang.pick("사전 온라인 투표 시작 (선택)", "Online pre-voting opens (optional)")}</label>
                        <input id="a-pre" name="pre_voting_starts" type="datetime-local" />
                        <label for="a-start">{lang.pick("총회 시작", "Session starts")}</label>
                        <input id="a-start" name="session_starts" type="datetime-local" required />
                        <label for="a-end">{lang.pick("총회 끝", "Session ends")}</label>
                        <input id="a-end" name="session_ends" type="datetime-local" required />
                        <FormError action=create />
                        <button type="submit" class="btn">{lang.pick("총회 만들기", "Create assembly")}</button>
                    </ActionForm>
                }
            }
        </Loaded>
    }
}
