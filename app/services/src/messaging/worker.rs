//! One round of delivery, and the loop every app server runs: claim due messages of the channels
//! this server has couriers for, write each (a digest's messages for one person and channel as
//! one), check again that the person still wants it and still has the address, hand it over,
//! and mark it. What the person turned off or removed meanwhile is dropped, not sent.

use super::compose;
use super::courier::Courier;
use super::outbox::{self, Claimed};
use super::{MessagingSettings, contacts, preferences};
use crate::entities::{outbox_message, user};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::lang::Lang;
use domain::messaging::{Channel, Topic};
use sea_orm::{DatabaseConnection, EntityTrait};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How long a claim holds: longer than a slow relay takes for a round.
pub const LEASE_SECS: i64 = 120;
/// Messages claimed in one round.
pub const BATCH: u64 = 100;
/// How long a courier may take for one letter (the SMTP transport's timeout).
pub const SEND_TIMEOUT_SECS: i64 = 20;

/// The couriers of this server, by channel.
#[derive(Clone, Default)]
pub struct Couriers {
    by_channel: Vec<(Channel, Arc<dyn Courier>)>,
}

impl Couriers {
    pub fn with(mut self, channel: Channel, courier: Arc<dyn Courier>) -> Self {
        self.by_channel.retain(|(c, _)| *c != channel);
        self.by_channel.push((channel, courier));
        self
    }

    pub fn channels(&self) -> Vec<Channel> {
        self.by_channel.iter().map(|(c, _)| *c).collect()
    }

    fn get(&self, channel: Channel) -> Option<&Arc<dyn Courier>> {
        self.by_channel.iter().find(|(c, _)| *c == channel).map(|(_, courier)| courier)
    }
}

/// What one round did, by channel (for `/metrics`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    /// (channel, messages delivered)
    pub sent: Vec<(Channel, u64)>,
    /// Failed tries that will be tried again.
    pub retried: Vec<(Channel, u64)>,
    /// Given up after the last try.
    pub failed: Vec<(Channel, u64)>,
    /// Sent again after a claim ran out (a server died mid-send): the far side may have it twice,
    /// under one identity.
    pub repeats: Vec<(Channel, u64)>,
    /// Not sent: turned off, address removed, account gone.
    pub dropped: u64,
    /// Messages claimed in the round.
    pub claimed: usize,
}

fn bump(list: &mut Vec<(Channel, u64)>, channel: Channel, n: u64) {
    match list.iter_mut().find(|(c, _)| *c == channel) {
        Some((_, v)) => *v += n,
        None => list.push((channel, n)),
    }
}

/// Claims and delivers one batch of due messages as `worker`.
pub async fn deliver_due(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    couriers: &Couriers,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Round, AppError> {
    let mut round = Round::default();
    let channels = couriers.channels();
    if channels.is_empty() {
        return Ok(round);
    }
    let mut claimed = outbox::claim(db, worker, now, settings.lease, BATCH, &channels).await?;
    // a batch may end in the middle of someone's digest: take the rest of each, so it goes whole
    let mut digests: Vec<(i64, Channel, Topic)> =
        claimed.iter().filter(|m| is_digest(m)).map(|m| (m.recipient_id, m.channel.0, m.topic.0)).collect();
    digests.sort_by_key(|(person, channel, topic)| (*person, channel.as_str(), topic.as_str()));
    digests.dedup();
    for group in digests {
        claimed.extend(outbox::claim_rest_of(db, worker, now, settings.lease, group).await?);
    }
    round.claimed = claimed.len();
    // the claim holds until `now + lease`: a letter is not begun when a slow relay could still be
    // at it then (another server may claim it again); what is left goes back, no try counted
    // (the margin is a letter's longest send, or half a short lease)
    let margin = chrono::Duration::seconds(SEND_TIMEOUT_SECS + 5).min(settings.lease / 2);
    let stop_at = Utc::now() + settings.lease - margin;
    // a digest's messages of one topic for one person and channel go as one letter; others alone
    let mut letters: BTreeMap<(i64, &'static str, &'static str, i64), Vec<Claimed>> = BTreeMap::new();
    for m in claimed {
        let alone = if is_digest(&m) { 0 } else { m.id };
        letters.entry((m.recipient_id, m.channel.0.as_str(), m.topic.0.as_str(), alone)).or_default().push(m);
    }
    let mut letters = letters.into_values();
    while let Some(messages) = letters.next() {
        if Utc::now() >= stop_at {
            for m in messages.iter().chain(letters.by_ref().flatten().collect::<Vec<_>>().iter()) {
                outbox::release(db, m).await?;
            }
            break;
        }
        // one letter's trouble (a row that does not read, a sealed address that does not open)
        // is that letter's: it waits for its next try, the others go on
        if let Err(e) = deliver_letter(db, settings, couriers, now, &messages, &mut round).await {
            tracing::error!(error = ?e, "a letter could not be prepared or marked");
            for m in &messages {
                outbox::mark_failed(db, m, now, "the server could not prepare this message", true).await?;
            }
        }
    }
    Ok(round)
}

/// Whether a message waits for its person's digest (its payload says so).
fn is_digest(m: &Claimed) -> bool {
    serde_json::from_str::<serde_json::Value>(&m.payload)
        .ok()
        .and_then(|v| v.get("digest").and_then(serde_json::Value::as_bool))
        .unwrap_or(false)
}

/// Writes and hands over one letter (its messages claimed together), and marks them.
async fn deliver_letter(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    couriers: &Couriers,
    now: DateTime<Utc>,
    messages: &[Claimed],
    round: &mut Round,
) -> Result<(), AppError> {
    let Some(first) = messages.first() else { return Ok(()) };
    let (recipient, channel, topic) = (first.recipient_id, first.channel.0, first.topic.0);
    let Some(courier) = couriers.get(channel) else { return Ok(()) };
    let person = user::Entity::find_by_id(recipient).one(db).await?;
    let wanted = match &person {
        Some(p) if p.deleted_at.is_none() => preferences::frequency_of(db, recipient, topic, channel).await?.is_some(),
        _ => false,
    };
    let confirmed_only = !contacts::is_confirmation(&first.event);
    let wanted = wanted && (confirmed_only || contacts::confirmation_waits(db, first, now).await?);
    let address = match (wanted, contacts::carries_address(&first.event)) {
        (false, _) => None,
        (true, true) => contacts::carried_address(settings, first)?,
        (true, false) => contacts::address(db, settings, recipient, channel, confirmed_only).await?,
    };
    let Some(address) = address else {
        for m in messages {
            outbox_message::Entity::delete_by_id(m.id).exec(db).await?;
            round.dropped += 1;
        }
        return Ok(());
    };
    let lang = person.as_ref().and_then(|p| p.lang.as_deref()).and_then(Lang::from_code).unwrap_or(Lang::Ko);
    let letter = compose::letter(db, settings, lang, messages).await?;
    // claimed again after an earlier claim ran out with no failure recorded: its server died
    // mid-send, so the far side may have it already (under the same identity)
    let repeats = messages.iter().filter(|m| m.attempts > 1 && m.last_error.is_none()).count() as u64;
    match courier.deliver(&address, &letter).await {
        Ok(()) => {
            for m in messages {
                if outbox::mark_sent(db, m).await? {
                    bump(&mut round.sent, channel, 1);
                }
                if contacts::carries_address(&m.event) {
                    // sent: the old address it carried is not kept
                    contacts::forget_carried_address(db, m).await?;
                }
            }
            if repeats > 0 {
                bump(&mut round.repeats, channel, repeats);
            }
        }
        Err(e) => {
            tracing::warn!(channel = channel.as_str(), error = %e, "a message was not delivered");
            for m in messages {
                outbox::mark_failed(db, m, now, &e.reason, e.refused).await?;
                let last = u32::try_from(m.attempts).unwrap_or(u32::MAX) >= domain::messaging::MAX_ATTEMPTS;
                bump(if last { &mut round.failed } else { &mut round.retried }, channel, 1);
            }
        }
    }
    Ok(())
}
