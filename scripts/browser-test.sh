#!/usr/bin/env bash
# Starts the app as `npm start` does, with a fresh embedded PostgreSQL, and runs e2e/*.test.mjs
# against it in headless Chromium (or the test files given: scripts/browser-test.sh e2e/x.test.mjs).
# Called by scripts/test.sh (after the install).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUTPUT="$ROOT/e2e/output"
mkdir -p "$OUTPUT"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
for port in 3000 7007; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use: stop the running Backstage before the browser tests." >&2
    exit 1
  fi
done

# The suite lives on the 1st of a month, the day a month holds no usage yet (the backend's clock
# and the browser's; the other days of the month are covered by the jest tests).
export FINOPS_NOW="${FINOPS_NOW:-2026-12-01T06:00:00Z}"
echo "browser tests with the clock at $FINOPS_NOW"
export FINOPS_EMBEDDED_POSTGRES_DIR="$(mktemp -d)/postgres"
export FINOPS_EMBEDDED_POSTGRES_PORT=54339
chmod 755 "$(dirname "$FINOPS_EMBEDDED_POSTGRES_DIR")"

if [ $# -gt 0 ]; then tests=("$@"); else tests=(e2e/*.test.mjs); fi

started=$SECONDS
setsid node .yarn/releases/yarn-4.13.0.cjs dev > "$OUTPUT/app.log" 2>&1 &
app_pid=$!
stop_app() {
  kill -TERM -- "-$app_pid" 2>/dev/null || true
  for _ in $(seq 30); do
    [ -f "$FINOPS_EMBEDDED_POSTGRES_DIR/postmaster.pid" ] || break
    sleep 1
  done
  if [ -f "$FINOPS_EMBEDDED_POSTGRES_DIR/postmaster.pid" ]; then
    kill -TERM "$(head -1 "$FINOPS_EMBEDDED_POSTGRES_DIR/postmaster.pid")" 2>/dev/null || true
  fi
  rm -rf "$(dirname "$FINOPS_EMBEDDED_POSTGRES_DIR")"
}
trap stop_app EXIT

echo "waiting for the app (log: e2e/output/app.log)"
node scripts/wait-for-app.mjs "$app_pid" || { tail -50 "$OUTPUT/app.log" >&2; exit 1; }
echo "app up after $((SECONDS - started)) s"

node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUTPUT/browser.tap" \
  "${tests[@]}"
