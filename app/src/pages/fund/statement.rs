//! `/dongs/:code/fund/statements/:month`: the printable monthly statement (결산).

use super::tables::{CategoryTable, JournalTable};
use super::{month_long, signed_won};
use crate::api::fund::load_statement;
use crate::components::Loaded;
use crate::components::layout::Breadcrumbs;
use crate::domain::lang::Lang;
use crate::domain::ledger::Month;
use crate::domain::money::format_won;
use crate::dto::Named;
use crate::dto::fund::StatementView;
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/dongs/:code/fund/statements/:month`: the printable monthly statement (결산).
#[component]
pub fn StatementPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), params.read().get("month").unwrap_or_default()),
        |(code, month)| load_statement(code, month),
    );
    view! {
        <Loaded data=data let:s>
            <StatementBody s />
        </Loaded>
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
