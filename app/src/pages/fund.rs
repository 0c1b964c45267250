//! The community fund (마을기금) of a dong: the public transparency page (balance, free and
//! earmarked money, the year by category, twelve months as a chart, projects' budget against
//! actual, the journal), a month's printable statement, and a project's page. Staff record
//! income and corrections here; claims have their own pages (`pages/fund_claims.rs`).

use crate::api::dto::Named;
use crate::api::dto::fund::{
    CategoryAmount, FundPage as FundData, JournalEntryView, MonthFlowView, ProjectPage as ProjectData, ProjectView,
    StatementView,
};
use crate::api::fund::{
    AllocateToProject, CreateProject, RecordIncome, ReverseEntry, SetProjectStatus, load_fund, load_project,
    load_statement,
};
use crate::components::feedback::{Loading, access_error};
use crate::components::form::{ConfirmBox, FormDone, FormError};
use crate::components::layout::{Breadcrumbs, title_text};
use crate::components::participation::Pagination;
use crate::domain::lang::Lang;
use crate::domain::ledger::{EntryDate, ExpenseCategory, IncomeCategory, Month};
use crate::domain::money::{compact, format_won};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn income_label(lang: Lang, c: &str) -> &'static str {
    match c {
        "district_grant" => lang.pick("구 지원금", "District grant"),
        "donation" => lang.pick("기부금", "Donations"),
        "rental_fees" => lang.pick("공간 사용료", "Space rental fees"),
        "event_income" => lang.pick("행사 수입", "Event income"),
        "other" => lang.pick("기타 수입", "Other income"),
        _ => "",
    }
}

pub fn expense_label(lang: Lang, c: &str) -> &'static str {
    match c {
        "materials" => lang.pick("재료비", "Materials"),
        "services" => lang.pick("용역비", "Services"),
        "venue" => lang.pick("장소 사용료", "Venue"),
        "events" => lang.pick("행사비", "Events"),
        "other" => lang.pick("기타 지출", "Other expenses"),
        _ => "",
    }
}

pub fn payee_label(lang: Lang, p: &str) -> &'static str {
    match p {
        "person" => lang.pick("개인", "Individual"),
        "business" => lang.pick("업체", "Business"),
        "organisation" => lang.pick("단체", "Organisation"),
        _ => "",
    }
}

fn kind_label(lang: Lang, k: &str) -> &'static str {
    match k {
        "income" => lang.pick("수입", "Income"),
        "expense" => lang.pick("지출", "Expense"),
        "allocation" => lang.pick("사업 배정", "Earmarked"),
        "release" => lang.pick("배정 반환", "Returned"),
        "reversal" => lang.pick("정정", "Correction"),
        _ => "",
    }
}

pub fn project_status_label(lang: Lang, s: &str) -> &'static str {
    match s {
        "planned" => lang.pick("준비", "Planned"),
        "in_progress" => lang.pick("진행 중", "In progress"),
        "done" => lang.pick("완료", "Done"),
        _ => "",
    }
}

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
        income_label(lang, c)
    } else {
        expense_label(lang, c)
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
        <Suspense fallback=Loading>
            {move || data.get().map(|res| match res {
                Ok(d) => view! { <FundView d income reverse project /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
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

/// What became of an evidence upload (`?evidence_added=<entry>` / `?evidence_error=<entry>`).
#[component]
fn UploadNotice() -> impl IntoView {
    let lang = use_prefs().lang;
    let query = use_query_map();
    let q = query.read_untracked();
    let added = q.get("evidence_added").map(|id| match lang {
        Lang::Ko => format!("{id}번 기록에 증빙을 올렸습니다."),
        Lang::En => format!("Evidence added to entry {id}."),
    });
    let failed = q.get("evidence_error").map(|_| {
        lang.pick(
            "증빙은 사진(JPEG, PNG, WebP)이나 PDF로, 5MB까지 올릴 수 있습니다.",
            "Evidence can be a photo (JPEG, PNG, WebP) or a PDF, up to 5 MB.",
        )
    });
    view! {
        {added.map(|t| view! { <p class="form-done" role="status">{t}</p> })}
        {failed.map(|t| view! { <p class="form-error" role="alert">{t}</p> })}
    }
}

#[component]
fn IncomeForm(dong: String, today: String, income: ServerAction<RecordIncome>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <details class="panel" open=move || income.value().with(|v| matches!(v, Some(Err(_))))>
            <summary>{lang.pick("수입 기록하기", "Record income")}</summary>
            <ActionForm action=income attr:class="stack wide-form">
                <input type="hidden" name="dong" value=dong />
                <label for="in-date">{lang.pick("날짜", "Date")}</label>
                <input id="in-date" name="date" type="date" required value=today.clone() max=today class="narrow" />
                <label for="in-category">{lang.pick("수입 종류", "Kind of income")}</label>
                <select id="in-category" name="category" required>
                    {IncomeCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{income_label(lang, c.as_str())}</option> }).collect_view()}
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
        <details class="panel" open=move || project.value().with(|v| matches!(v, Some(Err(_))))>
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

/// Income and expenses per month as grouped bars, with the amounts written above them; the
/// table below carries the exact figures.
#[component]
fn MonthsChart(months: Vec<MonthFlowView>) -> impl IntoView {
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
fn CategoryTable(caption: &'static str, rows: Vec<CategoryAmount>, income: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let total: i64 = rows.iter().map(|r| r.amount).sum();
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{if income { income_label(lang, &r.category) } else { expense_label(lang, &r.category) }}</th>
                        <td class="num">{format_won(r.amount, lang)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th scope="row">{lang.pick("합계", "Total")}</th><td class="num"><strong>{format_won(total, lang)}</strong></td></tr></tfoot>
        </table>
    }
}

#[component]
fn ProjectsTable(projects: Vec<ProjectView>) -> impl IntoView {
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
                                <td class="status">{project_status_label(lang, &p.status)}</td>
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
fn JournalTable(
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
                        let can_fix = can_reverse && e.kind != "reversal" && e.reversed_by.is_none();
                        view! {
                            <tr id=format!("entry-{}", e.id) class=if e.reversed_by.is_some() { "reversed" } else { "" }>
                                <td class="nowrap">{long_date(lang, &e.date)}</td>
                                <td>
                                    {e.description.clone()}
                                    <span class="meta">
                                        {e.project_id.map(|p| view! { " · " <a href=format!("/fund/projects/{p}")>{e.project_title.clone().unwrap_or_default()}</a> })}
                                        {e.payee_type.clone().map(|p| view! { " · " {lang.pick("받는 곳", "Paid to")} " " {payee_label(lang, &p)} })}
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
                                <td>{kind_label(lang, &e.kind)} {(!category_text(lang, &e).is_empty()).then(|| view! { <span class="meta">{category_text(lang, &e)}</span> })}</td>
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

/// `/dongs/:code/fund/statements/:month`: the printable monthly statement (결산).
#[component]
pub fn StatementPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), params.read().get("month").unwrap_or_default()),
        |(code, month)| load_statement(code, month),
    );
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|res| match res {
                Ok(s) => view! { <StatementBody s /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
    }
}

#[component]
fn StatementBody(s: StatementView) -> impl IntoView {
    let lang = use_prefs().lang;
    let name = s.dong.name(lang);
    let code = s.dong.code.clone();
    let month = Month::parse(&s.month).ok();
    let title = match lang {
        Lang::Ko => format!("{name} 마을기금 {} 결산", month_long(lang, &s.month)),
        Lang::En => format!("{name} community fund: statement for {}", month_long(lang, &s.month)),
    };
    view! {
        <Title text=title.clone() />
        <Breadcrumbs
            items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/fund"), lang.pick("마을기금", "Community fund").to_owned())]
            current=lang.pick("결산", "Statement").to_owned()
        />
        <article class="statement print-page">
            <h1>{title}</h1>
            <nav class="actions no-print" aria-label=lang.pick("다른 달", "Other months")>
                {month.map(|m| view! {
                    <a class="btn-quiet" href=format!("/dongs/{code}/fund/statements/{}", m.previous())>{lang.pick("← 지난달", "← Previous month")}</a>
                    <a class="btn-quiet" href=format!("/dongs/{code}/fund/statements/{}", m.next())>{lang.pick("다음 달 →", "Next month →")}</a>
                })}
                <span class="hint">{lang.pick("A4로 인쇄하려면 브라우저의 인쇄 기능을 쓰세요.", "Use the browser's print function for an A4 copy.")}</span>
            </nav>
            <table class="table statement-totals">
                <tbody>
                    <tr><th scope="row">{lang.pick("전월 이월", "Opening balance")}</th><td class="num">{format_won(s.opening_balance, lang)}</td></tr>
                    <tr><th scope="row">{lang.pick("수입 합계", "Total income")}</th><td class="num">{signed_won(s.income_total, lang)}</td></tr>
                    <tr><th scope="row">{lang.pick("지출 합계", "Total expenses")}</th><td class="num">{signed_won(-s.expense_total, lang)}</td></tr>
                    <tr><th scope="row">{lang.pick("월말 잔액", "Closing balance")}</th><td class="num"><strong data-testid="statement-closing">{format_won(s.closing_balance, lang)}</strong></td></tr>
                    <tr><th scope="row">{lang.pick("└ 쓸 수 있는 돈", "└ free to spend")}</th><td class="num">{format_won(s.free_at_close, lang)}</td></tr>
                    <tr><th scope="row">{lang.pick("└ 사업에 배정된 돈", "└ earmarked for projects")}</th><td class="num">{format_won(s.earmarked_at_close, lang)}</td></tr>
                </tbody>
            </table>
            <div class="two-col">
                <CategoryTable caption=lang.pick("수입", "Income") rows=s.income_by_category.clone() income=true />
                <CategoryTable caption=lang.pick("지출", "Expenses") rows=s.expense_by_category.clone() income=false />
            </div>
            <h2>{lang.pick("이달의 기록", "This month's entries")}</h2>
            <JournalTable entries=s.entries.clone() can_reverse=false show_receipts=false />
        </article>
    }
}

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
        <Suspense fallback=Loading>
            {move || data.get().map(|res| match res {
                Ok(p) => view! { <ProjectBody p allocate status /> }.into_any(),
                Err(e) => access_error(e),
            })}
        </Suspense>
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
    let next = match pr.status.as_str() {
        "planned" => Some(("in_progress", lang.pick("사업 시작", "Start the project"))),
        "in_progress" => Some((
            "done",
            lang.pick("사업 완료 (남은 돈은 기금으로 돌아감)", "Finish the project (what is left returns to the fund)"),
        )),
        _ => None,
    };
    view! {
        <Title text=title_text(&pr.title) />
        <Breadcrumbs
            items=vec![(format!("/dongs/{code}"), name.clone()), (format!("/dongs/{code}/fund"), lang.pick("마을기금", "Community fund").to_owned())]
            current=pr.title.clone()
        />
        <h1>{pr.title.clone()}</h1>
        <p class="meta">
            <span class="badge">{project_status_label(lang, &pr.status)}</span>
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
                    {(short > 0 && pr.status != "done").then(|| view! {
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
        {(pr.budget == 0 && pr.status != "done").then(|| view! {
            <p class="hint">{lang.pick("아직 기금이 배정되지 않았습니다. 기금에 여유가 생기면 주민센터가 배정합니다.", "No money earmarked yet. The center allocates it when the fund has enough.")}</p>
        })}
        {p.can_manage.then(|| view! {
            <section class="panel" aria-labelledby="manage-project">
                <h2 id="manage-project">{lang.pick("사업 관리", "Managing the project")}</h2>
                {(pr.status != "done").then(|| view! {
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
                    <p class="form-error" role="alert">{match update_error.as_str() {
                        "note" => lang.pick("소식을 5~5000자로 적어 주세요.", "Write the note in 5 to 5000 characters."),
                        "alt" => lang.pick("사진 설명은 200자까지, 줄바꿈 없이 적어 주세요.", "Describe the photo in at most 200 characters, on one line."),
                        _ => lang.pick("사진은 JPEG, PNG, WebP로 5MB까지 올릴 수 있습니다.", "Photos can be JPEG, PNG or WebP, up to 5 MB."),
                    }}</p>
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

/// Labels for the claim form's selects.
pub fn expense_categories() -> impl Iterator<Item = &'static str> {
    ExpenseCategory::ALL.into_iter().map(ExpenseCategory::as_str)
}
