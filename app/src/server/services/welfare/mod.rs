//! Welfare referrals (issue 20; docs/ARCHITECTURE.md, "Welfare referrals"). So far: the dong's
//! sections and their in-charge officials.

pub mod sections;
