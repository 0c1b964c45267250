use sea_orm::entity::prelude::*;

/// The photo of a project's progress note (public). The file is stored outside the database.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// One photo per note (unique).
    pub project_update_id: i64,
    pub storage_key: String,
    /// `domain::image::ImageKind::mime`, as found in the bytes.
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
    pub alt_text: String,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
