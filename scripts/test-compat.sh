#!/usr/bin/env bash
# `npm run test:compat`: the compatibility matrix. Builds the package, then test/compat/run.ts installs each
# supported n8n (scripts/install-n8n.sh [version], cached: about 5 minutes each on a fresh machine, a second when
# present) and runs the smoke checks on it. Arguments are passed on (e.g. --only=1.123.81).
# Exit code: non-zero when any version failed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
printf '\n\033[1m▶ %s\033[0m\n' "npm run build"
npm run -s build
status=0
node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json test/compat/run.ts "$@" || status=$?
printf '\nnpm run test:compat: %s s in total (build, installs, smoke checks), exit %s\n' "$(( $(date +%s) - start ))" "$status"
exit "$status"
