#!/usr/bin/env bash
# `npm start`: the product, offline. Installs dev dependencies if they are missing, builds the package, installs
# Node 24 + the pinned n8n into the cache (scripts/install-n8n.sh; seconds when already there), then starts the
# Terra emulator and n8n with the package and the example workflows (scripts/demo.ts). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/ts-node ]; then
  echo "▶ installing dev dependencies (first run)"
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
echo "▶ npm run build"
npm run -s build
echo "▶ n8n runtime"
bash scripts/install-n8n.sh
echo "▶ starting the Terra emulator and n8n ($(( $(date +%s) - start )) s so far)"
exec node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json scripts/demo.ts "$@"
