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

# start_postgres DIR PORT: a throwaway cluster in DIR listening on 127.0.0.1:PORT and a socket in DIR; reused if present.
start_postgres() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null
  fi
  as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -tAc "select 1 from pg_database where datname='neurocards'" \
    | grep -q 1 || as_postgres "$PG_BIN/createdb" -h "$dir" -p "$port" -U postgres neurocards
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/neurocards"
}

stop_postgres() {
  as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m fast stop >/dev/null 2>&1 || true
}
