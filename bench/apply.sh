#!/usr/bin/env bash
# Times `drift plan` and `drift apply` of a large plan on file sources:
# ROWS rows (default 20,000) of which half differ, so about ROWS/2 ops.
#
#   bench/apply.sh 20000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-20000}
dir="bench/data/apply-$rows"
mkdir -p bench/out
go build -o bench/out/drift .
rm -rf "$dir"
go run ./bench/gen -rows "$rows" -changed 0.5 -out "$dir"
t() { /usr/bin/time -f "%e s %M KB" "$@"; }
echo "plan:";   t bench/out/drift plan -c "$dir/drift.yaml" -o "$dir/plan.json" >/dev/null
grep -c '"action"' "$dir/plan.json" | sed 's/^/ops: /'
echo "apply:";  t bench/out/drift apply "$dir/plan.json" --yes >/dev/null
echo "again:";  t bench/out/drift apply "$dir/plan.json" --yes >/dev/null
