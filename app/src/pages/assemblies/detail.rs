//! `/assemblies/:id`: an assembly with its agenda, the reader's vote and the organisers' panels.

use super::agenda::{AgendaEdit, AgendaItem};
use super::manage::{Lifecycle, LifecyclePanel, ManagePanel};
use crate::api::assemblies::{
    AddAgendaItem, AdvanceAssembly, CancelAssembly, CastBallot, EditAssembly, MoveAgendaItem, RemoveAgendaItem,
    SaveMinutes, load_assembly,
};
use crate::components::Loaded;
use crate::components::form::{FormDone, FormError};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::domain::assembly::{AssemblyStatus, Majority, PbRule};
use crate::domain::lang::Lang;
use crate::dto::{AssemblyDetail, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
        <Loaded data=detail let:d>
            <AssemblyView d vote add edit advance minutes life />
        </Loaded>
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
                <span class=format!("badge assembly-{}", s.status.as_str())>{s.status.label(lang)}</span>
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
                <dd>{if b.majority == Majority::TwoThirds {
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
                <dd>{if b.pb_rule == PbRule::EqualShares {
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
        {v.cannot_vote.clone().filter(|why| !(v.can_manage && why == "not_resident") && s.status != AssemblyStatus::Cancelled).map(|why| view! {
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
            {matches!(s.status, AssemblyStatus::Announced | AssemblyStatus::PreVoting | AssemblyStatus::InSession | AssemblyStatus::Closed).then(|| view! {
                <a class="btn-quiet" href=format!("/assemblies/{}/live", s.id)>{lang.pick("참여 현황", "Live count")}</a>
            })}
            {(s.status == AssemblyStatus::ResultsPublished || (v.can_manage && s.status == AssemblyStatus::Closed) || (running_visible && matches!(s.status, AssemblyStatus::PreVoting | AssemblyStatus::InSession | AssemblyStatus::Closed))).then(|| view! {
                <a class="btn" href=format!("/assemblies/{}/results", s.id)>{lang.pick("결과 보기", "See the results")}</a>
            })}
            {(s.status != AssemblyStatus::Draft).then(|| view! {
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
        {(v.can_manage && s.status != AssemblyStatus::Cancelled).then(|| view! {
            <ManagePanel id=s.id status=s.status add advance off_schedule=v.off_schedule.clone() />
            <LifecyclePanel id=s.id status=s.status form=v.edit.clone() life />
        })}
    }
}
