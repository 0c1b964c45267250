//! Referrals: anyone tells the dong's welfare team about a household (from the web, signed in or
//! not), or the center's staff or team take one at the counter or on the phone. The referrer gets
//! a receipt number, which later tells the status and nothing else.

use super::{CaseText, insert_case};
use crate::audit::{self, AuditAction, AuditScope};
use crate::crypto;
use crate::entities::{dong, welfare_case};
use crate::identity::{release_attempts, reserve_attempt, reserve_place};
use crate::time_fmt;
use crate::welfare::WelfareSettings;
use contract::dto::welfare::Origin;
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::welfare::{CaseKind, PublicStatus, ReceiptNumber, Referral, Stage};
use domain::{Field, InputRule};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};

/// How a referral reached the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The web form: anyone. Who sent it is not recorded, signed in or not.
    Web,
    /// Taken by the center's staff or team for someone at the counter.
    Counter,
    /// Taken by the center's staff or team for someone who called.
    Phone,
}

impl Channel {
    pub fn parse(s: &str) -> Result<Channel, AppError> {
        match s.trim() {
            "counter" => Ok(Channel::Counter),
            "phone" => Ok(Channel::Phone),
            _ => Err(AppError::input(Field::Channel, InputRule::NotChosen)),
        }
    }

    fn origin(self) -> Origin {
        match self {
            Channel::Web => Origin::Web,
            Channel::Counter => Origin::Counter,
            Channel::Phone => Origin::Phone,
        }
    }
}

/// Referrals from the web, per client address and window: enough for a shared computer at the
/// center, not for a flood.
pub const WEB_REFERRALS_PER_WINDOW: u64 = 30;
pub const WEB_REFERRAL_WINDOW_SECS: i64 = 600;

/// The limiter's key for a client address: a keyed hash, not the address, so the limiter's rows
/// (written the moment a referral is) cannot tie an address to a case for a reader of the tables.
fn limit_key(key: &[u8], what: &str, ip: std::net::IpAddr) -> String {
    format!("{what}:{}", crypto::keyed_hash(key, &format!("welfare-limit/v1/{ip}")))
}

/// The keyed hash a receipt number is stored as.
fn receipt_hash(key: &[u8], receipt: &ReceiptNumber) -> String {
    crypto::keyed_hash(key, &format!("welfare-receipt/v1/{}", receipt.canonical()))
}

/// Records a referral for `dong` and returns the case's number and the receipt number (shown
/// once to the referrer, never the case's number; only the receipt's keyed hash
/// is kept). From the web, anyone may refer (30 in 10 minutes per client address);
/// at the counter or on the phone, the center's staff or welfare team take it.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    db: &DatabaseConnection,
    welfare: &WelfareSettings,
    receipt_key: &[u8],
    actor: Option<&Actor>,
    channel: Channel,
    dong: &DongCode,
    referral: Referral,
    client: Option<std::net::IpAddr>,
) -> Result<(i64, ReceiptNumber), AppError> {
    let taken_by = match channel {
        Channel::Web => {
            if let Some(ip) = client
                && reserve_place(
                    db,
                    &limit_key(receipt_key, "referral", ip),
                    WEB_REFERRALS_PER_WINDOW,
                    WEB_REFERRAL_WINDOW_SECS,
                )
                .await?
                .is_none()
            {
                return Err(AppError::RateLimited);
            }
            // a signed-in neighbour is not named anywhere: the referral is theirs only by its number
            None
        }
        Channel::Counter | Channel::Phone => {
            authz::can(actor, Action::TakeReferral, &Scope::Dong(dong.clone()))?;
            actor.map(|a| a.user_id)
        }
    };
    dong::Entity::find_by_id(dong.as_str()).one(db).await?.filter(|d| d.active).ok_or(AppError::NotFound)?;
    let receipt = ReceiptNumber::from_random(u64::from_be_bytes(crypto::random_bytes::<8>()?));
    let now = chrono::Utc::now();
    let origin = channel.origin();
    let txn = crate::transaction::begin_write(db).await?;
    let row = welfare_case::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        kind: Set(CaseKind::Referral.into()),
        origin: Set(origin.into()),
        urgency: Set(referral.urgency.into()),
        stage: Set(Stage::Received.into()),
        may_contact: Set(referral.may_contact),
        receipt_hash: Set(Some(receipt_hash(receipt_key, &receipt))),
        received_at: Set(now),
        received_month: Set(time_fmt::seoul_date(now)[..7].to_owned()),
        ..Default::default()
    };
    let needs = referral.needs.stored();
    let text = CaseText {
        needs: Some(&needs),
        place: Some(&referral.place),
        note: Some(&referral.note),
        contact: referral.contact.as_deref(),
        ..CaseText::default()
    };
    let id = insert_case(&txn, &welfare.vault, row, text).await?;
    audit::record(
        &txn,
        taken_by,
        AuditAction::ReferralReceived,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "case": id, "origin": origin.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok((id, receipt))
}

/// The public status of the referral a receipt number names. Wrong numbers are limited per client
/// address (5 a minute, as sign-in codes): guessing 49 random bits is out of reach.
pub async fn status(
    db: &DatabaseConnection,
    receipt_key: &[u8],
    typed: &str,
    client: Option<std::net::IpAddr>,
) -> Result<PublicStatus, AppError> {
    let mut held = Vec::new();
    if let Some(ip) = client {
        match reserve_attempt(db, &limit_key(receipt_key, "receipt", ip)).await? {
            Some(id) => held.push(id),
            None => return Err(AppError::RateLimited),
        }
    }
    let unknown = || AppError::input(Field::ReceiptNumber, InputRule::NoSuch);
    let receipt = ReceiptNumber::parse(typed)?;
    let stage: Option<String> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::Stage)
        .filter(welfare_case::Column::ReceiptHash.eq(receipt_hash(receipt_key, &receipt)))
        .into_tuple()
        .one(db)
        .await?;
    let stage = stage.as_deref().and_then(Stage::parse).ok_or_else(unknown)?;
    release_attempts(db, &held).await?;
    Ok(stage.public())
}
