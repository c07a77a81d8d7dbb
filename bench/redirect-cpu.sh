#!/usr/bin/env bash
# CPU per request of the redirect against the bare Go baseline (refgo):
# wrk with 64 connections at each in turn, and the server's user+system CPU
# time (from /proc/PID/stat) divided by the requests wrk got. Unlike
# requests per second, CPU per request hardly depends on what else runs.
#
# Usage: bench/redirect-cpu.sh [more serve flags, e.g. --click-log off]
# Env:   CREATORS=300 D=8 (seconds a run) ROUNDS=2 SHARED=../shared PROF=1
#        (a CPU profile of chorus in the last round, in $WORK/prof.out)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
: "${CREATORS:=300}" "${D:=8}" "${ROUNDS:=2}"
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/chorus-redirect-cpu.XXXX)
go build -o "$WORK/chorus" ./cmd/chorus
(cd "$SHARED/bench/refgo" && go build -o "$WORK/refgo" .)
"$WORK/chorus" demo --no-serve --data "$WORK/data" --creators "$CREATORS" 2>"$WORK/demo.log"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
CP=$(port) RP=$(port) PP=$(port)
"$WORK/chorus" serve --data "$WORK/data" --listen "127.0.0.1:$CP" --log-level warn --no-rate-limits --pprof "127.0.0.1:$PP" "$@" 2>"$WORK/serve.log" &
S=$!
"$WORK/refgo" -addr "127.0.0.1:$RP" 2>/dev/null &
R=$!
trap 'kill $R 2>/dev/null; kill -TERM $S 2>/dev/null; wait $S 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$CP/login" && break; sleep 0.1; done
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; } # clock ticks (1/100 s)
bench() { # NAME PID URL
  local c0 c1 out
  c0=$(cpu "$2")
  out=$(wrk -t2 -c64 -d"${D}s" --latency -H "User-Agent: $UA" "$3")
  c1=$(cpu "$2")
  python3 - "$1" "$c0" "$c1" <<PY
import sys, re
out = """$out"""
name, c0, c1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
n = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = re.search(r"99%\s+(\S+)", out).group(1)
print(f"{name:7s} rps={rps:.0f} p99={p99} cpu_us_per_request={(c1 - c0) * 10000 / n:.1f}")
PY
}
wrk -t2 -c64 -d3s -H "User-Agent: $UA" "http://127.0.0.1:$CP/c/demo" >/dev/null
echo "machine: $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
PROFILER=
for round in $(seq "$ROUNDS"); do
  bench refgo "$R" "http://127.0.0.1:$RP/c/abc123"
  if [ -n "${PROF:-}" ] && [ "$round" = "$ROUNDS" ]; then
    (sleep 1; curl -s -o "$WORK/prof.out" "http://127.0.0.1:$PP/debug/pprof/profile?seconds=$((D - 2))") &
    PROFILER=$!
  fi
  bench chorus "$S" "http://127.0.0.1:$CP/c/demo"
done
[ -z "$PROFILER" ] || wait "$PROFILER"
echo "work dir: $WORK"
