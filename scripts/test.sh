#!/usr/bin/env bash
# Sets up everything the tests need on a Debian machine, then runs every test.
#
#   scripts/test.sh            # install what is missing, then `cargo test`
#   scripts/test.sh -- ARGS    # the same, passing ARGS to `cargo test`
#
# Debian packages: Chromium for the end-to-end tests, poppler-utils to read printed and
# generated PDFs, a Java runtime for the Nu HTML Checker. npm packages, exactly as locked:
# playwright-core (it drives Debian's Chromium and never downloads a browser), axe-core and
# vnu-jar.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v java >/dev/null || need+=(default-jre-headless)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    sudo -E apt-get update -qq
    sudo -E apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "scripts/test.sh: these Debian packages are missing: ${need[*]}" >&2
    echo "install them as root, then run this again:" >&2
    echo "  apt-get install --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
fi

if [[ ! -d node_modules ]] || ! npm ls --silent >/dev/null 2>&1; then
  npm ci --ignore-scripts --no-audit --no-fund --silent
fi

[[ ${1:-} == -- ]] && shift
cargo test "$@"
