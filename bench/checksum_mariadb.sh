#!/usr/bin/env bash
# Times `drift scan` of a PostgreSQL table against its MariaDB copy that
# differs in about DRIFT changed rows, with checksum pushdown
# (`checksum: auto`) and with `checksum: off`, next to the two count + md5
# queries pushdown is measured against (one per server), and checks that
# the two reports agree (bench/cmpreport).
#
#   bench/checksum_mariadb.sh [ROWS [DRIFT]]
#
# It loads bench_left and bench_right into PostgreSQL with bench/checksum.sh's
# loader (same database, SKIP_LOAD=1 reuses them), then copies bench_right
# into MariaDB's table drift_checksum_right (dropped and recreated) of
# DRIFT_MYSQL_DSN's database, by default test on the local server.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
drift=${2:-100}
server=${DRIFT_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
export DRIFT_PG_DSN=${DRIFT_CHECKSUM_DSN:-$server/drift_checksum_bench?sslmode=disable}
export DRIFT_MYSQL_DSN=${DRIFT_MYSQL_DSN:-root@tcp(127.0.0.1:3306)/test}
my=(mysql -h127.0.0.1 -uroot --local-infile=1 test)
out=bench/out/checksum
mkdir -p "$out"
if [ -z "${SKIP_LOAD:-}" ]; then
  psql "$server/postgres?sslmode=disable" -Atc "SELECT 1 FROM pg_database WHERE datname = 'drift_checksum_bench'" | grep -q 1 ||
    psql "$server/postgres?sslmode=disable" -qc "CREATE DATABASE drift_checksum_bench"
  go run ./bench/gendb -rows "$rows" -redis-rows 0 -drift-rows "$drift" -pg "$DRIFT_PG_DSN" -out "$out"
  psql "$DRIFT_PG_DSN" -qc "\\copy (SELECT id, name, email, city, qty, score, price, balance, created AT TIME ZONE 'UTC', updated AT TIME ZONE 'UTC' FROM bench_right) TO '$out/right.tsv'"
  "${my[@]}" -e "DROP TABLE IF EXISTS drift_checksum_right;
    CREATE TABLE drift_checksum_right (id bigint PRIMARY KEY, name text, email text, city text, qty int, score int,
      price decimal(12,2), balance decimal(14,4), created datetime(6), updated datetime(6));
    LOAD DATA LOCAL INFILE '$out/right.tsv' INTO TABLE drift_checksum_right;"
fi
go build -o bench/out/drift .
sed -e 's/table: bench_right, timeout: 10m}/table: drift_checksum_right, timeout: 10m}/' \
  -e 's/right: {type: postgres, dsn: "${DRIFT_PG_DSN}"/right: {type: mysql, dsn: "${DRIFT_MYSQL_DSN}"/' \
  -e 's/timeout: 10m}/timeout: 10m, checksum: auto}/' "$out/pg-pg.yaml" >"$out/pg-my.yaml"
sed 's/checksum: auto}/checksum: off}/' "$out/pg-my.yaml" >"$out/pg-my-off.yaml"

uptime
. bench/timed.sh
pgq="SELECT count(*), sum(('x'||substr(md5(t::text),1,15))::bit(60)::bigint) FROM bench_left t"
myq="SELECT count(*), SUM(CAST(CONV(SUBSTRING(MD5(CONCAT_WS(',', id, name, email, city, qty, score, price, balance, created, updated)), 1, 15), 16, 10) AS UNSIGNED)) FROM drift_checksum_right"
timed count-md5-both bash -c "psql '$DRIFT_PG_DSN' -Atc \"$pgq\" && ${my[*]} -Ne \"$myq\""
timed scan-checksum bench/out/drift scan -c "$out/pg-my.yaml" --no-state --format json -o "$out/report-my-auto.json" --log-level info
timed scan-checksum-off bench/out/drift scan -c "$out/pg-my-off.yaml" --no-state --format json -o "$out/report-my-off.json"
grep -h 'msg=checksum' "$out/time-scan-checksum.txt" | sed 's/.*msg=checksum [^ ]* [^ ]* //' || true
uptime
go run ./bench/cmpreport "$out/report-my-auto.json" "$out/report-my-off.json"
