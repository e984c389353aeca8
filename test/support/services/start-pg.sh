#!/usr/bin/env bash
# A throw-away PostgreSQL 15 (Debian 12 package) for the tests of the team server's shared backends, on
# 127.0.0.1:$PG_PORT with its data in $PG_HOME (wiped on every start): a login role and database;
# prints DATABASE_URL. Installs its Debian package on first use (as root).
# PG_RESUME=1 starts the cluster already in $PG_HOME again (after stop-pg.sh with KEEP_DATA=1), as a
# database restart during a test.
set -euo pipefail
PG_PORT=${PG_PORT:-5433}
PG_HOME=${PG_HOME:-/tmp/ci-pg}          # every parent dir must be traversable by user postgres
PG_USER=${PG_USER:-ci}
PG_DB=${PG_DB:-ci}
PG_PASSWORD=${PG_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
BIN=/usr/lib/postgresql/15/bin

t0=$(date +%s.%N)
if [ ! -x $BIN/initdb ]; then
  export DEBIAN_FRONTEND=noninteractive
  # without a policy-rc.d the postinst would start the stock 15/main cluster on :5432
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT; fi   # removed again when this script exits
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi
t1=$(date +%s.%N)

as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
if [ "${PG_RESUME:-0}" != 1 ]; then
[ -e "$PG_HOME/pg.pid" ] && "$(dirname "$0")/stop-pg.sh" >/dev/null 2>&1 || true
rm -rf "$PG_HOME"; mkdir -p "$PG_HOME"; chown postgres:postgres "$PG_HOME"; chmod 700 "$PG_HOME"
as_pg $BIN/initdb -D "$PG_HOME/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$PG_HOME/initdb.log" 2>&1 || { cat "$PG_HOME/initdb.log" >&2; exit 1; }
fi
# CI settings: loopback only, socket in $PG_HOME, no durability (fsync off) for speed
as_pg $BIN/pg_ctl -D "$PG_HOME/data" -l "$PG_HOME/postgres.log" -w -t 60 start -o \
  "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_HOME -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  >/dev/null || { tail -20 "$PG_HOME/postgres.log" >&2; exit 1; }
head -1 "$PG_HOME/data/postmaster.pid" >"$PG_HOME/pg.pid"
[ "${PG_RESUME:-0}" = 1 ] && { echo "postgres started again"; exit 0; }
$BIN/psql -q -X -v ON_ERROR_STOP=1 -h "$PG_HOME" -p "$PG_PORT" -U postgres -d postgres <<EOF
CREATE ROLE "$PG_USER" LOGIN PASSWORD '$PG_PASSWORD';
CREATE DATABASE "$PG_DB" OWNER "$PG_USER";
EOF
t2=$(date +%s.%N)

cat >"$PG_HOME/pg.env" <<EOF
DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
PGHOST=127.0.0.1
PGPORT=$PG_PORT
PGUSER=$PG_USER
PGPASSWORD=$PG_PASSWORD
PGDATABASE=$PG_DB
EOF
cat "$PG_HOME/pg.env"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v v="$($BIN/postgres --version)" -v p="$(cat "$PG_HOME/pg.pid")" \
  'BEGIN{printf "# %s: install %.1fs, start %.1fs, postmaster pid %s\n", v, b-a, c-b, p}'
