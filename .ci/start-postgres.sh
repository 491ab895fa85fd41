#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger tests: no system service, no fixed port.
#
#   eval "$(bash .ci/start-postgres.sh)"     # prints: export SVCCHECK_TEST_PG_URL=postgresql://…
#   bash .ci/start-postgres.sh --stop        # stops it (the data folder is removed)
#
# Idempotent and fast: a second call finds the running cluster and prints the same line. Debian's
# postgresql is installed when no initdb can be found (root only). The cluster lives in
# $SVCCHECK_PG_DIR (default: /tmp/svccheck-pg-<uid>), owned by the `postgres` user when run as
# root (initdb refuses to run as root), listens on 127.0.0.1 and a unix socket in that folder,
# and is tuned for tests (fsync off): never put data you care about in it.
# Everything but the export line goes to stderr, so the output can be eval'ed.
set -euo pipefail

DIR=${SVCCHECK_PG_DIR:-${TMPDIR:-/tmp}/svccheck-pg-$(id -u)}
DATA=$DIR/data
DBNAME=svccheck_test

say() { printf 'start-postgres: %s\n' "$*" >&2; }

find_bindir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -n "$initdb" ]; then dirname "$(readlink -f "$initdb")"; return 0; fi
  # Debian keeps the server binaries off PATH; take the newest major version installed.
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  if [ "${1:-}" = "--stop" ]; then exit 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    say "no PostgreSQL server binaries (initdb) found, and not root to install them"
    exit 1
  fi
  say "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BINDIR=$(find_bindir)
fi

# Run a server program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url_for() { printf 'postgresql://postgres@127.0.0.1:%s/%s' "$1" "$DBNAME"; }

running_port() {
  [ -f "$DIR/port" ] || return 1
  as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
  cat "$DIR/port"
}

if [ "${1:-}" = "--stop" ]; then
  if [ -d "$DATA" ]; then
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    say "stopped and removed $DIR"
  fi
  exit 0
fi

if port=$(running_port); then
  say "already running on port $port ($DIR)"
  printf 'export SVCCHECK_TEST_PG_URL=%s\n' "$(url_for "$port")"
  exit 0
fi

free_port() {
  local p
  for p in $(seq 54329 54429); do
    # Nothing answers on 127.0.0.1:p and no stale socket file claims it.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ ! -e "$DIR/.s.PGSQL.$p" ]; then
      echo "$p"; return 0
    fi
  done
  return 1
}

mkdir -p "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
chmod 700 "$DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  say "initdb in $DATA"
  as_owner "$BINDIR/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
fi

port=$(free_port) || { say "no free port in 54329-54429"; exit 1; }
echo "$port" >"$DIR/port"
# Durability is irrelevant for a throwaway test cluster; speed is not.
opts="-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
opts="$opts -c full_page_writes=off -c max_connections=200"
say "starting on port $port"
if ! as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$DIR/server.log" -o "$opts" -w -t 60 start >/dev/null; then
  cat "$DIR/server.log" >&2
  exit 1
fi

if ! as_owner "$BINDIR/psql" -h "$DIR" -p "$port" -U postgres -d postgres -tAq \
  -c "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" | grep -q 1; then
  as_owner "$BINDIR/createdb" -h "$DIR" -p "$port" -U postgres "$DBNAME"
fi

printf 'export SVCCHECK_TEST_PG_URL=%s\n' "$(url_for "$port")"
