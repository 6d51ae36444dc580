# shellcheck shell=bash
# Sourced by ops/run and ops/cluster-test: several service nodes on one database behind HAProxy.
#
#   ensure_haproxy                     install Debian's haproxy when it is missing
#   build_service                      a Release build the nodes then run without building again
#   start_node I PORT                  node I on 127.0.0.1:PORT (log .local/cluster/nodeI.log); pid in _node_pids[I]
#   wait_ready PORT [SECONDS]          until the node's /health/ready answers 200
#   start_balancer HOST PORT PORTS...  HAProxy on HOST:PORT in front of the nodes on 127.0.0.1:PORTS
#   wait_balancer N [SECONDS]          until the balancer sends traffic to N nodes (its health checks passed)
#   stop_cluster                       SIGTERM to every node (each drains, then exits), then the balancer
#
# Nodes read ConnectionStrings__Training and every other setting from the environment.

_cluster_dir=.local/cluster
declare -a _node_pids=()
_balancer_pid=""

_cluster_log() { echo "cluster: $*" >&2; }

ensure_haproxy() {
  command -v haproxy >/dev/null && return 0
  [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null \
    || { _cluster_log "HAProxy is not installed; install it (Debian: apt-get install haproxy)"; return 1; }
  _cluster_log "installing the haproxy package"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >&2
}

build_service() {
  mkdir -p "$_cluster_dir"
  dotnet build src/Training.Api -c Release -v quiet -nologo >"$_cluster_dir/build.log" 2>&1 \
    || { tail -n 30 "$_cluster_dir/build.log" >&2; return 1; }
}

start_node() {
  local i=$1 port=$2
  mkdir -p "$_cluster_dir"
  # From the project folder, so the content root (appsettings.*.json) is the project's, as with dotnet run.
  (cd src/Training.Api && exec dotnet bin/Release/net10.0/Training.Api.dll --urls "http://127.0.0.1:$port") \
    >"$_cluster_dir/node$i.log" 2>&1 &
  _node_pids[$i]=$!
}

wait_ready() {
  local port=$1 seconds=${2:-120} i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    sleep 0.25
  done
  _cluster_log "the node on port $port is not ready after ${seconds}s"
  return 1
}

start_balancer() {
  local host=$1 port=$2 cfg i=0 p
  shift 2
  mkdir -p "$_cluster_dir"
  cfg=$_cluster_dir/haproxy.cfg
  {
    sed -n '/^global/,/^# nodes/p' ops/haproxy/haproxy.cfg | sed "s/^  bind .*/  bind $host:$port/"
    for p in "$@"; do
      i=$((i + 1))
      echo "  server node$i 127.0.0.1:$p check"
    done
    # For wait_balancer: how many nodes the balancer counts as up, on a socket of its own.
    echo
    echo "frontend monitor"
    echo "  bind unix@$PWD/$_cluster_dir/monitor.sock"
    echo '  http-request return status 200 content-type text/plain lf-string "%[nbsrv(nodes)]"'
  } >"$cfg"
  haproxy -c -q -f "$cfg" || { _cluster_log "HAProxy refused $cfg"; return 1; }
  haproxy -db -f "$cfg" >"$_cluster_dir/haproxy.log" 2>&1 &
  _balancer_pid=$!
}

wait_balancer() {
  local want=$1 seconds=${2:-60} i
  for ((i = 0; i < seconds * 4; i++)); do
    [[ $(curl -s --unix-socket "$_cluster_dir/monitor.sock" http://balancer/ 2>/dev/null) == "$want" ]] && return 0
    sleep 0.25
  done
  _cluster_log "the balancer does not see $want nodes up after ${seconds}s"
  return 1
}

stop_cluster() {
  local pid
  for pid in "${_node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${_node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  _node_pids=()
  if [[ -n $_balancer_pid ]]; then
    kill -TERM "$_balancer_pid" 2>/dev/null || true
    wait "$_balancer_pid" 2>/dev/null || true
    _balancer_pid=""
  fi
}
