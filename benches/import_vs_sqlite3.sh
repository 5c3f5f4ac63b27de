#!/usr/bin/env bash
# leadbench's import against the sqlite3 shell's `.mode csv` + `.import` of the same CSV into a
# pre-created typed table. Target: ≤ 3.0× sqlite3's wall time, ≤ 300 MB peak RSS.
# Usage: benches/import_vs_sqlite3.sh   (ROWS=1000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null; then apt-get update && apt-get install -y sqlite3; fi
if [ ! -x /usr/bin/time ]; then apt-get update && apt-get install -y time; fi
ROWS=${ROWS:-1000000}
DATA=target/bench-data
mkdir -p "$DATA"
CSV="$DATA/import-$ROWS.csv"
cargo build --release --bin leadbench
[ -f "$CSV" ] || cargo bench --bench import -- --rows "$ROWS" --generate "$CSV"
WORK=$(mktemp -d "$DATA/cmp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
sqlite3 "$WORK/sqlite3.db" "CREATE TABLE leads (name TEXT NOT NULL, company TEXT, department TEXT,
  title TEXT, email TEXT, phone TEXT, mobile TEXT, industry TEXT, employees TEXT, source TEXT,
  created TEXT);"
/usr/bin/time -v sqlite3 "$WORK/sqlite3.db" ".mode csv" ".import --skip 1 $CSV leads" \
  2> "$WORK/sqlite3.time"
mkdir -p "$WORK/cfg"
/usr/bin/time -v env XDG_CONFIG_HOME="$WORK/cfg" XDG_DATA_HOME="$WORK/share" \
  target/release/leadbench import "$CSV" --db "$WORK/leadbench.db" > "$WORK/leadbench.out" \
  2> "$WORK/leadbench.time" || true
cat "$WORK/leadbench.out"
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$1"; }
S=$(secs "$WORK/sqlite3.time"); L=$(secs "$WORK/leadbench.time")
printf 'rows: %s (%s MB file)\n' "$ROWS" "$(( $(stat -c %s "$CSV") / 1048576 ))"
printf 'sqlite3 .import : %6.2f s  peak RSS %4d MB\n' "$S" "$(rss "$WORK/sqlite3.time")"
printf 'leadbench import: %6.2f s  peak RSS %4d MB\n' "$L" "$(rss "$WORK/leadbench.time")"
awk -v l="$L" -v s="$S" 'BEGIN { printf "ratio: %.2fx (target <= 3.0x)\n", l / s }'
