//! Form helpers: errors and confirmations in the reader's language.

use crate::domain::InputRule;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::error_code::input_rule_ko;
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
        AppError::Conflict(code) => match lang {
            Lang::En => capitalise(&code.en()),
            Lang::Ko => code.ko(),
        },
        AppError::Invalid { field, message, code } => match (lang, code) {
            (Lang::En, _) => capitalise(message),
            (Lang::Ko, Some(ErrorCode::Input { rule })) => input_ko(field, *rule),
            (Lang::Ko, Some(code)) => code.ko(),
            (Lang::Ko, None) => field_ko(field).unwrap_or_else(|| "입력한 내용을 확인해 주세요.".into()),
        },
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// Why a series skipped a date, in `lang`.
pub fn skip_reason(lang: Lang, skip: &crate::dto::booking::SkipView) -> String {
    match (&skip.rule, lang) {
        (Some(rule), _) => ErrorCode::BookingRule { rule: rule.clone() }.message(lang),
        // a date skipped before rules were stored typed: its English text, or a plain sentence
        (None, Lang::En) => skip.reason.clone(),
        (None, Lang::Ko) => "예약할 수 없는 날입니다.".into(),
    }
}

/// A field's refusal in Korean, where its rule is typed: in the field's own words when the rule
/// needs them, else the rule's.
fn input_ko(field: &str, rule: InputRule) -> String {
    use InputRule as R;
    match (field, rule) {
        ("purpose", R::Length { min, max }) => format!("목적을 {min}~{max}자로 적어 주세요."),
        ("reason", R::Length { min, max }) => format!("사유를 {min}~{max}자로 적어 주세요."),
        ("description", R::Length { min: 0, max }) => format!("설명은 {max}자까지 쓸 수 있습니다."),
        ("description", R::Length { min, max }) => format!("내용을 {min}~{max}자로 적어 주세요."),
        ("reason", R::NotChosen) => "신고 이유를 고르세요.".into(),
        ("event", R::ReasonMissing) => "총회를 취소하려면 사유를 적어야 합니다.".into(),
        ("session_starts", R::NotInTheFuture) => "새 총회 시작 시각은 지금보다 뒤여야 합니다.".into(),
        ("session_ends", R::EndsBeforeStart) => "총회 끝 시각은 시작 시각보다 뒤여야 합니다.".into(),
        ("session_ends", R::TooLong { hours }) => format!("총회는 {hours}시간을 넘을 수 없습니다."),
        ("ballot_sets", R::OnLine { line }) => format!("{} ({line}번째 줄)", ballot_sets_ko()),
        ("list", R::OnLine { line }) => format!(
            "{line}번째 줄을 확인해 주세요: 사업(turning_65·turning_70·newborn·crisis 또는 65세·70세·출산가정·위기가구), 주소, 방문월(예: 2027-01). 한 줄이라도 틀리면 아무것도 가져오지 않습니다."
        ),
        // a length has the field's own sentence, which names the bounds
        (_, R::Length { .. }) => field_ko(field).unwrap_or_else(|| input_rule_ko(rule)),
        _ => input_rule_ko(rule),
    }
}

fn ballot_sets_ko() -> &'static str {
    "묶음을 확인해 주세요: 한 줄에 '투표지 수: 표시한 사업 번호' (예: 12: 1 3). 묶음을 더하면 기권을 뺀 투표지 수와 같아야 하고, 한 묶음의 사업비는 예산을 넘을 수 없습니다."
}

/// What a field wants, in Korean (for refusals whose rule is the field's only one).
fn field_ko(field: &str) -> Option<String> {
    let said: &str = match field {
        "attendees" => "오는 사람 수를 숫자로 적어 주세요.",
        "start" | "end" | "from_date" | "to_date" | "from_time" | "to_time" => {
            "날짜(예: 2026-12-07)와 시간(예: 19:00)을 확인해 주세요."
        }
        "walk_in_name" => "예약하는 주민의 이름을 적어 주세요.",
        "count" => "반복 횟수는 2~26번입니다.",
        "repeat" => "반복 방법을 고르세요.",
        "hours" => "운영 시간을 09:00처럼 적고, 닫는 시간이 여는 시간보다 늦어야 합니다.",
        "slot_minutes" | "min_minutes" | "max_minutes" => {
            "시간 단위는 15·30·60분이고, 최소·최대 시간은 그 단위의 배수여야 합니다."
        }
        "capacity" => "정원은 1~500명입니다.",
        "code" => "코드가 맞지 않습니다. 다시 확인하거나 주민센터에 문의하세요.",
        "display_name" => "이름을 1~40자로 입력하세요.",
        "birth_year" => "태어난 해를 네 자리 숫자로 입력하세요. 예: 1956",
        "account" => "계정 번호를 확인하세요. 예: 1042",
        "method" => "거주 확인 방법을 고르세요.",
        "expires_on" => "유효기간은 오늘 이후의 날짜로 입력하세요. 예: 2027-03-31",
        "token_name" => "토큰 이름을 1~60자로 입력하세요.",
        "role" | "scope" => "역할과 범위(동 또는 구 코드)를 확인하세요.",
        "dong_code" | "district_code" => "코드는 10자리 숫자입니다.",
        "confirm" => "확인란에 표시해야 진행됩니다.",
        "title" => "제목을 5~120자로 입력하세요.",
        "problem" => "어떤 문제인지 10~5000자로 적어 주세요.",
        "solution" => "해결책을 10~5000자로 적어 주세요.",
        "category" => "분야를 고르세요.",
        "cost_won" => "예상 비용은 원 단위 숫자로 입력하세요. 예: 1,200,000",
        "location" => "장소는 200자까지 쓸 수 있습니다.",
        "group_id" => "이 동에서 내가 모임지기인 모임만 고를 수 있습니다.",
        "name" => "모임 이름을 2~80자로 입력하세요.",
        "purpose" => "모임 목적을 10~4000자로 적어 주세요.",
        "meeting_pattern" => "모임 방식은 120자까지 쓸 수 있습니다.",
        "membership" => "가입 방식을 고르세요.",
        "body" => "댓글을 2~3000자로 적어 주세요.",
        "parent_id" => "답글을 달 댓글을 찾을 수 없습니다.",
        "reason" => "사유를 적어 주세요 (취소 사유는 5~500자, 거절·취소 사유는 2~300자).",
        "entry" => "집계를 입력한 사람은 확인할 수 없습니다. 다른 담당자가 확인해 주세요.",
        "off_schedule" => {
            "계획된 일정과 다릅니다. 지금 시작하려면 ‘계획된 일정과 다르게 지금 시작함을 확인합니다’에 표시하세요."
        }
        "detail" => "‘기타’를 고르면 이유를 5자 이상 적어 주세요.",
        "public_reason" => "주민에게 보일 사유를 5~500자로 적어 주세요.",
        "days" => "제한 일수는 1~365일입니다.",
        "threshold" => "공감 기준은 1~10000명입니다.",
        "report_threshold" => "신고 기준은 1~100명입니다.",
        "q" => "검색어는 100자까지입니다.",
        "image" => "JPEG, PNG, WebP 사진을 5MB까지 올릴 수 있습니다.",
        "alt" => "사진 설명은 200자까지, 줄바꿈 없이 적어 주세요.",
        "choice" => "선택지를 고르거나 기권하세요.",
        "venue" => "장소를 2~200자로 입력하세요.",
        "amount" => "금액을 원 단위 숫자로 입력하세요. 예: 150,000",
        "date" => "날짜를 입력하세요. 예: 2026-11-24",
        "decision" => "승인 또는 반려를 고르세요.",
        "note" => "소식을 5~5000자로 적어 주세요.",
        "description" => "안내는 5000자까지 쓸 수 있습니다.",
        "session_starts" | "session_ends" => "날짜와 시각을 입력하세요. 예: 2026-12-05 14:00",
        "pre_voting_starts" => "사전 투표는 총회 시작 전에 열려야 합니다.",
        "kind" => "결정 방식을 고르세요.",
        "options" => "선택지를 한 줄에 하나씩 2~20개 적어 주세요.",
        "max" => "최대 개수는 1부터 선택지 수까지입니다.",
        "budget_won" => "예산을 원 단위 숫자로 입력하세요. 예: 5,000,000",
        "proposals" => "총회 상정 가능한 이 동의 제안 번호를 적어 주세요.",
        "quorum" | "quorum_kind" => "정족수를 확인하세요.",
        "majority" => "의결 기준을 고르세요.",
        "minimum_age" => "나이 기준은 0~100세입니다.",
        "minutes" => "회의록을 10~20000자로 적어 주세요.",
        "ballot_sets" => ballot_sets_ko(),
        "needs" => "보신 것을 하나 이상 고르세요.",
        "observed" => "본 것은 2000자까지 쓸 수 있습니다.",
        "urgency" => "얼마나 급한지 고르세요.",
        "place" => "어디인지 주소나 눈에 띄는 곳을 2~200자로 적어 주세요.",
        "contact" => "연락처는 100자까지 적을 수 있습니다.",
        "receipt" => "접수번호를 확인해 주세요. 예: WB-7KQ4-M2XN-HD",
        "findings" => "기록은 4000자까지 쓸 수 있습니다.",
        "official" => "이 동의 담당자 가운데서 고르세요.",
        "channel" => "창구 또는 전화를 고르세요.",
        "service" => "연계한 서비스를 고르세요.",
        "close_reason" => "종결 사유를 고르세요.",
        "list" => "명단을 확인해 주세요: 첫 줄은 program,address,due_month, 그 아래 한 줄에 한 가구입니다.",
        "pb_rule" => "주민참여예산 선정 방식을 골라 주세요.",
        "ballots" | "abstentions" | "approve" | "reject" | "votes" => {
            "종이 투표 집계가 맞지 않습니다. 투표지 수와 표를 다시 세어 보세요."
        }
        _ => return None,
    };
    Some(said.to_owned())
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
        let e = |field: &'static str| {
            let refused = crate::domain::text::bounded(field, "제목\u{202E}입니다", 1, 120, false).unwrap_err();
            AppError::from(refused)
        };
        for field in ["title", "display_name", "name"] {
            let ko = error_text(Lang::Ko, &e(field));
            assert!(ko.contains("보이지 않는 문자"), "{field}: {ko}");
            let en = error_text(Lang::En, &e(field));
            assert!(en.contains("invisible characters"), "{field}: {en}");
        }
    }

    #[test]
    fn every_typed_rule_speaks_korean_on_every_field_that_raises_it() {
        let fields = [
            "purpose",
            "reason",
            "description",
            "title",
            "choice",
            "ballots",
            "ballot_sets",
            "date",
            "session_starts",
            "session_ends",
            "event",
            "name",
            "q",
            "no_such_field",
        ];
        for field in fields {
            for rule in InputRule::samples() {
                let e = AppError::from(crate::domain::ValidationError::new("x", "x").because(rule));
                let AppError::Invalid { code, message, .. } = e else { panic!("{rule:?}") };
                let e = AppError::Invalid { field: field.into(), message, code };
                let ko = error_text(Lang::Ko, &e);
                assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{field} {rule:?}: {ko}");
                assert_ne!(ko, "입력한 내용을 확인해 주세요.", "{field} {rule:?} falls back to the generic message");
            }
        }
    }

    #[test]
    fn a_length_is_said_with_its_bounds() {
        let e = |field: &'static str, min, max| {
            AppError::from(crate::domain::ValidationError::new(field, "x").because(InputRule::Length { min, max }))
        };
        assert_eq!(error_text(Lang::Ko, &e("purpose", 2, 200)), "목적을 2~200자로 적어 주세요.");
        assert_eq!(error_text(Lang::Ko, &e("reason", 5, 500)), "사유를 5~500자로 적어 주세요.");
        // a field with a sentence of its own keeps it
        assert_eq!(error_text(Lang::Ko, &e("title", 5, 120)), "제목을 5~120자로 입력하세요.");
        // one without says the bounds
        assert_eq!(error_text(Lang::Ko, &e("walk_in_note", 0, 80)), "80자까지 쓸 수 있습니다.");
    }
}
