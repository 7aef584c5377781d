#!/usr/bin/env bash
# A real PostgreSQL 15 with pgvector on loopback, for running Kefu on Postgres (several chat
# replicas, load tests) on a Debian 12 machine. Nothing here is needed for `npm start`, which
# embeds its own database.
#
#   scripts/postgres-dev.sh install   apt packages (postgresql, postgresql-server-dev-15) and
#                                     pgvector built from Debian's source package (needs root)
#   scripts/postgres-dev.sh start     a cluster in $PGDATA (initdb on first use), the database
#                                     $PGDATABASE created, migrations applied; prints DATABASE_URL
#   scripts/postgres-dev.sh stop      stops the cluster (the data stays)
#   scripts/postgres-dev.sh destroy   stops it and deletes $PGDATA
#
# Environment: PGPORT (55432), PGDATA (.data/postgres), PGDATABASE (kefu),
# PG_MAX_CONNECTIONS (300). The server runs as the `postgres` user when started as root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGPORT="${PGPORT:-55432}"
PGDATA="${PGDATA:-$ROOT/.data/postgres}"
PGDATABASE="${PGDATABASE:-kefu}"
PG_MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-300}"
PGBIN="/usr/lib/postgresql/15/bin"
DATABASE_URL="postgresql://postgres@127.0.0.1:${PGPORT}/${PGDATABASE}"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  [ "$(id -u)" = 0 ] || { echo "install needs root (apt-get)" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg -s postgresql-15 postgresql-server-dev-15 build-essential dpkg-dev >/dev/null 2>&1; then
    apt-get update -q
    apt-get install -y -q postgresql postgresql-server-dev-15 build-essential dpkg-dev
  fi
  # Debian's own cluster (port 5432) is not used: clusters are made by `start` below.
  if [ -f "/usr/share/postgresql/15/extension/vector.control" ]; then
    echo "pgvector already installed"
    return
  fi
  # Debian 12 packages no pgvector, but the source package of a later Debian release builds
  # against postgresql-server-dev-15. Only its source is fetched (a deb-src entry; no binary
  # package comes from it).
  local list=/etc/apt/sources.list.d/kefu-pgvector-src.sources
  if ! apt-cache showsrc pgvector 2>/dev/null | grep -q '^Package: pgvector'; then
    cat >"$list" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    apt-get update -q
  fi
  local build
  build="$(mktemp -d)"
  (cd "$build" && apt-get source -q pgvector && cd pgvector-*/ && make PG_CONFIG="$PGBIN/pg_config" && make install PG_CONFIG="$PGBIN/pg_config")
  rm -rf "$build"
  echo "pgvector installed: $(ls /usr/share/postgresql/15/extension/vector--*.sql | tail -1)"
}

start() {
  [ -f /usr/share/postgresql/15/extension/vector.control ] || { echo "pgvector is missing: run scripts/postgres-dev.sh install" >&2; exit 1; }
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # Loopback only, trust auth: a development and benchmark server, not a production one.
    cat >>"$PGDATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PGPORT
max_connections = $PG_MAX_CONNECTIONS
unix_socket_directories = '$PGDATA'
EOF
  fi
  if ! as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start >/dev/null
  fi
  local psql=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ -z "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'")" ]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE \"$PGDATABASE\""
  fi
  (cd "$ROOT" && DATABASE_URL="$DATABASE_URL" npm run --silent db:migrate)
  echo "PostgreSQL $("${psql[@]}" -d "$PGDATABASE" -c 'SHOW server_version') on 127.0.0.1:$PGPORT (data in $PGDATA)"
  echo "DATABASE_URL=$DATABASE_URL"
}

stop() {
  if [ -f "$PGDATA/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    echo "stopped the cluster in $PGDATA"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  destroy) stop; rm -rf "$PGDATA"; echo "deleted $PGDATA" ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
