//! `/assemblies/:id/notice`: the printable notice (A4) for notice boards — in the reader's
//! language (Korean by default; switch to English to print it in English).

use crate::api::assemblies::load_notice;
use crate::components::Loaded;
use crate::components::layout::title_text;
use crate::domain::lang::Lang;
use crate::dto::{Named, NoticeView};
use crate::i18n::use_prefs;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssemblyNoticePage() -> impl IntoView {
    let params = use_params_map();
    let notice =
        Resource::new(move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0), load_notice);
    view! {
        <Loaded data=notice let:n>
            <Notice n />
        </Loaded>
    }
}

#[component]
fn Notice(n: NoticeView) -> impl IntoView {
    let lang = use_prefs().lang;
    let s = n.summary.clone();
    view! {
        <Title text=title_text(&format!("{} · {}", s.title, lang.pick("안내문", "Notice"))) />
        <p class="no-print actions">
            <a class="btn-quiet" href=format!("/assemblies/{}", s.id)>{lang.pick("총회 페이지로", "Back to the assembly")}</a>
            " " {lang.pick("브라우저의 인쇄 기능으로 A4에 인쇄하세요.", "Print it on A4 with your browser's print command.")}
        </p>
        <article class="notice-sheet">
            <p class="notice-kicker">{s.dong.name(lang)} " " {lang.pick("주민총회 안내", "resident assembly")}</p>
            <h1>{s.title.clone()}</h1>
            {n.cancel_reason.clone().map(|reason| view! {
                <p class="notice-change"><strong>{lang.pick("취소되었습니다", "Cancelled")}</strong>
                    " — " {reason}</p>
            })}
            {n.rescheduled_at.clone().map(|t| view! {
                <p class="notice-change"><strong>{lang.pick("일정 변경", "New times")}</strong>
                    " — " {match lang {
                        Lang::Ko => format!("{t}에 일정이 바뀌었습니다. 아래가 새 일시입니다."),
                        Lang::En => format!("changed on {t}; below are the new times."),
                    }}</p>
            })}
            <dl class="notice-facts">
                <dt>{lang.pick("일시", "When")}</dt>
                <dd>{n.when.clone()}</dd>
                <dt>{lang.pick("장소", "Where")}</dt>
                <dd>{s.venue.clone()}</dd>
            </dl>
            <h2>{lang.pick("안건", "Agenda")}</h2>
            <ol class="notice-agenda">
                {n.items.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
            </ol>
            <div class="notice-vote">
                <div>
                    <h2>{lang.pick("온라인으로 미리 투표하기", "Vote online beforehand")}</h2>
                    <p>{match (lang, &n.pre_voting_from) {
                        (Lang::Ko, Some(d)) => format!("{d}부터 총회 날까지 온라인으로 투표할 수 있습니다."),
                        (Lang::En, Some(d)) => format!("From {d} until the assembly, you can vote online."),
                        (Lang::Ko, None) => "총회 시간 동안 온라인으로도 투표할 수 있습니다.".to_owned(),
                        (Lang::En, None) => "During the assembly you can also vote online.".to_owned(),
                    }}</p>
                    <p>{lang.pick(
                        "QR 코드를 휴대전화로 찍거나 아래 주소로 들어가, 로그인한 뒤 안건마다 투표하세요. 이 동에 사는 것이 확인된 주민이 투표할 수 있습니다. 확인은 주민센터에서 받을 수 있습니다.",
                        "Scan the QR code with your phone or open the address below, sign in, and vote on each item. Verified residents of the dong can vote; the community service center verifies residents.",
                    )}</p>
                    <p class="notice-url">{n.url.clone()}</p>
                    <p>{lang.pick("총회 날 현장에서 종이 투표지로 투표할 수도 있습니다. 한 안건에는 한 번만 투표합니다.", "You can also vote on paper at the assembly. Each item takes one vote per resident.")}</p>
                </div>
                <div class="notice-qr" role="img" aria-label=lang.pick("총회 페이지로 가는 QR 코드", "QR code to the assembly's page") inner_html=n.qr_svg.clone()></div>
            </div>
            <p class="notice-footer">{s.dong.name(lang)} " " {lang.pick("주민센터 · 우리동네", "community service center · Uri-dongne")}</p>
        </article>
    }
}
