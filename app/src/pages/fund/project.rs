//! `/fund/projects/:id`: a project of the fund, its money, notes and photos.

use super::tables::JournalTable;
use crate::api::fund::{AllocateToProject, SetProjectStatus, load_project};
use crate::components::Loaded;
use crate::components::form::{ConfirmBox, FormError, refusal_text};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::domain::lang::Lang;
use crate::domain::ledger::ProjectStatus;
use crate::domain::money::format_won;
use crate::dto::Named;
use crate::dto::fund::ProjectPage as ProjectData;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/fund/projects/:id`.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let allocate = ServerAction::<AllocateToProject>::new();
    let status = ServerAction::<SetProjectStatus>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0),
                allocate.version().get(),
                status.version().get(),
            )
        },
        |(id, ..)| load_project(id),
    );
    view! {
        <Loaded data=data let:p>
            <ProjectBody p allocate status />
        </Loaded>
    }
}

#[component]
fn ProjectBody(
    p: ProjectData,
    allocate: ServerAction<AllocateToProject>,
    status: ServerAction<SetProjectStatus>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let update_error = q("update_error");
    let update_added = !q("update_added").is_empty();
    let name = p.dong.name(lang);
    let code = p.dong.code.clone();
    let pr = p.project.clone();
    let next = pr.status.next().map(|to| {
        let how = match to {
            ProjectStatus::Done => lang
                .pick("사업 완료 (남은 돈은 기금으로 돌아감)", "Finish the project (what is left returns to the fund)"),
            _ => lang.pick("사업 시작", "Start the project"),
        };
        (to.as_str(), how)
    });
    view! {
        <Title text=title_text(&pr.title) />
        <Breadcrumbs
            items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/fund"), lang.pick("마을기금", "Community fund").to_owned())]
            current=pr.title.clone()
        />
        <h1>{pr.title.clone()}</h1>
        <p class="meta">
            <span class="badge">{pr.status.label(lang)}</span>
            {pr.proposal_id.map(|id| view! { " " <a href=format!("/proposals/{id}")>{lang.pick("주민 제안 보기", "See the proposal")}</a> })}
        </p>
        {pr.decided.map(|d| {
            let short = d - pr.budget;
            view! {
                <p class="decided" data-testid="project-decided">
                    {match lang {
                        Lang::Ko => format!("주민총회가 정한 예산: {}", format_won(d, lang)),
                        Lang::En => format!("Budget the assembly gave it: {}", format_won(d, lang)),
                    }}
                    {pr.assembly_id.map(|a| view! { " · " <a href=format!("/assemblies/{a}/results")>{lang.pick("총회 결과 보기", "See the assembly's results")}</a> })}
                    {(short > 0 && pr.status != ProjectStatus::Done).then(|| view! {
                        <br />
                        <span class="hint">{match lang {
                            Lang::Ko => format!("아직 배정되지 않은 금액 {}", format_won(short, lang)),
                            Lang::En => format!("{} not yet earmarked", format_won(short, lang)),
                        }}</span>
                    })}
                </p>
            }
        })}
        <dl class="stats">
            <div><dt>{lang.pick("예산", "Budget")}</dt><dd class="num">{format_won(pr.budget, lang)}</dd></div>
            <div><dt>{lang.pick("집행", "Spent")}</dt><dd class="num">{format_won(pr.spent, lang)}</dd></div>
            <div><dt>{lang.pick("남은 돈", "Remaining")}</dt><dd class="num" data-testid="project-remaining">{format_won(pr.remaining, lang)}</dd></div>
        </dl>
        <progress class="bar" max=pr.budget.max(1).to_string() value=pr.spent.to_string() aria-label=lang.pick("집행률", "Spent of budget")></progress>
        {(pr.budget == 0 && pr.status != ProjectStatus::Done).then(|| view! {
            <p class="hint">{lang.pick("아직 기금이 배정되지 않았습니다. 기금에 여유가 생기면 주민센터가 배정합니다.", "No money earmarked yet. The center allocates it when the fund has enough.")}</p>
        })}
        {p.can_manage.then(|| view! {
            <section class="panel" aria-labelledby="manage-project">
                <h2 id="manage-project">{lang.pick("사업 관리", "Managing the project")}</h2>
                {(pr.status != ProjectStatus::Done).then(|| view! {
                    <ActionForm action=allocate attr:class="filters">
                        <input type="hidden" name="project_id" value=pr.id.to_string() />
                        <div>
                            <label for="al-amount">{match lang {
                                Lang::Ko => format!("기금에서 더 배정 (쓸 수 있는 돈 {})", format_won(p.free, lang)),
                                Lang::En => format!("Earmark more (free to spend: {})", format_won(p.free, lang)),
                            }}</label>
                            <input id="al-amount" name="amount" required inputmode="numeric" class="narrow" />
                        </div>
                        <button type="submit" class="btn-quiet">{lang.pick("배정하기", "Earmark")}</button>
                    </ActionForm>
                })}
                <FormError action=allocate />
                {next.map(|(to, label)| view! {
                    <ActionForm action=status attr:class="stack">
                        <input type="hidden" name="project_id" value=pr.id.to_string() />
                        <input type="hidden" name="status" value=to />
                        <ConfirmBox label=lang.pick("이 단계는 되돌릴 수 없습니다.", "This step cannot be undone.") />
                        <button type="submit" class="btn">{label}</button>
                    </ActionForm>
                })}
                <FormError action=status />
                {(!update_error.is_empty()).then(|| view! {
                    <p class="form-error" role="alert">{refusal_text(lang, &update_error)}</p>
                })}
                <form method="post" action=format!("/fund/projects/{}/updates", pr.id) enctype="multipart/form-data" class="stack wide-form">
                    <label for="up-body">{lang.pick("진행 소식 (주민에게 공개)", "Progress note (public)")}</label>
                    <textarea id="up-body" name="note" rows="3" required minlength="5" maxlength="5000">{q("note")}</textarea>
                    <label for="up-photo">{lang.pick("사진 (선택, 5MB까지)", "Photo (optional, up to 5 MB)")}</label>
                    <input id="up-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
                    <label for="up-alt">{lang.pick("사진 설명 (선택)", "Photo description (optional)")}</label>
                    <input id="up-alt" name="alt" maxlength="200" value=q("alt") />
                    <button type="submit" class="btn-quiet">{lang.pick("소식 올리기", "Post the note")}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="updates-heading">
            <h2 id="updates-heading">{lang.pick("진행 소식", "Progress")}</h2>
            {update_added.then(|| view! { <p class="form-done" role="status">{lang.pick("소식을 올렸습니다.", "Note posted.")}</p> })}
            {if p.updates.is_empty() {
                view! { <p class="empty">{lang.pick("아직 소식이 없습니다.", "No news yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {p.updates.into_iter().map(|u| view! {
                            <li class="card">
                                <p class="card-meta">{u.author} " · " <span class="num">{u.at}</span></p>
                                <div class="prose" inner_html=u.body_html></div>
                                {u.photo.map(|(id, alt)| view! {
                                    <img class="project-photo" src=format!("/media/project-photos/{id}") alt=alt loading="lazy" />
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="entries-heading">
            <h2 id="entries-heading">{lang.pick("이 사업의 기록", "This project's entries")}</h2>
            <JournalTable entries=p.entries.clone() can_reverse=false show_receipts=false />
        </section>
    }
}
