//! `/assemblies/:id/results`: each item's outcome, turnout online and on paper, a bar chart
//! rendered on the server as SVG (title, labelled bars, values on the bars) with the same numbers
//! in a table for screen readers, and the digest of the canonical results document.

use crate::api::assemblies::load_results;
use crate::components::Loaded;
use crate::components::layout::{Breadcrumbs, title_text};
use crate::components::paper_trail::PaperTrailTable;
use crate::domain::lang::Lang;
use crate::domain::money::format_won;
use crate::dto::{ItemResult, Named, PaperTrail, ResultsView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub fn outcome_label(lang: Lang, outcome: &str) -> &'static str {
    match outcome {
        "passed" => lang.pick("가결", "Passed"),
        "failed" => lang.pick("부결", "Failed"),
        "quorum_not_met" => lang.pick("정족수 미달", "Quorum not met"),
        "chosen" => lang.pick("결정됨", "Decided"),
        "no_decision" => lang.pick("결정 못 함 (동점 또는 과반 미달)", "No decision (tie or no majority)"),
        "funded" => lang.pick("예산 배정", "Funded"),
        _ => "",
    }
}

#[component]
pub fn AssemblyResultsPage() -> impl IntoView {
    let params = use_params_map();
    let results =
        Resource::new(move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), load_results);
    view! {
        <Loaded data=results let:r>
            <ResultsBody r />
        </Loaded>
    }
}

#[component]
fn ResultsBody(r: ResultsView) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = r.summary.clone();
    let id = s.id;
    let title = format!("{} · {}", s.title, lang.pick("결과", "Results"));
    view! {
        <Title text=title_text(&title) />
        <Breadcrumbs
            items=vec![
                (format!("/districts/{}", r.district.code), r.district.name(lang)),
                (format!("/dongs/{}", s.dong.code), s.dong.name(lang)),
                (format!("/assemblies/{id}"), s.title.clone()),
            ]
            current=lang.pick("결과", "Results").to_owned()
        />
        <h1>{title}</h1>
        <p class="meta">
            <span class=format!("badge assembly-{}", s.status.as_str())>{s.status.label(lang)}</span>
            {(!r.published).then(|| view! {
                " " <strong>{lang.pick("공개 전 집계입니다. 바뀔 수 있습니다.", "A running count, not final.")}</strong>
            })}
        </p>
        <dl class="facts">
            <dt>{lang.pick("확인된 주민 (공고 때)", "Verified residents (at announcement)")}</dt>
            <dd class="num">{r.eligible}</dd>
            <dt>{lang.pick("의사정족수", "Quorum")}</dt>
            <dd class="num">{r.quorum_required}</dd>
            <dt>{lang.pick("온라인 참여 주민", "Residents who voted online")}</dt>
            <dd class="num">{r.online_participants}</dd>
            <dt>{lang.pick("현장 참석 주민", "Residents checked in")}</dt>
            <dd class="num">{r.checked_in}</dd>
        </dl>
        {
            let approve_reject: Vec<i64> =
                r.items.iter().filter(|i| i.kind == "approve_reject").map(|i| i.item_id).collect();
            let trails: Vec<PaperTrail> =
                r.paper.into_iter().filter(|t| t.issued > 0 || !t.entries.is_empty()).collect();
            view! {
                <ol class="agenda results">
                    {r.items.into_iter().map(|item| view! { <ItemResultView item /> }).collect_view()}
                </ol>
                {(!trails.is_empty()).then(|| view! {
                    <section aria-labelledby="paper-trail-heading">
                        <h2 id="paper-trail-heading">{lang.pick("종이 투표 집계 기록", "How the paper ballots were counted")}</h2>
                        <p class="hint">{lang.pick(
                            "현장 담당자가 센 숫자를 입력하고, 다른 담당자가 확인합니다. 고친 기록도 지우지 않고 남깁니다.",
                            "Staff at the door enter the counted figures and a second person confirms them. Corrections are added, never overwritten.",
                        )}</p>
                        {trails.into_iter().map(|trail| {
                            let ar = approve_reject.contains(&trail.item_id);
                            view! { <PaperTrailTable trail approve_reject=ar /> }
                        }).collect_view()}
                    </section>
                })}
            }
        }
        {r.digest.map(|d| view! {
            <section class="panel" aria-labelledby="verify-heading">
                <h2 id="verify-heading">{lang.pick("결과 확인", "Verify these results")}</h2>
                <p>{lang.pick(
                    "아래 파일의 SHA-256 값이 이 값과 같으면, 공개된 뒤 결과가 바뀌지 않은 것입니다.",
                    "If the SHA-256 of the file below equals this value, the results have not changed since they were published.",
                )}</p>
                <p><code class="digest">{d}</code></p>
                <p class="actions">
                    <a class="btn-quiet" href=format!("/assemblies/{id}/results.json")>{lang.pick("결과 문서 (JSON)", "Results document (JSON)")}</a>
                    <a class="btn-quiet" href=format!("/assemblies/{id}/results.csv")>{lang.pick("표 (CSV)", "Table (CSV)")}</a>
                </p>
            </section>
        })}
    }
}

#[component]
fn ItemResultView(item: ItemResult) -> impl IntoView {
    let lang = use_prefs().lang;
    let bars: Vec<(String, u64, bool)> = if item.kind == "approve_reject" {
        vec![
            (lang.pick("찬성", "Approve").to_owned(), item.approve, item.outcome == "passed"),
            (lang.pick("반대", "Reject").to_owned(), item.reject, item.outcome == "failed"),
            (lang.pick("기권", "Abstain").to_owned(), item.abstentions, false),
        ]
    } else {
        item.options
            .iter()
            .map(|o| {
                let label = match o.cost_won {
                    Some(c) => format!("{} ({})", o.label, format_won(c, lang)),
                    None => o.label.clone(),
                };
                (label, o.votes, o.chosen)
            })
            .chain(std::iter::once((lang.pick("기권", "Abstain").to_owned(), item.abstentions, false)))
            .collect()
    };
    let chart_title = format!("{}. {}", item.position + 1, item.title);
    view! {
        <li class="agenda-item">
            <h2>{chart_title.clone()}</h2>
            <p class="meta">
                <span class=format!("badge outcome-{}", item.outcome)>{outcome_label(lang, &item.outcome)}</span>
                " "
                {match lang {
                    Lang::Ko => format!("온라인 {}표 · 현장 {}표", item.online_ballots, item.paper_ballots),
                    Lang::En => format!("{} online · {} on paper", item.online_ballots, item.paper_ballots),
                }}
                {item.budget_won.map(|b| view! { " · " {match lang { Lang::Ko => format!("예산 {}", format_won(b, lang)), Lang::En => format!("budget {}", format_won(b, lang)) }} })}
            </p>
            <BarChart title=chart_title bars=bars.clone() />
            <table class="table results-table">
                <caption class="visually-hidden">{lang.pick("득표 표", "Votes table")}</caption>
                <thead><tr><th scope="col">{lang.pick("선택", "Choice")}</th><th scope="col" class="num">{lang.pick("표", "Votes")}</th></tr></thead>
                <tbody>
                    {bars.into_iter().map(|(label, votes, chosen)| view! {
                        <tr>
                            <th scope="row">{label}{chosen.then_some(" ✓")}</th>
                            <td class="num">{votes}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(item.kind == "budget" && item.options.iter().any(|o| o.funding.is_some())).then(|| view! { <FundingExplained item=item.clone() /> })}
        </li>
    }
}

/// Why each project of a budget item was or was not funded, by the rule the bylaws chose.
#[component]
fn FundingExplained(item: ItemResult) -> impl IntoView {
    let lang = use_prefs().lang;
    let won = move |v: i64| format_won(v, lang);
    let equal_shares = item.pb_rule == Some(crate::domain::assembly::PbRule::EqualShares);
    let rule = match (equal_shares, item.equal_share_won, lang) {
        (true, Some(share), Lang::Ko) => format!(
            "균등 몫 방식: 사업을 고른 주민에게 예산을 똑같이 나눴습니다 (한 사람 몫 {}). 각 사업은 그 사업을 고른 주민의 몫으로만 비용을 냅니다. 몫으로 모두 낼 수 없게 되면 몫을 조금씩 늘려 다시 계산하고, 그래도 남은 예산은 득표순으로 씁니다.",
            won(share)
        ),
        (true, Some(share), Lang::En) => format!(
            "Method of Equal Shares: the budget was split equally among the residents who chose projects ({} each). A project is paid only from the shares of those who chose it. When nothing more can be paid that way, the shares are raised step by step and counted again; whatever is still left funds projects by votes.",
            won(share)
        ),
        (true, None, _) => lang.pick("균등 몫 방식.", "Method of Equal Shares.").to_owned(),
        (false, _, _) => lang
            .pick(
                "득표순: 표를 많이 받은 사업부터, 남은 예산 안에 들면 선정합니다 (같은 표는 비용이 적은 사업 먼저).",
                "By votes: projects in order of votes, each funded if it still fits in what is left (ties: the cheaper first).",
            )
            .to_owned(),
    };
    let mut rows: Vec<_> = item.options.iter().filter_map(|o| o.funding.clone().map(|f| (o.clone(), f))).collect();
    rows.sort_by_key(|(_, f)| f.step.unwrap_or(u32::MAX));
    view! {
        <section class="funding" aria-label=lang.pick("사업별 선정 이유", "Why each project was or was not funded")>
            <h3>{lang.pick("사업별 선정 이유", "Why each project was or was not funded")}</h3>
            <p class="hint">{rule}</p>
            <table class="table funding-table">
                <thead><tr>
                    <th scope="col">{lang.pick("사업", "Project")}</th>
                    <th scope="col">{lang.pick("결과", "Result")}</th>
                    <th scope="col">{lang.pick("이유", "Why")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(o, f)| {
                        let cost = o.cost_won.unwrap_or(0);
                        let result = match (f.step, lang) {
                            (Some(n), Lang::Ko) => format!("{n}번째 선정"),
                            (Some(n), Lang::En) => format!("Funded ({n})"),
                            (None, _) => lang.pick("선정 안 됨", "Not funded").to_owned(),
                        };
                        let left = won(f.left_won.unwrap_or(0));
                        let why = match (f.reason.as_str(), lang) {
                            ("fit_in_turn", Lang::Ko) => format!("득표순 차례에 예산 안에 들었습니다. 남은 예산 {left}."),
                            ("fit_in_turn", Lang::En) => format!("It fitted in the budget in its turn by votes; {left} left."),
                            ("did_not_fit", Lang::Ko) => format!("차례가 왔을 때 남은 예산 {left}으로는 비용 {}이 모자랐습니다.", won(cost)),
                            ("did_not_fit", Lang::En) => format!("When its turn came only {left} was left, less than its cost of {}.", won(cost)),
                            ("no_votes", Lang::Ko) => "표를 받지 못했습니다.".to_owned(),
                            ("no_votes", Lang::En) => "Nobody chose it.".to_owned(),
                            ("shared_by_supporters", Lang::Ko) => format!("고른 주민들이 자기 몫에서 나눠 냈습니다 (한 사람 많아야 {}).", won(f.max_share_won.unwrap_or(0))),
                            ("shared_by_supporters", Lang::En) => format!("Those who chose it paid for it from their shares (at most {} each).", won(f.max_share_won.unwrap_or(0))),
                            ("funded_from_remainder", Lang::Ko) => format!("몫으로 쓰고 남은 예산에서 득표순으로 선정했습니다. 남은 예산 {left}."),
                            ("funded_from_remainder", Lang::En) => format!("Funded by votes from what the shares left; {left} left."),
                            ("supporters_short", Lang::Ko) => format!(
                                "고른 주민들의 남은 몫 {}과 쓰고 남은 예산 {left}으로는 비용 {}을 낼 수 없었습니다.",
                                won(f.shares_left_won.unwrap_or(0)), won(cost)
                            ),
                            ("supporters_short", Lang::En) => format!(
                                "What those who chose it had left of their shares ({}) and what the budget had left ({left}) could not pay its cost of {}.",
                                won(f.shares_left_won.unwrap_or(0)), won(cost)
                            ),
                            _ => String::new(),
                        };
                        view! {
                            <tr class=if f.step.is_some() { "funded" } else { "" }>
                                <th scope="row">{o.label.clone()}" ("{won(cost)}")"</th>
                                <td data-label=lang.pick("결과", "Result")>{result}</td>
                                <td data-label=lang.pick("이유", "Why")>{why}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// A horizontal bar chart as SVG: one labelled bar per choice, its value written at its end;
/// winners drawn in the primary colour, the rest grey (and marked ✓ in the table, never by
/// colour alone).
#[component]
fn BarChart(title: String, bars: Vec<(String, u64, bool)>) -> impl IntoView {
    const WIDTH: u64 = 420;
    const ROW: u64 = 50;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as u64 + 8;
    let span = WIDTH - 60;
    view! {
        <svg class="chart" role="img" viewBox=format!("0 0 {WIDTH} {height}") width="100%" preserveAspectRatio="xMinYMin meet">
            <title>{title}</title>
            {bars.into_iter().enumerate().map(|(i, (label, votes, chosen))| {
                // the label on its own line above the bar, so long (Korean) labels are not cut
                let y = 4 + ROW * i as u64;
                let w = (votes * span / max).max(if votes > 0 { 2 } else { 0 });
                let short: String = if label.chars().count() > 28 { label.chars().take(27).chain(['…']).collect() } else { label };
                view! {
                    <g>
                        <text x="0" y=y + 16 class="chart-label">{short}</text>
                        <rect x="0" y=y + 22 width=w height="18" rx="3" class=if chosen { "hbar hbar-win" } else { "hbar" } />
                        <text x=w + 6 y=y + 36 class="chart-value">{votes}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
