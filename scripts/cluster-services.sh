#!/usr/bin/env bash
# Kayoi: the shared services of a local multi-node try-out (issue #17), from Debian's packages (`npm run setup`
# installs them): PostgreSQL and Redis on loopback, with their data and logs under one folder.
#
# Usage: bash scripts/cluster-services.sh start|stop|status|clean
#   start    creates the PostgreSQL cluster (superuser and database `kayoi`, trust on loopback only) on first use,
#            starts both, and prints the KAYOI_DATABASE_URL and KAYOI_REDIS_URL to use (also written to <dir>/env)
#   stop     stops both; the data stays
#   status   says whether each answers; exit status 0 only when both do
#   clean    stops both and removes the folder
#
# Environment:
#   KAYOI_CLUSTER_DIR         the folder (default .cluster in the repository)
#   KAYOI_CLUSTER_PG_PORT     PostgreSQL's port (default 55432)
#   KAYOI_CLUSTER_REDIS_PORT  Redis's port (default 56379)
#   KAYOI_PG_BINDIR           PostgreSQL's programs (default the newest /usr/lib/postgresql/<major>/bin)
# The ports are remembered in <dir>/ports at the first start; stop and status use those.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${KAYOI_CLUSTER_DIR:-${REPO_ROOT}/.cluster}"
PG_DIR="${DIR}/postgres"
PG_DATA="${PG_DIR}/data"
REDIS_DIR="${DIR}/redis"
PORTS_FILE="${DIR}/ports"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  exit 1
}

pg_bindir() {
  if [[ -n "${KAYOI_PG_BINDIR:-}" ]]; then
    printf '%s\n' "$KAYOI_PG_BINDIR"
    return
  fi
  local newest
  newest="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$newest" ]] || die "PostgreSQL's server programs are not installed (apt-get install postgresql, or npm run setup)"
  dirname "$newest"
}

# PostgreSQL refuses to run as root; as root its programs run as Debian's `postgres` user.
as_pg() {
  local program="$1"
  shift
  if ((EUID == 0)); then
    runuser -u postgres -- "${PG_BIN}/${program}" "$@"
  else
    "${PG_BIN}/${program}" "$@"
  fi
}

load_ports() {
  if [[ -f "$PORTS_FILE" ]]; then
    # shellcheck disable=SC1090
    . "$PORTS_FILE"
  else
    PG_PORT="${KAYOI_CLUSTER_PG_PORT:-55432}"
    REDIS_PORT="${KAYOI_CLUSTER_REDIS_PORT:-56379}"
  fi
  DATABASE_URL="postgres://kayoi@127.0.0.1:${PG_PORT}/kayoi"
  REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
}

pg_running() { [[ -f "${PG_DATA}/PG_VERSION" ]] && as_pg pg_ctl -D "$PG_DATA" status >/dev/null 2>&1; }
redis_running() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

start_postgres() {
  if [[ ! -f "${PG_DATA}/PG_VERSION" ]]; then
    log "creating the PostgreSQL cluster in ${PG_DATA}"
    mkdir -p "$PG_DIR"
    if ((EUID == 0)); then
      chown postgres:postgres "$PG_DIR"
      runuser -u postgres -- test -w "$PG_DIR" ||
        die "the postgres user cannot reach ${PG_DIR} (a parent folder is closed to others): choose another KAYOI_CLUSTER_DIR"
    fi
    as_pg initdb -D "$PG_DATA" -U kayoi --auth=trust -E UTF8 --no-locale --no-sync >"${PG_DIR}/initdb.log" 2>&1 ||
      die "initdb failed; see ${PG_DIR}/initdb.log"
  fi
  if pg_running; then
    log "PostgreSQL already running on port ${PG_PORT}"
  else
    log "starting PostgreSQL on 127.0.0.1:${PG_PORT}"
    as_pg pg_ctl -D "$PG_DATA" -l "${PG_DIR}/postgres.log" -w -t 60 \
      -o "-p ${PG_PORT} -k ${PG_DIR} -c listen_addresses=127.0.0.1" start >/dev/null ||
      die "PostgreSQL did not start; see ${PG_DIR}/postgres.log"
  fi
  local psql=("${PG_BIN}/psql" -h 127.0.0.1 -p "$PG_PORT" -U kayoi -d postgres -v ON_ERROR_STOP=1 -tAq)
  if [[ "$("${psql[@]}" -c "select 1 from pg_database where datname = 'kayoi'")" != 1 ]]; then
    "${psql[@]}" -c 'create database kayoi' || die 'cannot create the database kayoi'
  fi
}

start_redis() {
  if redis_running; then
    log "Redis already running on port ${REDIS_PORT}"
    return
  fi
  log "starting Redis on 127.0.0.1:${REDIS_PORT}"
  mkdir -p "$REDIS_DIR"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --dir "$REDIS_DIR" \
    --daemonize yes --pidfile "${REDIS_DIR}/redis.pid" --logfile "${REDIS_DIR}/redis.log" ||
    die "Redis did not start; see ${REDIS_DIR}/redis.log"
  local i
  for ((i = 0; i < 100; i++)); do
    redis_running && return
    sleep 0.1
  done
  die "Redis does not answer on port ${REDIS_PORT}; see ${REDIS_DIR}/redis.log"
}

cmd_start() {
  command -v redis-server >/dev/null || die 'redis-server is not installed (apt-get install redis-server, or npm run setup)'
  mkdir -p "$DIR"
  [[ -f "$PORTS_FILE" ]] || printf 'PG_PORT=%s\nREDIS_PORT=%s\n' "$PG_PORT" "$REDIS_PORT" >"$PORTS_FILE"
  start_postgres
  start_redis
  printf 'KAYOI_DATABASE_URL=%s\nKAYOI_REDIS_URL=%s\n' "$DATABASE_URL" "$REDIS_URL" | tee "${DIR}/env"
}

cmd_stop() {
  if redis_running; then
    log "stopping Redis"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 50; i++)); do
      redis_running || break
      sleep 0.1
    done
  fi
  if pg_running; then
    log "stopping PostgreSQL"
    as_pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
}

cmd_status() {
  local ok=0
  if pg_running; then log "PostgreSQL running: ${DATABASE_URL}"; else
    log 'PostgreSQL stopped'
    ok=3
  fi
  if redis_running; then log "Redis running: ${REDIS_URL}"; else
    log 'Redis stopped'
    ok=3
  fi
  return "$ok"
}

main() {
  load_ports
  PG_BIN="$(pg_bindir)"
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    clean)
      cmd_stop
      rm -rf -- "$DIR"
      log "removed ${DIR}"
      ;;
    *) die 'usage: bash scripts/cluster-services.sh start|stop|status|clean' ;;
  esac
}

main "$@"
