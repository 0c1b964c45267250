//! Reusable view pieces: the page frame, breadcrumbs, error and loading states.

pub mod cards;
pub mod feedback;
pub mod form;
pub mod layout;
mod loaded;
pub mod pagination;
pub mod paper_trail;
pub mod report;
pub mod scripts;

pub use loaded::Loaded;
