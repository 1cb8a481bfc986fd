#!/usr/bin/env bash
# `npm test`: every stage, timed, in two lanes at once (docs/testing.md):
#   build, then
#   host lane (nice 19): typecheck, lint, unit, agent (mocha --parallel), hil (simulation)
#   real lane:           hil:espruino esp32 on $ESPRUINO_BIN ‖ esp8266 on $ESPRUINO_BIN_ESP8266
#                        (default $ESPRUINO_BIN), then hil:bench-virtual
# The real lane waits on wall-clock time and uses little CPU; the host lane is CPU-bound, so it runs
# at a lower priority and the real-time tests keep their 10 ms timing. Without an interpreter the
# real lane's tests report themselves skipped. Each lane's output is printed whole when it ends; a
# stage table with seconds closes the run. Logs stay in hil-tests/out/ci/.
# Its functions run through `stage` and `bash -c`, which shellcheck cannot follow:
# shellcheck disable=SC2317
set -euo pipefail
cd "$(dirname "$0")/.."

LOGS="hil-tests/out/ci"
rm -rf "$LOGS"
mkdir -p "$LOGS"
TIMES="$LOGS/stages.tsv"
: >"$TIMES"

# stage NAME CMD...: runs CMD, appends "NAME<TAB>seconds<TAB>ok|FAILED" to the table, keeps its status.
stage() {
  local name="$1" start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  printf '%s\t%d\t%s\n' "$name" $((SECONDS - start)) "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")" >>"$TIMES"
  return $rc
}

# One bundle on one interpreter build: the ESP8266 bundle belongs on an ESP8266-sized heap.
real_interpreter() {
  local board="$1" bin="$2"
  [ -n "$bin" ] || echo "hil:espruino ($board): ESPRUINO_BIN is not set; the target reports itself skipped"
  ESPRUINO_BIN="$bin" BANKEN_BOARDS="$board" npm run hil:espruino
}

real_lane() {
  local rc=0 pid_esp32 pid_esp8266
  stage "hil:espruino esp32 ($(basename "${ESPRUINO_BIN:-none}"))" real_interpreter esp32 "${ESPRUINO_BIN:-}" >"$LOGS/espruino-esp32.log" 2>&1 &
  pid_esp32=$!
  stage "hil:espruino esp8266 ($(basename "${ESP8266_BIN:-none}"))" real_interpreter esp8266 "$ESP8266_BIN" >"$LOGS/espruino-esp8266.log" 2>&1 &
  pid_esp8266=$!
  wait $pid_esp32 || rc=1
  wait $pid_esp8266 || rc=1
  cat "$LOGS/espruino-esp32.log" "$LOGS/espruino-esp8266.log"
  # Not a third at once: three real-time suites together missed a 10 ms assertion where two did not.
  stage "hil:bench-virtual" npm run hil:bench-virtual || rc=1
  return $rc
}

host_lane() {
  stage "typecheck" npm run typecheck &&
    stage "lint" npm run lint &&
    stage "test:unit" npm run test:unit &&
    stage "test:agent (--parallel)" npm run test:agent -- --parallel --jobs 5 &&
    stage "hil (simulation)" npm run hil
}

START=$SECONDS
ESP8266_BIN="${ESPRUINO_BIN_ESP8266:-${ESPRUINO_BIN:-}}"
rc=0
# Every later stage needs dist/ as the sources are now (rollup, then tools/check-bundles.ts).
stage "build" npm run build || rc=1
if [ $rc -eq 0 ]; then
  real_lane >"$LOGS/real-lane.log" 2>&1 &
  REAL=$!
  export TIMES
  export -f stage host_lane
  nice -n 19 bash -c host_lane >"$LOGS/host-lane.log" 2>&1 || rc=1
  cat "$LOGS/host-lane.log"
  wait $REAL || rc=1
  cat "$LOGS/real-lane.log"
fi

echo
echo "test stages (seconds; the two lanes overlap):"
awk -F '\t' '{ printf "  %-44s %5d s  %s\n", $1, $2, $3 }' "$TIMES"
echo "total: $((SECONDS - START)) s"
exit $rc
