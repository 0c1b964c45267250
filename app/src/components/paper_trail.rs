//! How an item's paper ballots were counted: every entry and correction with who and when, and
//! the second person who confirmed it. Shown on the results page (to everyone) and at the door
//! (to staff, above the form for the next entry).

use crate::domain::lang::Lang;
use crate::dto::{PaperTrail, TallyEntryView};
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// The figures of one entry in a line: "투표지 4 · 기권 0 · 찬성 3 · 반대 1".
fn figures(lang: Lang, e: &TallyEntryView, approve_reject: bool) -> String {
    let mut parts = vec![
        format!("{} {}", lang.pick("투표지", "Ballots"), e.ballots),
        format!("{} {}", lang.pick("기권", "Abstain"), e.abstentions),
    ];
    if approve_reject {
        parts.push(format!("{} {}", lang.pick("찬성", "Approve"), e.approve));
        parts.push(format!("{} {}", lang.pick("반대", "Reject"), e.reject));
    } else {
        parts.extend(e.options.iter().map(|o| format!("{} {}", o.label, o.votes)));
    }
    parts.join(" · ")
}

/// The entries of one item's paper tally, oldest first, as a table.
#[component]
pub fn PaperTrailTable(
    trail: PaperTrail,
    approve_reject: bool,
    /// Under a heading that already names the item (the door page).
    #[prop(optional)]
    under_heading: bool,
) -> impl IntoView {
    let lang = use_prefs().lang;
    if trail.entries.is_empty() {
        return view! {
            <p class="empty">{match lang {
                Lang::Ko => format!("나눠 준 종이 투표지 {}장 · 아직 집계를 입력하지 않았습니다.", trail.issued),
                Lang::En => format!("{} paper ballots given out · nothing entered yet.", trail.issued),
            }}</p>
        }
        .into_any();
    }
    view! {
        <table class="table paper-trail">
            <caption>
                {match (lang, under_heading) {
                    (Lang::Ko, false) => format!("{}. {} — 나눠 준 투표지 {}장", trail.position + 1, trail.title, trail.issued),
                    (Lang::En, false) => format!("{}. {} — {} ballots given out", trail.position + 1, trail.title, trail.issued),
                    (Lang::Ko, true) => format!("나눠 준 투표지 {}장", trail.issued),
                    (Lang::En, true) => format!("{} ballots given out", trail.issued),
                }}
                " "
                <span class=format!("badge paper-{}", trail.state.as_str())>{trail.state.label(lang)}</span>
            </caption>
            <thead>
                <tr>
                    <th scope="col">{lang.pick("기록", "Record")}</th>
                    <th scope="col">{lang.pick("숫자", "Figures")}</th>
                    <th scope="col">{lang.pick("입력한 사람", "Entered by")}</th>
                    <th scope="col">{lang.pick("확인한 사람", "Confirmed by")}</th>
                </tr>
            </thead>
            <tbody>
                {trail.entries.into_iter().map(|e| {
                    let what = if e.corrects.is_some() { lang.pick("고침", "Correction") } else { lang.pick("처음 입력", "First entry") };
                    let confirmed = match (&e.confirmed_by, &e.confirmed_at) {
                        (Some(by), Some(at)) => format!("{by} · {at}"),
                        _ => "—".to_owned(),
                    };
                    view! {
                        <tr class=if e.corrects.is_some() { "correction" } else { "" }>
                            <th scope="row">{what}</th>
                            <td data-label=lang.pick("숫자", "Figures")>
                                {figures(lang, &e, approve_reject)}
                                {e.ballot_sets.clone().filter(|s| !s.is_empty()).map(|s| view! {
                                    <span class="ballot-groups">
                                        {lang.pick("사업 번호별 묶음: ", "Groups by project number: ")}
                                        {s.lines().collect::<Vec<_>>().join(" · ")}
                                    </span>
                                })}
                            </td>
                            <td data-label=lang.pick("입력", "Entered")>{format!("{} · {}", e.entered_by, e.entered_at)}</td>
                            <td data-label=lang.pick("확인", "Confirmed")>{confirmed}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
