//! Couriers: what carries a written message to an address on one channel. One interface, so a
//! worker does not care which; each far side gets the message's stable identity, which makes a
//! repeat after a crash harmless there (an e-mail's `Message-ID`, a provider's idempotency key).
//!
//! - [`Smtp`]: e-mail over SMTP (lettre; TLS by rustls) to the relay `UD_SMTP_URL` names;
//! - [`DevOutbox`]: development without SMTP: nothing leaves, the message stays readable at
//!   `/dev/outbox`.

use super::compose::Letter;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Why a delivery did not happen, in words for the outbox (never an address).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct DeliveryError {
    pub reason: String,
}

impl DeliveryError {
    fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
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
            DeliveryError::new(format!("SMTP: the relay {kind}{code}"))
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
