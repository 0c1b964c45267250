use sea_orm::entity::prelude::*;

/// The random key of an assembly's secret ballots while its vote is open, sealed under a key
/// derived from `UD_SECRET` (`crate::crypto::BallotSeal`). Deleted in the closing
/// transaction (and when the assembly is cancelled): after the close nothing opens a ballot.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assembly_id: i64,
    /// The key, sealed for this assembly: base64 of nonce ‖ ciphertext ‖ tag.
    pub wrapped: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
