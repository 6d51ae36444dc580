# shellcheck shell=bash
# Sourced by ops/run and ops/test: a throwaway PostgreSQL cluster per purpose (run, test, ...).
#
#   ensure_database NAME PORT [keep]
#                               start cluster NAME on 127.0.0.1:PORT and export
#                               ConnectionStrings__Training (unless that is already set);
#                               a fresh, empty cluster unless `keep`, which starts the one
#                               a previous run left (its data intact) when there is one
#   stop_database               stop the cluster ensure_database started, and nothing else
#
# ensure_database installs EXIT/INT/TERM traps (replacing any the caller set) so that the
# cluster goes away however the script ends, Ctrl-C included. It must run in the calling
# shell itself, not in $(...), so that the export and the traps stick.

_pg_started_dir=""   # data dir of the cluster this shell started; empty = nothing to stop
_pg_bin=""

_pg_log() { echo "postgres: $*" >&2; }
_pg_die() { _pg_log "$*"; exit 1; }

# The server binaries refuse to run as root, so as root they run as the `postgres` user
# (from /, as the caller's working directory may be closed to that user).
_pg_as_owner() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Newest /usr/lib/postgresql/*/bin (Debian layout), else whatever is on PATH; when neither
# exists, install Debian's package. It may start its own cluster on 5432: harmless, unused.
_pg_find_binaries() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $dir ]] && command -v pg_ctl >/dev/null; then dir=$(dirname "$(command -v pg_ctl)"); fi
  if [[ -z $dir || ! -x $dir/initdb ]] || { [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; }; then
    [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null \
      || _pg_die "PostgreSQL is not installed; install it (Debian: apt-get install postgresql)"
    _pg_log "installing the postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  _pg_bin=$dir
}

# Where clusters live. Preferred: <repo>/.local/pg (git-ignored, next to the code). As root
# the server runs as `postgres`, which cannot reach a checkout under e.g. /root (mode 700);
# rather than loosen permissions on someone's home, fall back to a directory in /tmp named
# after a hash of the repo path, so two checkouts never share (or stop) each other's clusters.
_pg_base_dir() {
  local repo=$1 base=$1/.local/pg
  mkdir -p "$base"
  [[ $EUID -eq 0 ]] || { echo "$base"; return; }
  chown postgres: "$base"
  if ! runuser -u postgres -- test -w "$base" -a -x "$base"; then
    base=/tmp/training-pg-$(printf %s "$repo" | sha1sum | cut -c1-12)
    mkdir -p "$base"
    chown postgres: "$base"
    chmod 700 "$base"
  fi
  echo "$base"
}

# Start time of a process (field 22 of /proc/PID/stat): with the pid, it identifies a
# process even after pids wrap around. Empty when the process is gone.
_pg_proc_start() {
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

ensure_database() {
  local name=$1 port=$2 keep=${3:-}
  if [[ -n ${ConnectionStrings__Training:-} ]]; then
    _pg_log "using ConnectionStrings__Training from the environment"
    return 0
  fi

  local repo base dir log owner pid start i
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  _pg_find_binaries
  base=$(_pg_base_dir "$repo")
  dir=$base/$name
  log=$base/$name.log
  owner=$base/$name.owner

  # The owner file names the script that started this cluster. If that script is still
  # running (say, ops/test in another terminal), its cluster is not ours to take away.
  if [[ -f $owner ]] && read -r pid start <"$owner" && [[ $pid != "$$" ]] \
      && [[ -n $start && $(_pg_proc_start "$pid") == "$start" ]]; then
    _pg_die "cluster '$name' belongs to process $pid, still running; stop that first"
  fi
  # Otherwise a cluster left running on this data dir (killed script, closed terminal) is a
  # leftover of ours: stop it, then start over (from an empty cluster unless keep).
  if [[ -f $dir/postmaster.pid ]] && _pg_as_owner "$_pg_bin/pg_ctl" status -D "$dir" >/dev/null 2>&1; then
    _pg_log "stopping the cluster a previous run left in $dir"
    _pg_as_owner "$_pg_bin/pg_ctl" stop -D "$dir" -m fast -w -t 60 >/dev/null \
      || _pg_die "could not stop it; see $log"
  fi
  local ready=0
  "$_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 3 || ready=$?
  (( ready == 2 )) || _pg_die "a server already answers on 127.0.0.1:$port (not one of ours to stop)"
  if [[ $keep == keep && -f $dir/PG_VERSION ]]; then
    _pg_log "keeping the data of cluster '$name' in $dir (ops/run --fresh starts empty)"
  else
    rm -rf "$dir" "$log"   # pg_ctl creates the log afresh, owned by the server's user
    _pg_init "$dir" "$port"
  fi

  # From here on the cluster is ours to stop, even if starting it goes wrong halfway.
  _pg_started_dir=$dir
  echo "$$ $(_pg_proc_start $$)" >"$owner"
  trap stop_database EXIT
  trap 'exit 130' INT   # exit runs the EXIT trap
  trap 'exit 143' TERM

  _pg_log "starting on 127.0.0.1:$port (log: $log)"
  # pg_ctl puts the server in its own session, so Ctrl-C in this terminal reaches the
  # service but not the database, which stop_database then shuts down after the service.
  # -p: a kept cluster listens where this run asks, whatever port it was created with.
  _pg_as_owner "$_pg_bin/pg_ctl" start -D "$dir" -l "$log" -o "-p $port" -w -t 60 >/dev/null \
    || { tail -n 20 "$log" >&2; _pg_die "the server did not start"; }
  for ((i = 0; i < 60; i++)); do
    "$_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  "$_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" || _pg_die "no connections accepted after 30s"

  local psql=("$_pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
  if [[ -z $("${psql[@]}" -tAc "select 1 from pg_database where datname = 'training'") ]]; then
    "${psql[@]}" -c "create database training"
  fi
  export ConnectionStrings__Training="Host=127.0.0.1;Port=$port;Database=training;Username=postgres;Maximum Pool Size=100"
}

# A new, empty cluster in $1 that listens on 127.0.0.1:$2.
_pg_init() {
  local dir=$1 port=$2 lc out sock
  lc=C
  if locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' >/dev/null; then lc=C.UTF-8; fi
  _pg_log "creating a new cluster in $dir"
  out=$(_pg_as_owner "$_pg_bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale="$lc" 2>&1) \
    || { echo "$out" >&2; _pg_die "initdb failed"; }

  # TCP on loopback only. The unix socket goes in the data dir (nothing shared in /tmp),
  # unless that path would pass the ~107-byte socket limit: then no socket at all.
  sock=$dir
  if (( ${#dir} > 90 )); then sock=""; fi
  cat >>"$dir/postgresql.conf" <<EOF

# ops/lib/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 200
shared_buffers = 256MB
EOF
}

stop_database() {
  [[ -n $_pg_started_dir ]] || return 0
  local dir=$_pg_started_dir
  _pg_started_dir=""
  # Quiet on success: ops/test's summary must stay the last line of output.
  if [[ -f $dir/postmaster.pid ]]; then
    _pg_as_owner "$_pg_bin/pg_ctl" stop -D "$dir" -m fast -w -t 60 >/dev/null 2>&1 \
      || _pg_log "could not stop the server in $dir"
  fi
  rm -f "$dir.owner"
}
