use sea_orm::entity::prelude::*;

/// A secret ballot between the vote and the close: the choice sealed under a key that is not in
/// the database (`crate::crypto::BallotSeal`), under a random key. Opened and moved to
/// `secret_ballots`, shuffled, at the close.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sealed_ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub item_id: i64,
    /// base64 of nonce ‖ ciphertext ‖ tag.
    pub sealed: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
