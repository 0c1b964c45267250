//! Who of the people a notice goes to also hears of it off the site: those who turned its topic
//! on for a channel where they have a confirmed address (for `Account` notices, every confirmed
//! address). Queued in the notice's own transaction, after the quiet hours (unless urgent), or at
//! the person's digest time.

use super::outbox::{self, NewMessage};
use crate::entities::{Stored, contact_point, message_preference};
use crate::notices::About;
use crate::time_fmt::{from_local_minute, local_minute};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::messaging::{self, Channel, Frequency, Topic};
use domain::moderation::NoticeKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// Queues `kind` for each of `users` (already without the person who caused it) who chose to
/// hear of it off the site. A notice that happens once (an announcement) is queued once per
/// person and channel however often the step is taken; others once per moment.
pub async fn queue_notice(
    db: &impl ConnectionTrait,
    users: &[i64],
    kind: NoticeKind,
    about: About,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some((topic, urgency)) = messaging::route(kind) else { return Ok(()) };
    let what = about.key();
    let dedup_key = if messaging::happens_once(kind) {
        format!("{}:{what}", kind.as_str())
    } else {
        format!("{}:{what}:{}", kind.as_str(), now.timestamp_millis())
    };
    let payload = serde_json::json!({
        "kind": kind.as_str(),
        "subject": subject,
        "path": about.path(),
        "proposal_id": about.proposal_id,
        "group_id": about.group_id,
        "assembly_id": about.assembly_id,
        "booking_id": about.booking_id,
        "claim_id": about.claim_id,
    });
    let local_now = local_minute(now);
    let at_once = from_local_minute(messaging::send_at(local_now, urgency)).max(now);
    let mut queue = Vec::new();
    for chunk in users.chunks(1_000) {
        for (user_id, channel, frequency) in recipients(db, chunk, topic).await? {
            let digest_at = match messaging::next_digest(local_now, frequency) {
                // urgent news and reminders (bound to their time) do not wait for a digest
                Some(at) if urgency == messaging::Urgency::CanWait && !messaging::time_bound(kind) => {
                    Some(from_local_minute(at))
                }
                _ => None,
            };
            let not_before = digest_at.unwrap_or(at_once);
            let mut payload = payload.clone();
            payload["digest"] = serde_json::Value::Bool(digest_at.is_some());
            queue.push(NewMessage {
                recipient_id: user_id,
                channel,
                topic,
                event: kind.as_str(),
                dedup_key: dedup_key.clone(),
                payload,
                not_before,
            });
        }
    }
    outbox::enqueue_many(db, queue).await?;
    // and on the call list of the center of those who asked to be told by a call or a visit
    let mut calls = Vec::new();
    for chunk in users.chunks(1_000) {
        for (user_id, dong) in super::calls::callers_for(db, chunk, topic).await? {
            calls.push(super::calls::NewEntry {
                user_id,
                dong,
                event: kind.as_str().to_owned(),
                subject: subject.to_owned(),
                path: about.path(),
                dedup_key: dedup_key.clone(),
            });
        }
    }
    super::calls::add(db, calls).await
}

/// Of `users`, who hears of `topic` off the site: (person, channel, how often), for channels
/// where they have a confirmed address.
async fn recipients(
    db: &impl ConnectionTrait,
    users: &[i64],
    topic: Topic,
) -> Result<Vec<(i64, Channel, Frequency)>, AppError> {
    let confirmed: HashSet<(i64, Channel)> = contact_point::Entity::find()
        .filter(contact_point::Column::UserId.is_in(users.iter().copied()))
        .filter(contact_point::Column::VerifiedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.user_id, c.channel.0))
        .collect();
    if confirmed.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<(i64, Channel, Frequency)> = if topic == Topic::Account {
        confirmed.iter().map(|&(u, c)| (u, c, Frequency::AtOnce)).collect()
    } else {
        let chosen: HashMap<(i64, Channel), Frequency> = message_preference::Entity::find()
            .filter(message_preference::Column::UserId.is_in(confirmed.iter().map(|(u, _)| *u).collect::<HashSet<_>>()))
            .filter(message_preference::Column::Topic.eq(Stored(topic)))
            .filter(message_preference::Column::WithdrawnAt.is_null())
            .all(db)
            .await?
            .iter()
            .filter_map(|r| Some(((r.user_id, r.channel.0), super::preferences::stored_frequency(r)?)))
            .collect();
        chosen.into_iter().filter(|(k, _)| confirmed.contains(k)).map(|((u, c), f)| (u, c, f)).collect()
    };
    out.sort_by_key(|(u, c, _)| (*u, c.as_str()));
    Ok(out)
}
