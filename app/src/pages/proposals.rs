//! Proposals (주민제안): the list of a dong or district, a proposal's page (content, supports,
//! timeline, comments), and the author's forms.

use crate::api::dto::{
    CommentView, Named, NewProposalContext, ProposalDetail, ProposalForm, ProposalImage, ProposalPage,
};
use crate::api::participation::{
    AddComment, CreateProposal, PublishProposal, RemoveProposalImage, ReportContent, SupportProposal, UpdateProposal,
    WithdrawProposal, load_new_proposal_context, load_proposal, load_proposal_form, place_of, proposal_list,
};
use crate::components::feedback::{ErrorView, Loading, access_error};
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::components::participation::{
    Pagination, ProposalCard, ReportFeedback, ReportForm, StatusBadge, SupportBar, category_label, category_options,
    event_label, status_label,
};
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::domain::proposal::{ProposalSort, ProposalStatus};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn is_district(code: &str) -> bool {
    code.ends_with("00000")
}

/// `/dongs/:code/proposals` and `/districts/:code/proposals`.
#[component]
pub fn ProposalListPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let place = Resource::new(code, place_of);
    let list = Resource::new(
        move || (code(), query.get()),
        |(code, q)| proposal_list(code, q.get("status"), q.get("category"), q.get("q"), q.get("sort"), q.get("page")),
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
                let name = place.name(lang);
                let title = format!("{name} {}", lang.pick("주민제안", "proposals"));
                let q = query.get();
                let value = |k: &str| q.get(k).unwrap_or_default();
                let (status, category, search, sort) = (value("status"), value("category"), value("q"), value("sort"));
                let base = if is_district(&code) { format!("/districts/{code}") } else { format!("/dongs/{code}") };
                Some(view! {
                    <Title text=title.clone() />
                    <Breadcrumbs items=vec![(base.clone(), name.clone())] current=lang.pick("주민제안", "Proposals").to_owned() />
                    <div class="heading-row">
                        <h1>{title}</h1>
                        {(!is_district(&code)).then(|| view! {
                            <a class="btn" href=format!("/dongs/{code}/proposals/new")>{lang.pick("제안하기", "Make a proposal")}</a>
                        })}
                    </div>
                    <form method="get" class="filters" role="search">
                        <div>
                            <label for="f-q">{lang.pick("검색", "Search")}</label>
                            <input id="f-q" name="q" type="search" value=search maxlength="100" />
                        </div>
                        <div>
                            <label for="f-status">{lang.pick("진행 단계", "Stage")}</label>
                            <select id="f-status" name="status">
                                <option value="">{lang.pick("전체 (철회 제외)", "All (not withdrawn)")}</option>
                                {ProposalStatus::ALL.into_iter().filter(|s| s.is_public()).map(|s| view! {
                                    <option value=s.as_str() selected=s.as_str() == status>{status_label(lang, s.as_str())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="f-category">{lang.pick("분야", "Category")}</label>
                            <select id="f-category" name="category">
                                <option value="">{lang.pick("전체", "All")}</option>
                                {category_options(lang, &category)}
                            </select>
                        </div>
                        <div>
                            <label for="f-sort">{lang.pick("정렬", "Sort")}</label>
                            <select id="f-sort" name="sort">
                                {ProposalSort::ALL.into_iter().map(|o| {
                                    let label = match o {
                                        ProposalSort::Newest => lang.pick("최신순", "Newest"),
                                        ProposalSort::MostSupported => lang.pick("공감 많은 순", "Most supported"),
                                        ProposalSort::ClosestToThreshold => lang.pick("기준에 가까운 순", "Closest to threshold"),
                                    };
                                    view! { <option value=o.as_str() selected=o.as_str() == sort>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="btn-quiet">{lang.pick("적용", "Apply")}</button>
                    </form>
                    <ProposalResults page base=format!("{base}/proposals") district=is_district(&code) />
                }.into_any())
            }}
        </Suspense>
    }
}

#[component]
fn ProposalResults(page: ProposalPage, base: String, district: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let query: Vec<(String, String)> =
        use_query_map().get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let count = match lang {
        Lang::Ko => format!("{}건", page.total),
        Lang::En => format!("{} proposals", page.total),
    };
    view! {
        <p class="meta" role="status">{count}</p>
        {if page.items.is_empty() {
            view! { <p class="empty">{lang.pick("조건에 맞는 제안이 없습니다.", "No proposals match.")}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list" id="proposal-list">
                    {page.items.into_iter().map(|p| view! { <ProposalCard p show_dong=district /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pagination base query page=page.page pages=page.pages />
    }
}

/// `/proposals/:id`.
#[component]
pub fn ProposalDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let support = ServerAction::<SupportProposal>::new();
    let publish = ServerAction::<PublishProposal>::new();
    let withdraw = ServerAction::<WithdrawProposal>::new();
    let comment = ServerAction::<AddComment>::new();
    let report = ServerAction::<ReportContent>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                support.version().get(),
                publish.version().get(),
                withdraw.version().get(),
                comment.version().get(),
                report.version().get(),
            )
        },
        |(id, ..)| load_proposal(id),
    );
    view! {
        <Suspense fallback=Loading>
            {move || detail.get().map(|res| match res {
                Ok(d) => view! { <ProposalView d support publish withdraw comment report /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
    }
}

#[component]
fn ProposalView(
    d: ProposalDetail,
    support: ServerAction<SupportProposal>,
    publish: ServerAction<PublishProposal>,
    withdraw: ServerAction<WithdrawProposal>,
    comment: ServerAction<AddComment>,
    report: ServerAction<ReportContent>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = d.summary.clone();
    let v = d.viewer.clone();
    let id = s.id;
    let dong_name = s.dong.name(lang);
    let show_content = !d.hidden || v.moderator;
    let title =
        if show_content { s.title.clone() } else { lang.pick("가려진 제안", "Hidden proposal").to_owned() };
    view! {
        <Title text=title_text(&title) />
        <Breadcrumbs
            items=vec![
                (format!("/districts/{}", d.district.code), d.district.name(lang)),
                (format!("/dongs/{}", s.dong.code), dong_name.clone()),
                (format!("/dongs/{}/proposals", s.dong.code), lang.pick("주민제안", "Proposals").to_owned()),
            ]
            current=title.clone()
        />
        <article class="proposal">
            <h1>{title}</h1>
            <p class="meta">
                <StatusBadge status=s.status.clone() />
                " "
                <span class="badge badge-quiet">{category_label(lang, &s.category)}</span>
                " "
                {s.author.clone()}
                {s.group.clone().map(|g| view! { " · " <a href=format!("/groups/{}", g.id)>{g.name}</a> })}
                {s.published_on.clone().map(|p| view! { " · " <span class="num">{p}</span> })}
            </p>
            <ModerationNotice hidden=d.hidden reason=d.moderation_reason.clone() moderator=v.moderator />
            {show_content.then(|| view! {
                <section aria-labelledby="problem-heading">
                    <h2 id="problem-heading">{lang.pick("어떤 문제인가요", "The problem")}</h2>
                    <div class="prose" inner_html=d.problem_html.clone()></div>
                </section>
                <section aria-labelledby="solution-heading">
                    <h2 id="solution-heading">{lang.pick("제안하는 해결책", "The proposed solution")}</h2>
                    <div class="prose" inner_html=d.solution_html.clone()></div>
                </section>
                <dl class="facts">
                    {s.cost_won.map(|c| view! { <dt>{lang.pick("예상 비용", "Estimated cost")}</dt><dd class="num">{format_won(c, lang)}</dd> })}
                    {d.location.clone().map(|l| view! { <dt>{lang.pick("장소", "Location")}</dt><dd>{l}</dd> })}
                </dl>
                {(!d.images.is_empty()).then(|| view! {
                    <section aria-labelledby="images-heading">
                        <h2 id="images-heading">{lang.pick("사진", "Photos")}</h2>
                        <ImageGallery images=d.images.clone() />
                    </section>
                })}
            })}
        </article>

        <section class="panel" aria-labelledby="support-heading">
            <h2 id="support-heading">{lang.pick("공감", "Support")}</h2>
            <SupportBar supports=s.supports_count threshold=s.support_threshold />
            <p class="hint">
                {lang.pick(
                    "공감이 기준에 이르면 주민총회 안건으로 올릴 수 있습니다.",
                    "When supports reach the threshold, the proposal can go on the resident assembly's agenda.",
                )}
            </p>
            {if v.can_support {
                let (value, label) = if v.supported {
                    ("0", lang.pick("공감 취소", "Take my support back"))
                } else {
                    ("1", lang.pick("공감하기", "Support"))
                };
                view! {
                    <ActionForm action=support attr:class="inline-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="support" value=value />
                        <button type="submit" class=if v.supported { "btn-quiet" } else { "btn" }>{label}</button>
                    </ActionForm>
                    {v.supported.then(|| view! { <p class="form-done" role="status">{lang.pick("공감했습니다.", "You support this proposal.")}</p> })}
                }.into_any()
            } else if !v.signed_in && s.status != "draft" {
                view! { <p><a href="/sign-in">{lang.pick("로그인", "Sign in")}</a>{lang.pick("하면 이 동의 확인된 주민이 공감할 수 있습니다.", " to support it as a verified resident of the dong.")}</p> }.into_any()
            } else {
                view! { <p class="hint">{match lang {
                    Lang::Ko => format!("{dong_name}에 사는 것이 확인된 주민이 공감할 수 있습니다."),
                    Lang::En => format!("Verified residents of {dong_name} can support proposals here."),
                }}</p> }.into_any()
            }}
            <FormError action=support />
        </section>

        {(v.can_edit || v.can_publish || v.can_withdraw).then(|| view! {
            <section class="panel" aria-labelledby="author-heading">
                <h2 id="author-heading">{lang.pick("제안자 메뉴", "For the author")}</h2>
                {(s.status == "draft").then(|| view! {
                    <p class="hint">{lang.pick("아직 나만 볼 수 있는 초안입니다. 공개하면 주민들이 공감할 수 있습니다.", "This draft is visible to you alone. Publish it so residents can support it.")}</p>
                })}
                <div class="actions">
                    {v.can_edit.then(|| view! { <a class="btn-quiet" href=format!("/proposals/{id}/edit")>{lang.pick("고치기 · 사진 올리기", "Edit · add photos")}</a> })}
                    {v.can_publish.then(|| view! {
                        <ActionForm action=publish attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" class="btn">{lang.pick("공개하기", "Publish")}</button>
                        </ActionForm>
                    })}
                </div>
                <FormError action=publish />
                {v.can_withdraw.then(|| view! {
                    <details class="danger-zone">
                        <summary>{lang.pick("제안 철회", "Withdraw the proposal")}</summary>
                        <ActionForm action=withdraw attr:class="stack">
                            <input type="hidden" name="id" value=id.to_string() />
                            <ConfirmBox label=lang.pick("철회하면 다시 공개할 수 없습니다.", "A withdrawn proposal cannot be published again.") />
                            <button type="submit" class="btn-danger">{lang.pick("철회하기", "Withdraw")}</button>
                        </ActionForm>
                        <FormError action=withdraw />
                    </details>
                })}
            </section>
        })}

        {(v.signed_in && s.status != "draft").then(|| view! {
            <ReportForm kind="proposal" id=id action=report />
        })}
        <ReportFeedback action=report />

        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{lang.pick("진행 과정", "Timeline")}</h2>
            {if d.timeline.is_empty() {
                view! { <p class="empty">{lang.pick("아직 공개되지 않았습니다.", "Not published yet.")}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {d.timeline.iter().map(|e| view! {
                            <li>
                                <span class="num">{e.at.clone()}</span>
                                " "
                                <strong>{event_label(lang, &e.event)}</strong>
                                {e.note.clone().map(|n| view! { <span class="note">{format!(" — {n}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>

        <Comments d=d.clone() comment report />
    }
}

/// What moderation did: the reason in place of hidden content, or a note beside restored content.
#[component]
pub fn ModerationNotice(hidden: bool, reason: Option<String>, moderator: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    match (hidden, reason) {
        (true, Some(r)) => Some(view! {
            <p class="moderation-notice" role="note">
                <strong>{lang.pick("운영 원칙에 따라 가려졌습니다: ", "Hidden by moderation: ")}</strong>{r}
                {moderator.then(|| view! { <em>{lang.pick(" (전문가에게만 내용이 보입니다)", " (content shown to the expert only)")}</em> })}
            </p>
        }.into_any()),
        (true, None) => Some(view! {
            <p class="moderation-notice" role="note">
                {lang.pick("여러 주민의 신고로 검토를 기다리는 동안 가려졌습니다.", "Hidden after several reports, pending the expert's review.")}
                {moderator.then(|| view! { <em>{lang.pick(" (전문가에게만 내용이 보입니다)", " (content shown to the expert only)")}</em> })}
            </p>
        }.into_any()),
        (false, Some(r)) => Some(view! {
            <p class="note-inline">{lang.pick("검토 후 복원됨: ", "Restored after review: ")}{r}</p>
        }.into_any()),
        (false, None) => None,
    }
}

#[component]
fn Comments(
    d: ProposalDetail,
    comment: ServerAction<AddComment>,
    report: ServerAction<ReportContent>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = d.summary.id;
    let v = d.viewer.clone();
    let total: usize = d.comments.iter().map(|c| 1 + c.replies.len()).sum();
    view! {
        <section aria-labelledby="comments-heading" id="comments">
            <h2 id="comments-heading">{format!("{} ({total})", lang.pick("댓글", "Comments"))}</h2>
            {if d.comments.is_empty() {
                view! { <p class="empty">{lang.pick("아직 댓글이 없습니다.", "No comments yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="comments">
                        {d.comments.into_iter().map(|c| view! { <CommentItem c proposal_id=id can_reply=v.can_comment signed_in=v.signed_in moderator=v.moderator comment report /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {if v.can_comment {
                view! {
                    <ActionForm action=comment attr:class="stack">
                        <input type="hidden" name="proposal_id" value=id.to_string() />
                        <label for="comment-body">{lang.pick("댓글 쓰기", "Write a comment")}</label>
                        <textarea id="comment-body" name="body" rows="3" required minlength="2" maxlength="3000"></textarea>
                        <FormError action=comment />
                        <button type="submit" class="btn">{lang.pick("댓글 남기기", "Post comment")}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="hint">{lang.pick("이 동의 확인된 주민이 댓글을 쓸 수 있습니다.", "Verified residents of the dong can comment.")}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn CommentItem(
    c: CommentView,
    proposal_id: i64,
    can_reply: bool,
    signed_in: bool,
    moderator: bool,
    comment: ServerAction<AddComment>,
    report: ServerAction<ReportContent>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let is_reply = c.parent_id.is_some();
    let show = !c.hidden || moderator;
    view! {
        <li class="comment" id=format!("comment-{}", c.id)>
            <p class="meta">{c.author.clone()} " · " <span class="num">{c.at.clone()}</span></p>
            <ModerationNotice hidden=c.hidden reason=c.moderation_reason.clone() moderator />
            {show.then(|| view! { <div class="prose" inner_html=c.body_html.clone()></div> })}
            <div class="comment-actions">
                {(can_reply && !is_reply).then(|| view! {
                    <details>
                        <summary>{lang.pick("답글", "Reply")}</summary>
                        <ActionForm action=comment attr:class="stack">
                            <input type="hidden" name="proposal_id" value=proposal_id.to_string() />
                            <input type="hidden" name="parent_id" value=c.id.to_string() />
                            <label for=format!("reply-{}", c.id)>{lang.pick("답글 쓰기", "Write a reply")}</label>
                            <textarea id=format!("reply-{}", c.id) name="body" rows="2" required minlength="2" maxlength="3000"></textarea>
                            <button type="submit" class="btn-quiet">{lang.pick("답글 남기기", "Post reply")}</button>
                        </ActionForm>
                    </details>
                })}
                {(signed_in && !c.hidden).then(|| view! { <ReportForm kind="comment" id=c.id action=report /> })}
            </div>
            {(!c.replies.is_empty()).then(|| view! {
                <ul class="replies">
                    {c.replies.into_iter().map(|r| view! { <CommentItem c=r proposal_id can_reply=false signed_in moderator comment report /> }).collect_view()}
                </ul>
            })}
        </li>
    }
    .into_any()
}

/// `/dongs/:code/proposals/new`.
#[component]
pub fn NewProposalPage() -> impl IntoView {
    let params = use_params_map();
    let ctx = Resource::new(move || params.read().get("code").unwrap_or_default(), load_new_proposal_context);
    view! {
        <Suspense fallback=Loading>
            {move || ctx.get().map(|res| match res {
                Ok(c) => view! { <NewProposalView c /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
    }
}

#[component]
fn NewProposalView(c: NewProposalContext) -> impl IntoView {
    let lang = use_prefs().lang;
    let create = ServerAction::<CreateProposal>::new();
    let name = c.dong.name(lang);
    let title = format!("{name} · {}", lang.pick("제안하기", "Make a proposal"));
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![
                (format!("/dongs/{}", c.dong.code), name.clone()),
                (format!("/dongs/{}/proposals", c.dong.code), lang.pick("주민제안", "Proposals").to_owned()),
            ]
            current=lang.pick("제안하기", "Make a proposal").to_owned()
        />
        <h1>{title}</h1>
        <p class="hint">
            {match lang {
                Lang::Ko => format!("먼저 초안으로 저장됩니다. 확인한 뒤 공개하면, 주민 {}명이 공감할 때 주민총회 안건이 될 수 있습니다.", c.threshold),
                Lang::En => format!("It is saved as a draft first. Once you publish it, {} supports make it eligible for the resident assembly.", c.threshold),
            }}
        </p>
        <ActionForm action=create attr:class="stack wide-form">
            <input type="hidden" name="dong" value=c.dong.code.clone() />
            <ProposalFields lang f=None />
            {if c.groups.is_empty() {
                view! { <input type="hidden" name="group_id" value="" /> }.into_any()
            } else {
                view! {
                    <label for="p-group">{lang.pick("모임 이름으로 제안 (선택)", "On behalf of a group (optional)")}</label>
                    <select id="p-group" name="group_id">
                        <option value="">{lang.pick("개인으로 제안", "As myself")}</option>
                        {c.groups.iter().map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                    </select>
                }.into_any()
            }}
            <FormError action=create />
            <button type="submit" class="btn">{lang.pick("초안 저장", "Save draft")}</button>
        </ActionForm>
    }
}

/// The fields of a proposal, empty or filled from `f`. Limits match `ProposalContent::parse`,
/// so the browser catches most mistakes before anything is sent.
#[component]
fn ProposalFields(lang: Lang, f: Option<ProposalForm>) -> impl IntoView {
    let get = |x: fn(&ProposalForm) -> String| f.as_ref().map(x).unwrap_or_default();
    let category = get(|f| f.category.clone());
    view! {
        <label for="p-title">{lang.pick("제목", "Title")}</label>
        <input id="p-title" name="title" required minlength="5" maxlength="120" value=get(|f| f.title.clone()) />
        <label for="p-problem">{lang.pick("어떤 문제인가요", "What is the problem?")}</label>
        <textarea id="p-problem" name="problem" rows="6" required minlength="10" maxlength="5000" aria-describedby="md-hint">{get(|f| f.problem.clone())}</textarea>
        <label for="p-solution">{lang.pick("어떻게 해결하면 좋을까요", "What do you propose?")}</label>
        <textarea id="p-solution" name="solution" rows="6" required minlength="10" maxlength="5000" aria-describedby="md-hint">{get(|f| f.solution.clone())}</textarea>
        <p class="hint" id="md-hint">{lang.pick("**굵게**, 목록(- 항목), 링크를 쓸 수 있습니다.", "You can use **bold**, lists (- item) and links.")}</p>
        <label for="p-category">{lang.pick("분야", "Category")}</label>
        <select id="p-category" name="category" required>{category_options(lang, &category)}</select>
        <label for="p-cost">{lang.pick("예상 비용 (원, 선택)", "Estimated cost (won, optional)")}</label>
        <input id="p-cost" name="cost_won" inputmode="numeric" pattern="[0-9,]*" maxlength="14" value=get(|f| f.cost_won.map(|c| c.to_string()).unwrap_or_default()) />
        <label for="p-location">{lang.pick("장소 (선택)", "Location (optional)")}</label>
        <input id="p-location" name="location" maxlength="200" value=get(|f| f.location.clone().unwrap_or_default()) />
    }
}

/// `/proposals/:id/edit`.
#[component]
pub fn EditProposalPage() -> impl IntoView {
    let params = use_params_map();
    let remove = ServerAction::<RemoveProposalImage>::new();
    let form = Resource::new(
        move || (params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), remove.version().get()),
        |(id, _)| load_proposal_form(id),
    );
    view! {
        <Suspense fallback=Loading>
            {move || form.get().map(|res| match res {
                Ok(f) => view! { <EditProposalView f remove /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
    }
}

#[component]
fn EditProposalView(f: ProposalForm, remove: ServerAction<RemoveProposalImage>) -> impl IntoView {
    let lang = use_prefs().lang;
    let update = ServerAction::<UpdateProposal>::new();
    let id = f.id;
    let (images, editable) = (f.images.clone(), f.editable);
    view! {
        <Title text=lang.pick("제안 고치기", "Edit proposal") />
        <Breadcrumbs
            items=vec![(format!("/proposals/{id}"), f.title.clone())]
            current=lang.pick("고치기", "Edit").to_owned()
        />
        <h1>{lang.pick("제안 고치기", "Edit proposal")}</h1>
        <p class="hint">{lang.pick("첫 공감을 받기 전까지 고칠 수 있습니다.", "You can edit until the first support.")}</p>
        <ActionForm action=update attr:class="stack wide-form">
            <input type="hidden" name="id" value=id.to_string() />
            <ProposalFields lang f=Some(f) />
            <FormError action=update />
            <FormDone action=update text=lang.pick("저장했습니다.", "Saved.") />
            <button type="submit" class="btn">{lang.pick("저장", "Save")}</button>
        </ActionForm>
        <ProposalImagesEditor id images editable remove />
    }
}

/// The photos of a proposal on its edit page: each with a remove button (confirmed), and the
/// upload form. The upload is a plain multipart form post (`api::media`), which comes back here
/// with `?image_added=1` or `?image_error=<code>`.
#[component]
fn ProposalImagesEditor(
    id: i64,
    images: Vec<ProposalImage>,
    editable: bool,
    remove: ServerAction<RemoveProposalImage>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let uploaded = query.with_untracked(|q| q.get("image_added").is_some());
    let problem = query.with_untracked(|q| q.get("image_error")).map(|code| upload_problem(lang, &code));
    let added = uploaded && problem.is_none();
    let count = images.len();
    let room = count < MAX_IMAGES;
    view! {
        <section class="panel" id="images" aria-labelledby="images-heading">
            <h2 id="images-heading">{format!("{} ({count}/{MAX_IMAGES})", lang.pick("사진", "Photos"))}</h2>
            {problem.map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            {added.then(|| view! {
                <p class="form-done" role="status">{lang.pick("사진을 올렸습니다.", "Photo added.")}</p>
            })}
            {if images.is_empty() {
                view! { <p class="empty">{lang.pick("아직 사진이 없습니다.", "No photos yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="image-grid">
                        {images.into_iter().enumerate().map(|(i, img)| {
                            let alt = image_alt(lang, &img.alt, i + 1, count);
                            let caption = if img.alt.is_empty() {
                                lang.pick("(설명 없음)", "(no description)").to_owned()
                            } else {
                                img.alt.clone()
                            };
                            view! {
                                <li>
                                    <figure>
                                        <img src=img.url.clone() alt=alt width=img.width height=img.height loading="lazy" />
                                        <figcaption>{caption}</figcaption>
                                    </figure>
                                    {editable.then(|| view! {
                                        <details class="danger-zone">
                                            <summary>{lang.pick("이 사진 빼기", "Remove this photo")}</summary>
                                            <ActionForm action=remove attr:class="stack">
                                                <input type="hidden" name="image_id" value=img.id.to_string() />
                                                <ConfirmBox label=lang.pick("사진을 지우면 되돌릴 수 없습니다.", "A removed photo cannot be restored.") />
                                                <button type="submit" class="btn-danger">{lang.pick("빼기", "Remove")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <FormError action=remove />
            {match (editable, room) {
                (false, _) => view! {
                    <p class="hint">{lang.pick("공감을 받은 제안은 사진을 바꿀 수 없습니다.", "Photos cannot be changed once the proposal has supports.")}</p>
                }.into_any(),
                (true, false) => view! {
                    <p class="hint">{lang.pick("사진은 5장까지 올릴 수 있습니다. 바꾸려면 먼저 하나를 빼세요.", "Up to 5 photos. Remove one to add another.")}</p>
                }.into_any(),
                (true, true) => view! {
                    <form method="post" action=format!("/proposals/{id}/images") enctype="multipart/form-data" class="stack">
                        <label for="img-file">{lang.pick("사진 파일", "Photo file")}</label>
                        <input id="img-file" type="file" name="image" accept="image/jpeg,image/png,image/webp" required aria-describedby="img-hint" />
                        <p class="hint" id="img-hint">{lang.pick("JPEG, PNG, WebP 파일을 5MB까지 올릴 수 있습니다.", "JPEG, PNG or WebP, up to 5 MB.")}</p>
                        <label for="img-alt">{lang.pick("사진 설명 (선택)", "Description (optional)")}</label>
                        <input id="img-alt" name="alt" maxlength="200" aria-describedby="alt-hint" />
                        <p class="hint" id="alt-hint">{lang.pick("화면을 보기 어려운 주민을 위해 무엇이 찍혔는지 적어 주세요.", "Say what the photo shows, for residents who cannot see it.")}</p>
                        <button type="submit" class="btn">{lang.pick("사진 올리기", "Upload photo")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

const MAX_IMAGES: usize = crate::domain::image::MAX_PER_PROPOSAL;

/// What an upload failure code (`api::media`) means, in the reader's language.
fn upload_problem(lang: Lang, code: &str) -> String {
    use crate::domain::image::ImageRefusal;
    let text = match (code, ImageRefusal::from_code(code)) {
        (_, Some(ImageRefusal::Empty)) => ("올릴 사진 파일을 고르세요.", "Choose a photo file to upload."),
        (_, Some(ImageRefusal::TooLarge)) => {
            ("사진 한 장은 5MB까지입니다. 더 작게 줄여 주세요.", "A photo may be at most 5 MB. Please make it smaller.")
        }
        (_, Some(ImageRefusal::NotAnImage)) => {
            ("JPEG, PNG, WebP 사진만 올릴 수 있습니다.", "Only JPEG, PNG or WebP photos can be uploaded.")
        }
        (_, Some(ImageRefusal::BadDimensions)) => {
            ("사진의 가로세로는 12,000픽셀까지입니다.", "A photo may be at most 12,000 pixels wide and high.")
        }
        ("too_many", None) => ("사진은 5장까지 올릴 수 있습니다.", "A proposal can have at most 5 photos."),
        ("not_editable", None) => {
            ("공감을 받은 제안은 사진을 바꿀 수 없습니다.", "Photos cannot be changed once the proposal has supports.")
        }
        ("alt", None) => (
            "사진 설명은 200자까지, 줄바꿈 없이 적어 주세요.",
            "The description may have up to 200 characters, on one line.",
        ),
        _ => ("사진을 올리지 못했습니다. 다시 해 보세요.", "The photo could not be uploaded. Please try again."),
    };
    lang.pick(text.0, text.1).to_owned()
}

/// An image's text alternative: its description, or its place among the proposal's photos.
fn image_alt(lang: Lang, alt: &str, n: usize, of: usize) -> String {
    if !alt.is_empty() {
        return alt.to_owned();
    }
    match lang {
        Lang::Ko => format!("제안 사진 {n}/{of}"),
        Lang::En => format!("Proposal photo {n} of {of}"),
    }
}

/// A proposal's photos, each linking to the full image.
#[component]
fn ImageGallery(images: Vec<ProposalImage>) -> impl IntoView {
    let lang = use_prefs().lang;
    let count = images.len();
    view! {
        <ul class="image-grid">
            {images.into_iter().enumerate().map(|(i, img)| {
                let alt = image_alt(lang, &img.alt, i + 1, count);
                view! {
                    <li>
                        <figure>
                            <a href=img.url.clone()>
                                <img src=img.url.clone() alt=alt width=img.width height=img.height loading="lazy" />
                            </a>
                            {(!img.alt.is_empty()).then(|| view! { <figcaption>{img.alt.clone()}</figcaption> })}
                        </figure>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
