#!/usr/bin/env bash
# Order webhooks under load: signed Shopify orders/create deliveries against
# `chorus serve` on a demo SQLite data directory, each verified,
# deduplicated, attributed and committed before its 200, with ~10%
# redeliveries. Baseline in the same run: the same generator against a bare
# net/http handler that verifies the HMAC and answers 200 without storage.
# Checks that the orders stored equal the distinct orders sent and that
# every redelivery was answered as a duplicate.
# Usage: bench/webhooks.sh     Env: ORDERS=20000 WORKERS=32 REDELIVER=0.1 RUNS=2 PPROF=127.0.0.1:6061
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ORDERS:=20000}" "${WORKERS:=32}" "${REDELIVER:=0.1}" "${RUNS:=2}" "${CREATORS:=300}"
WORK=$(mktemp -d /tmp/chorus-webhooks.XXXX)
go build -o "$WORK/chorus" ./cmd/chorus
C=$WORK/chorus
export CHORUS_DATA=$WORK/data
SECRET=shpss_bench_$$_0123456789
PORT=$((20000 + RANDOM % 5000)); BASE=$((PORT + 1))
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
echo "machine: nproc=$(nproc) mem=$(free -m | awk '/Mem:/ {print $2}')MB $(uname -m) load=$(cut -d' ' -f1-3 /proc/loadavg) date=$(date -u +%FT%TZ)"
"$C" demo --no-serve --creators "$CREATORS" >/dev/null 2>"$WORK/demo.log"
TOKEN=$("$C" token create --workspace demo --name bench --role admin 2>/dev/null)
"$C" serve --listen "127.0.0.1:$PORT" --no-rate-limits --log-level warn ${PPROF:+--pprof "$PPROF"} 2>"$WORK/serve.log" & PIDS+=($!)
"$C" bench webhook-baseline --listen "127.0.0.1:$BASE" --secret "$SECRET" 2>"$WORK/base.log" & PIDS+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && curl -s -o /dev/null "http://127.0.0.1:$BASE/" && break; sleep 0.1; done
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"shopify_webhook_secret\": \"$SECRET\"}" "http://127.0.0.1:$PORT/api/v1/integrations" >/dev/null
count() { "$C" bench orders --workspace demo; }
load() { "$C" bench webhooks --secret "$SECRET" --workers "$WORKERS" --orders "$ORDERS" --redeliver "$REDELIVER" "$@"; }
echo "system run result"
fail=0
for run in $(seq 1 "$RUNS"); do
  # Interleaved, so that the machine's other load hits both alike.
  echo "baseline $run $(load --url "http://127.0.0.1:$BASE/hooks/shopify/demo" --check=false)"
  before=$(count)
  out=$(load --url "http://127.0.0.1:$PORT/hooks/shopify/demo") || { echo "chorus $run FAILED: $out"; fail=1; continue; }
  after=$(count)
  stored=$((after - before))
  ok=$([ "$stored" = "$ORDERS" ] && echo yes || echo NO)
  [ "$ok" = yes ] || fail=1
  echo "chorus $run $out stored_new=$stored equals_distinct=$ok"
done
# Redelivering a whole run again must change nothing.
before=$(count)
again=$(load --url "http://127.0.0.1:$PORT/hooks/shopify/demo" --first-id 777000000000 --orders 2000 --check=false >/dev/null; \
        "$C" bench webhooks --url "http://127.0.0.1:$PORT/hooks/shopify/demo" --secret "$SECRET" --first-id 777000000000 --orders 2000 --redeliver 0 --check=false)
after=$(count)
echo "redelivery-of-2000-stored-orders $again stored_new_by_redelivery=$((after - before - 2000))"
[ $((after - before)) = 2000 ] || fail=1
exit $fail
