use sea_orm::entity::prelude::*;

/// A privileged action, recorded in the same transaction as the action. The database refuses
/// updates and deletes of these rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// `None` when the operator CLI acted.
    pub actor_id: Option<i64>,
    /// `services::audit::AuditAction`'s word, kept as text on purpose: the log is append-only and
    /// outlives the code, so a row written by an older version must stay readable whatever the
    /// enum becomes (every other closed set is a `Stored<T>`).
    pub action: String,
    pub district_code: Option<String>,
    pub dong_code: Option<String>,
    pub subject_user_id: Option<i64>,
    /// JSON with the action's particulars (never secrets).
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
