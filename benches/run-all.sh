#!/usr/bin/env bash
# Every benchmark in one run, and its figures written into BENCHMARKS.md (the section between
# the "run-all" markers) with the machine, the date and the commit. The narrative sections
# around it, with the history of each figure, are left as they are.
#
# Usage: benches/run-all.sh            (LEADS=1000000 by default; ROWS for the import file)
#
# The demo database is generated once under target/bench-data (about a minute and a half for a million
# leads today) and migrated once; each bench that writes works on a copy of it. The import
# comparison runs the sqlite3 shell and leadbench on the same file in the same script and
# reports the ratio. Run it on a quiet machine: the p99 figures are sensitive to other load.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null; then apt-get update && apt-get install -y sqlite3; fi
if [ ! -x /usr/bin/time ]; then apt-get update && apt-get install -y time; fi
LEADS=${LEADS:-1000000}
export ROWS=${ROWS:-1000000}
DATA=target/bench-data
DB="$DATA/demo-$LEADS.db"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$DATA"
cargo build --release --bin leadbench
cargo bench --no-run

section() { printf '\n### %s\n\n```text\n' "$1"; cat "$2"; printf '```\n'; }
rss() { awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$1"; }
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }

# The database: generated when missing (timed), then migrated by a first open.
if [ ! -f "$DB" ]; then
  /usr/bin/time -v target/release/leadbench demo --db "$DB" --leads "$LEADS" \
    > /dev/null 2> "$OUT/demo.time"
  printf 'leadbench demo --leads %s: %s s (budget 60 s), peak RSS %s MB\n' \
    "$LEADS" "$(secs "$OUT/demo.time")" "$(rss "$OUT/demo.time")" > "$OUT/demo.txt"
else
  printf 'leadbench demo: reused %s (delete it to time the generation)\n' "$DB" > "$OUT/demo.txt"
fi
target/release/leadbench --db "$DB" list --limit 1 > /dev/null

# The TUI: first frame, keys (with the session's peak RSS), logging calls. The bench binary
# runs under /usr/bin/time itself (under `cargo bench`, cargo's own memory would be measured).
TUI=$(cargo bench --bench tui --no-run --message-format=json 2>/dev/null \
  | grep '"kind":\["bench"\]' | grep '"name":"tui"' \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
for part in first-frame keys log-call; do
  /usr/bin/time -v env LEADBENCH_BENCH_LEADS="$LEADS" LEADBENCH_BENCH_DB="$DB" \
    LEADBENCH_BENCH_ONLY="$part" "$TUI" >> "$OUT/tui.txt" 2> "$OUT/tui-$part.time"
done
printf 'peak RSS while browsing (the keys run, figures thread included): %s MB (budget 64 MB)\n' \
  "$(rss "$OUT/tui-keys.time")" >> "$OUT/tui.txt"

# Search, filters, rescore (on a copy), then the KPI report and the Dashboard's figures.
LEADBENCH_BENCH_DB="$DB" cargo bench --bench search > "$OUT/search.txt"
LEADBENCH_BENCH_DB="$DB" cargo bench --bench report > "$OUT/report.txt"

# Export of every lead to CSV, warm (a first run fills the OS cache).
target/release/leadbench --db "$DB" --read-only export --output "$OUT/warm.csv"
/usr/bin/time -v target/release/leadbench --db "$DB" --read-only export --output "$OUT/export.csv" \
  2> "$OUT/export.time"
printf 'export of %s leads to CSV (%s MB): %s s (budget 3 s), peak RSS %s MB\n' "$LEADS" \
  "$(( $(stat -c %s "$OUT/export.csv") / 1048576 ))" "$(secs "$OUT/export.time")" \
  "$(rss "$OUT/export.time")" > "$OUT/export.txt"

# Import against the sqlite3 shell, same file, same script.
benches/import_vs_sqlite3.sh > "$OUT/import.txt" 2>&1

{
  printf '<!-- run-all:begin -->\n## Latest full run (`benches/run-all.sh`)\n\n'
  printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- commit: %s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf -- '- machine: %s, %s cores (%s), %s GB memory\n' "$(uname -srm)" "$(nproc)" \
    "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
    "$(awk '/MemTotal/ { print int($2 / 1048576) }' /proc/meminfo)"
  printf -- '- database: %s leads (%s MB)\n' "$LEADS" "$(( $(stat -c %s "$DB") / 1048576 ))"
  section "Demo database" "$OUT/demo.txt"
  section "TUI (benches/tui.rs)" "$OUT/tui.txt"
  section "Search, filters, rescore (benches/search.rs)" "$OUT/search.txt"
  section "KPI report and Dashboard (benches/report.rs)" "$OUT/report.txt"
  section "Export" "$OUT/export.txt"
  section "Import against sqlite3 (benches/import_vs_sqlite3.sh)" "$OUT/import.txt"
  printf '<!-- run-all:end -->\n'
} > "$OUT/section.md"

# Replace the section between the markers (or append it the first time).
if grep -q '<!-- run-all:begin -->' BENCHMARKS.md; then
  awk -v f="$OUT/section.md" '
    /<!-- run-all:begin -->/ { while ((getline line < f) > 0) print line; skip = 1; next }
    /<!-- run-all:end -->/ { skip = 0; next }
    !skip { print }' BENCHMARKS.md > "$OUT/BENCHMARKS.md"
  cp "$OUT/BENCHMARKS.md" BENCHMARKS.md
else
  { printf '\n'; cat "$OUT/section.md"; } >> BENCHMARKS.md
fi
cat "$OUT/section.md"
