# Sourced by the other scripts: makes Node 22 and Yarn 4 available without any global install,
# then installs the workspace. Works on a machine that has only Node.js and npm.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Backstage 1.55 needs Node 22 or 24. Use the machine's node if it fits, otherwise the npm package node@22.
SYSTEM_NODE="$(command -v node || true)"
case "$(node_major "${SYSTEM_NODE:-false}")" in
  22|24) ;;
  *)
    TOOLS_NODE="$ROOT/.tools/node_modules/node/bin/node"
    if [ "$(node_major "$TOOLS_NODE")" != 22 ]; then
      echo "» installing Node 22 into .tools/ (Backstage 1.55 refuses Node $(node_major "${SYSTEM_NODE:-false}"))"
      npm install --prefix "$ROOT/.tools" --no-save --no-package-lock --no-audit --no-fund node@22 >/dev/null
    fi
    export PATH="$ROOT/.tools/node_modules/node/bin:$PATH"
    # node-gyp builds native addons against these headers instead of downloading them.
    for dir in "$ROOT"/.tools/node_modules/node/node_modules/node-*; do
      [ -d "$dir/include/node" ] && export npm_config_nodedir="$dir"
    done
    ;;
esac

yarn() { node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

if [ "${FINOPS_SKIP_INSTALL:-}" != 1 ]; then
  echo "» yarn install (node $(node --version))"
  yarn install --immutable
fi
