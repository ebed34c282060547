#!/usr/bin/env bash
# Command 1: install everything and start Backstage (frontend :3000, backend :7007).
# Without backend.database in the config, the backend starts an embedded PostgreSQL (data in .data/).
source "$(dirname "$0")/env.sh"
exec node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" dev "$@"
