//! The browser entry point. Pages are rendered on the server; only the islands (`#[island]`
//! components of `app`, exported by wasm-bindgen under their `data-component` names) run here.
//! `app::shell`'s loader fetches this module only on pages that have an island, calls
//! [`hydrate`] and then each island's function with its `<leptos-island>` element.

// The islands' exports live in `app`: keep the crate linked.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
