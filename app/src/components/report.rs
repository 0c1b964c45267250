//! The form that reports a proposal, comment or group to the district's expert, and what it says
//! once sent.

use crate::api::moderation::ReportContent;
use crate::components::form::{FormDone, FormError};
use crate::domain::moderation::ReportReason;
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// "Report" behind a disclosure: reason and a few words.
#[component]
pub fn ReportForm(kind: &'static str, id: i64, action: ServerAction<ReportContent>) -> impl IntoView {
    let lang = use_prefs().lang;
    let field = format!("report-{kind}-{id}");
    view! {
        <details class="report">
            <summary>{lang.pick("신고", "Report")}</summary>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="id" value=id.to_string() />
                <label for=format!("{field}-reason")>{lang.pick("신고 이유", "Reason")}</label>
                <select id=format!("{field}-reason") name="reason" required>
                    {ReportReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
                </select>
                <label for=format!("{field}-detail")>{lang.pick("설명 (기타는 필수)", "Details (required for other)")}</label>
                <textarea id=format!("{field}-detail") name="detail" rows="2" maxlength="500"></textarea>
                <button type="submit" class="btn-quiet">{lang.pick("신고하기", "Send report")}</button>
            </ActionForm>
        </details>
    }
}

/// Errors and confirmation of the report forms of a page.
#[component]
pub fn ReportFeedback(action: ServerAction<ReportContent>) -> impl IntoView {
    let lang = use_prefs().lang;
    view! {
        <FormError action />
        <FormDone action text=lang.pick("신고했습니다. 마을공동체 전문가가 검토합니다.", "Reported. The community expert will review it.") />
    }
}
