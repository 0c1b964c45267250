//! Reusable view pieces: the page frame, breadcrumbs, error and loading states.

pub mod feedback;
pub mod form;
pub mod layout;
mod loaded;
pub mod paper_trail;
pub mod participation;
pub mod scripts;

pub use loaded::Loaded;
