//! Resident groups (주민모임): the directory of a dong or district, a group's page, and starting
//! a group.

use crate::api::geo::place_of;
use crate::api::groups::{CreateGroup, JoinGroup, LeaveGroup, ManageMember, RegisterGroup, group_list, load_group};
use crate::api::moderation::ReportContent;
use crate::components::Loaded;
use crate::components::cards::{GroupCard, ProposalCard, category_options};
use crate::components::feedback::{ErrorView, Loading, error_view};
use crate::components::form::FormError;
use crate::components::layout::{Breadcrumbs, title_text};
use crate::components::pagination::Pagination;
use crate::components::report::{ReportFeedback, ReportForm};
use crate::domain::group::{MemberRole, MemberState, Membership};
use crate::domain::lang::Lang;
use crate::dto::{GroupDetail, GroupPage, MemberRow, Named, Place};
use crate::i18n::use_prefs;
use crate::pages::proposals::ModerationNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/dongs/:code/groups` and `/districts/:code/groups`.
#[component]
pub fn GroupListPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let place = Resource::new(code, place_of);
    let list = Resource::new(
        move || (code(), query.get()),
        |(code, q)| group_list(code, q.get("category"), q.get("q"), q.get("page")),
    );
    let lang = use_prefs().lang;
    view! {
        <Suspense fallback=Loading>
            {move || {
                // one Suspense for both resources (a nested one does not hydrate reliably)
                let (place, page) = match (place.get()?, list.get()?) {
                    (Ok(p), Ok(page)) => (p, page),
                    (Err(e), _) | (_, Err(e)) => return Some(view! { <ErrorView error=e /> }.into_any()),
                };
                let code = code();
                let district = code.ends_with("00000");
                let name = place.name(lang);
                let title = format!("{name} {}", lang.pick("주민모임", "resident groups"));
                let q = query.get();
                let (category, search) = (q.get("category").unwrap_or_default(), q.get("q").unwrap_or_default());
                let base = if district { format!("/districts/{code}") } else { format!("/dongs/{code}") };
                Some(view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(base.clone(), name.clone())] current=lang.pick("주민모임", "Groups").to_owned() />
                    <div class="heading-row">
                        <h1>{title}</h1>
                        {(!district).then(|| view! {
                            <a class="btn" href=format!("/dongs/{code}/groups/new")>{lang.pick("모임 만들기", "Start a group")}</a>
                        })}
                    </div>
                    <form method="get" class="filters" role="search">
                        <div>
                            <label for="g-q">{lang.pick("검색", "Search")}</label>
                            <input id="g-q" name="q" type="search" value=search maxlength="100" />
                        </div>
                        <div>
                            <label for="g-category">{lang.pick("분야", "Category")}</label>
                            <select id="g-category" name="category">
                                <option value="">{lang.pick("전체", "All")}</option>
                                {category_options(lang, &category)}
                            </select>
                        </div>
                        <button type="submit" class="btn-quiet">{lang.pick("적용", "Apply")}</button>
                    </form>
                    <GroupResults page base=format!("{base}/groups") district />
                }.into_any())
            }}
        </Suspense>
    }
}

#[component]
fn GroupResults(page: GroupPage, base: String, district: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let query: Vec<(String, String)> =
        use_query_map().get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    view! {
        <p class="meta" role="status">{match lang { Lang::Ko => format!("{}개 모임", page.total), Lang::En => format!("{} groups", page.total) }}</p>
        {if page.items.is_empty() {
            view! { <p class="empty">{lang.pick("아직 모임이 없습니다. 첫 모임을 만들어 보세요.", "No groups yet. Start the first one.")}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list" id="group-list">
                    {page.items.into_iter().map(|g| view! { <GroupCard g show_dong=district /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pagination base query page=page.page pages=page.pages />
    }
}

/// `/groups/:id`.
#[component]
pub fn GroupDetailPage() -> impl IntoView {
    let params = use_params_map();
    let join = ServerAction::<JoinGroup>::new();
    let leave = ServerAction::<LeaveGroup>::new();
    let member = ServerAction::<ManageMember>::new();
    let register = ServerAction::<RegisterGroup>::new();
    let report = ServerAction::<ReportContent>::new();
    let detail = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0),
                join.version().get(),
                leave.version().get(),
                member.version().get(),
                register.version().get(),
                report.version().get(),
            )
        },
        |(id, ..)| load_group(id),
    );
    view! {
        <Loaded data=detail let:g>
            <GroupView g join leave member register report />
        </Loaded>
    }
}

#[component]
fn GroupView(
    g: GroupDetail,
    join: ServerAction<JoinGroup>,
    leave: ServerAction<LeaveGroup>,
    member: ServerAction<ManageMember>,
    register: ServerAction<RegisterGroup>,
    report: ServerAction<ReportContent>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = g.summary.clone();
    let v = g.viewer.clone();
    let id = s.id;
    let show = !g.hidden || !g.purpose_html.is_empty();
    let name = if show { s.name.clone() } else { lang.pick("가려진 모임", "Hidden group").to_owned() };
    let dong_name = s.dong.name(lang);
    view! {
        <Title text=title_text(&name) />
        <Breadcrumbs
            items=vec![
                (format!("/dongs/{}", s.dong.code), dong_name.clone()),
                (format!("/dongs/{}/groups", s.dong.code), lang.pick("주민모임", "Groups").to_owned()),
            ]
            current=name.clone()
        />
        <h1>{name}</h1>
        <p class="meta">
            <span class="badge badge-quiet">{s.category.label(lang)}</span>
            {s.registered.then(|| view! { " " <span class="badge">{lang.pick("주민센터 등록 모임", "Registered with the center")}</span> })}
            " "
            {match lang { Lang::Ko => format!("회원 {}명", s.members_count), Lang::En => format!("{} members", s.members_count) }}
        </p>
        <ModerationNotice hidden=g.hidden reason=g.moderation_reason.clone() moderator=g.hidden && show />
        {show.then(|| view! {
            <div class="prose" inner_html=g.purpose_html.clone()></div>
            <dl class="facts">
                <dt>{lang.pick("모임 방식", "Meetings")}</dt>
                <dd>{if g.meeting_pattern.is_empty() { lang.pick("정해지지 않음", "Not set").to_owned() } else { g.meeting_pattern.clone() }}</dd>
                <dt>{lang.pick("모임지기", "Organisers")}</dt>
                <dd>{g.organisers.join(", ")}</dd>
                <dt>{lang.pick("가입", "Joining")}</dt>
                <dd>{if s.membership == Membership::Open { lang.pick("누구나 바로 가입", "Anyone can join") } else { lang.pick("모임지기 승인 후 가입", "Organisers approve new members") }}</dd>
                <dt>{lang.pick("만든 날", "Started")}</dt>
                <dd class="num">{g.created_on.clone()}</dd>
            </dl>
        })}

        <section class="panel" aria-labelledby="membership-heading">
            <h2 id="membership-heading">{lang.pick("참여", "Membership")}</h2>
            {match (v.role.as_deref(), v.pending) {
                (Some(_), true) => view! { <p>{lang.pick("가입 신청을 했습니다. 모임지기의 승인을 기다리고 있습니다.", "You asked to join; an organiser will approve.")}</p> }.into_any(),
                (Some("organiser"), _) => view! { <p>{lang.pick("이 모임의 모임지기입니다.", "You organise this group.")}</p> }.into_any(),
                (Some(_), _) => view! { <p>{lang.pick("이 모임의 회원입니다.", "You are a member of this group.")}</p> }.into_any(),
                (None, _) if v.can_join => view! {
                    <ActionForm action=join attr:class="inline-form">
                        <input type="hidden" name="group_id" value=id.to_string() />
                        <button type="submit" class="btn">{if s.membership == Membership::Open { lang.pick("가입하기", "Join") } else { lang.pick("가입 신청", "Ask to join") }}</button>
                    </ActionForm>
                }.into_any(),
                (None, _) => view! { <p class="hint">{match lang {
                    Lang::Ko => format!("{dong_name}에 사는 것이 확인된 주민이 가입할 수 있습니다."),
                    Lang::En => format!("Verified residents of {dong_name} can join."),
                }}</p> }.into_any(),
            }}
            {v.role.is_some().then(|| view! {
                <details class="danger-zone">
                    <summary>{if v.pending { lang.pick("신청 취소", "Cancel request") } else { lang.pick("모임 나가기", "Leave the group") }}</summary>
                    <ActionForm action=leave attr:class="inline-form">
                        <input type="hidden" name="group_id" value=id.to_string() />
                        <button type="submit" class="btn-danger">{lang.pick("확인", "Confirm")}</button>
                    </ActionForm>
                </details>
            })}
            <FormError action=join />
            <FormError action=leave />
        </section>

        {(!g.members.is_empty()).then(|| view! { <Members rows=g.members.clone() group_id=id manage=v.can_manage member /> })}

        {v.can_register.then(|| view! {
            <section class="panel" aria-labelledby="register-heading">
                <h2 id="register-heading">{lang.pick("주민센터 등록", "Registration with the center")}</h2>
                <p class="hint">{lang.pick("등록된 주민모임은 공간 예약에서 우선권과 사용료 면제를 받습니다.", "Registered groups get priority and fee waivers when booking spaces.")}</p>
                <ActionForm action=register attr:class="inline-form">
                    <input type="hidden" name="group_id" value=id.to_string() />
                    <input type="hidden" name="registered" value=if s.registered { "0" } else { "1" } />
                    <button type="submit" class="btn-quiet">{if s.registered { lang.pick("등록 취소", "Withdraw registration") } else { lang.pick("등록 모임으로 지정", "Register this group") }}</button>
                </ActionForm>
                <FormError action=register />
            </section>
        })}

        {(v.can_report && !g.hidden).then(|| view! { <ReportForm kind="group" id=id action=report /> })}
        <ReportFeedback action=report />

        <section aria-labelledby="group-proposals-heading">
            <h2 id="group-proposals-heading">{lang.pick("모임의 제안", "The group's proposals")}</h2>
            {if g.proposals.is_empty() {
                view! { <p class="empty">{lang.pick("아직 없습니다.", "None yet.")}</p> }.into_any()
            } else {
                view! { <ul class="card-list">{g.proposals.iter().cloned().map(|p| view! { <ProposalCard p /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Members(rows: Vec<MemberRow>, group_id: i64, manage: bool, member: ServerAction<ManageMember>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <section aria-labelledby="members-heading">
            <h2 id="members-heading">{lang.pick("회원 (회원에게만 보입니다)", "Members (visible to members only)")}</h2>
            <FormError action=member />
            <ul class="members">
                {rows.into_iter().map(|m| {
                    let role = if m.role == MemberRole::Organiser { lang.pick("모임지기", "organiser") } else { lang.pick("회원", "member") };
                    let pending = m.state == MemberState::Pending;
                    let act = move |decision: &'static str, label: &'static str, class: &'static str| view! {
                        <ActionForm action=member attr:class="inline-form">
                            <input type="hidden" name="group_id" value=group_id.to_string() />
                            <input type="hidden" name="user_id" value=m.user_id.to_string() />
                            <input type="hidden" name="decision" value=decision />
                            <button type="submit" class=class>{label}</button>
                        </ActionForm>
                    };
                    view! {
                        <li>
                            <span>{m.name.clone()}</span>
                            " "
                            <span class="badge badge-quiet">{if pending { lang.pick("승인 대기", "waiting") } else { role }}</span>
                            {(manage && pending).then(|| act("approve", lang.pick("승인", "Approve"), "btn-quiet"))}
                            {(manage && !pending && m.role != MemberRole::Organiser).then(|| act("organiser", lang.pick("모임지기로", "Make organiser"), "btn-quiet"))}
                            {(manage && m.role != MemberRole::Organiser).then(|| act("remove", if pending { lang.pick("거절", "Decline") } else { lang.pick("내보내기", "Remove") }, "btn-quiet"))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/dongs/:code/groups/new`.
#[component]
pub fn NewGroupPage() -> impl IntoView {
    let params = use_params_map();
    let place = Resource::new(move || params.read().get("code").unwrap_or_default(), place_of);
    view! {
        <Loaded data=place error=error_view let:p>
            <NewGroupView p />
        </Loaded>
    }
}

#[component]
fn NewGroupView(p: Place) -> impl IntoView {
    let lang = use_prefs().lang;
    let create = ServerAction::<CreateGroup>::new();
    let name = p.name(lang);
    let title = format!("{name} · {}", lang.pick("모임 만들기", "Start a group"));
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![
                (format!("/dongs/{}", p.code), name.clone()),
                (format!("/dongs/{}/groups", p.code), lang.pick("주민모임", "Groups").to_owned()),
            ]
            current=lang.pick("모임 만들기", "Start a group").to_owned()
        />
        <h1>{title}</h1>
        <p class="hint">{lang.pick("이 동에 사는 것이 확인된 주민이 모임을 만들 수 있습니다. 만든 사람이 첫 모임지기가 됩니다.", "Verified residents of the dong can start a group; you become its first organiser.")}</p>
        <ActionForm action=create attr:class="stack wide-form">
            <input type="hidden" name="dong" value=p.code.clone() />
            <label for="g-name">{lang.pick("모임 이름", "Name")}</label>
            <input id="g-name" name="name" required minlength="2" maxlength="80" />
            <label for="g-purpose">{lang.pick("모임 목적", "Purpose")}</label>
            <textarea id="g-purpose" name="purpose" rows="5" required minlength="10" maxlength="4000"></textarea>
            <label for="g-category">{lang.pick("분야", "Category")}</label>
            <select id="g-category" name="category" required>{category_options(lang, "")}</select>
            <label for="g-meeting">{lang.pick("모임 방식 (선택)", "How you meet (optional)")}</label>
            <input id="g-meeting" name="meeting_pattern" maxlength="120" placeholder=lang.pick("예: 매주 토요일 오전 10시, 북카페", "e.g. Saturdays 10:00, book café") />
            <fieldset>
                <legend>{lang.pick("가입 방식", "Joining")}</legend>
                <label class="check"><input type="radio" name="membership" value="open" checked />{lang.pick("누구나 바로 가입", "Anyone can join")}</label>
                <label class="check"><input type="radio" name="membership" value="approval" />{lang.pick("모임지기가 승인", "Organisers approve")}</label>
            </fieldset>
            <FormError action=create />
            <button type="submit" class="btn">{lang.pick("모임 만들기", "Start the group")}</button>
        </ActionForm>
    }
}
