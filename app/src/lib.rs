//! 우리동네 (Uri-dongne): the application crate. Compiled twice: with `ssr` into the server
//! binary, with `hydrate` into the browser's wasm. See docs/ARCHITECTURE.md.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod dto;
pub mod error;
pub mod error_code;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use app::{App, PageEnv, shell};

/// The compiler cannot stop a module of this crate from importing another, so this test keeps the
/// domain pure: no file under `src/domain/` names a framework, the database, the runtime, or a
/// layer above it. (Comments may mention them; code may not.)
#[cfg(test)]
mod domain_purity {
    const FORBIDDEN: [&str; 12] = [
        "leptos",
        "sea_orm",
        "tokio",
        "axum",
        "tower",
        "reqwest",
        "crate::server",
        "crate::api",
        "crate::dto",
        "crate::pages",
        "crate::components",
        "crate::error",
    ];

    #[test]
    fn the_domain_imports_nothing_above_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
        let mut checked = 0;
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            checked += 1;
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in FORBIDDEN {
                    if code.contains(word) {
                        found.push(format!("{}:{}: {word}", path.display(), n + 1));
                    }
                }
            }
        }
        assert!(checked > 20, "the domain's files were read ({checked})");
        assert!(found.is_empty(), "the domain must stay pure:\n{}", found.join("\n"));
    }
}
