//! Resident general assemblies (주민총회): a dong's list, creating one, and an assembly's page —
//! its particulars and rules, the agenda with a ballot for each item, and (for staff and the
//! district's expert) the agenda editor and the steps of its lifecycle.

use crate::api::assemblies::{
    AddAgendaItem, AdvanceAssembly, CancelAssembly, CastBallot, CreateAssembly, EditAssembly, MoveAgendaItem,
    RemoveAgendaItem, SaveBylaws, SaveMinutes, list_assemblies, load_assembly,
};
use crate::api::dto::{AgendaItemView, AssemblyDetail, AssemblyEditForm, AssemblyList, Named};
use crate::api::participation::place_of;
use crate::components::feedback::{ErrorView, Loading, access_error};
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub fn assembly_status_label(lang: Lang, status: &str) -> &'static str {
    match status {
        "draft" => lang.pick("준비 중", "Draft"),
        "announced" => lang.pick("공고됨", "Announced"),
        "pre_voting" => lang.pick("사전 온라인 투표 중", "Online pre-voting"),
        "in_session" => lang.pick("총회 진행 중", "In session"),
        "closed" => lang.pick("투표 마감", "Voting closed"),
        "results_published" => lang.pick("결과 공개", "Results published"),
        "cancelled" => lang.pick("취소됨", "Cancelled"),
        _ => "",
    }
}

fn kind_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "approve_reject" => lang.pick("찬반 투표", "Approve or reject"),
        "single_choice" => lang.pick("하나 고르기", "Choose one"),
        "approval" => lang.pick("여러 개 고르기", "Choose several"),
        "budget" => lang.pick("주민참여예산", "Participatory budget"),
        _ => "",
    }
}

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
        <Suspense fallback=Loading>
            {move || list.get().map(|res| match res {
                Err(e) => view! { <ErrorView error=e /> }.into_any(),
                Ok(AssemblyList { dong, can_manage, bylaws, items }) => {
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
                                    {items.into_iter().map(|a| view! {
                                        <li class="card">
                                            <a class="card-title" href=format!("/assemblies/{}", a.id)>{a.title.clone()}</a>
                                            <p class="card-meta">
                                                <span class=format!("badge assembly-{}", a.status)>{assembly_status_label(lang, &a.status)}</span>
                                                " " <span class="num">{a.session_starts.clone()}</span>
                                                " · " {a.venue.clone()}
                                            </p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// The dong's bylaws, for its staff and the district's expert: they apply to assemblies created
/// from now on (an assembly keeps the rules it was created under).
#[component]
fn BylawsForm(dong: String, b: crate::api::dto::BylawsView, save: ServerAction<SaveBylaws>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <details class="panel">
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
                    <option value="simple" selected=b.majority == "simple">{lang.pick("유효표의 과반", "More than half of valid votes")}</option>
                    <option value="two_thirds" selected=b.majority == "two_thirds">{lang.pick("유효표의 3분의 2 이상", "At least two thirds of valid votes")}</option>
                </select>
                <label for="b-age">{lang.pick("투표할 수 있는 나이 (올해 기준)", "Minimum age (reached this year)")}</label>
                <input id="b-age" name="minimum_age" type="number" min="0" max="100" required class="narrow" value=b.minimum_age.to_string() />
                <label class="check"><input type="checkbox" name="abstentions_count" value="1" checked=b.abstentions_count />{lang.pick("기권도 정족수에 포함", "Abstentions count toward the quorum")}</label>
                <label class="check"><input type="checkbox" name="secret_ballot" value="1" checked=b.secret_ballot />{lang.pick("비밀투표", "Secret ballot")}</label>
                <label class="check"><input type="checkbox" name="running_results_visible" value="1" checked=b.running_results_visible />{lang.pick("마감 전에도 집계를 공개 (공개투표일 때만)", "Show running counts before the close (open ballots only)")}</label>
                <label for="b-pb">{lang.pick("주민참여예산 사업 선정 방식", "How participatory budgets choose projects")}</label>
                <select id="b-pb" name="pb_rule" aria-describedby="b-pb-hint">
                    <option value="greedy" selected=b.pb_rule == "greedy">{lang.pick("득표순", "By votes")}</option>
                    <option value="equal_shares" selected=b.pb_rule == "equal_shares">{lang.pick("균등 몫 방식", "Method of Equal Shares")}</option>
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
        <Suspense fallback=Loading>
            {move || place.get().map(|res| match res {
                Err(e) => access_error(e),
                Ok(p) => {
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
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// `/assemblies/:id`.
#[component]
pub fn AssemblyPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let vote = ServerAction::<CastBallot>::new();
    let add = ServerAction::<AddAgendaItem>::new();
    let edit =
        AgendaEdit { remove: ServerAction::<RemoveAgendaItem>::new(), moves: ServerAction::<MoveAgendaItem>::new() };
    let advance = ServerAction::<AdvanceAssembly>::new();
    let minutes = ServerAction::<SaveMinutes>::new();
    let life = Lifecycle { edit: ServerAction::<EditAssembly>::new(), cancel: ServerAction::<CancelAssembly>::new() };
    let detail = Resource::new(
        move || {
            (
                id(),
                (vote.version().get(), add.version().get(), advance.version().get(), minutes.version().get()),
                (edit.remove.version().get(), edit.moves.version().get()),
                (life.edit.version().get(), life.cancel.version().get()),
            )
        },
        |(id, ..)| load_assembly(id),
    );
    view! {
        <Suspense fallback=Loading>
            {move || detail.get().map(|res| match res {
                Ok(d) => view! { <AssemblyView d vote add edit advance minutes life /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
    }
}

#[component]
fn AssemblyView(
    d: AssemblyDetail,
    vote: ServerAction<CastBallot>,
    add: ServerAction<AddAgendaItem>,
    edit: AgendaEdit,
    advance: ServerAction<AdvanceAssembly>,
    minutes: ServerAction<SaveMinutes>,
    life: Lifecycle,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = d.summary.clone();
    // secret ballots stay sealed until the close: no running count (`Bylaws::shows_running_counts`)
    let running_visible = d.bylaws.running_results_visible && !d.bylaws.secret_ballot;
    let v = d.viewer.clone();
    let b = d.bylaws.clone();
    let dong_name = s.dong.name(lang);
    let voted: Vec<String> =
        d.items.iter().filter(|i| i.my_channel.is_some()).map(|i| (i.position + 1).to_string()).collect();
    let quorum = match (b.quorum_kind.as_str(), d.quorum_required) {
        ("percent", Some(n)) => match lang {
            Lang::Ko => format!("확인된 주민의 {}% ({n}명)", b.quorum_value),
            Lang::En => format!("{}% of verified residents ({n})", b.quorum_value),
        },
        ("percent", None) => match lang {
            Lang::Ko => format!("확인된 주민의 {}% (공고 때 정해짐)", b.quorum_value),
            Lang::En => format!("{}% of verified residents (fixed at announcement)", b.quorum_value),
        },
        _ => match lang {
            Lang::Ko => format!("{}명", b.quorum_value),
            Lang::En => format!("{} residents", b.quorum_value),
        },
    };
    let yes_no = |x: bool| if x { lang.pick("예", "Yes") } else { lang.pick("아니요", "No") };
    view! {
        <Title text=title_text(&s.title) />
        <Breadcrumbs
            items=vec![
                (format!("/districts/{}", d.district.code), d.district.name(lang)),
                (format!("/dongs/{}", s.dong.code), dong_name.clone()),
                (format!("/dongs/{}/assemblies", s.dong.code), lang.pick("주민총회", "Assemblies").to_owned()),
            ]
            current=s.title.clone()
        />
        <article class="assembly">
            <h1>{s.title.clone()}</h1>
            <p class="meta">
                <span class=format!("badge assembly-{}", s.status)>{assembly_status_label(lang, &s.status)}</span>
                " " {dong_name.clone()}
            </p>
            <dl class="facts">
                <dt>{lang.pick("일시", "When")}</dt>
                <dd class="num">{format!("{} – {}", s.session_starts, s.session_ends.get(11..).unwrap_or_default())}</dd>
                <dt>{lang.pick("장소", "Where")}</dt>
                <dd>{s.venue.clone()}</dd>
                {d.pre_voting_starts.clone().map(|p| view! {
                    <dt>{lang.pick("사전 온라인 투표", "Online pre-voting")}</dt>
                    <dd class="num">{match lang { Lang::Ko => format!("{p}부터"), Lang::En => format!("from {p}") }}</dd>
                })}
            </dl>
            {d.rescheduled_at.clone().map(|t| view! {
                <p class="hint">{match lang {
                    Lang::Ko => format!("일정이 바뀌었습니다 ({t} 변경). 위의 일시가 새 일정입니다."),
                    Lang::En => format!("The times changed on {t}; those above are the new ones."),
                }}</p>
            })}
            {d.cancel_reason.clone().map(|reason| view! {
                <div class="form-error cancelled" role="note">
                    <p><strong>{lang.pick("이 총회는 취소되었습니다.", "This assembly was cancelled.")}</strong>
                    " " {lang.pick("사유: ", "Reason: ")} {reason}</p>
                    <p>{lang.pick("사전 온라인 투표는 모두 무효가 되었습니다.", "All online pre-votes are void.")}</p>
                    {(v.voided_ballots > 0).then(|| view! {
                        <p>{match lang {
                            Lang::Ko => format!("회원님이 낸 사전 투표 {}건도 무효가 되었습니다. 새 총회가 공고되면 다시 투표할 수 있습니다.", v.voided_ballots),
                            Lang::En => format!("Your {} pre-vote(s) were voided too. You can vote again when a new assembly is announced.", v.voided_ballots),
                        }}</p>
                    })}
                </div>
            })}
            <div class="prose" inner_html=d.description_html.clone()></div>
        </article>

        <section class="panel" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{lang.pick("총회 규칙", "Rules")}</h2>
            <dl class="facts">
                <dt>{lang.pick("의사정족수", "Quorum")}</dt>
                <dd>{quorum}</dd>
                <dt>{lang.pick("의결 기준", "Majority")}</dt>
                <dd>{if b.majority == "two_thirds" {
                    lang.pick("유효표의 3분의 2 이상", "At least two thirds of valid votes")
                } else {
                    lang.pick("유효표의 과반", "More than half of valid votes")
                }}</dd>
                <dt>{lang.pick("기권을 정족수에 포함", "Abstentions count toward the quorum")}</dt>
                <dd>{yes_no(b.abstentions_count)}</dd>
                <dt>{lang.pick("투표할 수 있는 나이", "Minimum age")}</dt>
                <dd>{match lang {
                    Lang::Ko => format!("올해 {}세가 되는 주민부터", b.minimum_age),
                    Lang::En => format!("Residents who turn {} this year, and older", b.minimum_age),
                }}</dd>
                <dt>{lang.pick("비밀투표", "Secret ballot")}</dt>
                <dd>{if b.secret_ballot {
                    lang.pick("예 — 누가 무엇을 골랐는지 아무도 알 수 없고, 한 번 낸 표는 바꿀 수 없습니다.", "Yes — nobody can see who chose what, and a ballot cannot be changed once cast.")
                } else {
                    lang.pick("아니요 — 마감 전까지 표를 바꿀 수 있습니다.", "No — you can change your ballot until the close.")
                }}</dd>
                <dt>{lang.pick("주민참여예산 사업 선정", "Participatory budget")}</dt>
                <dd>{if b.pb_rule == "equal_shares" {
                    lang.pick(
                        "균등 몫 방식 — 사업을 고른 주민에게 예산을 똑같이 나누고, 각 사업은 그 사업을 고른 주민의 몫으로만 비용을 냅니다. 다수가 예산을 모두 가져가지 않습니다.",
                        "Method of Equal Shares — the budget is split equally among those who choose projects, and a project is paid only from the shares of those who chose it: a majority cannot take the whole budget.",
                    )
                } else {
                    lang.pick(
                        "득표순 — 득표가 많은 사업부터 예산 안에서 고르고, 남은 예산에 맞지 않는 사업은 건너뜁니다.",
                        "By votes — projects are funded in order of votes while they fit in what is left of the budget; a project that no longer fits is skipped.",
                    )
                }}</dd>
            </dl>
        </section>

        {(!voted.is_empty()).then(|| view! {
            <p class="form-done" role="status">{match lang {
                Lang::Ko => format!("투표한 안건: {}번", voted.join(", ")),
                Lang::En => format!("You voted on items {}.", voted.join(", ")),
            }}</p>
        })}
        {v.cannot_vote.clone().filter(|why| !(v.can_manage && why == "not_resident") && s.status != "cancelled").map(|why| view! {
            <p class="hint">{match why.as_str() {
                "not_resident" => lang.pick("이 동에 사는 것이 확인된 주민만 투표할 수 있습니다. 주민센터에서 확인받으세요.", "Only verified residents of the dong can vote. The community service center can verify you."),
                "too_young" => lang.pick("총회 규칙의 나이 기준에 따라 이번 총회에서는 투표할 수 없습니다.", "By the assembly's age rule, you cannot vote in this assembly."),
                _ => lang.pick("지금은 온라인 투표 기간이 아닙니다.", "Online voting is not open now."),
            }}</p>
        })}
        {(!v.signed_in).then(|| view! {
            <p><a href="/sign-in">{lang.pick("로그인", "Sign in")}</a>{lang.pick("하면 이 동의 확인된 주민이 투표할 수 있습니다.", " to vote as a verified resident of the dong.")}</p>
        })}

        <section aria-labelledby="agenda-heading">
            <h2 id="agenda-heading">{lang.pick("안건", "Agenda")}</h2>
            {if d.items.is_empty() {
                view! { <p class="empty">{lang.pick("아직 안건이 없습니다.", "No items yet.")}</p> }.into_any()
            } else {
                view! {
                    <ol class="agenda">
                        {d.items.clone().into_iter().map(|item| {
                            let edit = (v.can_manage && matches!(s.status.as_str(), "draft" | "announced")).then_some(edit);
                            view! { <AgendaItem item can_vote=v.can_vote vote edit /> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <FormError action=vote />
            <FormError action=edit.remove />
            <FormError action=edit.moves />
            <FormDone action=vote text=lang.pick("투표했습니다.", "Your ballot is recorded.") />
        </section>

        <p class="actions">
            {matches!(s.status.as_str(), "announced" | "pre_voting" | "in_session" | "closed").then(|| view! {
                <a class="btn-quiet" href=format!("/assemblies/{}/live", s.id)>{lang.pick("참여 현황", "Live count")}</a>
            })}
            {(s.status == "results_published" || (v.can_manage && s.status == "closed") || (running_visible && matches!(s.status.as_str(), "pre_voting" | "in_session" | "closed"))).then(|| view! {
                <a class="btn" href=format!("/assemblies/{}/results", s.id)>{lang.pick("결과 보기", "See the results")}</a>
            })}
            {(s.status != "draft").then(|| view! {
                <a class="btn-quiet" href=format!("/assemblies/{}/notice", s.id)>{lang.pick("인쇄용 안내문", "Printable notice")}</a>
            })}
            {(v.can_manage && matches!(s.status.as_str(), "in_session" | "closed")).then(|| view! {
                <a class="btn-quiet" href=format!("/assemblies/{}/door", s.id)>{lang.pick("현장 접수·종이 투표", "Door and paper ballots")}</a>
            })}
        </p>
        {d.minutes_html.clone().map(|html| {
            // once published, every saved text stays readable
            let earlier: Vec<_> = d.minutes_versions.iter().skip(1).cloned().collect();
            let current = d.minutes_versions.first().cloned();
            view! {
                <section aria-labelledby="minutes-heading">
                    <h2 id="minutes-heading">{lang.pick("회의록", "Minutes")}</h2>
                    {current.filter(|_| !earlier.is_empty()).map(|v| view! {
                        <p class="meta">{match lang {
                            Lang::Ko => format!("{}번째 판 · {} 고침", v.number, v.saved_at),
                            Lang::En => format!("Version {} · revised {}", v.number, v.saved_at),
                        }}</p>
                    })}
                    <div class="prose" inner_html=html></div>
                    {(!earlier.is_empty()).then(|| view! {
                        <details class="minutes-versions">
                            <summary>{lang.pick("이전 판 보기", "Earlier versions")}</summary>
                            {earlier.into_iter().map(|v| view! {
                                <article class="minutes-version">
                                    <h3>{match lang {
                                        Lang::Ko => format!("{}번째 판 · {}{}", v.number, v.saved_at, v.saved_by.as_ref().map(|n| format!(" · {n}")).unwrap_or_default()),
                                        Lang::En => format!("Version {} · {}{}", v.number, v.saved_at, v.saved_by.as_ref().map(|n| format!(" · {n}")).unwrap_or_default()),
                                    }}</h3>
                                    <div class="prose" inner_html=v.html></div>
                                </article>
                            }).collect_view()}
                        </details>
                    })}
                </section>
            }
        })}
        {v.can_write_minutes.then(|| view! {
            <section class="panel" aria-labelledby="write-minutes-heading">
                <h2 id="write-minutes-heading">{lang.pick("회의록 쓰기", "Write the minutes")}</h2>
                <ActionForm action=minutes attr:class="stack wide-form">
                    <input type="hidden" name="assembly_id" value=s.id.to_string() />
                    <label for="m-text">{lang.pick("회의록 (굵게, 목록, 링크를 쓸 수 있습니다)", "Minutes (bold, lists and links work)")}</label>
                    <textarea id="m-text" name="minutes" rows="10" required minlength="10" maxlength="20000">{d.minutes_draft.clone().unwrap_or_default()}</textarea>
                    <label class="check">
                        <input type="checkbox" name="publish" value="1" checked=d.minutes_html.is_some() />
                        {lang.pick("주민에게 공개", "Publish to residents")}
                    </label>
                    <FormError action=minutes />
                    <FormDone action=minutes text=lang.pick("저장했습니다.", "Saved.") />
                    <button type="submit" class="btn">{lang.pick("저장", "Save")}</button>
                </ActionForm>
            </section>
        })}
        {(v.can_manage && s.status != "cancelled").then(|| view! {
            <ManagePanel id=s.id status=s.status.clone() add advance off_schedule=v.off_schedule.clone() />
            <LifecyclePanel id=s.id status=s.status.clone() form=v.edit.clone() life />
        })}
    }
}

/// The organisers' lifecycle actions besides the steps: editing (or postponing) and cancelling.
#[derive(Clone, Copy)]
pub struct Lifecycle {
    edit: ServerAction<EditAssembly>,
    cancel: ServerAction<CancelAssembly>,
}

/// Edit the particulars (draft, announced), postpone (pre-voting: times only), cancel with a
/// reason (until the session opens). Both forms work without JavaScript.
#[component]
fn LifecyclePanel(id: i64, status: String, form: Option<AssemblyEditForm>, life: Lifecycle) -> impl IntoView {
    let lang = use_prefs().lang;
    let Some(form) = form else { return ().into_any() };
    let public = status != "draft";
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
            <details class="danger-zone">
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

/// The organisers' agenda actions (while the agenda may change).
#[derive(Clone, Copy)]
pub struct AgendaEdit {
    remove: ServerAction<RemoveAgendaItem>,
    moves: ServerAction<MoveAgendaItem>,
}

#[component]
fn AgendaItem(
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
                <span class="badge badge-quiet">{kind_label(lang, &item.kind)}</span>
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

#[component]
fn ManagePanel(
    id: i64,
    status: String,
    add: ServerAction<AddAgendaItem>,
    advance: ServerAction<AdvanceAssembly>,
    /// Steps that would depart from the plan now: (event, how).
    off_schedule: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let agenda_open = matches!(status.as_str(), "draft" | "announced");
    let steps: Vec<(&'static str, &'static str)> = match status.as_str() {
        "draft" => vec![(
            "announce",
            lang.pick("공고하기 (주민에게 공개, 정족수 확정)", "Announce (publish; fixes the quorum)"),
        )],
        "announced" => vec![
            ("open_pre_voting", lang.pick("사전 온라인 투표 시작", "Open online pre-voting")),
            ("open_session", lang.pick("총회 시작", "Open the session")),
        ],
        "pre_voting" => vec![("open_session", lang.pick("총회 시작", "Open the session"))],
        "in_session" => vec![("close", lang.pick("투표 마감", "Close the vote"))],
        "closed" => vec![("publish_results", lang.pick("결과 공개", "Publish the results"))],
        _ => vec![],
    };
    view! {
        <section class="panel" aria-labelledby="manage-heading">
            <h2 id="manage-heading">{lang.pick("총회 운영", "Running the assembly")}</h2>
            {agenda_open.then(|| view! {
                <details class="stack" open=status == "draft">
                    <summary>{lang.pick("안건 추가", "Add an agenda item")}</summary>
                    <ActionForm action=add attr:class="stack wide-form">
                        <input type="hidden" name="assembly_id" value=id.to_string() />
                        <label for="it-kind">{lang.pick("결정 방식", "How it is decided")}</label>
                        <select id="it-kind" name="kind" required>
                            <option value="proposal">{lang.pick("제안 찬반 (총회 상정 가능한 제안)", "Approve or reject an eligible proposal")}</option>
                            <option value="single_choice">{kind_label(lang, "single_choice")}</option>
                            <option value="approval">{kind_label(lang, "approval")}</option>
                            <option value="budget">{kind_label(lang, "budget")}</option>
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
