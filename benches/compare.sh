#!/usr/bin/env bash
# Whole-program benchmarks, as recorded in BENCHMARKS.md:
#   1. the national-scale content folder: median wall time, pages per second, peak memory, for
#      staff and (with disclosure control and its verifier) for the public;
#   2. 2,000 plain Markdown pages with auditpress (full default theme) against Hugo (minimal
#      templates), runs alternating in one session so both see the same machine state.
#
# Usage: benches/compare.sh [ROUNDS]     (default 11; needs hugo and GNU time: apt-get install hugo time)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin auditpress --example generate_benchmark_content
gen=target/release/examples/generate_benchmark_content
bin=$PWD/target/release/auditpress
$gen national "$work/national"
$gen plain "$work/plain" 2000

# The same 2,000 pages as a Hugo site.
mkdir -p "$work/hugo/content"
cp -r benches/hugo/hugo.toml benches/hugo/layouts "$work/hugo/"
cp -r "$work/plain/pages" "$work/hugo/content/pages"

# time_run LABEL COMMAND...: appends "seconds peak_kb" to $work/LABEL.
time_run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/err.out" || { cat "$work/err.out"; exit 1; }
  cat "$work/time.out" >>"$work/times-$label"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

pages_in() { find "$1" -name '*.html' | wc -l; }

# One warm-up each, not counted.
"$bin" build --content "$work/national" --output "$work/out-national" >/dev/null
"$bin" build --content "$work/national" --audience public --output "$work/out-public" >/dev/null
"$bin" build --content "$work/plain" --output "$work/out-plain" >/dev/null
(cd "$work/hugo" && hugo --quiet --destination "$work/out-hugo" >/dev/null)

for ((i = 0; i < rounds; i++)); do
  time_run national "$bin" build --content "$work/national" --output "$work/out-national"
  time_run public "$bin" build --content "$work/national" --audience public --output "$work/out-public"
  time_run plain "$bin" build --content "$work/plain" --output "$work/out-plain"
  (cd "$work/hugo" && time_run hugo hugo --quiet --destination "$work/out-hugo")
done

national_pages=$(pages_in "$work/out-national")
plain_pages=$(pages_in "$work/out-plain")
hugo_pages=$(pages_in "$work/out-hugo")
for label in national public plain hugo; do
  t=$(cut -d' ' -f1 "$work/times-$label" | median)
  m=$(cut -d' ' -f2 "$work/times-$label" | median)
  printf '%-8s median %6.3f s   peak memory %6.1f MB   (%s runs)\n' "$label" "$t" "$(echo "$m/1024" | bc -l)" "$rounds"
  eval "${label}_t=$t"
done
printf 'national: %s pages, %.0f pages/s\n' "$national_pages" "$(echo "$national_pages/$national_t" | bc -l)"
printf 'plain:    auditpress %s pages, Hugo %s pages\n' "$plain_pages" "$hugo_pages"
printf 'ratio auditpress/Hugo on 2,000 plain pages: %.2f\n' "$(echo "$plain_t/$hugo_t" | bc -l)"
