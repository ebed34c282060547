#!/usr/bin/env bash
# Command 2: install everything and run the whole test suite: type check, lint, unit and
# integration tests against a real PostgreSQL started for the run, and browser tests.
# Exits non-zero on any failure.
source "$(dirname "$0")/env.sh"
export CI=true
OUTPUT="$ROOT/e2e/output"
rm -rf "$OUTPUT" && mkdir -p "$OUTPUT"

step() { printf '\n» %s\n' "$*"; }

step "type check"
yarn tsc

step "lint"
yarn lint:all
yarn prettier:check

step "embedded PostgreSQL from a folder closed to the postgres user"
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUTPUT/postgres-anywhere.tap" \
  scripts/postgres-anywhere.test.mjs

step "unit and integration tests (PostgreSQL from embedded-postgres)"
node scripts/with-postgres.mjs node .yarn/releases/yarn-4.13.0.cjs test:unit \
  --json --outputFile="$OUTPUT/jest.json"

step "two backend replicas (two backend processes on one PostgreSQL)"
node scripts/with-postgres.mjs node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUTPUT/replicas.tap" \
  scripts/replicas.test.mjs

step "browser tests (Chromium)"
bash scripts/browser-test.sh

step "production path (the backend bundle, NODE_ENV=production, Debian's PostgreSQL)"
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUTPUT/production.tap" \
  scripts/production.test.mjs

node scripts/summary.mjs "$OUTPUT/jest.json" "$OUTPUT/browser.tap" "$OUTPUT/replicas.tap" \
  "$OUTPUT/postgres-anywhere.tap" "$OUTPUT/production.tap"
