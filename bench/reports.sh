#!/usr/bin/env bash
# Reports at scale: a simulated workspace of about 10 million clicks, 50
# campaigns and 2,000 creators (chorus bench world), then every campaign's
# report and the dashboard's figures from the rollups against the same
# figures computed from the raw clicks and orders (they must be equal), and
# the dashboard, report, analytics and campaign pages over HTTP, p50/p95
# (the dashboard computes its recommendations on every view: no cache).
# Usage: bench/reports.sh      Env: DATA=dir (reuse a world built before; else
#        one is built in a temporary directory, ~10-15 minutes), TRAFFIC=82,
#        CAMPAIGNS=50, CREATORS=2000, RUNS=3, KEEP=1 (keep the built world)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TRAFFIC:=82}" "${CAMPAIGNS:=50}" "${CREATORS:=2000}" "${RUNS:=3}"
WORK=$(mktemp -d /tmp/chorus-reports.XXXX)
go build -o "$WORK/chorus" ./cmd/chorus
C=$WORK/chorus
PID=
cleanup() { [ -z "$PID" ] || kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
echo "machine: nproc=$(nproc) mem=$(free -m | awk '/Mem:/ {print $2}')MB load=$(cut -d' ' -f1-3 /proc/loadavg) date=$(date -u +%FT%TZ)"
if [ -z "${DATA:-}" ]; then
  DATA=$WORK/data
  "$C" bench world --data "$DATA" --creators "$CREATORS" --campaigns "$CAMPAIGNS" --traffic "$TRAFFIC" 2>"$WORK/world.log"
  [ -z "${KEEP:-}" ] || echo "world kept in $DATA"
fi
echo "database: $(du -sh "$DATA" | cut -f1)"
# In process: the reports and the dashboard from the rollups vs the raw
# events, checked equal.
"$C" bench reports --data "$DATA" --runs "$RUNS"
# Over HTTP, one client, then four at once.
PORT=$((21000 + RANDOM % 5000))
"$C" serve --data "$DATA" --listen "127.0.0.1:$PORT" --no-rate-limits --log-level warn 2>"$WORK/serve.log" & PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.1; done
echo "one client:"
"$C" bench pages --url "http://127.0.0.1:$PORT" --runs "$RUNS"
echo "four clients:"
"$C" bench pages --url "http://127.0.0.1:$PORT" --runs "$RUNS" --workers 4
echo "the dashboard alone, $((RUNS * 20)) views, one client:"
"$C" bench pages --url "http://127.0.0.1:$PORT" --runs $((RUNS * 20)) --only dashboard
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
