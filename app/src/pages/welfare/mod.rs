//! Welfare pages: the dong's sections and officials in charge (`sections`); referring a household
//! and asking how a referral stands, for anyone, and the published figures (`refer`); the welfare
//! team's queue and cases and the district supervisor's oversight (`cases`).

mod cases;
mod refer;
mod sections;

pub use cases::{CasePage, CaseQueuePage, OversightPage};
pub use refer::{ReferralPage, StatusPage, WelfareFiguresPanel};
pub use sections::SectionsPage;
