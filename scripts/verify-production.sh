#!/usr/bin/env bash
# The production path, without Docker: what packages/backend/Dockerfile does, then checks.
#   1. an external PostgreSQL (Debian's, installed with apt when missing) in a folder of its own;
#   2. `yarn build:backend`, as Backstage's Dockerfile uses it;
#   3. the skeleton, `yarn workspaces focus --all --production`, the bundle, in a temporary folder;
#   4. the backend started with NODE_ENV=production and app-config.production.yaml (plus a small
#      overlay: a port, the demo source, the example catalog, a static token for the checks);
#   5. scripts/verify-production.mjs: migrated, the demo ingested, the costs API answering, and
#      error answers without stack traces or echoed request bodies; then, the database stopped,
#      a 503 that names no host, port or stack.
# Usage: bash scripts/verify-production.sh   (yarn verify:production)
set -euo pipefail
source "$(dirname "$0")/env.sh"
set +u

source "$(dirname "$0")/external-postgres.sh"
require_root verify-production

work=$(mktemp -d /tmp/finops-production-XXXXXX)
chmod 755 "$work"
backend_pid=
cleanup() {
  [ -n "$backend_pid" ] && kill "$backend_pid" 2> /dev/null || true
  stop_external_postgres "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

start_external_postgres "$work/pg" finops-production
port=$(free_port)

echo "» yarn build:backend"
yarn build:backend > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }

echo "» the skeleton, a production install, the bundle"
mkdir "$work/app"
cp -r .yarn .yarnrc.yml yarn.lock package.json "$work/app/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$work/app"
(cd "$work/app" && yarn workspaces focus --all --production > "$work/install.log" 2>&1) ||
  { tail -30 "$work/install.log"; exit 1; }
tar xzf packages/backend/dist/bundle.tar.gz -C "$work/app"
cp app-config.yaml app-config.production.yaml "$work/app/"
cp -r examples "$work/"
token=$(node -e "console.log(require('crypto').randomBytes(24).toString('base64url'))")
cat > "$work/app/app-config.verify.yaml" << EOF
backend:
  listen: ':$port'
  auth:
    externalAccess:
      - type: static
        options: { token: $token, subject: verify-production }
catalog:
  locations:
    - { type: file, target: $work/examples/entities.yaml }
    - { type: file, target: $work/examples/org.yaml, rules: [{ allow: [User, Group] }] }
finops:
  ingestion:
    schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { seconds: 20 } }
  sources:
    demo: { enabled: true, months: 3 }
EOF

echo "» the backend, NODE_ENV=production, on :$port"
(
  cd "$work/app"
  NODE_ENV=production APP_BASE_URL="http://localhost:$port" BACKEND_BASE_URL="http://localhost:$port" \
    BACKEND_SECRET="$token-secret" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PG_PORT" \
    POSTGRES_USER=postgres POSTGRES_PASSWORD=finops-production \
    exec node packages/backend --config app-config.yaml --config app-config.production.yaml \
    --config app-config.verify.yaml
) > "$work/backend.log" 2>&1 &
backend_pid=$!

checks() {
  if ! node scripts/verify-production.mjs "http://localhost:$port" "$token" "$@"; then
    echo "--- backend log (last 40 lines)"
    tail -40 "$work/backend.log"
    exit 1
  fi
}
checks
stop_external_postgres "$work/pg"
checks database-down
