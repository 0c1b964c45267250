//! Form helpers: errors and confirmations in the reader's language.

use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// What to tell a person about an error, in their language.
pub fn error_text(lang: Lang, e: &AppError) -> String {
    let pick = |ko: &str, en: &str| if lang == Lang::Ko { ko.to_owned() } else { en.to_owned() };
    match e {
        AppError::Unauthorized => pick("로그인이 필요합니다. 다시 로그인해 주세요.", "Please sign in (again)."),
        AppError::Forbidden => pick("이 작업을 할 권한이 없습니다.", "You are not allowed to do this."),
        AppError::NotFound => {
            pick("찾을 수 없습니다. 목록에서 다시 골라 주세요.", "Not found. Please choose again from the list.")
        }
        AppError::RateLimited => pick(
            "잘못된 시도가 너무 많습니다. 1분 뒤에 다시 해 보세요.",
            "Too many wrong attempts. Please try again in a minute.",
        ),
        AppError::Conflict(code) | AppError::Invalid { code, .. } => code_text(lang, code),
        AppError::BadRequest(_) => pick(
            "보낸 내용을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.",
            "What was sent could not be read. Please reload the page and send it again.",
        ),
        AppError::TooLarge => pick(
            "보낸 내용이 너무 큽니다. 글이나 파일을 줄여서 다시 보내 주세요.",
            "What was sent is too large. Please shorten the text or the file and send it again.",
        ),
        AppError::Internal | AppError::Transport(_) => pick(
            "잠시 문제가 생겼습니다. 입력한 내용은 그대로 있으니 다시 보내 주세요.",
            "Something went wrong. What you typed is still here; please send it again.",
        ),
    }
}

/// What to tell a person whose form (posted without JavaScript: an upload) came back refused with
/// `?<key>=<code>` ([`ErrorCode::query_pair`]): the code said in their language. Anything else in
/// the parameter is not a code and gets the plain request to check the form.
pub fn refusal_text(lang: Lang, query_value: &str) -> String {
    match ErrorCode::from_query(query_value) {
        Some(code) => code_text(lang, &code),
        None => lang.pick("입력한 내용을 확인해 주세요.", "Please check what you entered.").to_owned(),
    }
}

/// A refusal's code in `lang`, as a sentence.
fn code_text(lang: Lang, code: &ErrorCode) -> String {
    match lang {
        Lang::En => capitalise(&code.en()),
        Lang::Ko => code.ko(),
    }
}

/// A code's English as a sentence: capitalised, with its full stop (input rules already say one).
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    let stop = if s.ends_with('.') { "" } else { "." };
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + stop,
        None => String::new(),
    }
}

/// Why a series skipped a date, in `lang`.
pub fn skip_reason(lang: Lang, skip: &crate::dto::bookings::SkipView) -> String {
    match (&skip.rule, lang) {
        (Some(rule), _) => ErrorCode::BookingRule { rule: rule.clone() }.message(lang),
        // a date skipped before rules were stored typed: its English text, or a plain sentence
        (None, Lang::En) => skip.reason.clone(),
        (None, Lang::Ko) => "예약할 수 없는 날입니다.".into(),
    }
}

/// The error of the last submission of a form, if any, as an alert.
#[component]
pub fn FormError<I>(action: ServerAction<I>) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    let lang = use_prefs().lang;
    move || {
        action.value().with(|v| match v {
            Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{error_text(lang, e)}</p> }),
            _ => None,
        })
    }
}

/// The "I confirm" box of a destructive or irreversible step. The browser does not send the form
/// unticked (`required`), and the server refuses it unticked too (`api::confirmed`), so the step
/// is confirmed with JavaScript or without.
#[component]
pub fn ConfirmBox(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name="confirm" value="on" required />
            {label}
        </label>
    }
}

/// A short confirmation after a successful submission: shown by the page the form's redirect
/// leads back to, which carries `__done=<the server function's path>` (the server adds it: see
/// `server::http::form_done`). Pages place it once per action, beside the forms.
#[component]
pub fn FormDone<I>(action: ServerAction<I>, text: &'static str) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    let marked = done_marker_for(I::PATH);
    move || {
        (marked || action.value().with(|v| matches!(v, Some(Ok(_)))))
            .then(|| view! { <p class="form-done" role="status">{text}</p> })
    }
}

/// Whether the page reports on `action` (its refusal or its success): a form folded away in a
/// `<details>` is shown open then, so its message is seen.
pub fn has_news<I>(action: ServerAction<I>) -> bool
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    done_marker_for(I::PATH) || action.value().with_untracked(|v| v.is_some())
}

/// The query parameter the server adds to a form's redirect after it succeeded.
pub const DONE_PARAM: &str = "__done";

/// The server function whose success the request's URL reports (`__done`), read once per
/// request (`App` provides it) rather than by every `FormDone` of the page.
#[derive(Clone, Debug, Default)]
pub struct DoneMarker(pub Option<String>);

impl DoneMarker {
    #[cfg(feature = "ssr")]
    pub fn of_request() -> Self {
        let done = use_context::<http::request::Parts>()
            .and_then(|parts| parts.uri.query().map(str::to_owned))
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(&q).ok())
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == DONE_PARAM).map(|(_, v)| v));
        DoneMarker(done)
    }

    #[cfg(not(feature = "ssr"))]
    pub fn of_request() -> Self {
        DoneMarker(None)
    }
}

#[cfg(feature = "ssr")]
fn done_marker_for(path: &str) -> bool {
    use_context::<DoneMarker>().is_some_and(|m| m.0.as_deref() == Some(path))
}

#[cfg(not(feature = "ssr"))]
fn done_marker_for(_path: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_in_both_languages() {
        use crate::domain::Field;
        for field in [Field::Title, Field::DisplayName, Field::GroupName] {
            let refused = crate::domain::text::bounded(field, "제목\u{202E}입니다", 1, 120, false).unwrap_err();
            let e = AppError::from(refused);
            let ko = error_text(Lang::Ko, &e);
            assert!(ko.contains("보이지 않는 문자"), "{field:?}: {ko}");
            let en = error_text(Lang::En, &e);
            assert!(en.contains("invisible characters"), "{field:?}: {en}");
        }
    }

    #[test]
    fn every_typed_rule_speaks_korean_on_every_field_that_raises_it() {
        for &field in crate::domain::Field::ALL {
            for rule in crate::domain::InputRule::samples() {
                let ko = error_text(Lang::Ko, &AppError::input(field, rule));
                assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{field:?} {rule:?}: {ko}");
                assert_eq!(ko, rule.say(field, Lang::Ko), "the page says the rule's own sentence");
                let en = error_text(Lang::En, &AppError::input(field, rule));
                assert_eq!(en, rule.say(field, Lang::En));
            }
        }
    }

    #[test]
    fn a_length_is_said_with_its_bounds() {
        use crate::domain::{Field, InputRule};
        let e = |field, min, max| AppError::input(field, InputRule::Length { min, max });
        // one field name, three forms, three rules: each sentence states its own bounds
        assert_eq!(error_text(Lang::Ko, &e(Field::Title, 5, 120)), "제목을 5~120자로 적어 주세요.");
        assert_eq!(error_text(Lang::Ko, &e(Field::Title, 2, 200)), "제목을 2~200자로 적어 주세요.");
        assert_eq!(error_text(Lang::Ko, &e(Field::Title, 5, 200)), "제목을 5~200자로 적어 주세요.");
        assert_eq!(error_text(Lang::Ko, &e(Field::SpaceName, 2, 60)), "공간 이름을 2~60자로 적어 주세요.");
        assert_eq!(error_text(Lang::Ko, &e(Field::GroupName, 2, 80)), "모임 이름을 2~80자로 적어 주세요.");
        assert_eq!(error_text(Lang::En, &e(Field::GroupName, 2, 80)), "Group name must be 2 to 80 characters long.");
        assert_eq!(error_text(Lang::Ko, &e(Field::Alt, 0, 200)), "사진 설명은 200자까지 쓸 수 있습니다.");
    }

    #[test]
    fn a_refusal_crosses_the_wire_as_its_code() {
        let e = AppError::input(crate::domain::Field::Purpose, crate::domain::InputRule::Length { min: 10, max: 4000 });
        let json = serde_json::to_string(&e).unwrap();
        assert!(!json.contains("characters long"), "the English text stays on the server: {json}");
        let back: AppError = serde_json::from_str(&json).unwrap();
        assert_eq!(error_text(Lang::Ko, &back), "목적을 10~4000자로 적어 주세요.");
    }
}
