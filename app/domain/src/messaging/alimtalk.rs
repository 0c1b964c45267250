//! KakaoTalk business messages (알림톡). Kakao sends only text that was approved in advance as a
//! template, with `#{name}` variables filled in per message; a message that KakaoTalk cannot
//! deliver (no KakaoTalk on that number) is sent again as an LMS with the same text.
//!
//! The templates are derived here from what the site says anyway (each notice's sentence, the
//! digest, the phone code), so they cannot drift from the e-mail wording; `docs/alimtalk-templates.md`
//! lists them for an operator to submit for approval, and a test keeps that file equal to
//! [`catalogue_markdown`]. A template's code is what the provider knows it by: once approved it
//! must never change meaning, so each notice has a fixed number ([`number`]), never its position.

use super::{Topic, route};
use crate::lang::Lang;
use crate::moderation::NoticeKind;

/// What a template says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// One notice of the site.
    Notice(NoticeKind),
    /// A digest: several notices of one topic together.
    Digest,
    /// The six-digit code that confirms a phone number.
    PhoneCode,
    /// To a replaced number: the person's messages go to a new one now.
    AddressReplaced,
    /// To a removed number: no messages come here any more.
    AddressRemoved,
}

/// An approved text with its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The code the provider knows it by (at most 20 characters: `UD` ‖ number ‖ `K`/`E`).
    pub code: String,
    pub purpose: Purpose,
    pub lang: Lang,
    /// The text, with `#{name}` where a variable goes.
    pub body: String,
}

/// The longest text KakaoTalk takes (an LMS takes 2,000 bytes: the same text fits).
pub const MAX_CHARS: usize = 1000;

/// The fixed number of a notice's template; `None` for notices that never leave the site.
/// Exhaustive: a new kind of notice must be given a new number (never a used one).
pub fn number(kind: NoticeKind) -> Option<u8> {
    use NoticeKind as K;
    Some(match kind {
        K::ProposalEligible => 1,
        K::NewComment => 2,
        K::JoinRequest => 3,
        K::JoinApproved => 4,
        K::ContentHidden => 5,
        K::ContentRestored => 6,
        K::Warned => 7,
        K::Blocked => 8,
        K::AssemblyAnnounced => 9,
        K::AssemblyRescheduled => 10,
        K::AssemblyCancelled => 11,
        K::PreVotingOpened => 12,
        K::ResultsPublished => 13,
        K::SignInCodePrinted => 14,
        K::ResidencyChanged => 15,
        K::RolesChanged => 16,
        K::WelfareRoleProposed => 17,
        K::ProposalOnAgenda => 18,
        K::ProposalDecided => 19,
        K::BookingApproved => 20,
        K::BookingDeclined => 21,
        K::BookingCancelled => 22,
        K::BookingTomorrow => 23,
        K::ClaimDecided => 24,
        K::PreVotingClosing => 25,
        K::SessionIn48h => 26,
        K::SessionIn2h => 27,
        K::CallsRecorded => 28,
        K::NewReply => return None,
    })
}

const DIGEST_NUMBER: u8 = 90;
const PHONE_CODE_NUMBER: u8 = 91;
const REPLACED_NUMBER: u8 = 92;
const REMOVED_NUMBER: u8 = 93;

/// The template for `purpose` in `lang`; `None` for a notice that never leaves the site.
pub fn template(purpose: Purpose, lang: Lang) -> Option<Template> {
    let n = match purpose {
        Purpose::Notice(kind) => {
            route(kind)?;
            number(kind)?
        }
        Purpose::Digest => DIGEST_NUMBER,
        Purpose::PhoneCode => PHONE_CODE_NUMBER,
        Purpose::AddressReplaced => REPLACED_NUMBER,
        Purpose::AddressRemoved => REMOVED_NUMBER,
    };
    let code = format!("UD{n:02}{}", if lang == Lang::Ko { 'K' } else { 'E' });
    Some(Template { code, purpose, lang, body: body(purpose, lang) })
}

fn body(purpose: Purpose, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match purpose {
        Purpose::Notice(kind) => {
            // what concerns the account is about no dong and cannot be turned off
            let account = route(kind).is_some_and(|(topic, _)| topic == Topic::Account);
            let mut lines = vec![
                match (account, ko) {
                    (true, true) => "[우리동네]",
                    (true, false) => "[Uri-dongne]",
                    (false, true) => "[우리동네 · #{dong}]",
                    (false, false) => "[Uri-dongne · #{dong}]",
                }
                .to_owned(),
                kind.text(lang).to_owned(),
                "#{title}".to_owned(),
                String::new(),
                if ko { "자세히 보기: #{link}" } else { "More: #{link}" }.to_owned(),
            ];
            if !account {
                lines.push(if ko { "이 알림 그만 받기: #{stop}" } else { "Stop these messages: #{stop}" }.to_owned());
            }
            lines.join("\n")
        }
        Purpose::Digest => if ko {
            "[우리동네 · #{dong}]\n모아 보는 알림 #{count}건\n#{list}\n\n받는 알림 바꾸기: #{link}\n이 알림 그만 받기: #{stop}"
        } else {
            "[Uri-dongne · #{dong}]\n#{count} messages together\n#{list}\n\nChange what you receive: #{link}\nStop these messages: #{stop}"
        }
        .to_owned(),
        Purpose::AddressReplaced => if ko {
            "[우리동네] 이 계정의 알림은 이제 이 번호 대신 #{new}(으)로 갑니다 (확인한 뒤부터).\n직접 바꾸지 않았다면 곧바로 확인하거나 주민센터에 알려 주세요: #{link}"
        } else {
            "[Uri-dongne] This account's messages will go to #{new} instead of this number (once it is confirmed).\nIf you did not change it, check at once or tell your community center: #{link}"
        }
        .to_owned(),
        Purpose::AddressRemoved => if ko {
            "[우리동네] 이 계정에서 이 번호가 지워져, 이제 여기로는 알림을 보내지 않습니다.\n직접 지우지 않았다면 곧바로 확인하거나 주민센터에 알려 주세요: #{link}"
        } else {
            "[Uri-dongne] This number was removed from the account: no messages come here any more.\nIf you did not remove it, check at once or tell your community center: #{link}"
        }
        .to_owned(),
        Purpose::PhoneCode => if ko {
            "[우리동네] 인증번호 #{code}\n10분 안에 내 정보 화면에 입력하세요.\n직접 요청하지 않았다면 이 메시지를 무시하세요."
        } else {
            "[Uri-dongne] Your code is #{code}\nEnter it on your account page within 10 minutes.\nIf you did not ask for it, ignore this message."
        }
        .to_owned(),
    }
}

impl Template {
    /// The variables the body names, in order, each once.
    pub fn variables(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut rest = self.body.as_str();
        while let Some(start) = rest.find("#{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            let name = &after[..end];
            if !out.contains(&name) {
                out.push(name);
            }
            rest = &after[end + 1..];
        }
        out
    }

    /// The text as the person reads it: each variable replaced by its value (a missing one by
    /// nothing) in one pass — a value that holds `#{…}` stays as it is — cut to [`MAX_CHARS`].
    pub fn render(&self, values: &[(&str, String)]) -> String {
        let mut out = String::with_capacity(self.body.len());
        let mut rest = self.body.as_str();
        while let Some(start) = rest.find("#{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            out.push_str(&rest[..start]);
            let name = &after[..end];
            out.push_str(values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or(""));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out.chars().take(MAX_CHARS).collect()
    }
}

/// Every template in the order of their numbers, each in Korean then in English.
pub fn catalogue() -> Vec<Template> {
    let mut purposes: Vec<Purpose> = NoticeKind::ALL.into_iter().map(Purpose::Notice).collect();
    purposes.push(Purpose::Digest);
    purposes.push(Purpose::PhoneCode);
    purposes.push(Purpose::AddressReplaced);
    purposes.push(Purpose::AddressRemoved);
    let mut out: Vec<Template> =
        [Lang::Ko, Lang::En].into_iter().flat_map(|l| purposes.iter().filter_map(move |p| template(*p, l))).collect();
    // each number's Korean, then its English
    out.sort_by_key(|t| (t.code[..t.code.len() - 1].to_owned(), t.lang == Lang::En));
    out
}

/// What each variable holds, for the file an operator submits.
fn meaning(variable: &str) -> &'static str {
    match variable {
        "dong" => "the dong's name (행정동 이름), e.g. 신촌동",
        "title" => {
            "what the notice is about: an assembly's, proposal's, booking's or claim's title (at most 200 characters)"
        }
        "link" => "the page on the site, https://…",
        "stop" => "the link that turns this kind of message off without signing in, https://…/unsubscribe?…",
        "count" => "how many notices the digest holds",
        "list" => "one line per notice: its sentence and title",
        "code" => "six digits",
        "new" => "the new number, masked: 010-••••-5678",
        _ => "",
    }
}

/// `docs/alimtalk-templates.md`: every template with its code, text and variables.
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# 알림톡 templates\n\n\
         Generated from `app/domain/src/messaging/alimtalk.rs` (a unit test keeps this file equal to it;\n\
         `UD_WRITE_TEMPLATES=1 cargo test -p domain alimtalk` writes it anew). Submit each template to\n\
         the provider for approval under its code; a code never changes meaning, so a changed text is\n\
         submitted again under the same code. A message KakaoTalk cannot deliver is sent as an LMS with\n\
         the same text from `UD_ALIMTALK_RESEND_FROM`.\n\n\
         | Variable | Holds |\n|---|---|\n",
    );
    for v in ["dong", "title", "link", "stop", "count", "list", "code", "new"] {
        out.push_str(&format!("| `#{{{v}}}` | {} |\n", meaning(v)));
    }
    for t in catalogue() {
        let what = match t.purpose {
            Purpose::Notice(kind) => kind.as_str(),
            Purpose::Digest => "digest",
            Purpose::PhoneCode => "phone_code",
            Purpose::AddressReplaced => "address_replaced",
            Purpose::AddressRemoved => "address_removed",
        };
        let vars: Vec<String> = t.variables().iter().map(|v| format!("`#{{{v}}}`")).collect();
        out.push_str(&format!(
            "\n## {} — {what} ({})\n\nVariables: {}\n\n```text\n{}\n```\n",
            t.code,
            if t.lang == Lang::Ko { "한국어" } else { "English" },
            vars.join(", "),
            t.body
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_that_leaves_the_site_has_a_template_and_the_numbers_are_unique() {
        let mut numbers = Vec::new();
        for kind in NoticeKind::ALL {
            if route(kind).is_some() {
                assert!(template(Purpose::Notice(kind), Lang::Ko).is_some(), "{kind:?}");
                numbers.push(number(kind).unwrap_or_default());
            }
        }
        let before = numbers.len();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), before, "a number used twice");
        assert!(
            !numbers.iter().any(|n| [DIGEST_NUMBER, PHONE_CODE_NUMBER, REPLACED_NUMBER, REMOVED_NUMBER].contains(n))
        );
        assert_eq!(template(Purpose::Notice(NoticeKind::NewReply), Lang::Ko), None, "stays on the site");
    }

    #[test]
    fn codes_fit_the_provider_and_bodies_its_length() {
        for t in catalogue() {
            assert!(t.code.len() <= 20 && t.code.is_ascii(), "{}", t.code);
            assert!(t.body.chars().count() < MAX_CHARS / 2, "{}: room for the variables", t.code);
        }
    }

    #[test]
    fn rendering_fills_every_variable_and_account_notices_have_no_stop_link() {
        let t = template(Purpose::Notice(NoticeKind::AssemblyAnnounced), Lang::Ko).unwrap_or_else(|| unreachable!());
        assert_eq!(t.code, "UD09K");
        assert_eq!(t.variables(), ["dong", "title", "link", "stop"]);
        let text = t.render(&[
            ("dong", "신촌동".into()),
            ("title", "2027 주민총회".into()),
            ("link", "https://x/a/1".into()),
            ("stop", "https://x/u".into()),
        ]);
        assert!(text.starts_with("[우리동네 · 신촌동]\n") && text.contains("2027 주민총회") && !text.contains("#{"));
        let account =
            template(Purpose::Notice(NoticeKind::SignInCodePrinted), Lang::En).unwrap_or_else(|| unreachable!());
        assert_eq!(account.variables(), ["title", "link"]);
        let long = t.render(&[("title", "가".repeat(5000))]);
        assert_eq!(long.chars().count(), MAX_CHARS);
        let sly = t.render(&[("title", "#{link}".into()), ("link", "https://x/a/1".into())]);
        assert!(
            sly.contains("#{link}\n") && sly.matches("https://x/a/1").count() == 1,
            "a value is not filled in again: {sly}"
        );
    }

    /// `UD_WRITE_TEMPLATES=1 cargo test -p domain alimtalk` writes the file anew.
    #[test]
    fn the_file_for_operators_is_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/alimtalk-templates.md");
        let now = catalogue_markdown();
        if std::env::var_os("UD_WRITE_TEMPLATES").is_some() {
            std::fs::write(path, &now).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        let file = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            file == now,
            "docs/alimtalk-templates.md differs from the catalogue: UD_WRITE_TEMPLATES=1 cargo test -p domain alimtalk"
        );
    }
}
