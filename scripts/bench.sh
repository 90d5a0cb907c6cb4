#!/usr/bin/env bash
# `npm run bench`: builds the package, installs Node 24 + the pinned n8n into the cache (scripts/install-n8n.sh;
# seconds when already there), then runs scripts/bench/main.ts: every scenario of issue #12 (P1 … P5, memory) in one
# real n8n and one Terra emulator, each as a ratio against what a user would build instead, in one table. No browser
# needed. Arguments are passed on: --quick (the CI smoke test, < 3 min), --scenario=P2,backfill, --runs=N.
# Don't run it alongside the e2e suite or other heavy work: CPU contention skews it (use flock /tmp/terra-heavy.lock).
# Exit code: non-zero only when something functionally failed (a run errored, contenders disagreed), never for a time.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

say "npm run build"
npm run -s build
say "n8n runtime (scripts/install-n8n.sh)"
bash scripts/install-n8n.sh

status=0
# The daily-year scenario parses runs of 100+ MB: more heap than Node's default.
node --max-old-space-size=6144 node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json scripts/bench/main.ts "$@" || status=$?
printf '\nnpm run bench: %s s in total (build, install, benchmark), exit %s\n' "$(( $(date +%s) - start ))" "$status"
exit "$status"
