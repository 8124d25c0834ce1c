#!/usr/bin/env bash
# Throughput of the reconciliation queue on PostgreSQL: JOBS single-field
# jobs (default 10000: every row of bench_queue_b has another qty than
# bench_queue_a, the authority), queued by `drift scan --enqueue` in a
# PostgreSQL state store, then worked by 1, 2 and 4 `drift worker`
# processes (--concurrency 2 each). For each: the wall time from the
# workers' start until every job is completed, jobs/s, and the p50 and p99
# of the jobs' latency from enqueue to done (every job is queued at once,
# so a job's latency is mostly its wait in the queue).
#
#   bench/queue.sh [JOBS]          WORKERS="1 2 4" by default
#
# The tables bench_queue_a, bench_queue_b and the schema bench_queue_state
# are dropped and recreated for each row.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-10000}
workers_list=${WORKERS:-1 2 4}
dsn=${DRIFT_PG_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
case $dsn in *\?*) state="$dsn&schema=bench_queue_state" ;; *) state="$dsn?schema=bench_queue_state" ;; esac
out=bench/out/queue
mkdir -p "$out"
go build -o bench/out/drift .
go build -o bench/out/queuelat ./bench/queuelat
drift=bench/out/drift
cat >"$out/drift.yaml" <<YAML
version: 1
contract:
  name: bench_queue
  version: 1
  key: id
  fields:
    id:  {type: int}
    qty: {type: int}
  resolve:
    authority: a
sources:
  a: {type: postgres, dsn: "$dsn", table: bench_queue_a}
  b: {type: postgres, dsn: "$dsn", table: bench_queue_b, writable: true}
YAML

reset() {
  psql "$dsn" -qX -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<SQL
DROP SCHEMA IF EXISTS bench_queue_state CASCADE;
DROP TABLE IF EXISTS bench_queue_a, bench_queue_b;
CREATE TABLE bench_queue_a AS SELECT g AS id, g AS qty FROM generate_series(1, $jobs) g;
ALTER TABLE bench_queue_a ADD PRIMARY KEY (id);
CREATE TABLE bench_queue_b AS SELECT g AS id, g + 1 AS qty FROM generate_series(1, $jobs) g;
ALTER TABLE bench_queue_b ADD PRIMARY KEY (id);
SQL
}

bench/out/queuelat -header
for w in $workers_list; do
  reset
  "$drift" scan -c "$out/drift.yaml" --state "$state" --enqueue --quiet || [ $? -eq 1 ]
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 1 "$w"); do
    "$drift" worker -c "$out/drift.yaml" --state "$state" --concurrency 2 2>"$out/worker-$w-$i.log" &
    pids+=($!)
  done
  until "$drift" queue status --state "$state" --format json | jq -e ".completed == $jobs" >/dev/null; do sleep 0.2; done
  end=$(date +%s.%N)
  kill -TERM "${pids[@]}"
  wait "${pids[@]}"
  "$drift" queue list --state "$state" --format json >"$out/jobs-$w.json"
  bench/out/queuelat -workers "$w" -wall "$(echo "$end - $start" | bc)" <"$out/jobs-$w.json"
done
