#!/bin/sh
# bench/history.sh: the state store's growth under drift watch --interval 1s
# over 20,000 open drifts (BenchmarkWatchHistory in state/history): a
# retention of RETAIN scans (default 100, so that the steady state past it
# shows within CYCLES cycles), CHURN drifts changing value every cycle.
# Prints the benchmark line and the extrapolation to 24 h (86,400 cycles):
# past the retention a cycle adds nothing, so a day's store is the store
# at the end of the run plus, for the default retention of 1,000 scans,
# the summaries of the scans it keeps beyond RETAIN.
set -eu
CYCLES=${CYCLES:-300}
RETAIN=${RETAIN:-100}
CHURN=${CHURN:-0}
cd "$(dirname "$0")/.."
uptime
line=$(DRIFT_BENCH_RETAIN=$RETAIN DRIFT_BENCH_CHURN=$CHURN go test ./state/history -run '^$' \
	-bench BenchmarkWatchHistory -benchtime "${CYCLES}x" | grep '^BenchmarkWatchHistory')
echo "$line"
echo "$line" | awk -v retain="$RETAIN" -v cycles="$CYCLES" '{
	for (i = 1; i <= NF; i++) { m[$(i+1)] = $i }
	per = m["early-bytes/cycle"]; late = m["late-bytes/cycle"]; mb = m["MB"]
	day = mb + (86400 - cycles) * late / 1e6 + (1000 - retain) * per / 1e6
	printf "%.0f ms/cycle; %.0f bytes/cycle before retention, %.0f after; %.1f MB after %d cycles\n", m["ns/op"] / 1e6, per, late, mb, cycles
	printf "24 h at 1 s with retention 1,000 scans: %.1f MB\n", day
}'
