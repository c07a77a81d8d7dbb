#!/usr/bin/env bash
# Memory of `chorus serve` on the reports-at-scale data (bench/reports.sh
# builds it; pass DATA=dir) while it serves, all at once: the click
# redirect (wrk on /c/demo), signed order webhooks (chorus bench webhooks)
# and report pages (chorus bench pages, four clients). Samples VmRSS from
# /proc/PID/status every 0.2 s and reads the peak (VmHWM) at the end; fails
# when the peak exceeds LIMIT_MB.
# Usage: DATA=dir bench/memory.sh    Env: DURATION=20 (seconds of wrk), ORDERS=20000, LIMIT_MB=300
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATA:?set DATA to a data directory built by bench/reports.sh (KEEP=1) or chorus bench world}"
: "${DURATION:=20}" "${ORDERS:=20000}" "${LIMIT_MB:=300}"
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
WORK=$(mktemp -d /tmp/chorus-memory.XXXX)
go build -o "$WORK/chorus" ./cmd/chorus
C=$WORK/chorus
PID= SAMPLER=
cleanup() { [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true; [ -z "$PID" ] || kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
echo "machine: nproc=$(nproc) mem=$(free -m | awk '/Mem:/ {print $2}')MB load=$(cut -d' ' -f1-3 /proc/loadavg) date=$(date -u +%FT%TZ)"
echo "database: $(du -sh "$DATA" | cut -f1)"
SECRET=shpss_memory_$$_0123456789
TOKEN=$("$C" token create --data "$DATA" --workspace demo --name "memory-$$" --role admin 2>/dev/null)
PORT=$((26000 + RANDOM % 5000))
"$C" serve --data "$DATA" --listen "127.0.0.1:$PORT" --no-rate-limits --log-level warn 2>"$WORK/serve.log" & PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break; sleep 0.1; done
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"shopify_webhook_secret\": \"$SECRET\"}" "http://127.0.0.1:$PORT/api/v1/integrations" >/dev/null
rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
echo "idle after start: VmRSS=$(( $(rss) / 1024 ))MB"
( while kill -0 "$PID" 2>/dev/null; do rss; sleep 0.2; done > "$WORK/rss.txt" ) & SAMPLER=$!
LOADS=()
if command -v wrk >/dev/null; then
  wrk -t1 -c32 -d"${DURATION}s" -H "User-Agent: $UA" "http://127.0.0.1:$PORT/c/demo" > "$WORK/wrk.txt" 2>&1 & LOADS+=($!)
else
  echo "wrk not installed: no redirect load" >&2
fi
"$C" bench webhooks --url "http://127.0.0.1:$PORT/hooks/shopify/demo" --secret "$SECRET" --orders "$ORDERS" --workers 16 > "$WORK/hooks.txt" 2>&1 & LOADS+=($!)
"$C" bench pages --url "http://127.0.0.1:$PORT" --runs 3 --workers 4 > "$WORK/pages.txt" 2>&1 & LOADS+=($!)
status=0
for p in "${LOADS[@]}"; do wait "$p" || status=1; done
echo "redirect: $(grep -E 'Requests/sec' "$WORK/wrk.txt" 2>/dev/null || echo none)"
echo "webhooks: $(cat "$WORK/hooks.txt")"
echo "pages:"; sed 's/^/  /' "$WORK/pages.txt"
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$PID/status")
max=$(sort -n "$WORK/rss.txt" | tail -1)
echo "memory: VmHWM=$((hwm / 1024))MB max_sampled_VmRSS=$((max / 1024))MB samples=$(wc -l < "$WORK/rss.txt") limit=${LIMIT_MB}MB"
[ "$status" = 0 ] || { echo "a load failed" >&2; exit 1; }
[ $((hwm / 1024)) -le "$LIMIT_MB" ] || { echo "peak resident memory over ${LIMIT_MB}MB" >&2; exit 1; }
