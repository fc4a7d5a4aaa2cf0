# Shared by the scripts in this folder: install what is missing, find Swift, run a throwaway PostgreSQL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Debian packages the build and the tests need; more are added by the scripts that need them.
# ffmpeg pads product photos for KIE and turns them into the KIE stand-in's videos (tests and sandbox).
BASE_PACKAGES=(libpq-dev libcurl4-openssl-dev libssl-dev postgresql prometheus curl ffmpeg)

ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_swift() {
  command -v swift >/dev/null 2>&1 && return 0
  for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$dir/swift" ] && export PATH="$dir:$PATH" && return 0
  done
  echo "swift not found: install Swift 6.x (https://www.swift.org/install/linux/) and put it on PATH" >&2
  exit 1
}

# Runs a command as the postgres user when we are root (initdb refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Benchmarks run on a durable cluster, as Debian ships PostgreSQL (fsync and synchronous_commit on). A bench given
# --fast-db (fast_db_flag "$@") starts its cluster with durability off, for quick loops only.
FAST_DB=no
fast_db_flag() {
  for argument in "$@"; do [ "$argument" = "--fast-db" ] && FAST_DB=yes; done
  return 0
}
fast_db_options() {
  [ "$FAST_DB" = yes ] && echo "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  return 0
}

# db_setting URL: "durable" when the server behind URL waits for the disk at every commit, "fast-db" otherwise.
# Asked of the server itself, so a DATABASE_URL given by hand is named as truly as a cluster started here.
db_setting() {
  local fsync synchronous
  fsync=$("$PG_BIN/psql" -X -tA -d "$1" -c "show fsync")
  synchronous=$("$PG_BIN/psql" -X -tA -d "$1" -c "show synchronous_commit")
  if [ "$fsync" = on ] && [ "$synchronous" != off ]; then echo durable; else echo fast-db; fi
}

# pgbench_tps URL CLIENTS SECONDS: the physical reference, `pgbench -N` (simple updates, one commit each) in URL's
# database; its tables are dropped afterwards. Prints the tps. pgbench_init and pgbench_run are its two halves.
pgbench_tps() {
  pgbench_init "$1"
  pgbench_run "$@"
  "$PG_BIN/pgbench" -i -I d "$1" >/dev/null 2>&1 || true
}
pgbench_init() { "$PG_BIN/pgbench" -i -q -s 5 "$1" >/dev/null 2>&1; }
pgbench_run() {
  "$PG_BIN/pgbench" -N -c "$2" -j 2 -T "$3" "$1" 2>&1 | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1
}

# start_postgres DIR PORT: a throwaway cluster in DIR listening on 127.0.0.1:PORT and a socket in DIR; reused if present.
# PG_OPTIONS adds server options (e.g. "-c shared_preload_libraries=pg_stat_statements").
start_postgres() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $(fast_db_options) ${PG_OPTIONS:-}" >/dev/null
  fi
  as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -tAc "select 1 from pg_database where datname='neurocards'" \
    | grep -q 1 || as_postgres "$PG_BIN/createdb" -h "$dir" -p "$port" -U postgres neurocards
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/neurocards"
}

stop_postgres() {
  as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m fast stop >/dev/null 2>&1 || true
}
