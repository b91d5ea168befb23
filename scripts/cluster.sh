#!/usr/bin/env bash
# Kayoi: a local multi-node try-out (issue #17) on one machine: PostgreSQL and Redis from Debian's packages
# (scripts/cluster-services.sh, data under <dir>/postgres and <dir>/redis) and two or three nodes of the built server
# on ports 3001, 3002 (, 3003), each with its own media port and node id, all on that PostgreSQL (KAYOI_DATABASE_URL).
#
# Usage: bash scripts/cluster.sh start [2|3] | stop | status
#   start    builds if needed, starts Redis and PostgreSQL, then node-1 (it migrates the database and seeds the demo;
#            its links are printed into <dir>/node-1.log) and the other nodes; logs and pids under <dir>/nodes
#   stop     stops the nodes (SIGTERM: each leaves the cluster and releases its sessions), then the services
#   status   PostgreSQL and Redis, and the live nodes as Redis sees them (npm run admin -- list-nodes)
#
# Environment: KAYOI_CLUSTER_DIR (default .cluster), KAYOI_CLUSTER_HTTP_PORT (first node's port, default 3001),
# KAYOI_CLUSTER_MEDIA_PORT (first node's media port, default 41000; each node gets 10), KAYOI_CLUSTER_DATABASE
# (postgres, the default; sqlite: the nodes share one SQLite file <dir>/kayoi.sqlite instead, WAL, one machine only,
# which production must not do), and cluster-services.sh's ports.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${KAYOI_CLUSTER_DIR:-${REPO_ROOT}/.cluster}"
NODES_DIR="${DIR}/nodes"
HTTP_PORT="${KAYOI_CLUSTER_HTTP_PORT:-3001}"
MEDIA_PORT="${KAYOI_CLUSTER_MEDIA_PORT:-41000}"
export KAYOI_CLUSTER_DIR="$DIR"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  exit 1
}

DATABASE="${KAYOI_CLUSTER_DATABASE:-postgres}"
[[ "$DATABASE" == postgres || "$DATABASE" == sqlite ]] || die "KAYOI_CLUSTER_DATABASE is postgres or sqlite"

# The services' addresses, written by cluster-services.sh start.
service_url() {
  [[ -f "${DIR}/env" ]] || die "the services never started here (bash scripts/cluster.sh start)"
  # shellcheck disable=SC1091
  (. "${DIR}/env" && printf '%s\n' "${!1}")
}
redis_url() { service_url KAYOI_REDIS_URL; }

# The node's database setting: the shared PostgreSQL, or the shared SQLite file.
database_env() {
  if [[ "$DATABASE" == postgres ]]; then
    printf 'KAYOI_DATABASE_URL=%s\n' "$(service_url KAYOI_DATABASE_URL)"
  else
    printf 'KAYOI_DB_PATH=%s\n' "${DIR}/kayoi.sqlite"
  fi
}

start_node() {
  local n="$1" seed="$2"
  local port=$((HTTP_PORT + n - 1))
  local pidfile="${NODES_DIR}/node-${n}.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "node-${n} runs already (pid $(cat "$pidfile"))"
    return
  fi
  local db_env redis
  db_env="$(database_env)"
  redis="$(redis_url)"
  log "starting node-${n} on http://localhost:${port}"
  (
    cd "$REPO_ROOT"
    unset KAYOI_DATABASE_URL KAYOI_DB_PATH
    export "${db_env?}"
    PORT="$port" \
      KAYOI_NODE_ID="node-${n}" \
      KAYOI_PUBLIC_URL="http://localhost:${port}" \
      KAYOI_REDIS_URL="$redis" \
      KAYOI_VIDEO_DIR="${DIR}/videos" \
      KAYOI_SEED_DEMO="$seed" \
      MEDIA_PORT=$((MEDIA_PORT + (n - 1) * 10)) \
      MEDIASOUP_WORKERS=1 \
      exec node_modules/.bin/node --enable-source-maps dist/server/main.mjs
  ) >"${NODES_DIR}/node-${n}.log" 2>&1 &
  echo $! >"$pidfile"
  node "${REPO_ROOT}/scripts/healthcheck.mjs" --url "http://127.0.0.1:${port}/api/health" --wait-s 60 ||
    die "node-${n} did not answer; see ${NODES_DIR}/node-${n}.log"
}

start() {
  local count="${1:-2}"
  [[ "$count" == 2 || "$count" == 3 ]] || die "start 2 or 3 nodes"
  mkdir -p "$NODES_DIR"
  (cd "$REPO_ROOT" && node scripts/build.mjs --if-changed) >&2
  bash "${REPO_ROOT}/scripts/cluster-services.sh" start >/dev/null
  log "database: ${DATABASE}"
  # node-1 first: it migrates the shared database and seeds the demo; the others find both done.
  start_node 1 true
  for n in $(seq 2 "$count"); do start_node "$n" false; done
  log "nodes: $(seq -s ' ' -f "http://localhost:%g" "$HTTP_PORT" $((HTTP_PORT + count - 1)))"
  log "the demo's links and passwords: ${NODES_DIR}/node-1.log; drain one: KAYOI_REDIS_URL=$(redis_url) npm run admin -- drain-node --id node-1"
}

stop() {
  for pidfile in "${NODES_DIR}"/node-*.pid; do
    [[ -f "$pidfile" ]] || continue
    local pid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $(basename "$pidfile" .pid) (pid ${pid})"
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$pidfile"
  done
  bash "${REPO_ROOT}/scripts/cluster-services.sh" stop
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status)
    bash "${REPO_ROOT}/scripts/cluster-services.sh" status || true
    (cd "$REPO_ROOT" && KAYOI_REDIS_URL="$(redis_url)" npm run --silent admin -- list-nodes)
    ;;
  *) die "usage: bash scripts/cluster.sh start [2|3] | stop | status" ;;
esac
