#!/usr/bin/env bash
# Installs what building (and with --test, testing) needs, and nothing twice: when everything is
# present it only checks versions and returns in a few seconds.
#
#   toolchain   rustup's wasm32 target if installed; otherwise Debian's rustc-web 1.96 + std
#               sources + lld (std for wasm32 is then built from source by cargo -Zbuild-std)
#   cargo-leptos 0.3.11, wasm-bindgen CLI = the wasm-bindgen version in Cargo.lock,
#   wasm-opt (npm binaryen) for release builds
#   --test:     Chromium (Debian), the end2end npm packages (Playwright uses that Chromium) and
#               moto from PyPI (a local S3-compatible server for the object-storage tests)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132
WANT_TEST=false
[[ "${1:-}" == "--test" ]] && WANT_TEST=true

say() { echo "bootstrap: $*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

native=false
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then native=true; fi

# ---- Debian packages ----
missing=()
need_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1"); }
if ! $native; then
  for p in rustc-web cargo-web rust-web-src rust-web-clippy rustfmt-web lld-19; do need_deb "$p"; done
fi
if $WANT_TEST; then need_deb chromium; need_deb fonts-noto-cjk; fi
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if $native; then
  cargo_cmd=(cargo)
else
  # the Debian toolchain builds the tools too (cargo-leptos 0.3.11 needs rustc >= 1.96)
  export PATH="/usr/bin:$HOME/.cargo/bin:$PATH"
  cargo_cmd=(env RUSTC=/usr/bin/rustc /usr/bin/cargo)
fi
export PATH="$HOME/.cargo/bin:$PATH"
# Tools are installed optimised but without LTO: several times faster to build, as fast to use.
# The Makefile's build-std setting is for the front end; tools use the toolchain's own std.
fast_install=(env -u CARGO_UNSTABLE_BUILD_STD -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)

# ---- cargo-leptos ----
if ! cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes several minutes once)"
  "${fast_install[@]}" "${cargo_cmd[@]}" install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# ---- wasm-bindgen CLI, the same version as the crate in Cargo.lock ----
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$\| $wb_version "; then
  say "installing wasm-bindgen-cli $wb_version"
  # --locked fails for some versions (a locked dependency was yanked), so resolve afresh
  "${fast_install[@]}" "${cargo_cmd[@]}" install wasm-bindgen-cli --version "$wb_version" --force
fi

# ---- wasm-opt (release builds) ----
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  as_root npm install -g --silent "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# ---- moto (a local S3-compatible server for the object-storage tests) ----
if $WANT_TEST; then
  has_moto=false
  for py in "$HOME/.pyenv/shims/python3" python3 /usr/local/bin/python3 /usr/bin/python3; do
    if "$py" -c "import moto.server" >/dev/null 2>&1; then has_moto=true; break; fi
  done
  if ! $has_moto; then
    for py in "$HOME/.pyenv/shims/python3" python3 /usr/local/bin/python3 /usr/bin/python3; do
      if "$py" -m pip --version >/dev/null 2>&1; then
        say "installing moto (PyPI) with $py"
        "$py" -m pip install --quiet --disable-pip-version-check 'moto[server]==5.*'
        has_moto=true
        break
      fi
    done
    $has_moto || { say "no Python with pip: install python3-pip"; exit 1; }
  fi
fi

# ---- end2end packages ----
if $WANT_TEST; then
  stamp=end2end/node_modules/.package-lock.json
  if [[ ! -f $stamp || end2end/package-lock.json -nt $stamp ]]; then
    say "installing end2end npm packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
fi
say "ready"
