//! Writing a proposal: the new and edit pages and their fields.

use super::images::ProposalImagesEditor;
use crate::api::proposals::{
    CreateProposal, RemoveProposalImage, UpdateProposal, load_new_proposal_context, load_proposal_form,
};
use crate::components::Loaded;
use crate::components::cards::category_options;
use crate::components::form::{FormDone, FormError};
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::dto::{Named, NewProposalContext, ProposalForm};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/dongs/:code/proposals/new`.
#[component]
pub fn NewProposalPage() -> impl IntoView {
    let params = use_params_map();
    let ctx = Resource::new(move || params.read().get("code").unwrap_or_default(), load_new_proposal_context);
    view! {
        <Loaded data=ctx let:c>
            <NewProposalView c />
        </Loaded>
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
        <Loaded data=form let:f>
            <EditProposalView f remove />
        </Loaded>
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
