//! Expense claims (지출 청구): the dong's claims page — the submission form (a multipart form
//! with the receipt, posted to `api/fund/routes.rs`, the same with and without JavaScript) and the
//! list, with approve/reject for the center's staff and the district's expert — and a claim's
//! own page.

use crate::api::fund::{DecideClaim, load_claim, load_claims};
use crate::components::Loaded;
use crate::components::form::{FormDone, FormError, refusal_text};
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::domain::ledger::PayeeType;
use crate::domain::money::format_won;
use crate::domain::term::label_of;
use crate::dto::Named;
use crate::dto::fund::{ClaimView, ClaimsPage as ClaimsData};
use crate::i18n::use_prefs;
use crate::pages::fund::expense_categories;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/dongs/:code/fund/claims`.
#[component]
pub fn ClaimsPage() -> impl IntoView {
    let params = use_params_map();
    let decide = ServerAction::<DecideClaim>::new();
    let data = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), decide.version().get()),
        |(code, _)| load_claims(code),
    );
    view! {
        <Loaded data=data let:d>
            <ClaimsView d decide />
        </Loaded>
    }
}

#[component]
fn ClaimsView(d: ClaimsData, decide: ServerAction<DecideClaim>) -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let name = d.dong.name(lang);
    let code = d.dong.code.clone();
    let title = format!("{name} {}", lang.pick("지출 청구", "expense claims"));
    let error = q("claim_error");
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/fund"), lang.pick("마을기금", "Community fund").to_owned())]
            current=lang.pick("지출 청구", "Expense claims").to_owned()
        />
        <h1>{title}</h1>
        <p class="hint">{lang.pick(
            "등록된 주민모임의 모임지기나 주민센터가 지출을 청구하면, 청구한 사람이 아닌 주민센터 직원이나 마을사업 전문가가 승인합니다. 승인되면 장부에 지급이 기록됩니다.",
            "Organisers of registered resident groups and the center's staff claim expenses; someone other than the claimant — the center's staff or the district's expert — approves, and the payment is recorded in the journal.",
        )}</p>
        {d.viewer.can_claim.then(|| view! {
            <section class="panel" id="new-claim" aria-labelledby="new-claim-heading">
                <h2 id="new-claim-heading">{lang.pick("지출 청구하기", "Claim an expense")}</h2>
                <p class="hint">{match lang {
                    Lang::Ko => format!("지금 기금에서 쓸 수 있는 돈: {}", format_won(d.free, lang)),
                    Lang::En => format!("Free to spend in the fund now: {}", format_won(d.free, lang)),
                }}</p>
                {(!error.is_empty()).then(|| view! { <p class="form-error" role="alert">{refusal_text(lang, &error)}</p> })}
                <form method="post" action=format!("/dongs/{code}/fund/claims") enctype="multipart/form-data" class="stack wide-form">
                    <input type="hidden" name="key" value=d.form_key.clone() />
                    {(!d.groups.is_empty()).then(|| view! {
                        <label for="cl-group">{lang.pick("청구하는 모임", "Claiming for")}</label>
                        <select id="cl-group" name="group">
                            {d.viewer.can_record.then(|| view! { <option value="">{lang.pick("주민센터", "The center")}</option> })}
                            {d.groups.iter().map(|(id, n)| view! { <option value=id.to_string() selected=q("group") == id.to_string()>{n.clone()}</option> }).collect_view()}
                        </select>
                    })}
                    <label for="cl-payee">{lang.pick("받는 곳 (이름)", "Payee (name)")}</label>
                    <input id="cl-payee" name="payee" required minlength="2" maxlength="100" value=q("payee") />
                    <label for="cl-payee-type">{lang.pick("받는 곳 종류 (공개)", "Kind of payee (public)")}</label>
                    <select id="cl-payee-type" name="payee_type" required>
                        {PayeeType::ALL.iter().map(|p| view! { <option value=p.as_str() selected=q("payee_type") == p.as_str()>{p.label(lang)}</option> }).collect_view()}
                    </select>
                    <label for="cl-purpose">{lang.pick("쓴 곳 (공개)", "What it was for (public)")}</label>
                    <input id="cl-purpose" name="purpose" required minlength="5" maxlength="300" value=q("purpose") />
                    <label for="cl-category">{lang.pick("지출 종류", "Kind of expense")}</label>
                    <select id="cl-category" name="category" required>
                        {expense_categories().map(|c| view! { <option value=c selected=q("category") == c>{label_of::<crate::domain::ledger::ExpenseCategory>(lang, c)}</option> }).collect_view()}
                    </select>
                    <label for="cl-amount">{lang.pick("금액 (원)", "Amount (won)")}</label>
                    <input id="cl-amount" name="amount" required inputmode="numeric" class="narrow" value=q("amount") />
                    <label for="cl-project">{lang.pick("사업 (있으면)", "Project (if any)")}</label>
                    <select id="cl-project" name="project">
                        <option value="">{lang.pick("사업 아님 (기금에서)", "No project (from the fund)")}</option>
                        {d.projects.iter().map(|(id, t, left)| view! {
                            <option value=id.to_string() selected=q("project") == id.to_string()>
                                {format!("{t} ({} {})", lang.pick("남은 돈", "left:"), format_won(*left, lang))}
                            </option>
                        }).collect_view()}
                    </select>
                    <label for="cl-receipt">{lang.pick("영수증 (사진 또는 PDF, 5MB까지)", "Receipt (photo or PDF, up to 5 MB)")}</label>
                    <input id="cl-receipt" name="receipt" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" />
                    <button type="submit" class="btn">{lang.pick("청구하기", "Submit the claim")}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="claims-heading">
            <h2 id="claims-heading">{if d.viewer.can_decide { lang.pick("이 동의 청구", "Claims in this dong") } else { lang.pick("내 청구", "My claims") }}</h2>
            <FormError action=decide />
            <FormDone action=decide text=lang.pick("결정을 기록했습니다.", "Decision recorded.") />
            {if d.claims.is_empty() {
                view! { <p class="empty">{lang.pick("청구가 없습니다.", "No claims.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {d.claims.into_iter().map(|c| view! { <ClaimCard c decide /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ClaimCard(c: ClaimView, decide: ServerAction<DecideClaim>) -> impl IntoView {
    let lang = use_prefs().lang;
    let id = c.id;
    view! {
        <li class="card claim" id=format!("claim-{id}")>
            <a class="card-title" href=format!("/fund/claims/{id}")>{c.purpose.clone()}</a>
            <p class="claim-amount num"><strong>{format_won(c.amount, lang)}</strong></p>
            <p class="card-meta">
                <span class=format!("badge claim-{}", c.status.as_str())>{c.status.label(lang)}</span>
                " " {c.submitted_by.clone()}
                {c.group.clone().map(|g| view! { " (" {g} ")" })}
                " · " <span class="num">{c.submitted_at.clone()}</span>
                " · " {c.category.label(lang)}
                {c.project_title.clone().map(|t| view! { " · " {t} })}
            </p>
            <p>{lang.pick("받는 곳: ", "Payee: ")} {c.payee.clone()} " (" {c.payee_type.label(lang)} ")"</p>
            {(!c.receipts.is_empty()).then(|| view! {
                <p>{lang.pick("영수증: ", "Receipts: ")}
                    {c.receipts.iter().map(|r| view! { <a href=format!("/media/fund-receipts/{}", r.id)>{r.name.clone()}</a> " " }).collect_view()}
                </p>
            })}
            {c.decision_reason.clone().map(|r| view! { <p class="hint">{c.decided_by.clone().unwrap_or_default()} ": " {r}</p> })}
            {c.can_decide.then(|| view! { <DecideForm id decide /> })}
        </li>
    }
}

#[component]
fn DecideForm(id: i64, decide: ServerAction<DecideClaim>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <div class="actions">
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="claim_id" value=id.to_string() />
                <input type="hidden" name="decision" value="approve" />
                <input type="hidden" name="reason" value="" />
                <button type="submit" class="btn">{lang.pick("승인하고 지급 기록", "Approve and record the payment")}</button>
            </ActionForm>
            <details class="inline-details">
                <summary>{lang.pick("반려하기", "Reject")}</summary>
                <ActionForm action=decide attr:class="stack">
                    <input type="hidden" name="claim_id" value=id.to_string() />
                    <input type="hidden" name="decision" value="reject" />
                    <label for=format!("dc-{id}")>{lang.pick("반려 사유 (청구한 사람에게 보임)", "Reason (shown to the claimant)")}</label>
                    <input id=format!("dc-{id}") name="reason" required minlength="2" maxlength="500" />
                    <button type="submit" class="btn-quiet">{lang.pick("반려", "Reject")}</button>
                </ActionForm>
            </details>
        </div>
    }
}

/// `/fund/claims/:id`.
#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let decide = ServerAction::<DecideClaim>::new();
    let data = Resource::new(
        move || (params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), decide.version().get()),
        |(id, _)| load_claim(id),
    );
    let lang = use_prefs().lang;
    view! {
        <Loaded data=data let:c>
            {
                let submitted = query.read_untracked().get("submitted").is_some();
                let duplicate = query.read_untracked().get("duplicate").is_some();
                view! {
                    <Title text=format!("{} · {}", c.purpose, lang.pick("지출 청구", "Expense claim")) />
                    <h1>{lang.pick("지출 청구", "Expense claim")} " " <span class="num">{format!("#{}", c.id)}</span></h1>
                    {submitted.then(|| view! { <p class="form-done" role="status">{lang.pick("청구했습니다. 승인되면 장부에 기록됩니다.", "Claim submitted. Once approved, it is recorded in the journal.")}</p> })}
                    {duplicate.then(|| view! { <p class="form-done" role="status">{lang.pick("이미 받은 청구입니다 (두 번 보내져도 한 번만 기록됩니다).", "This claim was already received (sent twice, recorded once).")}</p> })}
                    <FormError action=decide />
                    <ul class="card-list"><ClaimCard c decide /></ul>
                }
            }
        </Loaded>
    }
}
