//! Shapes every migration repeats: a named foreign key, its cascade, a named index. (Helpers of
//! the schema builder only: no migration imports the app's entities, and none of these may change
//! what an existing migration creates.)

use sea_orm_migration::prelude::*;

/// A foreign key named `name` from `from` (table, column) to `to` (table, column).
pub fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).to_owned()
}

/// The same foreign key, deleting the row with the row it points to.
pub fn cascade(mut f: ForeignKeyCreateStatement) -> ForeignKeyCreateStatement {
    f.on_delete(ForeignKeyAction::Cascade);
    f
}

/// Creates the index `name` on `table` over `cols`.
pub async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: &[&str]) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    manager.create_index(i.to_owned()).await
}
