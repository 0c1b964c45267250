pub use crate::components::feedback::NotFound;
