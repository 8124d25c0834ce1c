#!/usr/bin/env bash
# Times `drift scan` of two PostgreSQL tables of ROWS rows that differ in
# about DRIFT changed rows (default 100), with checksum pushdown
# (`checksum: auto`) and with `checksum: off` (every row read, the
# default), next to the two
# count + md5 queries that pushdown is measured against:
#
#   SELECT count(*), sum(('x'||substr(md5(t::text),1,15))::bit(60)::bigint) FROM t
#
# over each table, one after the other. The keys the pushdown scan reports
# are checked against PostgreSQL's own comparison of the two tables.
#
#   bench/checksum.sh [ROWS [DRIFT]]
#
# The tables bench_left and bench_right of DRIFT_CHECKSUM_DSN (by default
# the database drift_checksum_bench of the local server, created when
# missing, so that bench/db.sh's tables of the same names are left alone)
# are dropped and recreated; with SKIP_LOAD=1 the last load is reused.
# SKIP_OFF=1 leaves out the `checksum: off` scan (at 10M rows it reads
# every row of both tables) and the report comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
drift=${2:-100}
server=${DRIFT_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
export DRIFT_PG_DSN=${DRIFT_CHECKSUM_DSN:-$server/drift_checksum_bench?sslmode=disable}
if [ -z "${DRIFT_CHECKSUM_DSN:-}" ] &&
  [ -z "$(psql "$server/postgres?sslmode=disable" -Atc "SELECT 1 FROM pg_database WHERE datname = 'drift_checksum_bench'")" ]; then
  psql "$server/postgres?sslmode=disable" -qc "CREATE DATABASE drift_checksum_bench"
fi
out=bench/out/checksum
mkdir -p "$out"
go build -o bench/out/drift .
if [ -z "${SKIP_LOAD:-}" ]; then
  go run ./bench/gendb -rows "$rows" -redis-rows 0 -drift-rows "$drift" -pg "$DRIFT_PG_DSN" -out "$out"
fi
uptime
sed 's/timeout: 10m}/timeout: 10m, checksum: off}/' "$out/pg-pg.yaml" >"$out/pg-pg-off.yaml"
sed 's/timeout: 10m}/timeout: 10m, checksum: auto}/' "$out/pg-pg.yaml" >"$out/pg-pg-auto.yaml"

. bench/timed.sh
q="SELECT count(*), sum(('x'||substr(md5(t::text),1,15))::bit(60)::bigint) FROM %s t"
timed count-md5-both psql "$DRIFT_PG_DSN" -Atc "$(printf "$q" bench_left)" -c "$(printf "$q" bench_right)"
timed scan-checksum bench/out/drift scan -c "$out/pg-pg-auto.yaml" --no-state --format json -o "$out/report-auto.json" --log-level info
[ -n "${SKIP_OFF:-}" ] ||
  timed scan-checksum-off bench/out/drift scan -c "$out/pg-pg-off.yaml" --no-state --format json -o "$out/report-off.json"
grep -h 'msg=checksum' "$out/time-scan-checksum.txt" | sed 's/.*msg=checksum [^ ]* [^ ]* //' || true
uptime
# The keys that differ, by PostgreSQL's own row comparison, against the
# keys the pushdown scan reports as changed or missing.
psql "$DRIFT_PG_DSN" -Atc "SET work_mem = '512MB'" -c "SELECT coalesce(l.id, r.id) FROM bench_left l
  FULL JOIN bench_right r ON l.id = r.id WHERE (l.*) IS DISTINCT FROM (r.*) ORDER BY 1" | grep -v '^SET$' >"$out/sql-keys.txt"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("\n".join(str(i) for i in sorted({int(x["key"]["id"]) for x in d["drifts"] if x["kind"] in ("changed", "missing")})))' \
  "$out/report-auto.json" >"$out/drift-keys.txt"
if cmp -s "$out/sql-keys.txt" "$out/drift-keys.txt"; then
  echo "pushdown found the $(wc -l <"$out/sql-keys.txt") keys that differ, and no other"
else
  echo "PUSHDOWN KEYS DIFFER from the SQL comparison: diff $out/sql-keys.txt $out/drift-keys.txt"
fi
[ -n "${SKIP_OFF:-}" ] || go run ./bench/cmpreport "$out/report-auto.json" "$out/report-off.json"
