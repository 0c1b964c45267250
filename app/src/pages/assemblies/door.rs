//! The in-person assembly: the door (`/assemblies/:id/door`, center staff: find a resident by
//! name and birth year, check them in, see which items they already voted on online, enter the
//! paper tallies) and the live count for the projector (`/assemblies/:id/live`).

use crate::api::assemblies::{
    ConfirmPaperTally, DoorCheckIn, DoorUndoCheckIn, EnterPaperTally, door_search, load_assembly, load_door_tallies,
    load_live,
};
use crate::components::Loaded;
use crate::components::feedback::{Loading, access_error};
use crate::components::form::{FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::components::paper_trail::PaperTrailTable;
use crate::domain::lang::Lang;
use crate::dto::{AgendaItemView, DoorCandidate, DoorTally, LiveCount, Named};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn items_text(lang: Lang, items: &[i32]) -> String {
    let list = items.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    match lang {
        Lang::Ko => format!("{list}번"),
        Lang::En => list,
    }
}

/// `/assemblies/:id/door`.
#[component]
pub fn AssemblyDoorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let check_in = ServerAction::<DoorCheckIn>::new();
    let undo = ServerAction::<DoorUndoCheckIn>::new();
    let paper = ServerAction::<EnterPaperTally>::new();
    let confirm = ServerAction::<ConfirmPaperTally>::new();
    let assembly = Resource::new(move || (id(), paper.version().get()), |(id, _)| load_assembly(id));
    let tallies = Resource::new(
        move || (id(), paper.version().get(), confirm.version().get()),
        |(id, _, _)| load_door_tallies(id),
    );
    let found = Resource::new(
        move || {
            (
                id(),
                query.get().get("name"),
                query.get().get("birth_year"),
                check_in.version().get(),
                undo.version().get(),
            )
        },
        |(id, name, year, _, _)| async move {
            match name.filter(|n| !n.trim().is_empty()) {
                Some(name) => door_search(id, name, year).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let lang = use_prefs().lang;
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (a, found, tallies) = match (assembly.get()?, found.get()?, tallies.get()?) {
                    (Ok(a), Ok(f), Ok(t)) => (a, f, t),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Some(access_error(e)),
                };
                let s = a.summary.clone();
                let q = query.get();
                let (name, year) = (q.get("name").unwrap_or_default(), q.get("birth_year").unwrap_or_default());
                Some(view! {
                    <Title text=format!("{} · {}", s.title, lang.pick("현장 접수", "At the door")) />
                    <Breadcrumbs
                        items=vec![
                            (format!("/dongs/{}", s.dong.code), s.dong.name(lang)),
                            (format!("/assemblies/{}", s.id), s.title.clone()),
                        ]
                        current=lang.pick("현장 접수", "At the door").to_owned()
                    />
                    <h1>{lang.pick("현장 접수", "At the door")}</h1>
                    <p class="meta">
                        <span class=format!("badge assembly-{}", s.status.as_str())>{s.status.label(lang)}</span>
                        " " {s.title.clone()}
                    </p>
                    {tallies.runs_door.then(|| view! {
                    <section class="panel" aria-labelledby="find-heading">
                        <h2 id="find-heading">{lang.pick("주민 찾기", "Find a resident")}</h2>
                        <form method="get" class="filters" role="search">
                            <div>
                                <label for="d-name">{lang.pick("이름", "Name")}</label>
                                <input id="d-name" name="name" required maxlength="40" value=name />
                            </div>
                            <div>
                                <label for="d-year">{lang.pick("태어난 해", "Birth year")}</label>
                                <input id="d-year" name="birth_year" inputmode="numeric" maxlength="4" class="narrow" value=year />
                            </div>
                            <button type="submit" class="btn">{lang.pick("찾기", "Find")}</button>
                        </form>
                        <FormError action=check_in />
                        <FormError action=undo />
                        <FormDone action=undo text=lang.pick("접수를 취소했습니다. 종이 투표지를 돌려받으세요.", "Check-in undone. Take the paper ballots back.") />
                        {move || check_in.value().get().and_then(Result::ok).map(|c| view! {
                            <p class="form-done" role="status">{match lang {
                                Lang::Ko => format!("{} 님 접수. 온라인 투표: {} · 종이 투표지: {}", c.name,
                                    if c.online_items.is_empty() { "없음".to_owned() } else { items_text(lang, &c.online_items) },
                                    if c.paper_items.is_empty() { "없음".to_owned() } else { items_text(lang, &c.paper_items) }),
                                Lang::En => format!("{} checked in. Voted online: {} · paper ballot for: {}", c.name,
                                    if c.online_items.is_empty() { "none".to_owned() } else { items_text(lang, &c.online_items) },
                                    if c.paper_items.is_empty() { "none".to_owned() } else { items_text(lang, &c.paper_items) }),
                            }}</p>
                        })}
                        {found.map(|list| if list.is_empty() {
                            view! { <p class="empty">{lang.pick("이 동의 확인된 주민 가운데 찾지 못했습니다.", "No verified resident of the dong matches.")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="card-list">
                                    {list.into_iter().map(|c| view! { <Candidate c assembly_id=s.id check_in undo /> }).collect_view()}
                                </ul>
                            }.into_any()
                        })}
                    </section>
                    })}
                    <section aria-labelledby="paper-heading">
                        <h2 id="paper-heading">{lang.pick("종이 투표 집계", "Paper ballots")}</h2>
                        <p class="hint">{lang.pick(
                            "안건마다 센 종이 투표지를 입력하세요. 나눠 준 투표지보다 많을 수 없습니다. 입력한 숫자는 다른 담당자(직원 또는 마을공동체 전문가)가 확인해야 결과를 공개할 수 있습니다. 고치면 새 기록이 남고, 다시 확인받아야 합니다.",
                            "Enter the counted paper ballots of each item; they cannot exceed the ballots given out. Another person (staff or the district's expert) confirms the figures before the results can be published. A correction is kept as a new record and needs confirming again.",
                        )}</p>
                        <FormError action=paper />
                        <FormDone action=paper text=lang.pick("집계를 저장했습니다. 다른 담당자의 확인을 기다립니다.", "Tally saved. It awaits a second person's confirmation.") />
                        <FormError action=confirm />
                        <FormDone action=confirm text=lang.pick("집계를 확인했습니다.", "Tally confirmed.") />
                        {if matches!(s.status.as_str(), "in_session" | "closed") {
                            a.items.into_iter().filter_map(|item| {
                                let tally = tallies.items.iter().find(|t| t.trail.item_id == item.id).cloned()?;
                                Some(view! { <PaperForm item tally paper confirm runs_door=tallies.runs_door /> })
                            }).collect_view().into_any()
                        } else if tallies.items.iter().any(|t| !t.trail.entries.is_empty()) {
                            // published: the record stays readable here too
                            a.items.into_iter().filter_map(|item| {
                                let tally = tallies.items.iter().find(|t| t.trail.item_id == item.id).cloned()?;
                                let approve_reject = item.kind == crate::domain::assembly::ItemKind::ApproveReject;
                                Some(view! {
                                    <div class="agenda-item">
                                        <h3>{format!("{}. {}", item.position + 1, item.title)}</h3>
                                        <PaperTrailTable trail=tally.trail approve_reject under_heading=true />
                                    </div>
                                })
                            }).collect_view().into_any()
                        } else {
                            view! { <p class="empty">{lang.pick("종이 투표는 총회 중과 마감 뒤 결과 공개 전까지 입력합니다.", "Paper ballots are entered during the session and after the close, until the results are published.")}</p> }.into_any()
                        }}
                    </section>
                }.into_any())
            }}
        </Suspense>
    }
}

#[component]
fn Candidate(
    c: DoorCandidate,
    assembly_id: i64,
    check_in: ServerAction<DoorCheckIn>,
    undo: ServerAction<DoorUndoCheckIn>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let year = c.birth_year.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
    view! {
        <li class="card">
            <p class="card-title"><strong>{c.name.clone()}</strong> " " <span class="num">{year}</span></p>
            {(!c.online_items.is_empty()).then(|| view! {
                <p>{match lang {
                    Lang::Ko => format!("온라인으로 투표한 안건: {}", items_text(lang, &c.online_items)),
                    Lang::En => format!("Voted online on items {}", items_text(lang, &c.online_items)),
                }}</p>
            })}
            {if !c.checked_in && !c.online_items.is_empty() {
                // one channel per assembly: who voted online gets no paper ballots
                view! {
                    <p class="hint">{lang.pick(
                        "온라인으로 투표한 주민은 종이 투표지를 받을 수 없습니다 (한 총회에 한 가지 방법).",
                        "Voted online: no paper ballots (one way to take part per assembly).",
                    )}</p>
                }.into_any()
            } else if c.checked_in {
                view! {
                    <p class="form-done">{match lang {
                        Lang::Ko => format!("접수됨 · 종이 투표지: {}", if c.paper_items.is_empty() { "없음".to_owned() } else { items_text(lang, &c.paper_items) }),
                        Lang::En => format!("Checked in · paper ballot for: {}", if c.paper_items.is_empty() { "none".to_owned() } else { items_text(lang, &c.paper_items) }),
                    }}</p>
                    // a mistake at the door is undone (and recorded) until the counting starts
                    <ActionForm action=undo attr:class="inline-form">
                        <input type="hidden" name="assembly_id" value=assembly_id.to_string() />
                        <input type="hidden" name="user_id" value=c.user_id.to_string() />
                        <button type="submit" class="btn-quiet">{lang.pick("접수 취소", "Undo check-in")}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=check_in attr:class="inline-form">
                        <input type="hidden" name="assembly_id" value=assembly_id.to_string() />
                        <input type="hidden" name="user_id" value=c.user_id.to_string() />
                        <button type="submit" class="btn">{lang.pick("접수하기", "Check in")}</button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn PaperForm(
    item: AgendaItemView,
    tally: DoorTally,
    paper: ServerAction<EnterPaperTally>,
    confirm: ServerAction<ConfirmPaperTally>,
    runs_door: bool,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = item.id;
    let approve_reject = item.kind == crate::domain::assembly::ItemKind::ApproveReject;
    let last = tally.trail.entries.last().cloned();
    let unconfirmed = tally.trail.state == crate::domain::assembly::PaperState::Unconfirmed;
    // the form starts from the last entry's figures: a correction changes only what was wrong
    let figure =
        |pick: fn(&crate::dto::TallyEntryView) -> u64| last.as_ref().map(|e| pick(e).to_string()).unwrap_or_default();
    let (ballots, abstentions, approve, reject) =
        (figure(|e| e.ballots), figure(|e| e.abstentions), figure(|e| e.approve), figure(|e| e.reject));
    let last_id = last.as_ref().map(|e| e.id.to_string()).unwrap_or_default();
    let needs_sets = tally.trail.needs_sets;
    let sets_text = last.as_ref().and_then(|e| e.ballot_sets.clone()).unwrap_or_default();
    let correcting = last.is_some();
    let field = move |name: &'static str, label: &'static str, value: String| {
        let input_id = format!("p{id}-{name}");
        let for_id = input_id.clone();
        view! {
            <div>
                <label for=for_id>{label}</label>
                <input id=input_id name=name type="number" min="0" class="narrow" value=value />
            </div>
        }
    };
    let option_votes: Vec<String> = item
        .options
        .iter()
        .enumerate()
        .map(|(n, _)| last.as_ref().and_then(|e| e.options.get(n)).map(|o| o.votes.to_string()).unwrap_or_default())
        .collect();
    let confirm_part = match (last.as_ref().map(|e| e.id), unconfirmed, tally.last_is_mine) {
        (Some(entry), true, false) => Some(view! {
            <ActionForm action=confirm attr:class="inline-form">
                <input type="hidden" name="item_id" value=id.to_string() />
                <input type="hidden" name="entry_id" value=entry.to_string() />
                <button type="submit" class="btn">{lang.pick("숫자가 맞음을 확인", "Confirm these figures")}</button>
            </ActionForm>
        }.into_any()),
        (Some(_), true, true) => Some(view! {
            <p class="hint">{lang.pick(
                "내가 입력한 숫자입니다. 다른 담당자가 확인해야 합니다.",
                "You entered these figures: another person confirms them.",
            )}</p>
        }.into_any()),
        _ => None,
    };
    view! {
        <div class="agenda-item">
            <h3>{format!("{}. {}", item.position + 1, item.title)}</h3>
            <PaperTrailTable trail=tally.trail.clone() approve_reject under_heading=true />
            {confirm_part}
            {runs_door.then(|| view! {
            <ActionForm action=paper attr:class="filters">
                <input type="hidden" name="item_id" value=id.to_string() />
                <input type="hidden" name="corrects" value=last_id />
                {field("ballots", lang.pick("투표지 수", "Ballots"), ballots)}
                {field("abstentions", lang.pick("기권", "Abstentions"), abstentions)}
                {if approve_reject {
                    view! {
                        {field("approve", lang.pick("찬성", "Approve"), approve)}
                        {field("reject", lang.pick("반대", "Reject"), reject)}
                    }.into_any()
                } else if needs_sets {
                    // equal shares needs which projects each ballot marked together
                    let input_id = format!("p{id}-sets");
                    let hint_id = format!("p{id}-sets-hint");
                    view! {
                        <div class="ballot-sets">
                            <label for=input_id.clone()>{lang.pick("표시한 사업별 투표지 묶음", "Ballots grouped by the projects marked")}</label>
                            <p class="hint" id=hint_id.clone()>{lang.pick(
                                "한 줄에 한 묶음: 투표지 수, 쌍점(:), 표시한 사업 번호. 예) 12: 1 3 — 1번과 3번에 표시한 투표지 12장",
                                "One line per group: the number of ballots, a colon, the project numbers marked. E.g. 12: 1 3 — twelve ballots marked projects 1 and 3",
                            )}</p>
                            <ol class="project-numbers">
                                {item.options.iter().map(|o| view! { <li>{o.label.clone()}</li> }).collect_view()}
                            </ol>
                            <textarea id=input_id name="ballot_sets" rows="4" aria-describedby=hint_id>{sets_text.clone()}</textarea>
                        </div>
                    }.into_any()
                } else {
                    item.options.iter().zip(option_votes).map(|(o, votes)| {
                        let input_id = format!("p{id}-o{}", o.id);
                        let for_id = input_id.clone();
                        view! {
                            <div>
                                <input type="hidden" name="option_ids[]" value=o.id.to_string() />
                                <label for=for_id>{o.label.clone()}</label>
                                <input id=input_id name="votes[]" type="number" min="0" class="narrow" value=votes />
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <button type="submit" class="btn-quiet">
                    {if correcting { lang.pick("고쳐서 저장", "Save a correction") } else { lang.pick("저장", "Save") }}
                </button>
            </ActionForm>
            })}
        </div>
    }
}

/// `/assemblies/:id/live`: participants against the quorum for a screen in the hall. The count is
/// an island that asks again every few seconds; without JavaScript, a plain page with a link to
/// reload.
#[component]
pub fn AssemblyLivePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = Resource::new(id, load_live);
    let lang = use_prefs().lang;
    view! {
        <Loaded data=live let:l>
            <Title text=format!("{} · {}", l.summary.title, lang.pick("참여 현황", "Live count")) />
            <LiveBoard initial=l />
        </Loaded>
    }
}

/// The live count, refreshed every five seconds in the browser.
#[island]
fn LiveBoard(initial: LiveCount) -> impl IntoView {
    let live = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    {
        let id = live.with_untracked(|l| l.summary.id);
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(l) = load_live(id).await {
                    live.set(l);
                }
            })
        };
        // the island lives as long as the page; so does its timer
        let _ = set_interval_with_handle(refresh, std::time::Duration::from_secs(5));
    }
    move || view! { <LiveBody l=live.get() /> }
}

#[component]
fn LiveBody(l: LiveCount) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = l.summary.clone();
    let quorum = u64::try_from(l.quorum_required).unwrap_or(0);
    let met = l.participants >= quorum;
    view! {
        <div class="live">
            <h1>{s.title.clone()}</h1>
            <p class="live-number" aria-live="polite">
                <span class="num">{l.participants}</span>
                <span class="live-of">{match lang { Lang::Ko => format!(" / 정족수 {quorum}명"), Lang::En => format!(" / quorum {quorum}") }}</span>
            </p>
            <progress max=quorum.max(1).to_string() value=l.participants.min(quorum.max(1)).to_string()></progress>
            <p class=if met { "live-status met" } else { "live-status" }>
                {if met { lang.pick("✓ 정족수를 채웠습니다", "✓ Quorum reached") } else { lang.pick("정족수까지 더 필요합니다", "Short of the quorum") }}
            </p>
            <dl class="facts">
                <dt>{lang.pick("온라인 참여", "Voted online")}</dt>
                <dd class="num">{l.online}</dd>
                <dt>{lang.pick("현장 참석", "Checked in")}</dt>
                <dd class="num">{l.in_person}</dd>
                <dt>{lang.pick("확인된 주민", "Verified residents")}</dt>
                <dd class="num">{l.eligible}</dd>
            </dl>
            <p class="hint">
                {match lang { Lang::Ko => format!("{} 기준", l.at), Lang::En => format!("As of {}", l.at) }}
                " · " <a href=format!("/assemblies/{}/live", s.id)>{lang.pick("새로 고침", "Reload")}</a>
            </p>
        </div>
    }
}
