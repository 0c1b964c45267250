//! Couriers: what carries a written message to an address on one channel. One interface, so a
//! worker does not care which; each far side gets the message's stable identity, which makes a
//! repeat after a crash harmless there (an e-mail's `Message-ID`, a provider's idempotency key).
//!
//! - [`Smtp`]: e-mail over SMTP (lettre; TLS by rustls) to the relay `UD_SMTP_URL` names;
//! - [`NhnAlimtalk`]: KakaoTalk 알림톡 (with an LMS when it cannot deliver) through NHN Cloud;
//! - [`DevOutbox`]: development without SMTP or a provider: nothing leaves, the message stays readable at
//!   `/dev/outbox`.

use super::compose::Letter;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Why a delivery did not happen, in words for the outbox (never an address), and whether the
/// far side surely did not take it (`refused`: a refusal it answered, or nothing sent at all)
/// or may have (no answer in time, a server error, an answer that does not read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct DeliveryError {
    pub reason: String,
    pub refused: bool,
}

impl DeliveryError {
    /// The far side surely did not take it.
    fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), refused: true }
    }

    /// The far side may have taken it: a retry repeats the request as it was (its idempotency
    /// key), so a provider that took it does not send it twice.
    fn unknown(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), refused: false }
    }
}

/// Carries letters on one channel.
#[async_trait::async_trait]
pub trait Courier: Send + Sync {
    /// Hands `letter` to the far side for `to`; `Ok` once the far side accepted it.
    async fn deliver(&self, to: &str, letter: &Letter) -> Result<(), DeliveryError>;
}

/// E-mail through an SMTP relay.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Why SMTP settings were refused at start.
#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    #[error("UD_SMTP_URL: {0}")]
    Url(String),
    #[error("UD_MAIL_FROM: not an address, like `우리동네 <noreply@example.kr>`")]
    From,
}

impl Smtp {
    /// From `UD_SMTP_URL` (`smtp://host:port` in the clear, `smtp://host:587?tls=required` for
    /// STARTTLS, `smtps://user:password@host:465` for TLS) and `UD_MAIL_FROM`.
    pub fn new(url: &str, from: &str) -> Result<Self, SmtpConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| SmtpConfigError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(super::worker::SEND_TIMEOUT_SECS.unsigned_abs())))
            .build();
        let from = from.parse::<Mailbox>().map_err(|_| SmtpConfigError::From)?;
        Ok(Self { transport, from })
    }
}

#[async_trait::async_trait]
impl Courier for Smtp {
    async fn deliver(&self, to: &str, letter: &Letter) -> Result<(), DeliveryError> {
        let to = to.parse::<Mailbox>().map_err(|_| DeliveryError::new("the stored address is not one"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone())
            .message_id(Some(format!("<{}>", letter.identity)));
        if let Some(url) = &letter.unsubscribe_url {
            // RFC 8058: one click from the mail program, a POST to this address
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let body = MultiPart::alternative_plain_html(letter.text.clone(), letter.html.clone());
        let body = match &letter.calendar {
            Some(ics) => {
                let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| DeliveryError::new(format!("cannot build the message: {e}")))?;
                MultiPart::mixed()
                    .multipart(body)
                    .singlepart(Attachment::new("assembly.ics".to_owned()).body(ics.clone(), kind))
            }
            None => body,
        };
        let message =
            builder.multipart(body).map_err(|e| DeliveryError::new(format!("cannot build the message: {e}")))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            // only the reply's code and kind: a relay's words may repeat the recipient's address
            // (`550 <name@…>: unknown user`), which must reach neither the outbox nor the log
            let kind = if e.is_permanent() {
                "refused for good"
            } else if e.is_transient() {
                "refused for now"
            } else if e.is_timeout() {
                "no answer in time"
            } else {
                "could not be reached or spoken to"
            };
            let code = e.status().map(|c| format!(" ({c})")).unwrap_or_default();
            let error = format!("SMTP: the relay {kind}{code}");
            if e.is_permanent() || e.is_transient() { DeliveryError::new(error) } else { DeliveryError::unknown(error) }
        })
    }
}

/// Development without SMTP: the message is marked sent and read at `/dev/outbox`.
pub struct DevOutbox;

#[async_trait::async_trait]
impl Courier for DevOutbox {
    async fn deliver(&self, _to: &str, _letter: &Letter) -> Result<(), DeliveryError> {
        Ok(())
    }
}

/// KakaoTalk 알림톡 through NHN Cloud's KakaoTalk Bizmessage API (v2.3), with an LMS of the same
/// text when KakaoTalk cannot deliver (`resendParameter`, sent from `resend_from`).
///
/// - `POST {base}/alimtalk/v2.3/appkeys/{appkey}/messages`, `X-Secret-Key`, one recipient a call;
/// - the letter's request key (`compose::request_key`: its identity, changed by every try the
///   provider refused) is the `X-NC-API-IDEMPOTENCY-KEY`: the provider refuses a second request
///   with the same key within 10 minutes (result code −1005). A retry after a refusal has a new
///   key; a retry after an unknown outcome (no answer, a 5xx) and a repeat after a crash keep
///   theirs, and meeting −1005 they count as delivered: the first request reached the provider
///   (were it refused and the server killed before marking it, the message is lost: at most the
///   one in flight at a kill). A digest that gained a message between a crash and its repeat is
///   a new request (its key names the messages it holds): it may arrive twice. A claim runs out after `UD_MESSAGE_LEASE_SECS` (at most 9 minutes where KakaoTalk
///   is configured), inside those 10;
/// - the answer's `header.isSuccessful` and the recipient's `resultCode` (0) decide; an HTTP
///   error or a 5xx is tried again later, like any failed delivery.
pub struct NhnAlimtalk {
    client: reqwest::Client,
    endpoint: String,
    secret: String,
    sender_key: String,
    resend_from: Option<String>,
}

/// The settings of [`NhnAlimtalk`] (`UD_ALIMTALK_*`).
#[derive(Clone)]
pub struct NhnSettings {
    /// `https://api-alimtalk.cloud.toast.com` unless a test's fake says otherwise.
    pub base_url: String,
    pub appkey: String,
    pub secret: String,
    /// The KakaoTalk channel's sender key (40 characters).
    pub sender_key: String,
    /// The registered number an LMS is sent from; none: no text message when KakaoTalk fails.
    pub resend_from: Option<String>,
}

impl std::fmt::Debug for NhnSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NhnSettings").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

/// The provider's answer (only what is read).
#[derive(serde::Deserialize)]
struct NhnAnswer {
    header: NhnHeader,
    message: Option<NhnMessage>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnHeader {
    result_code: i64,
    is_successful: bool,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnMessage {
    #[serde(default)]
    send_results: Vec<NhnResult>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnResult {
    result_code: i64,
}

/// The provider's code for a repeated idempotency key (the first request was accepted).
const NHN_REPEATED_KEY: i64 = -1005;

impl NhnAlimtalk {
    pub fn new(settings: NhnSettings) -> Result<Self, DeliveryError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(super::worker::SEND_TIMEOUT_SECS.unsigned_abs()))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| DeliveryError::new(format!("cannot build the HTTP client: {e}")))?;
        let endpoint =
            format!("{}/alimtalk/v2.3/appkeys/{}/messages", settings.base_url.trim_end_matches('/'), settings.appkey);
        Ok(Self {
            client,
            endpoint,
            secret: settings.secret,
            sender_key: settings.sender_key,
            resend_from: settings.resend_from,
        })
    }

    fn body(&self, to: &str, letter: &Letter, kakao: &super::compose::Kakao) -> serde_json::Value {
        let parameters: serde_json::Map<String, serde_json::Value> =
            kakao.parameters.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        let mut recipient = serde_json::json!({
            "recipientNo": to,
            "templateParameter": parameters,
            // the provider's record of it names the message, never the person
            "recipientGroupingKey": letter.identity,
        });
        if let Some(from) = &self.resend_from {
            recipient["resendParameter"] = serde_json::json!({
                "isResend": true,
                "resendType": "LMS",
                "resendTitle": letter.subject.chars().take(20).collect::<String>(),
                "resendContent": letter.text,
                "resendSendNo": from,
            });
        }
        serde_json::json!({
            "senderKey": self.sender_key,
            "templateCode": kakao.template_code,
            "recipientList": [recipient],
        })
    }
}

#[async_trait::async_trait]
impl Courier for NhnAlimtalk {
    async fn deliver(&self, to: &str, letter: &Letter) -> Result<(), DeliveryError> {
        let Some(kakao) = &letter.kakao else {
            return Err(DeliveryError::new("KakaoTalk: the message has no template"));
        };
        let answer = self
            .client
            .post(&self.endpoint)
            .header("X-Secret-Key", &self.secret)
            .header("X-NC-API-IDEMPOTENCY-KEY", &letter.request_key)
            .json(&self.body(to, letter, kakao))
            .send()
            .await
            // reqwest's words may carry the address it called, never a recipient: still, only its kind
            .map_err(|e| {
                let kind = if e.is_timeout() { "no answer in time" } else { "could not be reached" };
                DeliveryError::unknown(format!("KakaoTalk: the provider {kind}"))
            })?;
        let status = answer.status();
        if !status.is_success() {
            let error = format!("KakaoTalk: the provider answered HTTP {}", status.as_u16());
            // a 4xx is a refusal; a 5xx may come after the provider took the request
            return Err(if status.is_server_error() {
                DeliveryError::unknown(error)
            } else {
                DeliveryError::new(error)
            });
        }
        let answer: NhnAnswer = answer
            .json()
            .await
            .map_err(|_| DeliveryError::unknown("KakaoTalk: the provider's answer does not read"))?;
        if answer.header.result_code == NHN_REPEATED_KEY {
            return Ok(());
        }
        if !answer.header.is_successful {
            return Err(DeliveryError::new(format!("KakaoTalk: refused ({})", answer.header.result_code)));
        }
        match answer.message.and_then(|m| m.send_results.into_iter().next()) {
            Some(r) if r.result_code == 0 => Ok(()),
            Some(r) => Err(DeliveryError::new(format!("KakaoTalk: the recipient was refused ({})", r.result_code))),
            None => Err(DeliveryError::new("KakaoTalk: the provider's answer names no recipient")),
        }
    }
}
