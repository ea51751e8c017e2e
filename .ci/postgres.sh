#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   source .ci/postgres.sh start   # installs PostgreSQL if needed, starts a cluster, exports PG_URL
#   .ci/postgres.sh stop           # stops it and deletes its directory (also: source ... stop)
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port with trust
# authentication, and has one database, `sluice_test`. `start` prints the connection string and
# exports it as PG_URL (when sourced); the directory is remembered in SLUICE_PG_DIR and in
# ${TMPDIR:-/tmp}/sluice-pg.current so that `stop` finds it from another shell.
#
# initdb refuses to run as root: as root the cluster is created and run as the `postgres` user
# (created by Debian's package), otherwise as the current user.

_sluice_pg_fail() {
  echo "postgres.sh: $*" >&2
  return 1
}

_sluice_pg_bindir() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

_sluice_pg_as() {
  # Runs a command as the cluster owner.
  if [ "$(id -u)" = "0" ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

_sluice_pg_start() {
  local bindir dir port state
  if ! bindir="$(_sluice_pg_bindir)"; then
    echo "postgres.sh: initdb/pg_ctl not found; installing Debian's postgresql package" >&2
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null ||
        { _sluice_pg_fail "apt-get install postgresql failed"; return 1; }
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null ||
        { _sluice_pg_fail "apt-get install postgresql failed (not root, and sudo did not work)"; return 1; }
    fi
    bindir="$(_sluice_pg_bindir)" || { _sluice_pg_fail "PostgreSQL installed but initdb/pg_ctl still not found"; return 1; }
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres ||
      { _sluice_pg_fail "could not create the postgres user"; return 1; }
  fi

  dir="$(mktemp -d "${TMPDIR:-/tmp}/sluice-pg.XXXXXX")" || { _sluice_pg_fail "mktemp failed"; return 1; }
  chmod 755 "$dir"
  [ "$(id -u)" = "0" ] && chown postgres "$dir"
  port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")" ||
    { _sluice_pg_fail "could not find a free port"; return 1; }

  _sluice_pg_as "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    _sluice_pg_as "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; _sluice_pg_fail "initdb failed"; return 1; }

  # Throwaway cluster: durability off, sockets in our own directory, loopback only.
  _sluice_pg_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$dir/server.log" >&2; _sluice_pg_fail "pg_ctl start failed"; return 1; }

  export SLUICE_PG_DIR="$dir"
  export SLUICE_PG_BINDIR="$bindir"
  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sluice_test ||
    { _sluice_pg_stop; _sluice_pg_fail "createdb failed"; return 1; }
  export PG_URL="postgres://postgres@127.0.0.1:$port/sluice_test"
  echo "$dir" >"${TMPDIR:-/tmp}/sluice-pg.current"
  echo "postgres.sh: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') running in $dir" >&2
  echo "PG_URL=$PG_URL"
}

_sluice_pg_stop() {
  local dir="${SLUICE_PG_DIR:-}" bindir
  if [ -z "$dir" ] && [ -f "${TMPDIR:-/tmp}/sluice-pg.current" ]; then dir="$(cat "${TMPDIR:-/tmp}/sluice-pg.current")"; fi
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  bindir="${SLUICE_PG_BINDIR:-$(_sluice_pg_bindir)}"
  if [ -f "$dir/data/postmaster.pid" ]; then
    _sluice_pg_as "$bindir/pg_ctl" -D "$dir/data" -w -t 30 stop -m fast >/dev/null 2>&1 ||
      _sluice_pg_as "$bindir/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  if [ -f "${TMPDIR:-/tmp}/sluice-pg.current" ] && [ "$(cat "${TMPDIR:-/tmp}/sluice-pg.current")" = "$dir" ]; then
    rm -f "${TMPDIR:-/tmp}/sluice-pg.current"
  fi
  unset SLUICE_PG_DIR SLUICE_PG_BINDIR PG_URL
  echo "postgres.sh: stopped and removed $dir" >&2
}

case "${1:-}" in
  start) _sluice_pg_start ;;
  stop) _sluice_pg_stop ;;
  *) echo "usage: source .ci/postgres.sh start | .ci/postgres.sh stop" >&2; false ;;
esac
