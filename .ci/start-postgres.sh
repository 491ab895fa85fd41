#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger tests: no system service, no fixed port.
#
#   eval "$(bash .ci/start-postgres.sh)"     # prints: export SVCCHECK_TEST_PG_URL=postgresql://…
#                                            #     and export SVCCHECK_PG_TOKEN=…
#   bash .ci/start-postgres.sh --stop        # stops it (the data folder is removed) — only if
#                                            # this caller started it (see below)
#   bash .ci/start-postgres.sh --stop --force   # stops it whoever started it
#
# Idempotent and fast: a second call finds the running cluster and prints the same URL. Debian's
# postgresql is installed when no initdb can be found (root only). The cluster lives in
# $SVCCHECK_PG_DIR (default: /tmp/svccheck-pg-<uid>), owned by the `postgres` user when run as
# root (initdb refuses to run as root), listens on 127.0.0.1 and a unix socket in that folder,
# and is tuned for tests (fsync off): never put data you care about in it.
#
# Stop only what you started: the call that starts the cluster writes a fresh token into
# $SVCCHECK_PG_DIR/started-by and prints it as SVCCHECK_PG_TOKEN; a call that finds the cluster
# already running prints an empty token. `--stop` stops the cluster only when
# $SVCCHECK_PG_TOKEN matches the file, so a CI run or a test session that found someone
# else's cluster leaves it running.
# Everything but the export lines goes to stderr, so the output can be eval'ed.
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
  if [ ! -d "$DATA" ]; then exit 0; fi
  if [ "${2:-}" != "--force" ]; then
    owner=$(cat "$DIR/started-by" 2>/dev/null || true)
    if [ -z "${SVCCHECK_PG_TOKEN:-}" ] || [ "$owner" != "$SVCCHECK_PG_TOKEN" ]; then
      say "not stopping $DIR: this caller did not start it (no matching SVCCHECK_PG_TOKEN; --stop --force stops it anyway)"
      exit 0
    fi
  fi
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  say "stopped and removed $DIR"
  exit 0
fi

if port=$(running_port); then
  say "already running on port $port ($DIR); not started by this call, so --stop will leave it"
  printf 'export SVCCHECK_TEST_PG_URL=%s\n' "$(url_for "$port")"
  printf 'export SVCCHECK_PG_TOKEN=\n'
  exit 0
fi

free_port() {
  # Start at a random place in the range: test sessions starting clusters at the same moment
  # rarely pick the same port (and a start that loses the race tries again, below).
  local p offset=$((RANDOM % 101))
  for p in $(seq $((54329 + offset)) 54429) $(seq 54329 $((54328 + offset))); do
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

started=""
for attempt in 1 2 3 4 5; do
  port=$(free_port) || { say "no free port in 54329-54429"; exit 1; }
  echo "$port" >"$DIR/port"
  # Durability is irrelevant for a throwaway test cluster; speed is not.
  opts="-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
  opts="$opts -c full_page_writes=off -c max_connections=200"
  say "starting on port $port"
  if as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$DIR/server.log" -o "$opts" -w -t 60 start >/dev/null; then
    started=yes
    break
  fi
  say "start on port $port failed (attempt $attempt); trying another port"
done
if [ -z "$started" ]; then
  cat "$DIR/server.log" >&2
  exit 1
fi
token=$(od -An -tx8 -N16 /dev/urandom | tr -d ' \n')
echo "$token" >"$DIR/started-by"

if ! as_owner "$BINDIR/psql" -h "$DIR" -p "$port" -U postgres -d postgres -tAq \
  -c "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" | grep -q 1; then
  as_owner "$BINDIR/createdb" -h "$DIR" -p "$port" -U postgres "$DBNAME"
fi

printf 'export SVCCHECK_TEST_PG_URL=%s\n' "$(url_for "$port")"
printf 'export SVCCHECK_PG_TOKEN=%s\n' "$token"
