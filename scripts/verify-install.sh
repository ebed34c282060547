#!/usr/bin/env bash
# Installs the suite into a brand-new Backstage app, as the README's "Install in your Backstage"
# says, and runs one browser test in it:
#   1. builds and packs every publishable package of this repository (yarn pack: prepack/postpack);
#   2. creates an app with @backstage/create-app of our Backstage release, in a temporary folder;
#   3. installs the tarballs there (resolutions to the files), adds the backend lines and the
#      config (the demo source, an external PostgreSQL: Debian's, installed with apt if missing);
#   4. starts that app (yarn start) and runs e2e/install/newApp.mjs against it: sign in, a
#      component's Cost tab shows a non-zero total equal to the API's, the FinOps page opens.
# Usage: bash scripts/verify-install.sh   (yarn verify:install; 3 minutes here with a warm Yarn cache)
set -euo pipefail
source "$(dirname "$0")/env.sh"
set +u
CREATE_APP_VERSION=0.9.2 # Backstage 1.55.0, as backstage.json

source "$(dirname "$0")/external-postgres.sh"
require_root verify-install

started=$(date +%s)
work=$(mktemp -d /tmp/finops-install-XXXXXX)
chmod 755 "$work"
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill -- -"$app_pid" 2> /dev/null || true
  stop_external_postgres "$work/pg"
  [ -n "$FINOPS_KEEP_INSTALL" ] || rm -rf "$work"
}
trap cleanup EXIT
# create-app and the new app call `yarn`: ours, on the PATH.
mkdir "$work/bin"
printf '#!/bin/sh\nexec node %s "$@"\n' "$ROOT/.yarn/releases/yarn-4.13.0.cjs" > "$work/bin/yarn"
chmod +x "$work/bin/yarn"
export PATH="$work/bin:$PATH"

echo "» building and packing the packages"
yarn tsc > "$work/tsc.log" 2>&1 || { tail -30 "$work/tsc.log"; exit 1; }
mkdir "$work/tarballs"
packages=$(node -e '
  const { execSync } = require("child_process");
  const lines = execSync("node .yarn/releases/yarn-4.13.0.cjs workspaces list --json --no-private").toString().trim().split("\n");
  console.log(lines.map(l => JSON.parse(l)).filter(w => w.location !== ".").map(w => `${w.name}=${w.location}`).join(" "));')
resolutions="{}"
for entry in $packages; do
  name=${entry%%=*}
  location=${entry#*=}
  file="$work/tarballs/$(echo "$name" | tr -d @ | tr / -).tgz"
  (cd "$location" && yarn build > "$work/build.log" 2>&1 && yarn pack --out "$file" > "$work/pack.log" 2>&1) ||
    { echo "building or packing $name failed:"; tail -30 "$work/build.log" "$work/pack.log"; exit 1; }
  resolutions=$(node -e 'const r = JSON.parse(process.argv[1]); r[process.argv[2]] = `file:${process.argv[3]}`; console.log(JSON.stringify(r))' "$resolutions" "$name" "$file")
  echo "  $name"
done

echo "» a new app: @backstage/create-app@$CREATE_APP_VERSION"
(cd "$work" && echo newapp | npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path newapp > "$work/create.log" 2>&1) ||
  { tail -30 "$work/create.log"; exit 1; }
app="$work/newapp"
node scripts/install-into-app.mjs "$app" "$resolutions"
# The new app's own versions, as this repository's lockfile has them where a fresh resolution is
# broken: on 2026-12-01 it gave @backstage/plugin-signals-backend 0.3.21 beside backend-defaults
# 0.18.0, which has no addWebSocketHandler (the signals plugin then fails the backend's start).
node -e '
  const fs = require("fs");
  const file = process.argv[1] + "/package.json";
  const root = JSON.parse(fs.readFileSync(file, "utf8"));
  root.resolutions = { ...root.resolutions, "@backstage/plugin-signals-backend": "0.3.19" };
  fs.writeFileSync(file, JSON.stringify(root, null, 2) + "\n");' "$app"

start_external_postgres "$work/pg" finops-install
cp -r examples "$work/examples"
cat > "$app/app-config.local.yaml" << EOF
backend:
  database:
    client: pg
    connection: { host: 127.0.0.1, port: $PG_PORT, user: postgres, password: finops-install }
catalog:
  locations:
    - { type: file, target: $work/examples/entities.yaml }
    - { type: file, target: $work/examples/org.yaml, rules: [{ allow: [User, Group] }] }
EOF

echo "» yarn install in the new app"
(cd "$app" && yarn install > "$work/install.log" 2>&1) || { tail -40 "$work/install.log"; exit 1; }

echo "» yarn start in the new app"
(cd "$app" && setsid yarn start > "$work/start.log" 2>&1) &
app_pid=$!
FINOPS_APP_URL=http://localhost:3000 FINOPS_BACKEND_URL=http://localhost:7007 \
  node --test --test-reporter=spec e2e/install/newApp.mjs ||
  { echo "--- the app's log (last 60 lines)"; tail -60 "$work/start.log"; exit 1; }
echo "verify-install passed in $(($(date +%s) - started)) s"
