//! Views of a person's notifications.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    /// `domain::moderation::NoticeKind` stored form.
    #[serde(with = "domain::term::as_word")]
    pub kind: domain::moderation::NoticeKind,
    pub subject: String,
    pub link: Option<String>,
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: u64,
    pub page: u64,
    pub pages: u64,
}
