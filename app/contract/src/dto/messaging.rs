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
    /// Whether this server sends KakaoTalk messages.
    pub alimtalk_configured: bool,
    /// Whether it takes numbers for KakaoTalk (a provider, or a development server).
    pub alimtalk_offered: bool,
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
    /// An e-mail's HTML part (empty for other channels): not shown on the page (its inline style
    /// is the mail program's to apply, not the site's, whose policy refuses it); the screenshot
    /// script renders it as a mail program would.
    pub html: String,
    pub not_before: String,
}

/// The center's call list (`/staff/:dong/calls`): what to tell whom by a call or a visit, who
/// asked for it, and the messages that could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallListView {
    pub dong: crate::dto::Place,
    /// To tell, oldest first.
    pub open: Vec<CallEntry>,
    /// More open entries than shown (the list shows the oldest [`CallListView::SHOWN`]).
    pub more: u64,
    /// Told lately, newest first.
    pub done: Vec<CallEntry>,
    /// Residents who asked to be told by a call or a visit.
    pub requests: Vec<CallRequestRow>,
    /// Messages to the dong's residents that could not be delivered after every try.
    pub failed: Vec<FailedMessageRow>,
}

impl CallListView {
    pub const SHOWN: u64 = 200;
}

/// One thing to tell one resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEntry {
    pub id: i64,
    pub account: i64,
    pub name: String,
    /// Grouped (`010-1234-5678`); none: a visit, or the number is on the center's own records.
    pub phone: Option<String>,
    /// The notice's kind (`NoticeKind`'s word): the page says it in the reader's language.
    pub event: String,
    pub subject: String,
    pub path: Option<String>,
    /// Seoul time.
    pub since: String,
    /// Who told them and when (done entries).
    pub done: Option<String>,
}

/// A resident who asked to be told by a call or a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRequestRow {
    pub account: i64,
    pub name: String,
    pub phone: Option<String>,
    #[serde(with = "domain::term::as_words")]
    pub topics: Vec<domain::messaging::Topic>,
    /// Seoul time, and the member of staff who heard the consent.
    pub consented: String,
    pub recorded_by: String,
}

/// A message given up after its last try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMessageRow {
    pub id: i64,
    pub account: i64,
    pub name: String,
    #[serde(with = "domain::term::as_word")]
    pub channel: domain::messaging::Channel,
    pub event: String,
    pub subject: String,
    /// The far side's refusal, in words (never an address).
    pub reason: String,
    pub at: String,
}
