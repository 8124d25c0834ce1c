#!/usr/bin/env bash
# Times `drift scan` on two CSV files whose city cells are sometimes quoted
# (a comma, an escaped "" quote or a line break inside the quotes), for
# base revisions and the checkout, side by side: each row count is run
# REPS times, the binaries alternating. Prints wall time, CPU time, max
# RSS and max RSS per record (both files' records) for each run, and
# checks that every build's report has the same summary and drifts.
#
#   bench/csv.sh 1000000 5000000
#   BASE="67272d6^ cba17d5" REPS=3 QUOTED=0.1 bench/csv.sh 1000000
#   CHANGED=0.3 bench/csv.sh 1000000
#
# CHANGED is the share of rows with 1–3 changed fields (default 0.01; 0.3
# is a replica far behind, most of whose scan is the drifts).
#
# BASE is a space-separated list of revisions (default 67272d6^, the
# revision before the quote-aware splitter), each built once in a
# temporary worktree into bench/out/drift-REV.
set -euo pipefail
cd "$(dirname "$0")/.."
bases=(${BASE:-67272d6^})
reps=${REPS:-3}
quoted=${QUOTED:-0.1}
changed=${CHANGED:-0.01}
rows=("$@")
[ $# -eq 0 ] && rows=(1000000)
mkdir -p bench/out
go build -o bench/out/drift .
bins=()
for rev in "${bases[@]}"; do
  bin="drift-$(printf '%s' "$rev" | tr -c 'A-Za-z0-9._-' '_')"
  if [ ! -x "bench/out/$bin" ]; then
    wt=$(mktemp -d)
    git worktree add -q --detach "$wt" "$rev"
    (cd "$wt" && go build -o "$OLDPWD/bench/out/$bin" .)
    git worktree remove --force "$wt"
  fi
  bins+=("$bin")
done
bins+=(drift)
# Each binary is timed from a fresh copy: a binary just written sits in
# the page cache otherwise than one built long ago, which moves its mapped
# pages, and so the RSS, by about 10 MiB.
for bin in "${bins[@]}"; do cp "bench/out/$bin" "bench/out/run-$bin"; done
uptime
printf '%-9s %-12s %-7s %-7s %-8s %-9s %s\n' rows bin wall_s cpu_s rss_mib b_per_rec exit
for n in "${rows[@]}"; do
  dir="bench/data/quoted-$n"
  [ "$changed" = 0.01 ] || dir="$dir-changed-$changed"
  [ -f "$dir/left.csv" ] || go run ./bench/gen -rows "$n" -quoted "$quoted" -changed "$changed" -out "$dir"
  recs=$(( $(wc -l <"$dir/left.csv") + $(wc -l <"$dir/right.csv") ))
  for _ in $(seq "$reps"); do
    for bin in "${bins[@]}"; do
      log="bench/out/csv-time-$bin-$n.txt"
      set +e
      /usr/bin/time -v "bench/out/run-$bin" scan -c "$dir/drift.yaml" --no-state --format json -o "bench/out/csv-report-$bin-$n.json" 2>"$log"
      code=$?
      set -e
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
      cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$log")
      rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
      label=${bin#drift-}
      [ "$bin" = drift ] && label=new
      printf '%-9s %-12s %-7s %-7s %-8s %-9s %s\n' "$n" "$label" "$wall" "$cpu" \
        "$((rss / 1024))" "$((rss * 1024 / recs))" "$code"
    done
  done
  summary() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"], d["drifts"])' "$1"; }
  for bin in "${bins[@]}"; do
    [ "$bin" = drift ] && continue
    cmp -s <(summary "bench/out/csv-report-$bin-$n.json") <(summary "bench/out/csv-report-drift-$n.json") &&
      echo "$n: ${bin#drift-} and new: same summary and drifts" || echo "$n: ${bin#drift-} and new: REPORTS DIFFER"
  done
done
