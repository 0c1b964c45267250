//! For the welfare team: `/dongs/:code/welfare` (the dong's queue: referrals, flagged first, then
//! urgent, then oldest; households due a visit; the last closed; taking a referral at the counter
//! or on the phone; importing a visiting list), `/welfare/cases/:id` (a case: what was referred,
//! its log, assigning, recording, closing), and for the district's welfare supervisor
//! `/districts/:code/welfare` (each dong's workload and every flagged case). Each read is audited
//! by the services.

use super::refer::ReferralFields;
use crate::api::welfare::{
    AssignCase, CloseCase, ImportVisits, RecordCase, Refer, load_case, load_oversight, load_queue, load_welfare_log,
    take_receipt,
};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::components::pagination::Pagination;
use crate::domain::lang::Lang;
use crate::domain::welfare::{ActivityKind, CloseReason, FINDINGS_MAX, Service};
use crate::dto::Named;
use crate::dto::welfare::{CaseAbout, CaseDetail, CaseLine, CaseQueue, DistrictOversight};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn desk(lang: Lang) -> &'static str {
    lang.pick("복지 사례", "Welfare cases")
}

/// What a case is about, in a few words.
fn about(lang: Lang, a: &CaseAbout) -> String {
    match a {
        CaseAbout::Referral { needs } => needs.iter().map(|n| n.short(lang)).collect::<Vec<_>>().join(", "),
        CaseAbout::DueVisit { program, due_month } => format!("{} · {due_month}", program.label(lang)),
        CaseAbout::Purged => lang.pick("보존 기간이 지나 내용 삭제됨", "Details removed after retention").into(),
    }
}

#[component]
fn FlagBadges(line: CaseLine) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        {line.flags.untriaged.then(|| view! { <span class="badge badge-warn">{lang.pick("⚠ 24시간 넘게 미배정", "⚠ untriaged over 24 h")}</span> })}
        {line.flags.quiet.then(|| view! { <span class="badge badge-warn">{lang.pick("⚠ 14일간 활동 없음", "⚠ quiet 14 days")}</span> })}
    }
}

/// A case in a list; `dong` names its dong where the list spans several (the supervisor's).
#[component]
fn CaseRow(line: CaseLine, #[prop(optional)] dong: Option<String>) -> impl IntoView {
    let lang = use_prefs().lang;
    let href = format!("/welfare/cases/{}", line.id);
    let urgent = line.urgency == crate::domain::welfare::Urgency::Urgent;
    let dong = dong.map(|d| format!("{d} · ")).unwrap_or_default();
    view! {
        <li class="queue-item" data-case=line.id>
            <p class="card-meta">
                {format!("{dong}#{} · {} · {}", line.id, line.origin.label(lang), line.received)}
            </p>
            <h3 class="card-title">
                <a href=href>{if line.place.is_empty() { lang.pick("(내용 삭제됨)", "(details removed)").to_owned() } else { line.place.clone() }}</a>
            </h3>
            <p>{about(lang, &line.about)}</p>
            <p>
                <span class=if urgent { "badge badge-warn" } else { "badge" }>{line.urgency.short(lang)}</span>
                " "
                <span class="badge badge-quiet">{line.stage.label(lang)}</span>
                " "
                {line.assignee.clone().map(|a| view! { <span>{format!("{} {a}", lang.pick("담당", "with"))}</span> })}
                " "
                <FlagBadges line=line.clone() />
            </p>
        </li>
    }
}

/// `/dongs/:code/welfare`
#[component]
pub fn CaseQueuePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let take = ServerAction::<Refer>::new();
    let import = ServerAction::<ImportVisits>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("page").and_then(|p| p.parse::<u64>().ok()),
                take.version().get(),
                import.version().get(),
            )
        },
        |(code, page, ..)| load_queue(code, page),
    );
    view! {
        <Loaded data=data let:q>
            <QueueView q take import />
        </Loaded>
    }
}

#[component]
fn QueueView(q: CaseQueue, take: ServerAction<Refer>, import: ServerAction<ImportVisits>) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = q.dong.name(lang);
    let code = q.dong.code.clone();
    let title = format!("{} · {dong_name}", desk(lang));
    let flagged = q.referrals.iter().filter(|l| l.flags.any()).count();
    // the receipt of a referral just taken here, kept in a sealed cookie until shown once
    let receipt = Resource::new(move || take.version().get(), |_| take_receipt());
    let (code_take, code_import) = (code.clone(), code.clone());
    let list = |lines: Vec<CaseLine>, empty: &'static str| {
        if lines.is_empty() {
            view! { <p class="empty">{empty}</p> }.into_any()
        } else {
            view! { <ul class="queue">{lines.into_iter().map(|line| view! { <CaseRow line /> }).collect_view()}</ul> }
                .into_any()
        }
    };
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![(format!("/dongs/{code}"), dong_name.clone())] current=desk(lang).to_owned() />
        <h1>{title}</h1>
        <p class="hint">
            {lang.pick(
                "이 화면은 이 동의 복지 담당 공무원·방문간호사와 구 복지 감독자만 볼 수 있고, 열람할 때마다 감사 기록이 남습니다.",
                "Only this dong's welfare officers and nurses and the district's welfare supervisor see this page; every view is recorded in the welfare audit log below.",
            )}
        </p>
        {(flagged > 0).then(|| view! {
            <p class="notice-inline" role="alert">
                {match lang {
                    Lang::Ko => format!("확인이 필요한 사례 {flagged}건: 24시간 넘게 배정되지 않은 긴급 사례이거나 14일 동안 활동이 없습니다."),
                    Lang::En => format!("{flagged} case(s) need attention: urgent and untriaged for over 24 hours, or quiet for 14 days."),
                }}
            </p>
        })}
        <section aria-labelledby="referrals-heading">
            <h2 id="referrals-heading">{format!("{} ({})", lang.pick("이웃 알림", "Referrals"), q.referrals.len())}</h2>
            {list(q.referrals, lang.pick("열린 알림이 없습니다.", "No open referrals."))}
        </section>
        <section aria-labelledby="visits-heading">
            <h2 id="visits-heading">{format!("{} ({})", lang.pick("찾아가는 방문 대상", "Households due a visit"), q.due_total)}</h2>
            {list(q.due_visits, lang.pick("방문 대상 명단이 없습니다.", "No households due a visit."))}
            <Pagination base=format!("/dongs/{code}/welfare") query=vec![] page=q.due_page pages=q.due_pages />
        </section>
        {q.can_take.then(|| view! {
            <details class="panel" open=crate::components::form::has_news(take)>
                <summary><h2 class="inline-details">{lang.pick("창구·전화로 받은 알림 기록", "Record a referral taken at the counter or on the phone")}</h2></summary>
                <FormDone action=take text=lang.pick("접수했습니다. 접수번호를 알려 주신 분께 전해 주세요.", "Recorded. Give the receipt number to the person who told you.") />
                <Suspense fallback=|| ()>
                    {move || receipt.get().and_then(Result::ok).flatten().map(|r| view! {
                        <p>{lang.pick("접수번호 (알려 주신 분께 전해 주세요):", "Receipt number (give it to the person):")}</p>
                        <p class="sheet-code" data-receipt=r.receipt.clone()>{r.receipt.clone()}</p>
                    })}
                </Suspense>
                <ActionForm action=take attr:class="stack wide-form">
                    <input type="hidden" name="dong" value=code_take />
                    <label for="take-channel">{lang.pick("받은 곳", "Taken")}</label>
                    <select id="take-channel" name="channel">
                        <option value="counter">{lang.pick("창구", "At the counter")}</option>
                        <option value="phone">{lang.pick("전화", "On the phone")}</option>
                    </select>
                    <ReferralFields />
                    <FormError action=take />
                    <button type="submit" class="btn">{lang.pick("기록", "Record")}</button>
                </ActionForm>
            </details>
        })}
        {q.can_work.then(|| view! {
            <details class="panel" open=crate::components::form::has_news(import)>
                <summary><h2 class="inline-details">{lang.pick("방문 대상 명단 가져오기 (CSV)", "Import a visiting list (CSV)")}</h2></summary>
                <p class="hint">
                    {lang.pick(
                        "첫 줄은 program,address,due_month (또는 사업,주소,방문월), 그 아래 한 줄에 한 가구. 사업: turning_65·turning_70·newborn·crisis (또는 65세·70세·출산가정·위기가구). 한 번에 2,000가구까지 가져올 수 있고, 한 줄이라도 틀리면 아무것도 가져오지 않습니다.",
                        "First line program,address,due_month (or 사업,주소,방문월), then one household a line. Programs: turning_65, turning_70, newborn, crisis. Up to 2,000 households at once; if any line is wrong, nothing is imported.",
                    )}
                </p>
                <FormDone action=import text=lang.pick("명단을 가져왔습니다.", "List imported.") />
                <ActionForm action=import attr:class="stack wide-form">
                    <input type="hidden" name="dong" value=code_import />
                    <label for="visit-list">{lang.pick("명단", "List")}</label>
                    <textarea id="visit-list" name="list" rows="6" required
                        placeholder="program,address,due_month\nturning_65,연희로 1 101호,2027-01"></textarea>
                    <FormError action=import />
                    <button type="submit" class="btn">{lang.pick("가져오기", "Import")}</button>
                </ActionForm>
            </details>
        })}
        <section aria-labelledby="closed-heading">
            <h2 id="closed-heading">{lang.pick("최근 종결", "Recently closed")}</h2>
            {list(q.closed, lang.pick("종결된 사례가 없습니다.", "No closed cases."))}
        </section>
        <WelfareLog dong=Some(code.clone()) district=None />
    }
}

/// What a welfare audit event was, in a few words.
fn log_label(lang: Lang, action: &str) -> String {
    let text = match action {
        "welfare.referral_received" => lang.pick("알림 접수", "Referral received"),
        "welfare.queue_read" => lang.pick("목록 열람", "Queue read"),
        "welfare.case_read" => lang.pick("사례 열람", "Case read"),
        "welfare.case_assigned" => lang.pick("담당 배정", "Assigned"),
        "welfare.case_activity" => lang.pick("활동 기록", "Log entry"),
        "welfare.case_closed" => lang.pick("종결", "Closed"),
        "welfare.visiting_list_imported" => lang.pick("방문 명단 가져옴", "Visiting list imported"),
        "welfare.cases_purged" => lang.pick("보존 기간 지난 내용 삭제", "Retention purge"),
        "welfare.cases_resealed" => lang.pick("암호화 키 교체", "Re-sealed under a new key"),
        other => return other.to_owned(),
    };
    text.to_owned()
}

/// The welfare audit scope of a dong (its team and the district's supervisor) or of a district
/// (its supervisor): who received, read and worked which case. `?log=` pages it. Not in the
/// general audit log.
#[component]
fn WelfareLog(dong: Option<String>, district: Option<String>) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let base = match (&dong, &district) {
        (Some(d), _) => format!("/dongs/{d}/welfare"),
        (_, Some(d)) => format!("/districts/{d}/welfare"),
        _ => String::new(),
    };
    let data = Resource::new(
        move || query.read().get("log").and_then(|p| p.parse::<u64>().ok()),
        move |page| load_welfare_log(dong.clone(), district.clone(), page),
    );
    view! {
        <section aria-labelledby="welfare-log-heading">
            <details open=move || query.read().get("log").is_some()>
                <summary><h2 id="welfare-log-heading" class="inline-details">{lang.pick("열람·처리 기록 (복지 감사 기록)", "Reads and changes (welfare audit log)")}</h2></summary>
                <p class="hint">
                    {lang.pick(
                        "이 기록은 이 동의 복지팀과 구 복지 감독자만 볼 수 있습니다. 관리자와 구 전문가의 감사 기록에는 나오지 않습니다.",
                        "Only the dong's welfare team and the district's welfare supervisor read this log; it is not in the administrators' or the district expert's audit log.",
                    )}
                </p>
                <Loaded data=data let:p>
                    {
                        let base = base.clone();
                        let link = move |n: u64| format!("{base}?log={n}");
                        view! {
                            {if p.rows.is_empty() {
                                view! { <p class="empty">{lang.pick("기록이 없습니다.", "No records.")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="table" data-welfare-log="">
                                            <thead><tr>
                                                <th scope="col">{lang.pick("시각", "When")}</th>
                                                <th scope="col">{lang.pick("누가", "Who")}</th>
                                                <th scope="col">{lang.pick("무엇을", "What")}</th>
                                                <th scope="col">{lang.pick("어디서", "Where")}</th>
                                                <th scope="col">{lang.pick("내용", "Detail")}</th>
                                            </tr></thead>
                                            <tbody>
                                                {p.rows.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td class="num">{r.at}</td>
                                                        <td>{r.actor.unwrap_or_else(|| lang.pick("없음 (웹 알림·운영자)", "Nobody (web referral, operator)").into())}</td>
                                                        <td>{log_label(lang, &r.action)}</td>
                                                        <td>{r.dong.as_ref().or(r.district.as_ref()).map(|d| d.name(lang)).unwrap_or_default()}</td>
                                                        <td><code>{r.detail}</code></td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            <nav class="pager" aria-label=lang.pick("쪽 이동", "Pages")>
                                {(p.page > 1).then(|| view! { <a href=link(p.page - 1)>{lang.pick("← 이전", "← Newer")}</a> })}
                                <span>{format!("{} / {}", p.page, p.pages)}</span>
                                {(p.page < p.pages).then(|| view! { <a href=link(p.page + 1)>{lang.pick("다음 →", "Older →")}</a> })}
                            </nav>
                        }
                    }
                </Loaded>
            </details>
        </section>
    }
}

/// `/welfare/cases/:id`
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let assign = ServerAction::<AssignCase>::new();
    let record = ServerAction::<RecordCase>::new();
    let close = ServerAction::<CloseCase>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                assign.version().get(),
                record.version().get(),
                close.version().get(),
            )
        },
        |(id, ..)| load_case(id),
    );
    view! {
        <Loaded data=data let:c>
            <CaseView c assign record close />
        </Loaded>
    }
}

#[component]
fn CaseView(
    c: CaseDetail,
    assign: ServerAction<AssignCase>,
    record: ServerAction<RecordCase>,
    close: ServerAction<CloseCase>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let dong_name = c.dong.name(lang);
    let code = c.dong.code.clone();
    let id = c.line.id.to_string();
    let title = format!("{} #{}", lang.pick("사례", "Case"), c.line.id);
    let open = c.line.stage.is_open();
    let assigned = c.line.stage == crate::domain::welfare::Stage::Assigned;
    let team = c.team.clone();
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![(format!("/dongs/{code}"), dong_name.clone()), (format!("/dongs/{code}/welfare"), desk(lang).to_owned())]
            current=title.clone()
        />
        <h1>{title}</h1>
        <FormDone action=assign text=lang.pick("배정했습니다.", "Assigned.") />
        <FormDone action=record text=lang.pick("기록했습니다.", "Recorded.") />
        <FormDone action=close text=lang.pick("종결했습니다.", "Closed.") />
        <section class="panel" aria-labelledby="referral-heading">
            <h2 id="referral-heading">{lang.pick("받은 내용", "What was referred")}</h2>
            <dl class="facts">
                <dt>{lang.pick("장소", "Where")}</dt>
                <dd data-field="place">{c.line.place.clone()}</dd>
                <dt>{lang.pick("내용", "About")}</dt>
                <dd>{about(lang, &c.line.about)}</dd>
                <dt>{lang.pick("긴급도", "Urgency")}</dt>
                <dd>{c.line.urgency.short(lang)}</dd>
                <dt>{lang.pick("경로·접수", "Origin, received")}</dt>
                <dd>{format!("{} · {}", c.line.origin.label(lang), c.line.received)}</dd>
                {(!c.note.is_empty()).then(|| view! {
                    <dt>{lang.pick("알린 분이 본 것", "What the referrer saw")}</dt>
                    <dd class="prose" data-field="note">{c.note.clone()}</dd>
                })}
                <dt>{lang.pick("알린 분 연락", "Referrer's contact")}</dt>
                <dd>
                    {match (&c.contact, c.may_contact) {
                        (Some(k), true) => format!("{k} ({})", lang.pick("연락해도 됨", "may be contacted")),
                        (Some(k), false) => format!("{k} ({})", lang.pick("연락 원하지 않음", "do not contact")),
                        (None, _) => lang.pick("남기지 않음", "none given").to_owned(),
                    }}
                </dd>
                <dt>{lang.pick("상태", "Stage")}</dt>
                <dd>
                    {c.line.stage.label(lang)}
                    {c.line.assignee.clone().map(|a| format!(" · {} {a}", lang.pick("담당", "with")))}
                    {c.close_reason.map(|r| format!(" · {}", r.label(lang)))}
                    {c.closed.clone().map(|t| format!(" · {t}"))}
                    " "
                    <FlagBadges line=c.line.clone() />
                </dd>
            </dl>
        </section>
        <section aria-labelledby="log-heading">
            <h2 id="log-heading">{lang.pick("활동 기록", "Log")}</h2>
            {if c.activities.is_empty() {
                view! { <p class="empty">{lang.pick("아직 기록이 없습니다.", "Nothing recorded yet.")}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {c.activities.clone().into_iter().map(|a| {
                            let what = match (a.kind, a.service) {
                                (_, Some(s)) => format!("{}: {}", lang.pick("서비스 연계", "Linked"), s.label(lang)),
                                (Some(k), None) => k.label(lang).to_owned(),
                                (None, None) => String::new(),
                            };
                            view! {
                                <li>
                                    <p class="card-meta">{format!("{} · {}", a.on_date, a.official.clone().unwrap_or_default())}</p>
                                    <p><strong>{what}</strong></p>
                                    {(!a.findings.is_empty()).then(|| view! { <p class="prose">{a.findings.clone()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {c.can_work.then(|| view! {
            <p class="hint no-print">
                {lang.pick(
                    "본인이 자신에 관한 기록을 요청하면 신원을 확인한 뒤 이 페이지를 인쇄해 드리세요. 인쇄물에는 받은 내용과 활동 기록만 나옵니다. 이 열람도 감사 기록에 남습니다.",
                    "When people ask what is held about them, check who they are and print this page for them: the print shows what was referred and the log only. This reading is in the audit log too.",
                )}
            </p>
        })}
        {(c.can_work && open).then(|| {
            let (id_a, id_r, id_s, id_c) = (id.clone(), id.clone(), id.clone(), id.clone());
            let team_a = team.clone();
            let team_r = team.clone();
            let today = c.today.clone();
            let today_s = c.today.clone();
            let (max_r, max_s) = (c.today.clone(), c.today.clone());
            view! {
                // the working forms stay on screen: a printed case is what is held, nothing else
                <div class="no-print">
                <section class="panel" aria-labelledby="assign-heading">
                    <h2 id="assign-heading">{if assigned { lang.pick("담당 바꾸기", "Hand over") } else { lang.pick("담당 배정", "Assign") }}</h2>
                    {if team_a.is_empty() {
                        view! { <p class="empty">{lang.pick("이 동에 복지 담당 공무원이나 방문간호사가 없습니다. 관리자에게 역할을 요청하세요.", "This dong has no welfare officer or nurse yet: ask an administrator to grant the roles.")}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=assign attr:class="stack">
                                <input type="hidden" name="id" value=id_a />
                                <label for="assign-official">{lang.pick("담당자", "Official")}</label>
                                <select id="assign-official" name="official">
                                    {team_a.into_iter().map(|o| view! { <option value=o.id>{o.name}</option> }).collect_view()}
                                </select>
                                <FormError action=assign />
                                <button type="submit" class="btn">{lang.pick("배정", "Assign")}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </section>
                {assigned.then(|| view! {
                    <div class="two-col">
                        <section class="panel" aria-labelledby="record-heading">
                            <h2 id="record-heading">{lang.pick("연락·방문 기록", "Record a contact or visit")}</h2>
                            <ActionForm action=record attr:class="stack">
                                <input type="hidden" name="id" value=id_r />
                                <fieldset>
                                    <legend>{lang.pick("무엇을 했나요", "What")}</legend>
                                    {[ActivityKind::Visit, ActivityKind::ContactAttempt].into_iter().map(|k| view! {
                                        <label class="check">
                                            <input type="radio" name="kind" value=k.as_str() required checked=k == ActivityKind::Visit />
                                            {k.label(lang)}
                                        </label>
                                    }).collect_view()}
                                </fieldset>
                                <label for="record-date">{lang.pick("날짜", "Date")}</label>
                                <input id="record-date" name="on_date" type="date" required value=today max=max_r />
                                <label for="record-official">{lang.pick("누가", "Who")}</label>
                                <select id="record-official" name="official">
                                    {team_r.into_iter().map(|o| view! { <option value=o.id>{o.name}</option> }).collect_view()}
                                </select>
                                <label for="record-findings">{lang.pick("확인한 것", "What was found")}</label>
                                <textarea id="record-findings" name="findings" rows="4" maxlength=FINDINGS_MAX.to_string()></textarea>
                                <FormError action=record />
                                <button type="submit" class="btn">{lang.pick("기록", "Record")}</button>
                            </ActionForm>
                        </section>
                        <section class="panel" aria-labelledby="link-heading">
                            <h2 id="link-heading">{lang.pick("서비스 연계", "Link a service")}</h2>
                            <ActionForm action=record attr:class="stack">
                                <input type="hidden" name="id" value=id_s />
                                <input type="hidden" name="kind" value="service" />
                                <label for="link-service">{lang.pick("서비스", "Service")}</label>
                                <select id="link-service" name="service">
                                    {Service::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label(lang)}</option> }).collect_view()}
                                </select>
                                <label for="link-date">{lang.pick("날짜", "Date")}</label>
                                <input id="link-date" name="on_date" type="date" required value=today_s max=max_s />
                                <label for="link-note">{lang.pick("메모 (선택)", "Note (optional)")}</label>
                                <textarea id="link-note" name="findings" rows="3" maxlength=FINDINGS_MAX.to_string()></textarea>
                                <button type="submit" class="btn">{lang.pick("연계 기록", "Record the link")}</button>
                            </ActionForm>
                        </section>
                    </div>
                })}
                <details class="panel confirm" open=crate::components::form::has_news(close)>
                    <summary><h2 class="inline-details">{lang.pick("종결", "Close the case")}</h2></summary>
                    <ActionForm action=close attr:class="stack">
                        <input type="hidden" name="id" value=id_c />
                        <label for="close-reason">{lang.pick("종결 사유", "Reason")}</label>
                        <select id="close-reason" name="reason" required>
                            <option value="">{lang.pick("고르세요", "Choose")}</option>
                            {CloseReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                        <ConfirmBox label=lang.pick("종결하면 더 기록할 수 없습니다. 알린 분에게는 ‘마무리됨’으로 보입니다.", "A closed case takes no more entries; the referrer sees it as closed.") />
                        <FormError action=close />
                        <button type="submit" class="btn btn-danger">{lang.pick("종결", "Close")}</button>
                    </ActionForm>
                </details>
                </div>
            }
        })}
    }
}

/// `/districts/:code/welfare`
#[component]
pub fn OversightPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("code").unwrap_or_default(), load_oversight);
    view! {
        <Loaded data=data let:o>
            <OversightView o />
        </Loaded>
    }
}

#[component]
fn OversightView(o: DistrictOversight) -> impl IntoView {
    let lang = use_prefs().lang;
    let name = o.district.name(lang);
    let title = format!("{} · {name}", lang.pick("복지 사례 감독", "Welfare oversight"));
    let flagged_empty = o.flagged.is_empty();
    let code = o.district.code.clone();
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![(format!("/districts/{}", o.district.code), name.clone())] current=lang.pick("복지 사례 감독", "Welfare oversight").to_owned() />
        <h1>{title}</h1>
        <section aria-labelledby="flagged-heading">
            <h2 id="flagged-heading">{format!("{} ({})", lang.pick("확인이 필요한 사례", "Flagged cases"), o.flagged.len())}</h2>
            {if flagged_empty {
                view! { <p class="empty">{lang.pick("24시간 넘게 미배정이거나 14일간 활동 없는 사례가 없습니다.", "No case is untriaged over 24 hours or quiet for 14 days.")}</p> }.into_any()
            } else {
                let names: std::collections::HashMap<String, String> =
                    o.dongs.iter().map(|w| (w.dong.code.clone(), w.dong.name(lang))).collect();
                view! {
                    <ul class="queue">
                        {o.flagged.into_iter().map(|line| {
                            let dong = names.get(&line.dong_code).cloned();
                            view! { <CaseRow line dong=dong.unwrap_or_default() /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="dongs-heading">
            <h2 id="dongs-heading">{lang.pick("동별 열린 사례", "Open cases by dong")}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{lang.pick("동", "Dong")}</th>
                        <th scope="col" class="num">{lang.pick("열린 사례", "Open")}</th>
                        <th scope="col" class="num">{lang.pick("확인 필요", "Flagged")}</th>
                    </tr></thead>
                    <tbody>
                        {o.dongs.into_iter().map(|w| view! {
                            <tr>
                                <th scope="row"><a href=format!("/dongs/{}/welfare", w.dong.code)>{w.dong.name(lang)}</a></th>
                                <td class="num">{w.open}</td>
                                <td class="num">{w.flagged}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <WelfareLog dong=None district=Some(code) />
    }
}
