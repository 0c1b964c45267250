//! One agenda item: its question, options and ballot, and the organisers' remove and move
//! buttons.

use crate::api::assemblies::{CastBallot, MoveAgendaItem, RemoveAgendaItem};
use crate::components::form::ConfirmBox;
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::dto::AgendaItemView;
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// The organisers' agenda actions (while the agenda may change).
#[derive(Clone, Copy)]
pub struct AgendaEdit {
    pub(super) remove: ServerAction<RemoveAgendaItem>,
    pub(super) moves: ServerAction<MoveAgendaItem>,
}

#[component]
pub(super) fn AgendaItem(
    item: AgendaItemView,
    can_vote: bool,
    vote: ServerAction<CastBallot>,
    edit: Option<AgendaEdit>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = item.id;
    let radio = |name: &'static str, value: String, label: String, key: String| {
        let input_id = format!("i{id}-{key}");
        let for_id = input_id.clone();
        view! {
            <label class="check" for=for_id>
                <input type="radio" id=input_id name=name value=value required />
                {label}
            </label>
        }
    };
    let ballot = match item.kind.as_str() {
        "approve_reject" => view! {
            <fieldset>
                <legend>{lang.pick("이 제안에", "On this proposal")}</legend>
                {radio("choice", "approve".into(), lang.pick("찬성", "Approve").into(), "approve".into())}
                {radio("choice", "reject".into(), lang.pick("반대", "Reject").into(), "reject".into())}
                {radio("choice", "abstain".into(), lang.pick("기권", "Abstain").into(), "abstain".into())}
            </fieldset>
        }.into_any(),
        "single_choice" => view! {
            <fieldset>
                <legend>{lang.pick("하나를 고르세요", "Choose one")}</legend>
                {item.options.iter().map(|o| radio("options[]", o.id.to_string(), o.label.clone(), o.id.to_string())).collect_view()}
                {radio("options[]", "abstain".into(), lang.pick("기권", "Abstain").into(), "abstain".into())}
            </fieldset>
        }.into_any(),
        _ => {
            let legend = match (item.kind.as_str(), item.approval_max, item.budget_won) {
                ("budget", _, Some(b)) => match lang {
                    Lang::Ko => format!("예산 {} 안에서 사업을 고르세요", format_won(b, lang)),
                    Lang::En => format!("Choose projects within the budget of {}", format_won(b, lang)),
                },
                (_, Some(m), _) => match lang {
                    Lang::Ko => format!("{m}개까지 고르세요"),
                    Lang::En => format!("Choose up to {m}"),
                },
                _ => lang.pick("고르세요", "Choose").to_owned(),
            };
            view! {
                <fieldset>
                    <legend>{legend}</legend>
                    {item.options.iter().map(|o| {
                        let input_id = format!("i{id}-{}", o.id);
                        let for_id = input_id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=input_id name="options[]" value=o.id.to_string() />
                                {o.label.clone()}
                                {o.cost_won.map(|c| view! { " " <span class="num">{format!("({})", format_won(c, lang))}</span> })}
                            </label>
                        }
                    }).collect_view()}
                    <label class="check" for=format!("i{id}-abstain")>
                        <input type="checkbox" id=format!("i{id}-abstain") name="choice" value="abstain" />
                        {lang.pick("기권 (아무것도 고르지 않음)", "Abstain (choose none)")}
                    </label>
                </fieldset>
            }.into_any()
        }
    };
    view! {
        <li class="agenda-item" id=format!("item-{id}")>
            <h3>{format!("{}. {}", item.position + 1, item.title)}</h3>
            <p class="meta">
                <span class="badge badge-quiet">{item.kind.label(lang)}</span>
                {item.proposal_id.map(|p| view! { " " <a href=format!("/proposals/{p}")>{lang.pick("제안 보기", "See the proposal")}</a> })}
            </p>
            <div class="prose" inner_html=item.description_html.clone()></div>
            {edit.map(|e| view! {
                <div class="actions">
                    <ActionForm action=e.moves attr:class="inline-form">
                        <input type="hidden" name="item_id" value=id.to_string() />
                        <input type="hidden" name="direction" value="up" />
                        <button type="submit" class="btn-quiet btn-small">{lang.pick("↑ 위로", "↑ Move up")}</button>
                    </ActionForm>
                    <ActionForm action=e.moves attr:class="inline-form">
                        <input type="hidden" name="item_id" value=id.to_string() />
                        <input type="hidden" name="direction" value="down" />
                        <button type="submit" class="btn-quiet btn-small">{lang.pick("↓ 아래로", "↓ Move down")}</button>
                    </ActionForm>
                </div>
                <details class="danger-zone">
                    <summary>{lang.pick("이 안건 빼기", "Remove this item")}</summary>
                    <ActionForm action=e.remove attr:class="stack">
                        <input type="hidden" name="item_id" value=id.to_string() />
                        <ConfirmBox label=lang.pick(
                                "이 안건을 총회에서 뺍니다. 딸린 제안은 다시 총회에 올릴 수 있는 상태가 됩니다.",
                                "Take this item off the agenda. Its proposals can go on an agenda again.",
                            ) />
                        <button type="submit" class="btn-danger">{lang.pick("안건 빼기", "Remove item")}</button>
                    </ActionForm>
                </details>
            })}
            // the options as a list where no ballot shows them
            {(!(can_vote && item.my_channel.is_none())).then(|| view! {
                <ul class="options">
                    {item.options.iter().map(|o| view! {
                        <li>
                            {o.proposal_id.map_or_else(
                                || view! { <span>{o.label.clone()}</span> }.into_any(),
                                |p| view! { <a href=format!("/proposals/{p}")>{o.label.clone()}</a> }.into_any(),
                            )}
                            {o.cost_won.map(|c| view! { " " <span class="num">{format_won(c, lang)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {match item.my_channel.as_deref() {
                Some("online") => view! { <p class="form-done">{lang.pick("온라인으로 투표했습니다.", "You voted online.")}</p> }.into_any(),
                Some(_) => view! { <p class="hint">{lang.pick("현장에서 종이 투표지로 투표합니다.", "You vote on paper at the assembly.")}</p> }.into_any(),
                None if can_vote => view! {
                    <ActionForm action=vote attr:class="stack ballot">
                        <input type="hidden" name="item_id" value=id.to_string() />
                        {ballot}
                        <button type="submit" class="btn">{lang.pick("투표하기", "Cast ballot")}</button>
                    </ActionForm>
                }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
}
