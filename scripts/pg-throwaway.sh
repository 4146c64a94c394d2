# Sourced: starts and stops a throwaway PostgreSQL cluster in a temporary directory,
# listening only on a Unix socket inside it. Sets PG_URL for DATABASE_URL.
pg_bin() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; else echo "/usr/lib/postgresql/15/bin/$1"; fi
}

pg_as_owner() {
  # initdb refuses to run as root: run the server as the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
  PG_TMP=$(mktemp -d /tmp/riep-pg.XXXXXX)
  PG_PORT=${PG_PORT:-54329}
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_TMP"
  pg_as_owner "$(pg_bin initdb)" -D "$PG_TMP/data" -U riep --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_as_owner "$(pg_bin pg_ctl)" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-k $PG_TMP -p $PG_PORT -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null
  "$(pg_bin createdb)" -h "$PG_TMP" -p "$PG_PORT" -U riep riep
  PG_URL="postgres://riep@/riep?host=$PG_TMP&port=$PG_PORT"
  export PG_URL PG_TMP PG_PORT
  echo "PostgreSQL $("$(pg_bin postgres)" --version | awk '{print $3}') running in $PG_TMP"
}

pg_throwaway_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  pg_as_owner "$(pg_bin pg_ctl)" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
}
