//! The community fund (마을기금) of a dong: the public transparency page (balance, free and
//! earmarked money, the year by category, twelve months as a chart, projects' budget against
//! actual, the journal), a month's printable statement, and a project's page. Staff record
//! income and corrections here; claims have their own pages (`pages/fund_claims.rs`).

pub mod claims;
mod project;
mod statement;
mod tables;

pub use project::ProjectPage;
pub use statement::StatementPage;
use tables::{CategoryTable, JournalTable, MonthsChart, ProjectsTable};

use crate::api::fund::{CreateProject, RecordIncome, ReverseEntry, load_fund};
use crate::components::Loaded;
use crate::components::form::{FormDone, FormError, has_news, refusal_text};
use crate::components::layout::Breadcrumbs;
use crate::components::pagination::Pagination;
use crate::domain::lang::Lang;
use crate::domain::ledger::{EntryDate, ExpenseCategory, IncomeCategory, Month};
use crate::domain::money::format_won;
use crate::domain::term::label_of;
use crate::dto::Named;
use crate::dto::fund::{FundPage as FundData, JournalEntryView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn long_date(lang: Lang, s: &str) -> String {
    EntryDate::parse(s).map(|d| d.long(lang)).unwrap_or_else(|_| s.to_owned())
}

fn month_long(lang: Lang, s: &str) -> String {
    Month::parse(s).map(|m| m.long(lang)).unwrap_or_else(|_| s.to_owned())
}

/// The category of an entry's line, in words.
fn category_text(lang: Lang, e: &JournalEntryView) -> &'static str {
    let c = e.category.as_deref().unwrap_or("");
    if e.lines.iter().any(|l| l.account.starts_with("income:")) {
        label_of::<crate::domain::ledger::IncomeCategory>(lang, c)
    } else {
        label_of::<crate::domain::ledger::ExpenseCategory>(lang, c)
    }
}

/// A signed amount: `+1,000원` / `−45,000원`.
fn signed_won(n: i64, lang: Lang) -> String {
    match n.signum() {
        1 => format!("+{}", format_won(n, lang)),
        -1 => format!("−{}", format_won(-n, lang)),
        _ => format_won(0, lang),
    }
}

/// `/dongs/:code/fund`.
#[component]
pub fn FundPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let income = ServerAction::<RecordIncome>::new();
    let reverse = ServerAction::<ReverseEntry>::new();
    let project = ServerAction::<CreateProject>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("page").and_then(|p| p.parse::<u64>().ok()),
                income.version().get(),
                reverse.version().get(),
                project.version().get(),
            )
        },
        |(code, page, ..)| load_fund(code, page),
    );
    view! {
        <Loaded data=data let:d>
            <FundView d income reverse project />
        </Loaded>
    }
}

#[component]
fn FundView(
    d: FundData,
    income: ServerAction<RecordIncome>,
    reverse: ServerAction<ReverseEntry>,
    project: ServerAction<CreateProject>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = d.summary.clone();
    let name = s.dong.name(lang);
    let code = s.dong.code.clone();
    let title = format!("{name} {}", lang.pick("마을기금", "community fund"));
    let this_month = d.today.get(..7).unwrap_or_default().to_owned();
    let v = d.viewer.clone();
    view! {
        <Title text=title.clone() />
        <Breadcrumbs items=vec![(format!("/dongs/{code}"), name.clone())] current=lang.pick("마을기금", "Community fund").to_owned() />
        <div class="heading-row">
            <h1>{title}</h1>
            {(v.can_claim || v.can_decide).then(|| view! {
                <a class="btn" href=format!("/dongs/{code}/fund/claims")>
                    {lang.pick("지출 청구", "Expense claims")}
                    {(v.can_decide && s.pending_claims > 0).then(|| view! { " " <span class="badge">{s.pending_claims}</span> })}
                </a>
            })}
        </div>
        <p class="hint">{lang.pick(
            "주민 누구나 마을기금의 모든 수입과 지출을 볼 수 있습니다. 기록은 지우거나 고칠 수 없고, 잘못된 기록은 정정 기록으로 바로잡습니다.",
            "Every resident can see all of the fund's income and spending. Records are never erased or edited; a mistake is corrected by a correction entry.",
        )}</p>
        <dl class="stats" aria-label=lang.pick("기금 현황", "Fund at a glance")>
            <div><dt>{lang.pick("잔액", "Balance")}</dt><dd class="num" data-testid="fund-balance">{format_won(s.balance, lang)}</dd></div>
            <div><dt>{lang.pick("쓸 수 있는 돈", "Free to spend")}</dt><dd class="num" data-testid="fund-free">{format_won(s.free, lang)}</dd></div>
            <div><dt>{lang.pick("사업에 배정된 돈", "Earmarked for projects")}</dt><dd class="num" data-testid="fund-earmarked">{format_won(s.earmarked, lang)}</dd></div>
        </dl>
        <p class="actions">
            <a class="btn-quiet" href=format!("/dongs/{code}/fund/statements/{this_month}")>{lang.pick("이달 결산", "This month's statement")}</a>
            <a class="btn-quiet" href=format!("/dongs/{code}/fund/journal.csv")>{lang.pick("장부 (CSV)", "Journal (CSV)")}</a>
            <a class="btn-quiet" href=format!("/dongs/{code}/fund/projects.csv")>{lang.pick("사업 (CSV)", "Projects (CSV)")}</a>
        </p>
        <UploadNotice />
        {v.can_record.then(|| view! { <IncomeForm dong=code.clone() today=d.today.clone() income /> })}

        <section aria-labelledby="months-heading">
            <h2 id="months-heading">{lang.pick("최근 12개월", "The last twelve months")}</h2>
            <MonthsChart months=s.months.clone() />
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{lang.pick("월별 수입, 지출, 잔액", "Income, expenses and balance by month")}</caption>
                    <thead><tr>
                        <th scope="col">{lang.pick("달", "Month")}</th>
                        <th scope="col" class="num">{lang.pick("수입", "Income")}</th>
                        <th scope="col" class="num">{lang.pick("지출", "Expenses")}</th>
                        <th scope="col" class="num">{lang.pick("월말 잔액", "Balance at month end")}</th>
                    </tr></thead>
                    <tbody>
                        {s.months.iter().rev().map(|m| view! {
                            <tr>
                                <th scope="row"><a href=format!("/dongs/{code}/fund/statements/{}", m.month)>{month_long(lang, &m.month)}</a></th>
                                <td class="num">{format_won(m.income, lang)}</td>
                                <td class="num">{format_won(m.expense, lang)}</td>
                                <td class="num">{format_won(m.closing_balance, lang)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section aria-labelledby="year-heading">
            <h2 id="year-heading">{match lang { Lang::Ko => format!("{}년 분야별", s.year), Lang::En => format!("{} by category", s.year) }}</h2>
            <div class="two-col">
                <CategoryTable caption=lang.pick("수입", "Income") rows=s.income_by_category.clone() income=true />
                <CategoryTable caption=lang.pick("지출", "Expenses") rows=s.expense_by_category.clone() income=false />
            </div>
        </section>

        <section aria-labelledby="projects-heading">
            <h2 id="projects-heading">{lang.pick("사업별 예산과 집행", "Projects: budget and spending")}</h2>
            <ProjectsTable projects=s.projects.clone() />
            {v.can_record.then(|| view! { <NewProjectForm dong=code.clone() free=s.free project /> })}
        </section>

        <section aria-labelledby="journal-heading">
            <h2 id="journal-heading">{lang.pick("장부", "Journal")}</h2>
            <JournalTable entries=d.journal.entries.clone() can_reverse=v.can_record show_receipts=v.can_decide reverse />
            <FormError action=reverse />
            <Pagination base=format!("/dongs/{code}/fund") query=vec![] page=d.journal.page pages=d.journal.pages />
        </section>
    }
}

/// What became of an evidence upload (`?evidence_added=<entry>` / `?evidence_error=<code>`).
#[component]
fn UploadNotice() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = query.read_untracked();
    let added = q.get("evidence_added").map(|id| match lang {
        Lang::Ko => format!("{id}번 기록에 증빙을 올렸습니다."),
        Lang::En => format!("Evidence added to entry {id}."),
    });
    let failed = q.get("evidence_error").map(|code| refusal_text(lang, &code));
    view! {
        {added.map(|t| view! { <p class="form-done" role="status">{t}</p> })}
        {failed.map(|t| view! { <p class="form-error" role="alert">{t}</p> })}
    }
}

#[component]
fn IncomeForm(dong: String, today: String, income: ServerAction<RecordIncome>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <details class="panel" open=has_news(income)>
            <summary>{lang.pick("수입 기록하기", "Record income")}</summary>
            <ActionForm action=income attr:class="stack wide-form">
                <input type="hidden" name="dong" value=dong />
                <label for="in-date">{lang.pick("날짜", "Date")}</label>
                <input id="in-date" name="date" type="date" required value=today.clone() max=today class="narrow" />
                <label for="in-category">{lang.pick("수입 종류", "Kind of income")}</label>
                <select id="in-category" name="category" required>
                    {IncomeCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label(lang)}</option> }).collect_view()}
                </select>
                <label for="in-description">{lang.pick("내용", "Description")}</label>
                <input id="in-description" name="description" required minlength="2" maxlength="300" />
                <label for="in-amount">{lang.pick("금액 (원)", "Amount (won)")}</label>
                <input id="in-amount" name="amount" required inputmode="numeric" class="narrow" />
                <FormError action=income />
                <FormDone action=income text=lang.pick("기록했습니다.", "Recorded.") />
                <button type="submit" class="btn">{lang.pick("기록하기", "Record")}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn NewProjectForm(dong: String, free: i64, project: ServerAction<CreateProject>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <details class="panel" open=has_news(project)>
            <summary>{lang.pick("주민센터 사업 만들기", "Set up a center project")}</summary>
            <p class="hint">{match lang {
                Lang::Ko => format!("주민총회가 정한 사업은 결과가 공개될 때 저절로 만들어집니다. 예산은 쓸 수 있는 돈({})에서 배정됩니다.", format_won(free, lang)),
                Lang::En => format!("Projects the assembly decides are set up when its results are published. The budget is earmarked from the money free to spend ({}).", format_won(free, lang)),
            }}</p>
            <ActionForm action=project attr:class="stack wide-form">
                <input type="hidden" name="dong" value=dong />
                <label for="pj-title">{lang.pick("사업 이름", "Project name")}</label>
                <input id="pj-title" name="title" required minlength="2" maxlength="200" />
                <label for="pj-amount">{lang.pick("예산 (원)", "Budget (won)")}</label>
                <input id="pj-amount" name="amount" required inputmode="numeric" class="narrow" />
                <FormError action=project />
                <FormDone action=project text=lang.pick("사업을 만들었습니다.", "Project set up.") />
                <button type="submit" class="btn">{lang.pick("사업 만들기", "Set up the project")}</button>
            </ActionForm>
        </details>
    }
}

/// Labels for the claim form's selects.
pub fn expense_categories() -> impl Iterator<Item = &'static str> {
    ExpenseCategory::ALL.into_iter().map(ExpenseCategory::as_str)
}
