use sea_orm::entity::prelude::*;

/// A person known to the platform. A deleted account keeps its row (so content and the audit
/// log stay whole) with the name replaced and every sign-in method removed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub display_name: String,
    pub birth_year: Option<i32>,
    /// Created by the demo loader; never present in production.
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
    /// The dong the person was registered in at the counter, if any.
    pub home_dong_code: Option<String>,
    /// Preferred language (`ko`/`en`), applied at sign-in.
    pub lang: Option<String>,
    /// Residents may stay signed in for 30 days.
    pub stay_signed_in: bool,
    pub deleted_at: Option<DateTimeUtc>,
    /// Moves on whenever a role is granted or revoked: sessions signed in under an earlier epoch
    /// stop working.
    pub credential_epoch: i64,
    /// When the account first linked a sign-in provider or made an access token; never cleared.
    /// Without it, an account registered at a counter is a counter account, whose sign-in codes
    /// the center may print.
    pub online_since: Option<DateTimeUtc>,
}

impl Model {
    /// An account the center registered and that has never signed in any other way: the only
    /// kind whose sign-in the center's staff may hand out.
    pub fn is_counter_account(&self) -> bool {
        self.home_dong_code.is_some() && self.online_since.is_none()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
