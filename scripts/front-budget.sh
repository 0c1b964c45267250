#!/usr/bin/env bash
# The front end's budget, checked by `make test` after the release build of the front end
# (`cargo leptos build --release --precompress`: wasm-opt -Oz, then brotli at quality 11 beside
# each file). What a page with an island downloads before it is interactive is the wasm and its
# JavaScript glue; pages without an island download neither (app::components::scripts). The
# figures and how they were reached: docs/PERFORMANCE.md, "Front end".
set -euo pipefail
pkg=${1:-target/site/pkg}
WASM_BUDGET=${WASM_BUDGET:-250000}     # bytes, brotli
GLUE_BUDGET=${GLUE_BUDGET:-40000}      # bytes, brotli: the JS glue and the stylesheet

one() {
  local found=("$pkg"/*."$1")
  if [ "${#found[@]}" -ne 1 ] || [ ! -f "${found[0]}" ]; then
    echo "front-budget: expected one .$1 in $pkg, found ${#found[@]}" >&2
    exit 1
  fi
  if [ ! -f "${found[0]}.br" ]; then
    echo "front-budget: ${found[0]}.br missing (build with --release --precompress)" >&2
    exit 1
  fi
  echo "${found[0]}"
}
size() { stat -c %s "$1"; }

wasm=$(one wasm); js=$(one js); css=$(one css)
wasm_br=$(size "$wasm.br"); glue_br=$(( $(size "$js.br") + $(size "$css.br") ))
printf 'front end: wasm %d bytes, %d brotli (budget %d); js + css %d brotli (budget %d)\n' \
  "$(size "$wasm")" "$wasm_br" "$WASM_BUDGET" "$glue_br" "$GLUE_BUDGET"
status=0
if [ "$wasm_br" -gt "$WASM_BUDGET" ]; then
  echo "front-budget: the wasm is over its budget: see docs/PERFORMANCE.md before raising it" >&2
  status=1
fi
if [ "$glue_br" -gt "$GLUE_BUDGET" ]; then
  echo "front-budget: js + css are over their budget" >&2
  status=1
fi
exit $status
