//! The organisers' panels: the lifecycle (edit, postpone, cancel) and the steps and agenda
//! management.

use crate::api::assemblies::{AddAgendaItem, AdvanceAssembly, CancelAssembly, EditAssembly};
use crate::components::form::{ConfirmBox, FormDone, FormError, has_news};
use crate::domain::assembly::{AssemblyStatus, ItemKind};
use crate::dto::AssemblyEditForm;
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// The organisers' lifecycle actions besides the steps: editing (or postponing) and cancelling.
#[derive(Clone, Copy)]
pub struct Lifecycle {
    pub(super) edit: ServerAction<EditAssembly>,
    pub(super) cancel: ServerAction<CancelAssembly>,
}

/// Edit the particulars (draft, announced), postpone (pre-voting: times only), cancel with a
/// reason (until the session opens). Both forms work without JavaScript.
#[component]
pub(super) fn LifecyclePanel(
    id: i64,
    status: AssemblyStatus,
    form: Option<AssemblyEditForm>,
    life: Lifecycle,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let Some(form) = form else { return ().into_any() };
    let public = status != AssemblyStatus::Draft;
    let only_times = form.only_times;
    let heading = if only_times {
        lang.pick("총회 연기 (일시만 바꿀 수 있습니다)", "Postpone (only the times can change now)")
    } else {
        lang.pick("총회 정보·일정 고치기", "Edit the particulars and times")
    };
    // While pre-voting runs only the times may change: the rest goes along unchanged, unseen.
    let fixed = only_times.then(|| {
        view! {
            <input type="hidden" name="title" value=form.title.clone() />
            <input type="hidden" name="venue" value=form.venue.clone() />
            <input type="hidden" name="description" value=form.description.clone() />
            <input type="hidden" name="pre_voting_starts" value=form.pre_voting_starts.clone() />
        }
    });
    let editable = (!only_times).then(|| {
        view! {
            <label for="ed-title">{lang.pick("총회 제목", "Assembly title")}</label>
            <input id="ed-title" name="title" value=form.title.clone() maxlength="120" required />
            <label for="ed-venue">{lang.pick("총회 장소", "Assembly venue")}</label>
            <input id="ed-venue" name="venue" value=form.venue.clone() maxlength="200" required />
            <label for="ed-description">{lang.pick("총회 설명 (선택)", "Assembly description (optional)")}</label>
            <textarea id="ed-description" name="description" rows="3" maxlength="5000">
                {form.description.clone()}
            </textarea>
            <label for="ed-pre">{lang.pick("사전 온라인 투표 시작 (선택)", "Online pre-voting from (optional)")}</label>
            <input id="ed-pre" name="pre_voting_starts" type="datetime-local" value=form.pre_voting_starts.clone() />
        }
    });
    view! {
        <section class="panel" aria-labelledby="life-heading">
            <h2 id="life-heading">{heading}</h2>
            <ActionForm action=life.edit attr:class="stack wide-form">
                <input type="hidden" name="assembly_id" value=id.to_string() />
                {fixed}
                {editable}
                <label for="ed-starts">{lang.pick("새 총회 시작", "New session start")}</label>
                <input id="ed-starts" name="session_starts" type="datetime-local" value=form.session_starts.clone() required />
                <label for="ed-ends">{lang.pick("새 총회 끝", "New session end")}</label>
                <input id="ed-ends" name="session_ends" type="datetime-local" value=form.session_ends.clone() required />
                {form.venue_booked.then(|| view! {
                    <p class="hint">{lang.pick(
                        "예약된 공간은 새 일시로 함께 옮겨집니다. 그 시간에 공간이 이미 예약되어 있으면 바뀌지 않습니다.",
                        "The booked space moves with the new times; if it is taken then, nothing changes.",
                    )}</p>
                })}
                {public.then(|| view! {
                    <p class="hint">{lang.pick(
                        "일시를 바꾸면 이 동의 확인된 주민 모두에게 알림이 갑니다.",
                        "Changing the times notifies every verified resident of the dong.",
                    )}</p>
                })}
                <FormError action=life.edit />
                <FormDone action=life.edit text=lang.pick("저장했습니다.", "Saved.") />
                <button type="submit" class="btn">{if only_times { lang.pick("연기하기", "Postpone") } else { lang.pick("총회 정보 저장", "Save the particulars") }}</button>
            </ActionForm>
            <details class="danger-zone" open=has_news(life.cancel)>
                <summary>{lang.pick("총회 취소", "Cancel the assembly")}</summary>
                <ActionForm action=life.cancel attr:class="stack">
                    <input type="hidden" name="assembly_id" value=id.to_string() />
                    <label for="cancel-reason">{lang.pick("취소 사유 (주민에게 공개됩니다)", "Reason (shown to residents)")}</label>
                    <textarea id="cancel-reason" name="reason" rows="2" minlength="5" maxlength="500" required></textarea>
                    <ConfirmBox label=lang.pick(
                            "총회를 취소합니다. 되돌릴 수 없습니다. 안건의 제안은 다시 총회에 올릴 수 있게 되고, 사전 투표는 무효가 되며, 예약한 공간은 풀립니다.",
                            "Cancel the assembly. This cannot be undone: its proposals can go on another agenda, pre-votes are void, and the booked space is released.",
                        ) />
                    <FormError action=life.cancel />
                    <button type="submit" class="btn-danger">{lang.pick("총회 취소하기", "Cancel the assembly")}</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn ManagePanel(
    id: i64,
    status: AssemblyStatus,
    add: ServerAction<AddAgendaItem>,
    advance: ServerAction<AdvanceAssembly>,
    /// Steps that would depart from the plan now: (event, how).
    off_schedule: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let agenda_open = matches!(status, AssemblyStatus::Draft | AssemblyStatus::Announced);
    let steps: Vec<(&'static str, &'static str)> = match status {
        AssemblyStatus::Draft => vec![(
            "announce",
            lang.pick("공고하기 (주민에게 공개, 정족수 확정)", "Announce (publish; fixes the quorum)"),
        )],
        AssemblyStatus::Announced => vec![
            ("open_pre_voting", lang.pick("사전 온라인 투표 시작", "Open online pre-voting")),
            ("open_session", lang.pick("총회 시작", "Open the session")),
        ],
        AssemblyStatus::PreVoting => vec![("open_session", lang.pick("총회 시작", "Open the session"))],
        AssemblyStatus::InSession => vec![("close", lang.pick("투표 마감", "Close the vote"))],
        AssemblyStatus::Closed => vec![("publish_results", lang.pick("결과 공개", "Publish the results"))],
        _ => vec![],
    };
    view! {
        <section class="panel" aria-labelledby="manage-heading">
            <h2 id="manage-heading">{lang.pick("총회 운영", "Running the assembly")}</h2>
            {agenda_open.then(|| view! {
                <details class="stack" open=status == AssemblyStatus::Draft || has_news(add)>
                    <summary>{lang.pick("안건 추가", "Add an agenda item")}</summary>
                    <ActionForm action=add attr:class="stack wide-form">
                        <input type="hidden" name="assembly_id" value=id.to_string() />
                        <label for="it-kind">{lang.pick("결정 방식", "How it is decided")}</label>
                        <select id="it-kind" name="kind" required>
                            <option value="proposal">{lang.pick("제안 찬반 (총회 상정 가능한 제안)", "Approve or reject an eligible proposal")}</option>
                            <option value=ItemKind::SingleChoice.as_str()>{ItemKind::SingleChoice.label(lang)}</option>
                            <option value=ItemKind::Approval.as_str()>{ItemKind::Approval.label(lang)}</option>
                            <option value=ItemKind::Budget.as_str()>{ItemKind::Budget.label(lang)}</option>
                        </select>
                        <label for="it-proposals">{lang.pick("제안 번호 (찬반: 하나, 예산: 쉼표로 여러 개)", "Proposal numbers (approve/reject: one; budget: several, with commas)")}</label>
                        <input id="it-proposals" name="proposals" inputmode="numeric" />
                        <label for="it-title">{lang.pick("제목 (제안 찬반은 제안 제목)", "Title (approve/reject uses the proposal's)")}</label>
                        <input id="it-title" name="title" maxlength="200" />
                        <label for="it-description">{lang.pick("설명 (선택)", "Description (optional)")}</label>
                        <textarea id="it-description" name="description" rows="2" maxlength="3000"></textarea>
                        <label for="it-options">{lang.pick("선택지 (한 줄에 하나)", "Options (one per line)")}</label>
                        <textarea id="it-options" name="options" rows="3"></textarea>
                        <label for="it-max">{lang.pick("여러 개 고르기: 최대 개수", "Choose several: at most")}</label>
                        <input id="it-max" name="max" type="number" min="1" max="20" class="narrow" />
                        <label for="it-budget">{lang.pick("예산 (원)", "Budget (won)")}</label>
                        <input id="it-budget" name="budget_won" inputmode="numeric" />
                        <FormError action=add />
                        <button type="submit" class="btn">{lang.pick("안건 추가", "Add item")}</button>
                    </ActionForm>
                </details>
            })}
            {steps.into_iter().map(|(event, label)| {
                let off = off_schedule.iter().find(|(e, _)| e == event).map(|(_, how)| match how.as_str() {
                    "early" => lang.pick("계획된 시각보다 이릅니다.", "This is earlier than planned."),
                    "late" => lang.pick("계획된 시간이 이미 지났습니다.", "The planned time has passed."),
                    _ => lang.pick("사전 투표는 계획에 없었습니다.", "Pre-voting was not planned."),
                });
                view! {
                    <ActionForm action=advance attr:class="stack">
                        <input type="hidden" name="assembly_id" value=id.to_string() />
                        <input type="hidden" name="event" value=event />
                        <ConfirmBox label=lang.pick("이 단계는 되돌릴 수 없습니다.", "This step cannot be undone.") />
                        {off.map(|why| view! {
                            <label class="check off-schedule">
                                <input type="checkbox" name="off_schedule" required />
                                {why} " "
                                {lang.pick("계획된 일정과 다르게 지금 시작함을 확인합니다 (기록됩니다).", "I confirm opening it now, off the plan (this is recorded).")}
                            </label>
                        })}
                        <button type="submit" class="btn">{label}</button>
                    </ActionForm>
                }
            }).collect_view()}
            <FormError action=advance />
        </section>
    }
}
