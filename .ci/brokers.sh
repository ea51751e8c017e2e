#!/usr/bin/env bash
# Throwaway Redis and NATS (JetStream) servers for the broker suites.
#
#   source .ci/brokers.sh start   # installs redis-server / nats-server if needed, starts both,
#                                 # exports REDIS_URL and NATS_URL
#   .ci/brokers.sh stop           # stops both and deletes their directory
#
# Both listen on 127.0.0.1 on free ports, keep their data in one temporary directory (Redis with
# AOF on, JetStream with its store directory there) and are stopped by `stop`, which finds the
# directory from ${TMPDIR:-/tmp}/sluice-brokers.current when called from another shell.

_sluice_br_fail() { echo "brokers.sh: $*" >&2; return 1; }

_sluice_br_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

_sluice_br_install() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "brokers.sh: installing Debian's ${missing[*]}" >&2
  local sudo=""; [ "$(id -u)" = "0" ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { _sluice_br_fail "apt-get install ${missing[*]} failed"; return 1; }
}

_sluice_br_wait() {
  # _sluice_br_wait PORT NAME: until something accepts TCP connections on 127.0.0.1:PORT (20 s).
  local port="$1" name="$2" i
  for i in $(seq 1 200); do
    if node -e "const s=require('net').connect($port,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  _sluice_br_fail "$name did not answer on port $port"
}

_sluice_br_start() {
  _sluice_br_install || return 1
  local dir rport nport nats
  nats="$(command -v nats-server || echo /usr/sbin/nats-server)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/sluice-brokers.XXXXXX")" || { _sluice_br_fail "mktemp failed"; return 1; }
  rport="$(_sluice_br_free_port)" && nport="$(_sluice_br_free_port)" || { _sluice_br_fail "no free port"; return 1; }
  mkdir -p "$dir/redis" "$dir/nats"
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --save '' \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null ||
    { _sluice_br_fail "redis-server did not start"; return 1; }
  "$nats" -a 127.0.0.1 -p "$nport" -js -sd "$dir/nats" -P "$dir/nats.pid" -l "$dir/nats.log" &
  disown 2>/dev/null || true
  _sluice_br_wait "$rport" redis-server || { cat "$dir/redis.log" >&2; return 1; }
  _sluice_br_wait "$nport" nats-server || { cat "$dir/nats.log" >&2; return 1; }
  export SLUICE_BROKERS_DIR="$dir"
  export REDIS_URL="redis://127.0.0.1:$rport"
  export NATS_URL="nats://127.0.0.1:$nport"
  echo "$dir" >"${TMPDIR:-/tmp}/sluice-brokers.current"
  echo "brokers.sh: redis-server on $rport, nats-server (JetStream) on $nport, data in $dir" >&2
  echo "REDIS_URL=$REDIS_URL"
  echo "NATS_URL=$NATS_URL"
}

_sluice_br_stop() {
  local dir="${SLUICE_BROKERS_DIR:-}" pid f
  if [ -z "$dir" ] && [ -f "${TMPDIR:-/tmp}/sluice-brokers.current" ]; then dir="$(cat "${TMPDIR:-/tmp}/sluice-brokers.current")"; fi
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  for f in "$dir/redis.pid" "$dir/nats.pid"; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
  rm -f "${TMPDIR:-/tmp}/sluice-brokers.current"
  unset SLUICE_BROKERS_DIR REDIS_URL NATS_URL
  echo "brokers.sh: stopped and removed $dir" >&2
}

case "${1:-}" in
  start) _sluice_br_start ;;
  stop) _sluice_br_stop ;;
  *) echo "usage: source .ci/brokers.sh start | .ci/brokers.sh stop" >&2; false ;;
esac
