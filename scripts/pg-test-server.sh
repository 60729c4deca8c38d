#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for the tests: its own data directory,
# loopback only, its own port, C.UTF-8. Prints the DATABASE_URL on start.
#
# The port: PGTEST_PORT if set, else the first free one from 25432 up. That range lies
# below Linux's ephemeral ports (32768–60999), so a client socket left by an earlier
# test (browser, SMTP, live server) cannot be sitting on it; a port that is taken anyway
# (another run beside this one) is skipped and the next one tried.
set -euo pipefail
action=${1:?start|stop}
dir=${PGTEST_DIR:-/tmp/kamitaiou-pgtest}
bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_server() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
case "$action" in
  start)
    stop_server
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    if [ -n "${PGTEST_PORT:-}" ]; then ports=$PGTEST_PORT; else ports=$(seq 25432 25531); fi
    for port in $ports; do
      if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        echo "postgres://postgres@127.0.0.1:$port/kamitaiou"
        exit 0
      fi
      grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null || break
    done
    echo "pg-test-server: PostgreSQL did not start; its log ($dir/server.log):" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    stop_server
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
