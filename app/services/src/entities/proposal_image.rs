use sea_orm::entity::prelude::*;

/// An image attached to a proposal. The file is stored outside the database
/// (`services::storage::MediaStore`) under `storage_key`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_images")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    /// 0–4, unique per proposal: the order shown, and the database's limit of five.
    pub position: i32,
    /// Random, server-chosen; never derived from the uploaded file's name.
    pub storage_key: String,
    /// `domain::image::ImageKind::mime`, as found in the bytes.
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
    /// A description for people who cannot see the image (may be empty).
    pub alt_text: String,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
