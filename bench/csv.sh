#!/usr/bin/env bash
# Times `drift scan` on two CSV files whose city cells are sometimes quoted
# (a comma, an escaped "" quote or a line break inside the quotes), for a
# base revision and the checkout, side by side: each row count is run
# REPS times, the two binaries alternating. Prints wall time, CPU time,
# max RSS and max RSS per record (both files' records) for each run.
#
#   bench/csv.sh 1000000 5000000
#   BASE=67272d6^ REPS=3 QUOTED=0.1 bench/csv.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
base=${BASE:-67272d6^}
reps=${REPS:-3}
quoted=${QUOTED:-0.1}
rows=("$@")
[ $# -eq 0 ] && rows=(1000000)
mkdir -p bench/out
go build -o bench/out/drift .
if [ ! -x bench/out/drift-base ]; then
  wt=$(mktemp -d)
  git worktree add -q --detach "$wt" "$base"
  (cd "$wt" && go build -o "$OLDPWD/bench/out/drift-base" .)
  git worktree remove --force "$wt"
fi
uptime
printf '%-9s %-5s %-7s %-7s %-8s %-9s %s\n' rows bin wall_s cpu_s rss_mib b_per_rec exit
for n in "${rows[@]}"; do
  dir="bench/data/quoted-$n"
  [ -f "$dir/left.csv" ] || go run ./bench/gen -rows "$n" -quoted "$quoted" -out "$dir"
  recs=$(( $(wc -l <"$dir/left.csv") + $(wc -l <"$dir/right.csv") ))
  for _ in $(seq "$reps"); do
    for bin in drift-base drift; do
      log="bench/out/csv-time-$bin-$n.txt"
      set +e
      /usr/bin/time -v "bench/out/$bin" scan -c "$dir/drift.yaml" --no-state --format json -o "bench/out/csv-report-$bin-$n.json" 2>"$log"
      code=$?
      set -e
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
      cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$log")
      rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
      label=new
      [ "$bin" = drift ] || label=base
      printf '%-9s %-5s %-7s %-7s %-8s %-9s %s\n' "$n" "$label" "$wall" "$cpu" \
        "$((rss / 1024))" "$((rss * 1024 / recs))" "$code"
    done
  done
  cmp -s <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"], d["drifts"])' "bench/out/csv-report-drift-base-$n.json") \
    <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"], d["drifts"])' "bench/out/csv-report-drift-$n.json") &&
    echo "$n: same summary and drifts" || echo "$n: REPORTS DIFFER"
done
