#!/usr/bin/env bash
# `npm run bench`: builds the package, installs Node 24 + the pinned n8n into the cache (scripts/install-n8n.sh;
# seconds when already there), then runs scripts/bench/main.ts: the Terra node against n8n's HTTP Request node in one
# real n8n and one Terra emulator, as ratios within the run. No browser needed. Arguments are passed on (--runs=N,
# --only=same-request,long-range). Don't run it alongside the e2e suite or other heavy work: CPU contention skews it.
# Exit code: non-zero only when something functionally failed (a run errored, the contenders' records differ).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

say "npm run build"
npm run -s build
say "n8n runtime (scripts/install-n8n.sh)"
bash scripts/install-n8n.sh

status=0
# The long-range scenario parses runs of 100+ MB: more heap than Node's default.
node --max-old-space-size=6144 node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json scripts/bench/main.ts "$@" || status=$?
printf '\nnpm run bench: %s s in total (build, install, benchmark), exit %s\n' "$(( $(date +%s) - start ))" "$status"
exit "$status"
