#!/usr/bin/env bash
# `npm run test:e2e`: builds the package, installs what the suite needs (Node 24 + the pinned n8n into the cache,
# Debian's Chromium for the editor check), then runs test/e2e/run.ts: the packed package inside a real n8n,
# against the Terra emulator. Arguments are passed on (e.g. --skip-editor, --only=actions, --keep).
# Exit code: the suite's (non-zero when any check failed).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

say "npm run build"
npm run -s build
say "n8n runtime (scripts/install-n8n.sh)"
bash scripts/install-n8n.sh
case " $* " in
  *" --skip-editor "*) ;;
  *) say "Chromium (scripts/install-chromium.sh)"; bash scripts/install-chromium.sh ;;
esac

status=0
node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json test/e2e/run.ts "$@" || status=$?
printf '\nnpm run test:e2e: %s s in total (build, installs, suite), exit %s\n' "$(( $(date +%s) - start ))" "$status"
exit "$status"
