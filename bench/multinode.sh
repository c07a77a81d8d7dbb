#!/usr/bin/env bash
# Several `chorus serve` nodes on one PostgreSQL, on loopback: throughput of
# the click redirect with 1, 2 and 3 nodes, then 3 nodes with one killed
# (SIGKILL) in the middle of the load. Prints requests per second per node
# count and checks that the clicks stored equal the 302s answered.
# Usage: bench/multinode.sh     Env: DURATION=10s CONNS=64 THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DURATION:=10s}" "${CONNS:=64}" "${THREADS:=2}"
SHARED=${SHARED:-$(cd .. && pwd)/shared}
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/chorus-multinode.XXXX)
go build -o "$WORK/chorus" ./cmd/chorus
PGURL=$(PGPORT=${PGPORT:-55432} .ci/postgres.sh)
DB=chorus_bench_$$
psql "$PGURL" -qc "CREATE DATABASE $DB" >/dev/null
DSN=$(echo "$PGURL" | sed "s#/postgres?#/$DB?#")
export CHORUS_DB=$DSN CHORUS_SECRET=multinode-bench-secret-0123456789 CHORUS_DATA=$WORK/data
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; psql "$PGURL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$WORK/chorus" demo --no-serve --creators 300 >/dev/null 2>"$WORK/demo.log"
count() { "$WORK/chorus" clicks count --slug demo --include-bots; }
start_nodes() { # N
  PIDS=()
  for i in $(seq 1 "$1"); do
    "$WORK/chorus" serve --listen "127.0.0.1:$((19000 + i))" --log-level warn --no-rate-limits 2>>"$WORK/node$i.log" & PIDS+=($!)
  done
  for i in $(seq 1 "$1"); do
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$((19000 + i))/login" && break; sleep 0.1; done
  done
}
stop_nodes() { kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true; PIDS=(); }
load() { # N -> runs wrk against every node at once, CONNS split across them; prints "rps requests errors"
  local n=$1 out=()
  for i in $(seq 1 "$n"); do
    timeout 120 wrk -t1 -c$((CONNS / n)) -d"$DURATION" --timeout 10s -H "User-Agent: $UA" -s "$SHARED/bench/report.lua" \
      "http://127.0.0.1:$((19000 + i))/c/demo" > "$WORK/wrk$i.txt" 2>&1 & out+=($!)
  done
  wait "${out[@]}" || true
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } }
       END { printf "%d %d %d\n", v["rps"], v["requests"] - v["non2xx3xx"], v["non2xx3xx"] + v["sockerr"] }' "$WORK"/wrk*.txt
  rm -f "$WORK"/wrk*.txt
}
echo "nodes rps answered_302 errors stored_new match"
for n in 1 2 3; do
  start_nodes "$n"
  before=$(count)
  read -r rps answered errors < <(load "$n")
  stop_nodes
  after=$(count)
  stored=$((after - before))
  echo "$n $rps $answered $errors $stored $([ "$stored" = "$answered" ] && echo yes || echo NO)"
done
# Kill one of three nodes halfway through the load: every answered click
# must be stored (stored >= answered: a click committed whose response the
# kill cut off is stored but was never answered), and none twice.
start_nodes 3
before=$(count)
( sleep "$(( ${DURATION%s} / 2 ))"; kill -9 "${PIDS[0]}" ) &
read -r rps answered errors < <(load 3)
stop_nodes
after=$(count)
stored=$((after - before))
dupes=$(psql "$DSN" -Atc "SELECT COUNT(*) - COUNT(DISTINCT click_id) FROM clicks")
echo "kill-one rps=$rps answered_302=$answered stored_new=$stored duplicate_click_ids=$dupes lost=$([ "$stored" -ge "$answered" ] && echo 0 || echo $((answered - stored)))"
echo "postgres: $(psql "$PGURL" -Atc 'SHOW max_connections') max connections; nproc=$(nproc); $(date -u +%F)"
