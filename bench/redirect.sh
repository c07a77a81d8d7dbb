#!/usr/bin/env bash
# Throughput and latency of the click redirect, against nginx and a bare Go
# server on the same machine (../shared/bench/compare.sh), then the check
# that matters more than speed: every 302 wrk received is a stored click.
#
# Usage: bench/redirect.sh
# Env:   CREATORS=3000 (size of the demo world), PPROF=127.0.0.1:6060 (serve
#        with net/http/pprof there), SERVE_FLAGS (more flags for serve; the
#        per-IP limits are off, since wrk is one address), SHARED=../shared,
#        and compare.sh's own:
#        RUNS=3 WRK_CONNS=64 WRK_DURATION=10s (RUNS=1 WRK_DURATION=5s to iterate).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
COMPARE=$SHARED/bench/compare.sh
[ -x "$COMPARE" ] || { echo "no $COMPARE (set SHARED)" >&2; exit 1; }
: "${CREATORS:=3000}"
WORK=$(mktemp -d /tmp/chorus-redirect.XXXX)
DATA=$WORK/data
go build -o "$WORK/chorus" ./cmd/chorus
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT/c/demo

echo "creating the demo data ($CREATORS creators) in $DATA ..." >&2
"$WORK/chorus" demo --no-serve --data "$DATA" --creators "$CREATORS" 2>"$WORK/demo.log"
count() { "$WORK/chorus" clicks count --data "$DATA" --slug demo; }
before=$(count)

"$WORK/chorus" serve --data "$DATA" --listen "127.0.0.1:$PORT" --log-level warn --no-rate-limits ${PPROF:+--pprof "$PPROF"} ${SERVE_FLAGS:-} 2>"$WORK/serve.log" &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.1; done

load=$(cut -d' ' -f1-3 /proc/loadavg)
"$COMPARE" "$URL" | tee "$WORK/compare.txt"

# A graceful stop commits the last batch; then count what is on disk.
kill -TERM $SERVE; wait $SERVE || true
trap - EXIT
after=$(count)
stored=$((after - before))
received=$(sed -n 's/^target responses received in all (warm-up included)=//p' "$WORK/compare.txt")
errors=$(sed -n 's/^target .* errors=\([0-9]*\)$/\1/p' "$WORK/compare.txt")
# compare.sh's probe (one curl with the same browser UA) is a click too.
received=$((received + 1))
echo
echo "machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load average before the runs: $load"
echo "human clicks on /c/demo before the bench=$before after=$after stored during the bench=$stored"
echo "302 responses received (wrk runs + probe)=$received"
echo "stored - received=$((stored - received)) (requests still in flight when wrk stopped each run are stored but not counted by wrk)"
if [ "${errors:-0}" -gt 0 ]; then
  echo "WARNING: $errors answers were not 302 (503s? rate limits?); received counts them, so the check above is off by as much" >&2
elif [ "$stored" -lt "$received" ]; then
  echo "FAIL: $((received - stored)) answered clicks are not stored" >&2
  exit 1
fi
