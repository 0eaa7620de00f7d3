#!/usr/bin/env bash
# Stops what rgw-up.sh started: TERM each recorded PID in reverse order, KILL after 15 s, then wipe $CEPH_BASE.
set -uo pipefail
BASE=${CEPH_BASE:-/tmp/cos-conformance-rgw}
[ -f "$BASE/pids" ] || { echo "rgw-down: nothing to stop"; exit 0; }
mapfile -t lines < <(tac "$BASE/pids")
for l in "${lines[@]}"; do
  pid=${l##* }
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
done
rm -f "$BASE/pids"
[ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$BASE"
echo "rgw-down: stopped"
