# shellcheck shell=bash
# Shared by backup and restore (sourced): read the env file, and turn DATABASE_URL into libpq's environment.
#
# Why not `pg_dump -d "$DATABASE_URL"`: a password in a URL on the command line is visible to every user in `ps`.
# Here the URL (or libpq key=value string) is parsed once; its parameters become libpq environment variables
# (PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE...) and its password goes into a password file (PGPASSFILE,
# mode 0600, in a private temporary directory removed on exit). No secret reaches argv, the environment of
# pg_dump/psql (PGPASSWORD is not used) or a log line.

die() {
  echo "$SCRIPT_NAME: $*" >&2
  exit 1
}

# load_env_file FILE NAME...: sets each NAME the environment leaves unset from FILE's KEY=value lines
# (comments, blank lines, an `export ` prefix and matching quotes allowed, as the app reads them).
load_env_file() {
  local file=$1 line key value wanted number=0 missing=false
  shift
  for wanted in "$@"; do
    [ -n "${!wanted+set}" ] || missing=true
  done
  # Nothing to read (and no need to be allowed to read it) when the environment has every name.
  [ "$missing" = true ] && [ -e "$file" ] || return 0
  [ -r "$file" ] || die "cannot read $file"
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z $line || $line == \#* ]] && continue
    line=${line#export }
    [[ $line == *=* ]] || die "$file:$number is not a KEY=value line"
    key=${line%%=*}
    key="${key%"${key##*[![:space:]]}"}"
    value=${line#*=}
    value="${value#"${value%%[![:space:]]*}"}"
    if [[ ${#value} -ge 2 && ( ($value == \"*\" ) || ($value == \'*\') ) ]]; then
      value=${value:1:${#value}-2}
    fi
    for wanted in "$@"; do
      if [ "$key" = "$wanted" ] && [ -z "${!key+set}" ]; then
        export "$key=$value"
      fi
    done
  done <"$file"
}

# pg_environment WORKDIR: exports the libpq variables for DATABASE_URL; the password file goes into WORKDIR.
pg_environment() {
  local workdir=$1 assignment
  [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (in the environment or the env file)"
  command -v python3 >/dev/null || die "python3 is needed to read DATABASE_URL"
  # The URL travels in the environment, never on a command line.
  python3 - "$workdir/pgpass" >"$workdir/pgenv" <<'PY' || die "DATABASE_URL could not be read"
import os, re, sys, urllib.parse

ENVIRONMENT = {
    "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER",
    "passfile": "PGPASSFILE", "service": "PGSERVICE", "options": "PGOPTIONS", "application_name": "PGAPPNAME",
    "sslmode": "PGSSLMODE", "requiressl": "PGREQUIRESSL", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT", "sslcrl": "PGSSLCRL", "sslcrldir": "PGSSLCRLDIR", "sslsni": "PGSSLSNI",
    "sslcompression": "PGSSLCOMPRESSION", "requirepeer": "PGREQUIREPEER",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
    "gssencmode": "PGGSSENCMODE", "krbsrvname": "PGKRBSRVNAME", "gsslib": "PGGSSLIB",
    "connect_timeout": "PGCONNECT_TIMEOUT", "client_encoding": "PGCLIENTENCODING",
    "target_session_attrs": "PGTARGETSESSIONATTRS", "channel_binding": "PGCHANNELBINDING",
    "load_balance_hosts": "PGLOADBALANCEHOSTS",
}

def fail(message):
    print("DATABASE_URL: " + message, file=sys.stderr)
    sys.exit(1)

def from_url(url):
    """postgres[ql]://[user[:password]@][host[:port][,...]][/dbname][?param=value&...]"""
    params = {}
    rest = url.split("://", 1)[1]
    rest, _, query = rest.partition("?")
    netloc, _, path = rest.partition("/")
    userinfo, at, hostspec = netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        if user:
            params["user"] = urllib.parse.unquote(user)
        if colon:
            params["password"] = urllib.parse.unquote(password)
    hosts, ports = [], []
    for part in hostspec.split(",") if hostspec else []:
        if part.startswith("["):
            host, _, port = part[1:].partition("]")
            port = port[1:] if port.startswith(":") else port
        else:
            host, _, port = part.partition(":")
        hosts.append(urllib.parse.unquote(host))
        ports.append(port)
    if any(hosts):
        params["host"] = ",".join(hosts)
    if any(ports):
        params["port"] = ",".join(ports)
    if path:
        params["dbname"] = urllib.parse.unquote(path)
    for item in query.split("&") if query else []:
        key, _, value = item.partition("=")
        params[urllib.parse.unquote(key)] = urllib.parse.unquote(value)
    return params

def from_keywords(text):
    """key = value pairs; values may be single-quoted with backslash escapes."""
    params, i, n = {}, 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return params
        match = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*").match(text, i)
        if not match:
            fail("is neither a postgres:// URL nor a key=value connection string")
        key, i, value = match.group(1), match.end(), []
        if i < n and text[i] == "'":
            i += 1
            while i < n and text[i] != "'":
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(text[i])
                i += 1
            if i >= n:
                fail("has an unterminated quoted value")
            i += 1
        else:
            while i < n and not text[i].isspace():
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(text[i])
                i += 1
        params[key] = "".join(value)

url = os.environ["DATABASE_URL"].strip()
params = from_url(url) if re.match(r"postgres(ql)?://", url) else from_keywords(url)
password = params.pop("password", None)
out = []
if password is not None:
    if "\n" in password or "\r" in password:
        fail("a password with a line break cannot go into a password file")
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    descriptor = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as passfile:
        passfile.write("*:*:*:*:" + escaped + "\n")
    params["passfile"] = sys.argv[1]
for key, value in params.items():
    if key not in ENVIRONMENT:
        print("DATABASE_URL: parameter %r has no libpq environment variable; ignored" % key, file=sys.stderr)
        continue
    if "\0" in value:
        fail("parameter %r holds a NUL byte" % key)
    out.append(ENVIRONMENT[key] + "=" + value)
sys.stdout.write("".join(item + "\0" for item in out))
PY
  while IFS= read -r -d '' assignment; do
    export "${assignment?}"
  done <"$workdir/pgenv"
  unset DATABASE_URL PGPASSWORD
}
