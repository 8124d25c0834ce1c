#!/usr/bin/env bash
# drift watch over the accounts example, as a process:
#  1. what a watch cycle adds over a plain scan: the median wall time of
#     RUNS runs each of `drift scan` and `drift watch --once`, alternated,
#     on copies of examples/accounts with their history;
#  2. its memory over CYCLES cycles: `drift watch --interval 10ms` runs
#     until its log has CYCLES "scan finished" lines; its VmRSS is read
#     after the 10th and after the last.
#
#   bench/watch.sh [CYCLES] [RUNS]        defaults 1000 and 21
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-1000}
runs=${2:-21}
out=bench/out/watch
rm -rf "$out" && mkdir -p "$out"
go build -o bench/out/drift .
drift=$PWD/bench/out/drift
cp -r examples/accounts "$out/scan" && cp -r examples/accounts "$out/watch" && cp -r examples/accounts "$out/mem"
rm -rf "$out"/*/.drift

ms() { # command...: wall milliseconds of one run (exit 0 or 1)
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "load: $(uptime | sed 's/.*load average/load average/')"
for _ in $(seq 1 "$runs"); do
  ms "$drift" scan -c "$out/scan/drift.yaml" --quiet >>"$out/scan.ms"
  ms "$drift" watch -c "$out/watch/drift.yaml" --once --log-level error >>"$out/watch.ms"
done
scan=$(median <"$out/scan.ms")
watch=$(median <"$out/watch.ms")
echo "drift scan: median ${scan} ms; drift watch --once: median ${watch} ms; a cycle adds $((watch - scan)) ms (of $runs runs each)"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
log=$out/mem.log
"$drift" --log-format json watch -c "$out/mem/drift.yaml" --interval 10ms 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
finished() { grep -c '"msg":"scan finished"' "$log" || true; }
wait_for() { while [ "$(finished)" -lt "$1" ]; do sleep 0.05; done; }
start=$(date +%s.%N)
wait_for 10
rss10=$(rss_kb "$pid")
wait_for "$cycles"
rssN=$(rss_kb "$pid")
end=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
echo "drift watch --interval 10ms: VmRSS ${rss10} kB after 10 cycles, ${rssN} kB after $(finished) cycles ($(echo "$end - $start" | bc) s); state.db $(du -k "$out/mem/.drift/state.db" | cut -f1) kB"
echo "load: $(uptime | sed 's/.*load average/load average/')"
