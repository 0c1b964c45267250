//! The script of every page, in place of Leptos' `HydrationScripts`: the app runs in islands
//! mode (pages are rendered on the server only), and `loader.js` enhances its forms and fetches
//! the islands' wasm only where a page has an island. No `<link rel=preload>` for the wasm: a
//! page without islands (most of them), or a browser without JavaScript, never downloads it.

use leptos::prelude::*;

/// The hashed names of the front end's module and wasm under `/pkg` (cargo-leptos writes
/// `hash.txt` beside the server binary), read once.
#[cfg(feature = "ssr")]
fn pkg_files(options: &LeptosOptions) -> &'static (String, String) {
    static FILES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let name = options.output_name.to_string();
        let (mut js, mut wasm) = (name.clone(), name);
        if options.hash_files {
            let hashes = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                .and_then(|path| std::fs::read_to_string(path).ok());
            match hashes {
                Some(text) => {
                    for (file, hash) in text.lines().filter_map(|l| l.split_once(':')) {
                        match file.trim() {
                            "js" => js = format!("{js}.{}", hash.trim()),
                            "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                            _ => {}
                        }
                    }
                }
                None => tracing::error!("hashed front end files, but no hash file beside the binary"),
            }
        }
        let pkg = &options.site_pkg_dir;
        (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
    })
}

/// `loader.js` without its comments and indentation (it has no multi-line strings), once.
fn loader_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        include_str!("loader.js")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The loader, inline (with the response's CSP nonce): about 3 KB, one request fewer.
#[component]
pub fn PageScripts(options: LeptosOptions) -> impl IntoView {
    // Islands mode: outside an island nothing is hydrated, so no hydration markers are written.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    let (js, wasm) = pkg_files(&options).clone();
    #[cfg(not(feature = "ssr"))]
    let (js, wasm) = {
        let _ = options;
        (String::new(), String::new())
    };
    let nonce = leptos::nonce::use_nonce();
    let call = format!("{}({js:?}, {wasm:?});", loader_source());
    view! { <script type="module" nonce=nonce>{call}</script> }
}
