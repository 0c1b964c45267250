//! Writing a message: in the person's language, as plain text and HTML, naming the dong and
//! linking to the page it is about, with the link that turns its topic off. Digests put the
//! day's (or week's) notices of one person and channel in one message.

use super::MessagingSettings;
use super::outbox::Claimed;
use crate::entities::{assembly, booking, dong, expense_claim, proposal, resident_group};
use contract::error::AppError;
use domain::lang::Lang;
use domain::messaging::alimtalk::{self, Purpose};
use domain::messaging::{Channel, Topic};
use domain::moderation::NoticeKind;
use sea_orm::{ConnectionTrait, EntityTrait};

/// A message ready for a courier. Its `Debug` shows the identity and subject only (the text may
/// hold a code or a signed link).
#[derive(Clone, PartialEq, Eq)]
pub struct Letter {
    /// The stable identity (`<identity>` is the e-mail's `Message-ID`).
    pub identity: String,
    /// The key a provider's idempotency takes ([`request_key`]): the identity, changed by each
    /// try that failed with a known outcome and by the messages a digest holds, so that a retry
    /// is a new request while a repeat after a crash is the same one.
    pub request_key: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click unsubscribe address (RFC 8058, `List-Unsubscribe`: a mail program posts to
    /// it), for messages whose topic can be turned off. The text links to the page instead.
    pub unsubscribe_url: Option<String>,
    /// A calendar entry (RFC 5545) to attach: the session a reminder is about.
    pub calendar: Option<String>,
    /// For KakaoTalk: the approved template and its variables (`text` is then that template's
    /// text as the person reads it, which a text message repeats when KakaoTalk cannot deliver).
    pub kakao: Option<Kakao>,
}

impl std::fmt::Debug for Letter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Letter")
            .field("identity", &self.identity)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// The provider's idempotency key for a letter of `messages` (the first names it): its identity
/// alone for a single message that never failed; else with the failures counted and a digest of
/// which messages it holds.
pub fn request_key(messages: &[Claimed]) -> String {
    let Some(first) = messages.first() else { return String::new() };
    if messages.len() == 1 && first.failures == 0 {
        return first.identity.clone();
    }
    let ids: Vec<String> = messages.iter().map(|m| m.id.to_string()).collect();
    let held = crate::crypto::sha256_hex(&ids.join(","));
    format!("{}.{}.{}", first.identity, first.failures, &held[..8])
}

/// A KakaoTalk message: an approved template's code and the values of its variables
/// (`domain::messaging::alimtalk`). Its `Debug` hides the values (a code among them).
#[derive(Clone, PartialEq, Eq)]
pub struct Kakao {
    pub template_code: String,
    pub parameters: Vec<(String, String)>,
}

impl std::fmt::Debug for Kakao {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kakao").field("template_code", &self.template_code).finish_non_exhaustive()
    }
}

/// Fills `template` for `purpose` in `lang` into a letter's KakaoTalk part and its text.
fn kakao(purpose: Purpose, lang: Lang, values: Vec<(&str, String)>) -> Result<(Kakao, String), AppError> {
    let Some(template) = alimtalk::template(purpose, lang) else {
        tracing::error!(?purpose, "a KakaoTalk message with no template");
        return Err(AppError::Internal);
    };
    let names = template.variables();
    // what the provider fills in and what the text message repeats are the same values
    let values: Vec<(&str, String)> = values
        .into_iter()
        .filter(|(name, _)| names.contains(name))
        .map(|(name, value)| (name, value.chars().take(alimtalk::MAX_CHARS / 2).collect()))
        .collect();
    let text = template.render(&values);
    let parameters = values.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
    Ok((Kakao { template_code: template.code, parameters }, text))
}

/// Writes `messages` (one, or a digest's several for one person and channel; the first names
/// the letter) in `lang`.
pub async fn letter(
    db: &impl ConnectionTrait,
    settings: &MessagingSettings,
    lang: Lang,
    messages: &[Claimed],
) -> Result<Letter, AppError> {
    let Some(first) = messages.first() else { return Err(AppError::Internal) };
    let base = &settings.public_url;
    let link_query = format!("m={}&s={}", first.identity, settings.keys.link_signature(&first.identity));
    let unsubscribe_page = first.topic.0.is_choosable().then(|| format!("{base}/unsubscribe?{link_query}"));
    let unsubscribe_url = first.topic.0.is_choosable().then(|| format!("{base}/unsubscribe/one-click?{link_query}"));
    let by_kakao = first.channel.0 == Channel::Alimtalk;
    if first.event == super::contacts::PHONE_CODE_EVENT {
        let Some(code) = payload_str(first, "code_sealed")
            .and_then(|sealed| settings.keys.open_link(first.recipient_id, &sealed).ok().flatten())
        else {
            tracing::error!(message = first.id, "a phone code does not open");
            return Err(AppError::Internal);
        };
        let (kakao, text) = kakao(Purpose::PhoneCode, lang, vec![("code", code)])?;
        let subject = lang.pick("우리동네 인증번호", "Uri-dongne code").to_owned();
        let lines = [text.clone()];
        return Ok(account_letter(messages, subject, &lines, base, Some((kakao, text))));
    }
    if super::contacts::carries_address(&first.event) {
        let new = payload_str(first, "new_masked");
        let link = format!("{base}/account#messages");
        let (subject, lines) = match (lang, &new) {
            (Lang::Ko, Some(new)) => (
                "우리동네: 알림 받을 곳이 바뀌었습니다",
                vec![
                    format!("이 계정의 알림은 이제 이 주소(번호) 대신 {new}(으)로 갑니다 (확인한 뒤부터)."),
                    format!("직접 바꾸지 않았다면 곧바로 로그인해 확인하거나 주민센터에 알려 주세요: {link}"),
                ],
            ),
            (Lang::Ko, None) => (
                "우리동네: 이 주소로는 더 이상 알림을 보내지 않습니다",
                vec![
                    "이 계정에서 이 주소(번호)가 지워져, 이제 여기로는 알림을 보내지 않습니다.".to_owned(),
                    format!("직접 지우지 않았다면 곧바로 로그인해 확인하거나 주민센터에 알려 주세요: {link}"),
                ],
            ),
            (Lang::En, Some(new)) => (
                "Uri-dongne: your messages now go elsewhere",
                vec![
                    format!("This account's messages will go to {new} instead of here (once it is confirmed)."),
                    format!(
                        "If you did not change it, sign in to check at once, or tell your community center: {link}"
                    ),
                ],
            ),
            (Lang::En, None) => (
                "Uri-dongne: no more messages to this address",
                vec![
                    "This address was removed from the account: no messages come here any more.".to_owned(),
                    format!(
                        "If you did not remove it, sign in to check at once, or tell your community center: {link}"
                    ),
                ],
            ),
        };
        let kakao = if by_kakao {
            let (purpose, mut values) = match new {
                Some(new) => (Purpose::AddressReplaced, vec![("new", new)]),
                None => (Purpose::AddressRemoved, vec![]),
            };
            values.push(("link", link));
            Some(kakao(purpose, lang, values)?)
        } else {
            None
        };
        return Ok(account_letter(messages, subject.to_owned(), &lines, base, kakao));
    }
    if first.event == super::contacts::CONFIRM_EVENT {
        let token = payload_str(first, "token_sealed")
            .and_then(|sealed| settings.keys.open_link(first.recipient_id, &sealed).ok().flatten())
            .unwrap_or_default();
        let url = format!("{base}/account/confirm?t={token}");
        let (subject, lines) = match lang {
            Lang::Ko => (
                "우리동네: 전자우편 주소를 확인해 주세요".to_owned(),
                vec![
                    "우리동네에서 알림을 받을 주소로 이 주소가 등록되었습니다.".to_owned(),
                    format!("아래 링크를 열고 '확인'을 누르면 등록이 끝납니다 (24시간 동안 쓸 수 있습니다):\n{url}"),
                    "직접 등록하지 않았다면 이 메일을 무시하세요. 확인하지 않은 주소로는 아무것도 보내지 않습니다."
                        .to_owned(),
                ],
            ),
            Lang::En => (
                "Uri-dongne: please confirm your e-mail address".to_owned(),
                vec![
                    "This address was added to receive messages from Uri-dongne.".to_owned(),
                    format!("Open the link below and press 'Confirm' to finish (it works for 24 hours):\n{url}"),
                    "If you did not add it, ignore this message: nothing is sent to an unconfirmed address.".to_owned(),
                ],
            ),
        };
        return Ok(account_letter(messages, subject, &lines, base, None));
    }
    let mut items = Vec::new();
    // the same, for a KakaoTalk template: (sentence and title, the title alone, the page)
    let mut parts: Vec<(String, String, Option<String>)> = Vec::new();
    let mut dong_name = None;
    let mut calendar = None;
    for m in messages {
        let kind = NoticeKind::parse(&m.event);
        let sentence = kind.map(|k| k.text(lang)).unwrap_or_default();
        let title = payload_str(m, "subject").unwrap_or_default();
        let path = payload_str(m, "path");
        if dong_name.is_none() {
            dong_name = dong_of(db, m, lang).await?;
        }
        if calendar.is_none() && matches!(kind, Some(NoticeKind::SessionIn48h | NoticeKind::SessionIn2h)) {
            calendar = session_entry(db, m, base).await?;
        }
        let mut line = if title.is_empty() { sentence.to_owned() } else { format!("{sentence}: {title}") };
        parts.push((line.clone(), title.clone(), path.clone()));
        if let Some(path) = path {
            line.push_str(&format!("\n{base}{path}"));
        }
        items.push(line);
    }
    let place = dong_name.as_ref().map(|d| format!(" · {d}")).unwrap_or_default();
    let subject = if messages.len() == 1 {
        let kind = NoticeKind::parse(&first.event);
        format!("[우리동네{place}] {}", kind.map(|k| k.text(lang)).unwrap_or_default())
    } else {
        match lang {
            Lang::Ko => format!("[우리동네{place}] 모아 보는 알림 {}건", messages.len()),
            Lang::En => format!("[Uri-dongne{place}] {} messages together", messages.len()),
        }
    };
    let mut lines = items;
    let topic = first.topic.0;
    lines.push(footer(lang, base, topic, unsubscribe_page.as_deref()));
    let mut text = lines.join("\n\n");
    let kakao = if by_kakao {
        // a notice about no dong's thing (none today but the account's, whose template has no
        // dong) still names a place: an empty variable is refused by the provider
        let dong = dong_name.clone().unwrap_or_else(|| lang.pick("서울", "Seoul").to_owned());
        let stop = unsubscribe_page.clone().unwrap_or_default();
        let (k, kakao_text) = match (messages, NoticeKind::parse(&first.event)) {
            ([_], Some(kind)) => {
                let (_, title, path) = parts.first().cloned().unwrap_or_default();
                let link = format!("{base}{}", path.unwrap_or_else(|| "/notifications".to_owned()));
                let values = vec![("dong", dong), ("title", title), ("link", link), ("stop", stop)];
                kakao(Purpose::Notice(kind), lang, values)?
            }
            _ => {
                let list: Vec<String> = parts.iter().map(|(line, _, _)| format!("· {line}")).collect();
                let values = vec![
                    ("dong", dong),
                    ("count", messages.len().to_string()),
                    ("list", list.join("\n")),
                    ("link", format!("{base}/notifications")),
                    ("stop", stop),
                ];
                kakao(Purpose::Digest, lang, values)?
            }
        };
        text = kakao_text;
        Some(k)
    } else {
        None
    };
    Ok(Letter {
        identity: first.identity.clone(),
        request_key: request_key(messages),
        subject,
        html: html(&lines, base),
        text,
        unsubscribe_url,
        calendar,
        kakao,
    })
}

/// A letter about the account itself (a confirmation, a code, a replaced address): no unsubscribe
/// link, no calendar; `lines` as text and HTML, the text being the KakaoTalk template's when it
/// goes by KakaoTalk.
fn account_letter(
    messages: &[Claimed],
    subject: String,
    lines: &[String],
    base: &str,
    kakao: Option<(Kakao, String)>,
) -> Letter {
    let identity = messages.first().map(|m| m.identity.clone()).unwrap_or_default();
    let (kakao, text) = match kakao {
        Some((k, text)) => (Some(k), text),
        None => (None, lines.join("\n\n")),
    };
    Letter {
        identity,
        request_key: request_key(messages),
        subject,
        html: html(lines, base),
        text,
        unsubscribe_url: None,
        calendar: None,
        kakao,
    }
}

/// The calendar entry of the session a reminder is about, at its times now (moved since the
/// reminder was queued, it shows where to be); none if the assembly is gone or called off.
async fn session_entry(db: &impl ConnectionTrait, m: &Claimed, base: &str) -> Result<Option<String>, AppError> {
    use icalendar::{Calendar, Component, Event, EventLike};
    let Some(id) = payload_id(m, "assembly_id") else { return Ok(None) };
    let Some(a) = assembly::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    if *a.status == domain::assembly::AssemblyStatus::Cancelled {
        return Ok(None);
    }
    let host = base.split("://").nth(1).unwrap_or(base).split('/').next().unwrap_or_default();
    let mut cal = Calendar::new();
    cal.append_property(icalendar::Property::new("PRODID", "-//Uri-dongne//Assemblies//KO"));
    cal.push(
        Event::new()
            .uid(&format!("assembly-{}@{host}", a.id))
            .timestamp(a.updated_at)
            .summary(&a.title)
            .location(&a.venue)
            .url(&format!("{base}/assemblies/{}", a.id))
            .starts(a.session_starts_at)
            .ends(a.session_ends_at)
            .done(),
    );
    Ok(Some(cal.to_string()))
}

fn footer(lang: Lang, base: &str, topic: Topic, unsubscribe: Option<&str>) -> String {
    let topic_name = topic.label(lang);
    let mut out = match lang {
        Lang::Ko => format!("— 우리동네 ({topic_name})\n받는 알림 바꾸기: {base}/account#messages"),
        Lang::En => format!("— Uri-dongne ({topic_name})\nChange what you receive: {base}/account#messages"),
    };
    if let Some(u) = unsubscribe {
        out.push_str(&match lang {
            Lang::Ko => format!("\n이 종류의 알림 그만 받기: {u}"),
            Lang::En => format!("\nStop messages of this kind: {u}"),
        });
    }
    out
}

/// The letter as HTML: each paragraph escaped, the site's own addresses made links (an address a
/// person wrote into a title stays text: an official message links nowhere else).
fn html(paragraphs: &[String], base: &str) -> String {
    let mut out = String::from(
        "<!doctype html><html><body style=\"font-family:sans-serif;font-size:17px;line-height:1.6;max-width:36em\">",
    );
    for p in paragraphs {
        out.push_str("<p>");
        for (i, line) in p.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            out.push_str(&linked(line, base));
        }
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

/// A line escaped, with the site's address (`base…` to the end of the line or the first space) as
/// a link.
fn linked(line: &str, base: &str) -> String {
    match line.find(&format!("{base}/")) {
        Some(at) => {
            let (before, rest) = line.split_at(at);
            let end = rest.find(' ').unwrap_or(rest.len());
            let (url, after) = rest.split_at(end);
            format!("{}<a href=\"{}\">{}</a>{}", escape(before), escape(url), escape(url), escape(after))
        }
        None => escape(line),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A string the message's payload carries under `key`.
pub(super) fn payload_str(m: &Claimed, key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(&m.payload).ok()?;
    v.get(key)?.as_str().map(str::to_owned)
}

fn payload_id(m: &Claimed, key: &str) -> Option<i64> {
    let v: serde_json::Value = serde_json::from_str(&m.payload).ok()?;
    v.get(key)?.as_i64()
}

/// The name of the dong the message is about, if it is about something of a dong.
async fn dong_of(db: &impl ConnectionTrait, m: &Claimed, lang: Lang) -> Result<Option<String>, AppError> {
    let code = if let Some(id) = payload_id(m, "assembly_id") {
        assembly::Entity::find_by_id(id).one(db).await?.map(|a| a.dong_code)
    } else if let Some(id) = payload_id(m, "proposal_id") {
        proposal::Entity::find_by_id(id).one(db).await?.map(|p| p.dong_code)
    } else if let Some(id) = payload_id(m, "group_id") {
        resident_group::Entity::find_by_id(id).one(db).await?.map(|g| g.dong_code)
    } else if let Some(id) = payload_id(m, "booking_id") {
        booking::Entity::find_by_id(id).one(db).await?.map(|b| b.dong_code)
    } else if let Some(id) = payload_id(m, "claim_id") {
        expense_claim::Entity::find_by_id(id).one(db).await?.map(|c| c.dong_code)
    } else {
        None
    };
    let Some(code) = code else { return Ok(None) };
    Ok(dong::Entity::find_by_id(code).one(db).await?.map(|d| match lang {
        Lang::Ko => d.name_ko,
        Lang::En => d.name_en,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_linked() {
        let base = "https://x.kr";
        assert_eq!(
            linked("<b> & see https://x.kr/a?m=1&s=2 now", base),
            "&lt;b&gt; &amp; see <a href=\"https://x.kr/a?m=1&amp;s=2\">https://x.kr/a?m=1&amp;s=2</a> now"
        );
        assert_eq!(
            linked("log in at https://evil.example/x", base),
            "log in at https://evil.example/x",
            "only the site's own"
        );
        assert_eq!(html(&["a\nb".into()], base).matches("<br>").count(), 1);
    }
}
