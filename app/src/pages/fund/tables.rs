//! The fund page's figures: the months chart and the category, project and journal tables.

use super::{category_text, long_date, signed_won};
use crate::api::fund::ReverseEntry;
use crate::components::form::ConfirmBox;
use crate::domain::lang::Lang;
use crate::domain::money::{compact, format_won};
use crate::domain::term::label_of;
use crate::dto::fund::{CategoryAmount, JournalEntryView, MonthFlowView, ProjectView};
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// Income and expenses per month as grouped bars, with the amounts written above them; the
/// table below carries the exact figures.
#[component]
pub(super) fn MonthsChart(months: Vec<MonthFlowView>) -> impl IntoView {
    let lang = use_prefs().lang;
    const W: i64 = 720;
    const H: i64 = 240;
    const TOP: i64 = 24;
    const BOTTOM: i64 = 28;
    let max = months.iter().map(|m| m.income.max(m.expense)).max().unwrap_or(0).max(1);
    let slot = W / i64::try_from(months.len().max(1)).unwrap_or(1);
    let bar = (slot - 12) / 2;
    let scale = |v: i64| (v.max(0) * (H - TOP - BOTTOM)) / max;
    let title = lang
        .pick("최근 12개월 수입(진한 색)과 지출(연한 색)", "Income (dark) and expenses (light), last twelve months");
    view! {
        <figure class="chart-figure">
            <svg class="chart chart-wide" role="img" viewBox=format!("0 0 {W} {H}") width="100%" preserveAspectRatio="xMinYMin meet">
                <title>{title}</title>
                <line x1="0" y1=H - BOTTOM x2=W y2=H - BOTTOM class="axis" />
                {months.into_iter().enumerate().map(|(i, m)| {
                    let x = i64::try_from(i).unwrap_or(0) * slot + 4;
                    let (hi, he) = (scale(m.income), scale(m.expense));
                    let label = m.month.get(5..).unwrap_or_default().trim_start_matches('0').to_owned();
                    let label = match lang { Lang::Ko => format!("{label}월"), Lang::En => label };
                    view! {
                        <g>
                            <rect x=x y=H - BOTTOM - hi width=bar height=hi class="col-income" />
                            <rect x=x + bar + 2 y=H - BOTTOM - he width=bar height=he class="col-expense" />
                            {(m.income > 0).then(|| view! { <text x=x y=H - BOTTOM - hi - 4 class="chart-value small">{compact(m.income, lang)}</text> })}
                            {(m.expense > 0).then(|| view! { <text x=x + bar + 2 y=H - BOTTOM - he - 4 class="chart-value small">{compact(m.expense, lang)}</text> })}
                            <text x=x y=H - 8 class="chart-label small">{label}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="legend">
                <span class="key key-income"></span>{lang.pick("수입", "Income")}
                " " <span class="key key-expense"></span>{lang.pick("지출", "Expenses")}
            </figcaption>
        </figure>
    }
}

#[component]
pub(super) fn CategoryTable(caption: &'static str, rows: Vec<CategoryAmount>, income: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let total: i64 = rows.iter().map(|r| r.amount).sum();
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{if income { label_of::<crate::domain::ledger::IncomeCategory>(lang, &r.category) } else { label_of::<crate::domain::ledger::ExpenseCategory>(lang, &r.category) }}</th>
                        <td class="num">{format_won(r.amount, lang)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th scope="row">{lang.pick("합계", "Total")}</th><td class="num"><strong>{format_won(total, lang)}</strong></td></tr></tfoot>
        </table>
    }
}

#[component]
pub(super) fn ProjectsTable(projects: Vec<ProjectView>) -> impl IntoView {
    let lang = use_prefs().lang;
    if projects.is_empty() {
        return view! { <p class="empty">{lang.pick("아직 기금이 배정된 사업이 없습니다. 주민총회에서 정한 사업이 여기에 나옵니다.", "No projects yet. Projects the resident assembly decides appear here.")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{lang.pick("사업별 예산, 집행, 남은 돈", "Budget, spent and remaining per project")}</caption>
                <thead><tr>
                    <th scope="col">{lang.pick("사업", "Project")}</th>
                    <th scope="col">{lang.pick("상태", "Status")}</th>
                    <th scope="col" class="num">{lang.pick("예산", "Budget")}</th>
                    <th scope="col" class="num">{lang.pick("집행", "Spent")}</th>
                    <th scope="col" class="num">{lang.pick("남은 돈", "Remaining")}</th>
                    <th scope="col">{lang.pick("집행률", "Progress")}</th>
                </tr></thead>
                <tbody>
                    {projects.into_iter().map(|p| {
                        let pct = if p.budget > 0 { p.spent * 100 / p.budget } else { 0 };
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/fund/projects/{}", p.id)>{p.title.clone()}</a></th>
                                <td class="status">{p.status.label(lang)}</td>
                                <td class="num">{format_won(p.budget, lang)}</td>
                                <td class="num">{format_won(p.spent, lang)}</td>
                                <td class="num">{format_won(p.remaining, lang)}</td>
                                <td>
                                    <progress class="bar" max=p.budget.max(1).to_string() value=p.spent.to_string()></progress>
                                    " " <span class="num">{format!("{pct}%")}</span>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn JournalTable(
    entries: Vec<JournalEntryView>,
    can_reverse: bool,
    show_receipts: bool,
    #[prop(optional)] reverse: Option<ServerAction<ReverseEntry>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    if entries.is_empty() {
        return view! { <p class="empty">{lang.pick("아직 기록이 없습니다.", "Nothing recorded yet.")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table journal">
                <caption class="visually-hidden">{lang.pick("장부: 최근 기록부터", "Journal, newest first")}</caption>
                <thead><tr>
                    <th scope="col">{lang.pick("날짜", "Date")}</th>
                    <th scope="col">{lang.pick("내용", "Description")}</th>
                    <th scope="col">{lang.pick("구분", "Kind")}</th>
                    <th scope="col" class="num">{lang.pick("금액", "Amount")}</th>
                </tr></thead>
                <tbody>
                    {entries.into_iter().map(|e| {
                        let amount = if e.net == 0 { format_won(e.total, lang) } else { signed_won(e.net, lang) };
                        let can_fix = can_reverse && e.kind != crate::domain::ledger::EntryKind::Reversal && e.reversed_by.is_none();
                        view! {
                            <tr id=format!("entry-{}", e.id) class=if e.reversed_by.is_some() { "reversed" } else { "" }>
                                <td class="nowrap">{long_date(lang, &e.date)}</td>
                                <td>
                                    {e.description.clone()}
                                    <span class="meta">
                                        {e.project_id.map(|p| view! { " · " <a href=format!("/fund/projects/{p}")>{e.project_title.clone().unwrap_or_default()}</a> })}
                                        {e.payee_type.map(|p| view! { " · " {lang.pick("받는 곳", "Paid to")} " " {p.label(lang)} })}
                                        {e.reverses.map(|r| view! { " · " <a href=format!("#entry-{r}")>{match lang { Lang::Ko => format!("{r}번 기록을 정정"), Lang::En => format!("corrects entry {r}") }}</a> })}
                                        {e.reversed_by.map(|r| view! { " · " <strong>{match lang { Lang::Ko => format!("{r}번 기록으로 정정됨"), Lang::En => format!("corrected by entry {r}") }}</strong> })}
                                    </span>
                                    {(show_receipts && !e.receipts.is_empty()).then(|| view! {
                                        <span class="meta">
                                            {lang.pick("증빙: ", "Evidence: ")}
                                            {e.receipts.iter().map(|r| view! { <a href=format!("/media/fund-receipts/{}", r.id)>{r.name.clone()}</a> " " }).collect_view()}
                                        </span>
                                    })}
                                    {can_reverse.then(|| view! {
                                        <details class="inline-details">
                                            <summary>{lang.pick("증빙 올리기", "Add evidence")}</summary>
                                            <form method="post" action=format!("/fund/entries/{}/evidence", e.id) enctype="multipart/form-data" class="stack">
                                                <label for=format!("ev-{}", e.id)>{lang.pick("증빙 파일 (사진 또는 PDF, 5MB까지, 직원과 전문가만 봄)", "Evidence (photo or PDF, up to 5 MB; seen by staff and the expert only)")}</label>
                                                <input id=format!("ev-{}", e.id) name="receipt" type="file" required accept="image/jpeg,image/png,image/webp,application/pdf" />
                                                <button type="submit" class="btn-quiet">{lang.pick("올리기", "Upload")}</button>
                                            </form>
                                        </details>
                                    })}
                                    {(can_fix && reverse.is_some()).then(|| reverse.map(|reverse| view! {
                                        <details class="inline-details">
                                            <summary>{lang.pick("정정하기", "Correct")}</summary>
                                            <ActionForm action=reverse attr:class="stack">
                                                <input type="hidden" name="entry_id" value=e.id.to_string() />
                                                <label for=format!("rv-{}", e.id)>{lang.pick("정정 사유 (공개)", "Reason (public)")}</label>
                                                <input id=format!("rv-{}", e.id) name="reason" required minlength="2" maxlength="200" />
                                                <ConfirmBox label=lang.pick("이 기록을 되돌리는 정정 기록을 남깁니다.", "Record a correction that undoes this entry.") />
                                                <button type="submit" class="btn-quiet">{lang.pick("정정 기록 남기기", "Record the correction")}</button>
                                            </ActionForm>
                                        </details>
                                    }))}
                                </td>
                                <td>{e.kind.label(lang)} {(!category_text(lang, &e).is_empty()).then(|| view! { <span class="meta">{category_text(lang, &e)}</span> })}</td>
                                <td class="num nowrap">{amount}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
