#!/usr/bin/env bash
# Machine setup for Warden. Run as root (or with sudo) on a Debian/Ubuntu machine.
#
#   bash scripts/setup.sh             peer tools for the benchmarks: jq (JSONL I/O), ripgrep
#                                     (blocklist matching), python3-sklearn (classifier training).
#   bash scripts/setup.sh --services  the services the tests use: PostgreSQL on 127.0.0.1:5432
#                                     (trust auth for user postgres) and Redis on 127.0.0.1:6379.
#                                     Nothing is installed or started when both already answer.
#
# WARDEN_PG_PORT / WARDEN_REDIS_PORT pick other ports (the tests then need WARDEN_TEST_PG_URL /
# WARDEN_TEST_REDIS_URL).
set -euo pipefail

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

peer_tools() {
  local packages=()
  command -v jq >/dev/null 2>&1 || packages+=(jq)
  command -v rg >/dev/null 2>&1 || packages+=(ripgrep)
  /usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 || packages+=(python3-sklearn)
  [ ${#packages[@]} -eq 0 ] && { echo "setup: jq, ripgrep and python3-sklearn already installed"; return 0; }
  apt_install "${packages[@]}"
  echo "setup: installed ${packages[*]}"
}

PG_PORT="${WARDEN_PG_PORT:-5432}"
REDIS_PORT="${WARDEN_REDIS_PORT:-6379}"

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no client needed).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name port
  local i
  for i in $(seq 1 60); do listening "$2" && return 0; sleep 0.5; done
  echo "setup: $1 did not start listening on 127.0.0.1:$2 within 30 s" >&2
  return 1
}

pg_ok() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; }

start_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  local version="" name="" hba
  # A cluster already configured for the port (stopped), else a new one: "main" unless taken.
  read -r version name < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print $1, $2; exit }') || true
  if [ -z "${name:-}" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    name=main
    pg_lsclusters -h | awk '{ print $1, $2 }' | grep -qx "$version main" && name=warden
    $SUDO pg_createcluster -p "$PG_PORT" "$version" "$name" >/dev/null
  fi
  # Tests connect as postgres over TCP without a password: trust local TCP only, ahead of
  # the packaged scram/md5 lines (pg_hba.conf is first match).
  hba="/etc/postgresql/$version/$name/pg_hba.conf"
  if ! $SUDO grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  # pg_ctlcluster runs the server as the cluster owner (postgres): the server refuses root.
  if pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $4 }' | grep -q online; then
    $SUDO pg_ctlcluster "$version" "$name" reload
  else
    $SUDO pg_ctlcluster "$version" "$name" start
  fi
  wait_for PostgreSQL "$PG_PORT"
  local i
  for i in $(seq 1 20); do pg_ok && break; sleep 0.5; done
  pg_ok || { echo "setup: PostgreSQL $version/$name listens on $PG_PORT but refuses user postgres without a password; check $hba" >&2; return 1; }
  echo "setup: PostgreSQL $version/$name started on 127.0.0.1:$PG_PORT (trust auth for local TCP)"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  # No init system in containers: run it directly, bound to loopback, without persistence.
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir /tmp --logfile "/tmp/warden-redis-$REDIS_PORT.log" --pidfile "/tmp/warden-redis-$REDIS_PORT.pid"
  wait_for Redis "$REDIS_PORT"
  echo "setup: Redis started on 127.0.0.1:$REDIS_PORT"
}

services() {
  if listening "$PG_PORT"; then
    if command -v psql >/dev/null 2>&1 && ! pg_ok; then
      echo "setup: PostgreSQL is running on 127.0.0.1:$PG_PORT but refuses user postgres without a password;" >&2
      echo "       add 'host all all 127.0.0.1/32 trust' at the top of its pg_hba.conf and reload it" >&2
      return 1
    fi
    echo "setup: PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    start_postgres
  fi
  if listening "$REDIS_PORT"; then
    echo "setup: Redis already running on 127.0.0.1:$REDIS_PORT"
  else
    start_redis
  fi
}

case "${1:-}" in
  "") peer_tools ;;
  --services) services ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "setup: unknown option $1 (use --services, or nothing for the peer tools)" >&2; exit 2 ;;
esac
