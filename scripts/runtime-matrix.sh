#!/usr/bin/env bash
# Issue 12's figures, printed by the existing matrix scripts run on another runtime (they take
# --runtime; nothing is copied): the replication matrix's rows and the rpc semantics matrix's
# three claims on docker, etcd (3 members) under partition,crash on docker, and the ssh rows.
#   bash scripts/runtime-matrix.sh [SEEDS] [TIME_LIMIT_S]       (default 1-10 and 15)
# REPLICATION_ROWS=id,id limits the replication rows (default: all of them); SKIP=docker or
# SKIP=ssh leaves a part out. One run at a time (--parallel 1): the machine has 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-1-10}
time_limit=${2:-15}
rows=()
[ -n "${REPLICATION_ROWS:-}" ] && rows=(--rows "$REPLICATION_ROWS")
status=0
if [ "${SKIP:-}" != docker ]; then
  node dist/scripts/replication-matrix.js --runtime docker --seeds "$seeds" --time-limit "$time_limit" --parallel 1 "${rows[@]}" || status=1
  node dist/scripts/semantics-matrix.js --runtime docker --seeds "$seeds" --time-limit "$time_limit" --parallel 1 || status=1
  node dist/scripts/real-systems-matrix.js --runtime docker --rows etcd-partition-crash --seeds "$seeds" --time-limit "$time_limit" || status=1
fi
exit $status
