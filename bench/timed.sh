# Sourced by the checksum benchmarks: prints the header of their table, and
# defines `timed NAME COMMAND...`, which runs the command under GNU time
# (its output and time report kept in $out) and prints a row: NAME, $rows,
# wall time, max RSS in MiB and the exit code.
printf '%-28s %-9s %-10s %-12s %s\n' run rows wall max_rss_mib result
timed() {
  local name=$1 log="$out/time-$1.txt"
  shift
  set +e
  /usr/bin/time -v "$@" >"$out/stdout-$name.txt" 2>"$log"
  local code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%-28s %-9s %-10s %-12s %s\n' "$name" "$rows" "$wall" "$rss" "exit $code"
}
