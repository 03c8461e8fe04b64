# Start a throwaway PostgreSQL server for the store tests (sourced by .ci/run).
#
# `start_test_postgres` installs the Debian package when no server binaries
# exist, creates a cluster in a temporary folder on a free local port (as the
# postgres user when run as root: initdb refuses root), creates a database,
# exports IMPP_TEST_POSTGRES_URL and stops the server when the shell exits.
# With IMPP_TEST_POSTGRES_URL already set it uses that server and starts none;
# a server already running elsewhere (port 5432, say) is left alone.

_pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_test_postgres() {
  if [ -n "${IMPP_PG_DIR:-}" ] && [ -d "$IMPP_PG_DIR/data" ]; then
    _pg_as_owner "$IMPP_PG_BIN/pg_ctl" -D "$IMPP_PG_DIR/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
    rm -rf "$IMPP_PG_DIR"
  fi
}

start_test_postgres() {
  if [ -n "${IMPP_TEST_POSTGRES_URL:-}" ]; then
    echo "store tests use the PostgreSQL server at IMPP_TEST_POSTGRES_URL"
    return 0
  fi
  IMPP_PG_BIN=$(_pg_bindir)
  if [ -z "$IMPP_PG_BIN" ] || [ ! -x "$IMPP_PG_BIN/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq postgresql </dev/null >/dev/null
    IMPP_PG_BIN=$(_pg_bindir)
  fi
  IMPP_PG_DIR=$(mktemp -d /tmp/impp-pg.XXXXXX)
  chmod 755 "$IMPP_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$IMPP_PG_DIR"
  fi
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  _pg_as_owner "$IMPP_PG_BIN/initdb" -D "$IMPP_PG_DIR/data" -U postgres -A trust -E UTF8 \
    --no-sync >/dev/null
  _pg_as_owner "$IMPP_PG_BIN/pg_ctl" -D "$IMPP_PG_DIR/data" -l "$IMPP_PG_DIR/server.log" -w \
    -o "-p $port -k $IMPP_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  # Run after any exit action set before (trap replaces, so chain them).
  local previous
  previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
  trap "stop_test_postgres${previous:+; $previous}" EXIT
  _pg_as_owner "$IMPP_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres impp_test
  export IMPP_PG_DIR IMPP_PG_BIN
  export IMPP_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/impp_test"
  echo "store tests use a PostgreSQL server at $IMPP_TEST_POSTGRES_URL"
}
