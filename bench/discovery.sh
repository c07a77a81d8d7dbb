#!/usr/bin/env bash
# Discovery at scale on SQLite: a simulated world of CREATORS creators
# written as a creator file, imported with `chorus import creators`, vetted
# with `chorus vet run` (account scores, ER and tier per account, the search
# index), then QUERIES filtered text searches timed for p50/p95/p99.
#
# Usage: bench/discovery.sh
# Env:   CREATORS=1000000 QUERIES=200 KEEP=1 (keep the work directory)
#        PROFILE=1 (CPU profiles of the import and the vet run, kept in the
#        work directory, which is then kept too)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CREATORS:=1000000}" "${QUERIES:=200}"
WORK=$(mktemp -d /tmp/chorus-discovery.XXXX)
DATA=$WORK/data
[ -n "${PROFILE:-}" ] && KEEP=1
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/chorus" ./cmd/chorus
go build -o "$WORK/simcreators" ./bench/simcreators
go build -o "$WORK/searchbench" ./bench/searchbench
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }

t0=$(now)
"$WORK/simcreators" --creators "$CREATORS" > "$WORK/creators.jsonl"
t1=$(now)
rows=$(wc -l < "$WORK/creators.jsonl")
echo "wrote $rows account rows of $CREATORS creators ($(du -h "$WORK/creators.jsonl" | cut -f1)) in $(secs "$t0" "$t1") s"

echo "bench password 1234" | "$WORK/chorus" user create --data "$DATA" --email bench@chorus.test --workspace bench >/dev/null

# Wall time depends on what else the machine runs; CPU time (user + sys)
# is reported too, as the figure that does not.
timed() { /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@"; read -r wall user sys < "$WORK/time"; cpu=$(secs 0 "$user + $sys"); }
timed "$WORK/chorus" import creators --data "$DATA" --workspace bench --progress=false ${PROFILE:+--cpuprofile "$WORK/import.prof"} "$WORK/creators.jsonl"
import_s=$wall import_cpu=$cpu
echo "import: $import_s s wall, $import_cpu s CPU"

timed "$WORK/chorus" vet run --data "$DATA" --workspace bench --progress=false ${PROFILE:+--cpuprofile "$WORK/vet.prof"}
vet_s=$wall vet_cpu=$cpu
echo "vet run: $vet_s s wall, $vet_cpu s CPU"

"$WORK/searchbench" --db "sqlite:$DATA/chorus.db" --workspace bench --queries "$QUERIES"

echo
echo "creators=$CREATORS rows=$rows import_s=$import_s import_cpu_s=$import_cpu vet_s=$vet_s vet_cpu_s=$vet_cpu db=$(du -h "$DATA/chorus.db" | cut -f1)"
[ -z "${KEEP:-}" ] || echo "kept: $WORK"
echo "machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
