//! `/proposals/:id`: a proposal, its support, moderation notes and comments.

use super::images::ImageGallery;
use crate::api::moderation::ReportContent;
use crate::api::proposals::{AddComment, PublishProposal, SupportProposal, WithdrawProposal, load_proposal};
use crate::components::Loaded;
use crate::components::cards::{StatusBadge, SupportBar};
use crate::components::form::{ConfirmBox, FormError, has_news};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::components::report::{ReportFeedback, ReportForm};
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::domain::proposal::ProposalStatus;
use crate::dto::{CommentView, Named, ProposalDetail};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
        <Loaded data=detail let:d>
            <ProposalView d support publish withdraw comment report />
        </Loaded>
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
                <StatusBadge status=s.status />
                " "
                <span class="badge badge-quiet">{s.category.label(lang)}</span>
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
            } else if !v.signed_in && s.status != ProposalStatus::Draft {
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
                {(s.status == ProposalStatus::Draft).then(|| view! {
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
                    <details class="danger-zone" open=has_news(withdraw)>
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

        {(v.signed_in && s.status != ProposalStatus::Draft).then(|| view! {
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
                                <strong>{e.event.label(lang)}</strong>
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
