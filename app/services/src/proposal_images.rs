//! Images of proposals: the author attaches up to five while the proposal is still editable
//! (a draft, or published without supports), and removes them; everyone who may see the
//! proposal's content may see its images.
//!
//! The file goes to the media store first, then its row is written in a transaction that claims
//! the proposal for editing (`proposals::claim_for_edit`); if the row cannot be written, the file
//! is removed again. The limit of five is the database's too (position 0–4, unique per proposal).

use crate::entities::proposal_image;
use crate::proposals;
use crate::storage::{MediaKey, MediaStore};
use chrono::Utc;
use contract::dto::ProposalImage;
use contract::error::{AppError, conflict_if_duplicate};
use contract::error_code::ErrorCode;
use domain::Field;
use domain::authz::{self, Action, Actor};
use domain::image::ImageRefusal;
use domain::image::{self, CheckedImage, ImageAlt, ImageKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// The URL an image is served at.
pub fn url_of(image_id: i64) -> String {
    format!("/media/proposal-images/{image_id}")
}

/// Attaches one image to a proposal; returns the image's id.
pub async fn add(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    proposal_id: i64,
    image: &CheckedImage,
    alt: ImageAlt,
) -> Result<i64, AppError> {
    let p = proposals::find(db, proposal_id).await?;
    authz::can(actor, Action::EditProposal, &proposals::author_scope(&p)?)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !proposals::editable(&p)? {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    if count(db, proposal_id).await? >= image::MAX_PER_PROPOSAL {
        return Err(AppError::Conflict(ErrorCode::TooManyImages));
    }
    let (bytes, facts) = (image.bytes(), image.facts());
    media
        .store_with(bytes, |key| async move {
            let txn = crate::transaction::begin_write(db).await?;
            proposals::claim_for_edit(&txn, &p).await?;
            let position =
                free_position(&txn, proposal_id).await?.ok_or(AppError::Conflict(ErrorCode::TooManyImages))?;
            let row = proposal_image::ActiveModel {
                proposal_id: Set(proposal_id),
                position: Set(position),
                storage_key: Set(key.as_str().to_owned()),
                content_type: Set(facts.kind.mime().to_owned()),
                byte_size: Set(i64::try_from(bytes.len()).map_err(|_| ImageRefusal::TooLarge.on(Field::Image))?),
                width: Set(i32::try_from(facts.width).map_err(|_| ImageRefusal::BadDimensions.on(Field::Image))?),
                height: Set(i32::try_from(facts.height).map_err(|_| ImageRefusal::BadDimensions.on(Field::Image))?),
                alt_text: Set(alt.into_inner()),
                uploaded_by: Set(me.user_id),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            // another upload took the last free position meanwhile
            let row = conflict_if_duplicate(row, ErrorCode::TooManyImages)?;
            txn.commit().await?;
            Ok(row.id)
        })
        .await
}

/// Removes an image (its author, while the proposal is editable).
pub async fn remove(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    image_id: i64,
) -> Result<i64, AppError> {
    let img = proposal_image::Entity::find_by_id(image_id).one(db).await?.ok_or(AppError::NotFound)?;
    let p = proposals::find(db, img.proposal_id).await?;
    authz::can(actor, Action::EditProposal, &proposals::author_scope(&p)?)?;
    if !proposals::editable(&p)? {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    let key = MediaKey::parse(&img.storage_key)?;
    let txn = crate::transaction::begin_write(db).await?;
    proposals::claim_for_edit(&txn, &p).await?;
    let deleted = proposal_image::Entity::delete_by_id(image_id).exec(&txn).await?.rows_affected;
    txn.commit().await?;
    if deleted == 1 {
        media.remove(&key).await;
    }
    Ok(p.id)
}

/// An image's bytes and type, for whoever may see the proposal's content.
pub async fn file(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    image_id: i64,
) -> Result<(ImageKind, Vec<u8>), AppError> {
    let img = proposal_image::Entity::find_by_id(image_id).one(db).await?.ok_or(AppError::NotFound)?;
    let p = proposals::find(db, img.proposal_id).await?;
    if !proposals::visibility(actor, &p)?.content {
        return Err(AppError::NotFound);
    }
    let kind = ImageKind::from_mime(&img.content_type).ok_or_else(|| {
        tracing::error!(image = image_id, content_type = %img.content_type, "stored image type not accepted");
        AppError::Internal
    })?;
    Ok((kind, media.get(&MediaKey::parse(&img.storage_key)?).await?))
}

/// A proposal's images in their order.
pub async fn of_proposal(db: &impl ConnectionTrait, proposal_id: i64) -> Result<Vec<ProposalImage>, AppError> {
    Ok(proposal_image::Entity::find()
        .filter(proposal_image::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_image::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|i| ProposalImage { id: i.id, url: url_of(i.id), alt: i.alt_text, width: i.width, height: i.height })
        .collect())
}

async fn count(db: &impl ConnectionTrait, proposal_id: i64) -> Result<usize, AppError> {
    Ok(positions(db, proposal_id).await?.len())
}

async fn positions(db: &impl ConnectionTrait, proposal_id: i64) -> Result<Vec<i32>, AppError> {
    Ok(proposal_image::Entity::find()
        .select_only()
        .column(proposal_image::Column::Position)
        .filter(proposal_image::Column::ProposalId.eq(proposal_id))
        .into_tuple::<i32>()
        .all(db)
        .await?)
}

/// The lowest free position (images are shown by position; a new one fills a removed one's place).
async fn free_position(db: &impl ConnectionTrait, proposal_id: i64) -> Result<Option<i32>, AppError> {
    let taken = positions(db, proposal_id).await?;
    let limit = i32::try_from(image::MAX_PER_PROPOSAL).unwrap_or(5);
    Ok((0..limit).find(|p| !taken.contains(p)))
}
