//! Every user-facing string, in Korean and English.
//!
//! Why not `leptos_i18n`: see docs/FRONT-END.md ("Languages"). In short: two locales whose
//! texts are checked for completeness by the compiler (a missing field in `EN` or `KO` does not
//! build), chosen per request on the server from a cookie, at no build-time or wasm-size cost.

use crate::domain::lang::Lang;

pub use crate::domain::lang::Prefs;

/// The messages of one language. Add a field here and the compiler asks for both translations.
pub struct Messages {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub home: &'static str,
    pub language: &'static str,
    pub easy_mode_on: &'static str,
    pub easy_mode_off: &'static str,
    pub demo_banner: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_points: [&'static str; 3],
    pub districts_heading: &'static str,
    pub filter_label: &'static str,
    pub filter_hint: &'static str,
    pub filter_submit: &'static str,
    pub filter_no_match: &'static str,
    pub filter_count: fn(usize, usize) -> String,
    pub dong_count: fn(u64) -> String,

    pub district_dongs_heading: &'static str,
    pub district_no_dongs: &'static str,
    pub district_expert: &'static str,
    pub district_expert_none: &'static str,

    pub dong_center_heading: &'static str,
    pub dong_address: &'static str,
    pub dong_hours: &'static str,
    pub dong_hours_value: fn(&str, &str) -> String,
    pub dong_location: &'static str,
    pub dong_staff: &'static str,
    pub dong_staff_none: &'static str,
    pub dong_retired: &'static str,
    pub dong_in_district: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,

    pub footer_about: &'static str,
    pub footer_data: &'static str,
    pub footer_api: &'static str,

    pub api_title: &'static str,
    pub api_lead: &'static str,
    pub api_errors: &'static str,
    pub api_document: &'static str,
    pub api_method: &'static str,
    pub api_path: &'static str,
    pub api_summary: &'static str,
}

pub static KO: Messages = Messages {
    site_name: "우리동네",
    tagline: "찾아가는 동주민센터 주민참여 플랫폼",
    skip_to_content: "본문 바로가기",
    nav_label: "현재 위치",
    home: "처음",
    language: "언어",
    easy_mode_on: "큰 글씨 켜기",
    easy_mode_off: "큰 글씨 끄기",
    demo_banner: "시연용 데이터가 표시되고 있습니다. 실제 주민과 기관의 정보가 아닙니다.",

    home_title: "우리 동네 일은 우리가 정해요",
    home_lead: "서울의 426개 동 주민센터가 주민이 모이고 결정하는 곳이 됩니다. \
                우리동네에서 주민모임에 참여하고, 제안하고, 주민총회에서 투표하세요.",
    home_points: [
        "주민모임을 만들고 동네 문제에 대한 해결책을 제안합니다.",
        "동 주민총회에서 온라인과 현장 투표로 함께 결정합니다.",
        "마을기금의 쓰임을 누구나 볼 수 있고, 주민센터 공간을 예약할 수 있습니다.",
    ],
    districts_heading: "서울의 25개 자치구",
    filter_label: "자치구 찾기",
    filter_hint: "구 이름의 일부를 입력하세요. 예: 서대문",
    filter_submit: "찾기",
    filter_no_match: "찾는 자치구가 없습니다. 다른 이름으로 찾아 보세요.",
    filter_count: |shown, total| format!("{total}개 중 {shown}개 자치구"),
    dong_count: |n| format!("{n}개 동"),

    district_dongs_heading: "행정동과 주민센터",
    district_no_dongs: "이 자치구에 등록된 동이 없습니다.",
    district_expert: "마을공동체 전문가",
    district_expert_none: "아직 지정되지 않았습니다.",

    dong_center_heading: "주민센터",
    dong_address: "주소",
    dong_hours: "운영 시간",
    dong_hours_value: |open, close| format!("평일 {open}–{close} (주말·공휴일 휴무)"),
    dong_location: "위치 (위도, 경도)",
    dong_staff: "주민센터 담당자",
    dong_staff_none: "아직 등록되지 않았습니다.",
    dong_retired: "이 동은 폐지되었거나 통합되었습니다. 기록을 위해 남겨 둡니다.",
    dong_in_district: "소속 자치구",

    not_found_title: "페이지를 찾을 수 없습니다",
    not_found_body: "주소가 바뀌었거나 없는 페이지입니다. 처음 화면에서 다시 찾아 보세요.",
    back_home: "처음 화면으로",
    error_title: "잠시 문제가 생겼습니다",
    error_body: "요청을 처리하지 못했습니다. 잠시 뒤 다시 시도해 주세요.",

    footer_about: "우리동네는 서울시 '찾아가는 동주민센터' 사업을 본뜬 주민참여 플랫폼입니다.",
    footer_data: "행정동 경계·코드: 통계청 SGIS (공공누리 제1유형), vuski/admdongkor (CC BY 4.0)",
    footer_api: "개발자용 API",

    api_title: "개발자용 공개 API",
    api_lead: "모든 공개 데이터는 /api/v1 아래 JSON으로 제공됩니다. \
               오류는 application/problem+json(RFC 9457) 형식입니다.",
    api_errors: "오류 응답",
    api_document: "OpenAPI 3.1 문서",
    api_method: "메서드",
    api_path: "경로",
    api_summary: "설명",
};

pub static EN: Messages = Messages {
    site_name: "Uri-dongne",
    tagline: "Resident participation for Seoul's community service centers",
    skip_to_content: "Skip to main content",
    nav_label: "You are here",
    home: "Home",
    language: "Language",
    easy_mode_on: "Larger text on",
    easy_mode_off: "Larger text off",
    demo_banner: "Demo data is shown. These are not real residents or institutions.",

    home_title: "Our neighbourhood, our decisions",
    home_lead: "Seoul's 426 community service centers are becoming places where residents meet and \
                decide. Join a resident group, make a proposal and vote in your dong's assembly.",
    home_points: [
        "Form resident groups and propose solutions to local problems.",
        "Decide together in the dong's general assembly, online and in person.",
        "Follow the community fund openly, and book the center's spaces.",
    ],
    districts_heading: "Seoul's 25 districts",
    filter_label: "Find a district",
    filter_hint: "Type part of a district's name, e.g. Seodaemun",
    filter_submit: "Find",
    filter_no_match: "No district matches. Try another name.",
    filter_count: |shown, total| format!("{shown} of {total} districts"),
    dong_count: |n| if n == 1 { "1 dong".to_owned() } else { format!("{n} dongs") },

    district_dongs_heading: "Neighbourhoods and their centers",
    district_no_dongs: "No neighbourhoods are registered in this district.",
    district_expert: "Community project expert",
    district_expert_none: "Not yet appointed.",

    dong_center_heading: "Community service center",
    dong_address: "Address",
    dong_hours: "Opening hours",
    dong_hours_value: |open, close| format!("Weekdays {open}–{close} (closed weekends and holidays)"),
    dong_location: "Location (lat, lon)",
    dong_staff: "Center staff",
    dong_staff_none: "None registered yet.",
    dong_retired: "This neighbourhood was abolished or merged. It is kept for the record.",
    dong_in_district: "District",

    not_found_title: "Page not found",
    not_found_body: "The address has changed or the page does not exist. Start again from the home page.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    error_body: "We could not complete the request. Please try again shortly.",

    footer_about: "Uri-dongne is a resident participation platform modelled on Seoul's \
                   Reaching-out Community Service Center program.",
    footer_data: "Administrative boundaries and codes: Statistics Korea SGIS (KOGL Type 1), \
                  vuski/admdongkor (CC BY 4.0)",
    footer_api: "API for developers",

    api_title: "Public API for developers",
    api_lead: "All public data is available as JSON under /api/v1. \
               Errors are application/problem+json (RFC 9457).",
    api_errors: "Error responses",
    api_document: "OpenAPI 3.1 document",
    api_method: "Method",
    api_path: "Path",
    api_summary: "Description",
};

/// The messages of a language.
pub fn messages(lang: Lang) -> &'static Messages {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

/// The messages of the current request's language (from the `Prefs` context the app provides).
pub fn use_messages() -> &'static Messages {
    messages(use_prefs().lang)
}

/// The current request's display preferences.
pub fn use_prefs() -> Prefs {
    // in an island in the browser, from the attributes the server wrote on <html>
    leptos::prelude::use_context::<Prefs>().unwrap_or_else(|| crate::app::use_page_env().prefs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attribution_is_the_licence_text_in_korean() {
        assert_eq!(KO.footer_data, "행정동 경계·코드: 통계청 SGIS (공공누리 제1유형), vuski/admdongkor (CC BY 4.0)");
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!((KO.dong_count)(14), "14개 동");
        assert_eq!((EN.dong_count)(1), "1 dong");
        assert_eq!((EN.filter_count)(2, 25), "2 of 25 districts");
    }
}
