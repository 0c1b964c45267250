//! Services: the only code that touches the database. Each public function is one use case,
//! runs its writes in one transaction, and returns DTOs or `AppError`.

pub mod demo;
pub mod geo;
