//! The community project expert's workspace for a district: the report queue with decisions,
//! proposals that are new or near their threshold, active groups, and the district's settings.

use crate::api::moderation::{Moderate, RestrictUser, SetReportThreshold, expert_workspace};
use crate::api::proposals::SetSupportThreshold;
use crate::components::Loaded;
use crate::components::cards::{GroupCard, ProposalCard};
use crate::components::form::{FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::dto::{Named, QueueItem, Workspace};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/expert/:district`.
#[component]
pub fn ExpertPage() -> impl IntoView {
    let params = use_params_map();
    let moderate = ServerAction::<Moderate>::new();
    let restrict = ServerAction::<RestrictUser>::new();
    let support_t = ServerAction::<SetSupportThreshold>::new();
    let report_t = ServerAction::<SetReportThreshold>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("district").unwrap_or_default(),
                moderate.version().get(),
                support_t.version().get(),
                report_t.version().get(),
            )
        },
        |(d, ..)| expert_workspace(d),
    );
    view! {
        <Loaded data=data let:w>
            <WorkspaceView w moderate restrict support_t report_t />
        </Loaded>
    }
}

#[component]
fn WorkspaceView(
    w: Workspace,
    moderate: ServerAction<Moderate>,
    restrict: ServerAction<RestrictUser>,
    support_t: ServerAction<SetSupportThreshold>,
    report_t: ServerAction<SetReportThreshold>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let name = w.district.name(lang);
    let title = format!("{name} · {}", lang.pick("마을공동체 전문가", "Community expert"));
    let district = w.district.code.clone();
    let count = |n: usize| match lang {
        Lang::Ko => format!("{n}건"),
        Lang::En => format!("{n}"),
    };
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![(format!("/districts/{}", w.district.code), name.clone())] current=lang.pick("전문가 업무", "Expert workspace").to_owned() />
        <h1>{title}</h1>
        <ul class="stat-row">
            <li><span class="stat">{w.queue.len()}</span>{lang.pick("검토할 신고", "open reports")}</li>
            <li><span class="stat">{w.counts.new_proposals}</span>{lang.pick("새 제안 (2주)", "new proposals (2 weeks)")}</li>
            <li><span class="stat">{w.counts.near_threshold}</span>{lang.pick("기준 근접·도달", "near or over threshold")}</li>
            <li><span class="stat">{w.counts.groups}</span>{lang.pick("주민모임", "resident groups")}</li>
        </ul>

        <section aria-labelledby="queue-heading">
            <h2 id="queue-heading">{format!("{} ({})", lang.pick("신고 검토", "Reports to review"), count(w.queue.len()))}</h2>
            <FormError action=moderate />
            <FormDone action=moderate text=lang.pick("처리했습니다.", "Done.") />
            <FormError action=restrict />
            <FormDone action=restrict text=lang.pick("조치했습니다. 당사자에게 알렸습니다.", "Done; the person was notified.") />
            {if w.queue.is_empty() {
                view! { <p class="empty">{lang.pick("검토할 신고가 없습니다.", "No reports to review.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="queue">
                        {w.queue.iter().cloned().map(|item| view! { <QueueCard item district=district.clone() moderate restrict /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="near-heading">
            <h2 id="near-heading">{lang.pick("공감 기준에 가깝거나 도달한 제안", "Proposals near or over their threshold")}</h2>
            {if w.near_threshold.is_empty() {
                view! { <p class="empty">{lang.pick("없습니다.", "None.")}</p> }.into_any()
            } else {
                view! { <ul class="card-list compact">{w.near_threshold.iter().cloned().map(|p| view! { <ProposalCard p show_dong=true /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="new-heading">
            <h2 id="new-heading">{lang.pick("최근 2주 새 제안", "New proposals (last 2 weeks)")}</h2>
            {if w.new_proposals.is_empty() {
                view! { <p class="empty">{lang.pick("없습니다.", "None.")}</p> }.into_any()
            } else {
                view! { <ul class="card-list compact">{w.new_proposals.iter().cloned().map(|p| view! { <ProposalCard p show_dong=true /> }).collect_view()}</ul> }.into_any()
            }}
            <p><a href=format!("/districts/{}/proposals", w.district.code)>{lang.pick("구 전체 제안 보기 →", "All proposals of the district →")}</a></p>
        </section>
        <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">{lang.pick("활발한 주민모임", "Active resident groups")}</h2>
            {if w.active_groups.is_empty() {
                view! { <p class="empty">{lang.pick("없습니다.", "None.")}</p> }.into_any()
            } else {
                view! { <ul class="card-list compact">{w.active_groups.iter().cloned().map(|g| view! { <GroupCard g show_dong=true /> }).collect_view()}</ul> }.into_any()
            }}
            <p><a href=format!("/districts/{}/groups", w.district.code)>{lang.pick("구 전체 모임 보기 →", "All groups of the district →")}</a></p>
        </section>

        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{lang.pick("동별 현황과 기준", "Dongs and their rules")}</h2>
            <ActionForm action=report_t attr:class="inline-form">
                <input type="hidden" name="district" value=district.clone() />
                <label for="report-threshold">{lang.pick("몇 명이 신고하면 검토 전까지 가릴까요", "Reports from how many people hide an item pending review")}</label>
                <input id="report-threshold" name="report_threshold" type="number" min="1" max="100" required value=w.report_threshold.to_string() class="narrow" />
                <button type="submit" class="btn-quiet">{lang.pick("저장", "Save")}</button>
            </ActionForm>
            <FormError action=report_t />
            <FormError action=support_t />
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{lang.pick("동", "Dong")}</th>
                            <th scope="col" class="num">{lang.pick("제안", "Proposals")}</th>
                            <th scope="col" class="num">{lang.pick("모임", "Groups")}</th>
                            <th scope="col">{lang.pick("공감 기준 (명)", "Support threshold")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {w.dongs.clone().into_iter().map(|d| view! {
                            <tr>
                                <th scope="row"><a href=format!("/dongs/{}/proposals", d.dong.code)>{d.dong.name(lang)}</a></th>
                                <td class="num">{d.proposals}</td>
                                <td class="num">{d.groups}</td>
                                <td>
                                    <ActionForm action=support_t attr:class="inline-form">
                                        <input type="hidden" name="dong" value=d.dong.code.clone() />
                                        <input name="threshold" type="number" min="1" max="10000" required class="narrow"
                                            value=d.support_threshold.to_string()
                                            aria-label=format!("{} {}", d.dong.name(lang), lang.pick("공감 기준", "support threshold")) />
                                        <button type="submit" class="btn-quiet">{lang.pick("저장", "Save")}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn QueueCard(
    item: QueueItem,
    district: String,
    moderate: ServerAction<Moderate>,
    restrict: ServerAction<RestrictUser>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let kind_label = item.kind.label(lang);
    let fid = format!("{}-{}", item.kind.as_str(), item.id);
    let [queue_id, reason_id, days_id, rreason_id] =
        ["queue", "reason", "days", "rreason"].map(|p| format!("{p}-{fid}"));
    view! {
        <li class="card queue-item" id=queue_id>
            <p class="card-meta">
                <span class="badge">{kind_label}</span>
                " "
                {item.dong.name(lang)}
                " · "
                {item.author.clone()}
                {item.hidden.then(|| view! { " " <span class="badge status-hidden">{lang.pick("검토 전까지 가려짐", "hidden pending review")}</span> })}
            </p>
            <p><a href=item.link.clone()>{item.excerpt.clone()}</a></p>
            <ul class="reports">
                {item.reports.iter().map(|r| view! {
                    <li>
                        <strong>{r.reason.label(lang)}</strong>
                        {(!r.detail.is_empty()).then(|| format!(" — {}", r.detail))}
                        " · " <span class="num">{r.at.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=moderate attr:class="stack">
                <input type="hidden" name="kind" value=item.kind.as_str() />
                <input type="hidden" name="id" value=item.id.to_string() />
                <label for=reason_id.clone()>{lang.pick("공개 사유 (주민에게 보입니다)", "Public reason (shown to residents)")}</label>
                <input id=reason_id name="public_reason" required minlength="5" maxlength="500" />
                <div class="actions">
                    <button type="submit" name="decision" value="hide" class="btn-danger">{lang.pick("가리기", "Hide")}</button>
                    <button type="submit" name="decision" value="restore" class="btn">{lang.pick("복원하기", "Restore")}</button>
                </div>
            </ActionForm>
            <details>
                <summary>{lang.pick("작성자에게 주의 또는 글쓰기 제한", "Warn or block the author")}</summary>
                <ActionForm action=restrict attr:class="stack">
                    <input type="hidden" name="district" value=district />
                    <input type="hidden" name="user_id" value=item.author_id.to_string() />
                    <fieldset>
                        <legend>{lang.pick("조치", "Action")}</legend>
                        <label class="check"><input type="radio" name="kind" value="warning" checked />{lang.pick("주의", "Warning")}</label>
                        <label class="check"><input type="radio" name="kind" value="block" />{lang.pick("글쓰기 제한", "Block from posting")}</label>
                    </fieldset>
                    <label for=days_id.clone()>{lang.pick("제한 일수 (제한일 때)", "Days (for a block)")}</label>
                    <input id=days_id name="days" type="number" min="1" max="365" value="7" class="narrow" />
                    <label for=rreason_id.clone()>{lang.pick("사유", "Reason")}</label>
                    <input id=rreason_id name="public_reason" required minlength="5" maxlength="500" />
                    <button type="submit" class="btn-quiet">{lang.pick("조치하기", "Apply")}</button>
                </ActionForm>
            </details>
        </li>
    }
}
