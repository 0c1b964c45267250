//! Views of a person's off-site messages: where they are reached, what they chose, the
//! development outbox.

use serde::{Deserialize, Serialize};

/// An address of the person's for one channel, as its owner sees it (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    #[serde(with = "domain::term::as_word")]
    pub channel: domain::messaging::Channel,
    /// `m•••@example.com`.
    pub masked: String,
    pub verified: bool,
}

/// One topic on one channel: on (with how often) or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceView {
    #[serde(with = "domain::term::as_word")]
    pub topic: domain::messaging::Topic,
    #[serde(with = "domain::term::as_word")]
    pub channel: domain::messaging::Channel,
    pub on: bool,
    /// `at_once`, `daily` or `weekly`.
    pub frequency: String,
    /// Monday 0 … Sunday 6, for `weekly`.
    pub weekday: Option<u8>,
    /// When consent was given (Seoul time), while on.
    pub consented_on: Option<String>,
}

/// The messages section of the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagingView {
    pub contacts: Vec<ContactView>,
    /// Every choosable topic × off-site channel, in the page's order.
    pub preferences: Vec<PreferenceView>,
    /// Whether this server sends e-mail (otherwise messages wait, or go to `/dev/outbox`).
    pub email_configured: bool,
}

/// What an unsubscribe link would turn off, shown before it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    #[serde(with = "domain::term::as_word")]
    pub topic: domain::messaging::Topic,
    #[serde(with = "domain::term::as_word")]
    pub channel: domain::messaging::Channel,
    /// The link was used already (it works once).
    pub used: bool,
}

/// A message in the development outbox (`/dev/outbox`), as it was or will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevMessage {
    pub id: i64,
    #[serde(with = "domain::term::as_word")]
    pub channel: domain::messaging::Channel,
    #[serde(with = "domain::term::as_word")]
    pub state: domain::messaging::DeliveryState,
    pub event: String,
    /// The recipient's account number and the masked address.
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub not_before: String,
}
