#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1:${PGPORT:-55432} and prints
# the URL that tests read from CHORUS_TEST_POSTGRES. Idempotent.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDIR=${PGDIR:-/tmp/chorus-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RUNAS=()
if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); fi
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
  if [ ! -f "$PGDIR/PG_VERSION" ]; then
    mkdir -p "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
    "${RUNAS[@]}" "$BIN/initdb" -D "$PGDIR" -U chorus --auth=trust -E UTF8 >/dev/null
  fi
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PGPORT -k /tmp -c fsync=on -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
fi
echo "postgres://chorus@127.0.0.1:$PGPORT/postgres?sslmode=disable"
