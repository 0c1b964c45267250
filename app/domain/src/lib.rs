//! Pure domain rules: no I/O, no framework. Everything here is unit-tested beside the code.
//!
//! Inputs are parsed into these types at the edge (server functions, REST handlers, the CLI, the
//! reference-data loader), so code further in never re-checks them.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod assembly;
pub mod authz;
pub mod booking;
pub mod budgeting;
pub mod calendar;
pub mod category;
pub mod config_file;
pub mod geo;
pub mod group;
pub mod identity;
pub mod image;
pub mod image_meta;
pub mod input;
pub mod lang;
pub mod ledger;
pub mod messaging;
pub mod moderation;
pub mod money;
pub mod net;
pub mod oauth;
pub mod padding;
pub mod proposal;
pub mod receipt;
pub mod roles;
pub mod search;
pub mod term;
pub mod text;
pub mod welfare;

pub use input::{Field, Format, InputRule, SetupError, Unit, ValidationError};

/// The layers are kept by the crates' dependencies: code here cannot name a framework, the
/// database or the runtime because the crate does not depend on them. These tests keep the
/// dependency lists themselves from growing one.
#[cfg(test)]
mod tests {
    /// The names under `[dependencies]` of a Cargo.toml.
    pub(crate) fn dependencies(manifest: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut inside = false;
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                inside = line == "[dependencies]";
            } else if inside && !line.is_empty() && !line.starts_with('#') {
                let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
                out.push(name.to_owned());
            }
        }
        out
    }

    #[test]
    fn the_domain_imports_nothing_above_it() {
        // pure rules: serialisation, error derives and Unicode normalisation, nothing else (no
        // framework, database, runtime, and no crate of a layer above: contract, services, app)
        let allowed = ["serde", "serde_json", "thiserror", "unicode-normalization"];
        let deps = dependencies(include_str!("../Cargo.toml"));
        assert!(!deps.is_empty(), "the manifest's dependencies were read");
        for dep in &deps {
            assert!(allowed.contains(&dep.as_str()), "the domain depends on {dep}");
        }
        // and the reader finds what it should
        assert_eq!(dependencies("[dependencies]\na = 1\nb.workspace = true\n[dev-dependencies]\nc = 1\n"), ["a", "b"]);
    }

    #[test]
    fn the_services_and_the_contract_reach_no_web_framework() {
        // services: no Leptos, axum or tower (it hands DTOs and AppError up; the web layer serves
        // them); contract: the web side only as optional dependencies behind its `ssr` feature
        let web = ["leptos", "leptos_axum", "leptos_meta", "leptos_router", "axum", "tower", "tower-http", "app"];
        for dep in dependencies(include_str!("../../services/Cargo.toml")) {
            assert!(!web.contains(&dep.as_str()), "services depends on {dep}");
        }
        let contract = include_str!("../../contract/Cargo.toml");
        for dep in dependencies(contract) {
            if web.contains(&dep.as_str()) || dep == "sea-orm" {
                let line = contract.lines().find(|l| l.starts_with(&format!("{dep} "))).unwrap_or_default();
                assert!(line.contains("optional = true"), "contract depends on {dep} unconditionally");
            }
        }
    }
}
