#!/usr/bin/env bash
# `npm run test:queue`: the package in n8n queue mode. Installs what it needs when missing (Redis and Postgres from
# Debian's packages, Node 24 + the pinned n8n into the cache), builds the package, then runs test/queue/run.ts, which
# starts Redis, Postgres, the Terra emulator, n8n main, two workers and a webhook processor on free loopback ports,
# runs the checks, prints one summary line and stops everything it started. Arguments are passed on
# (e.g. --only=deliveries,kill, --keep). Exit code: the checks' (non-zero when any failed).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

say "Redis and Postgres (scripts/install-queue-deps.sh)"
bash scripts/install-queue-deps.sh
say "npm run build"
npm run -s build
say "n8n runtime (scripts/install-n8n.sh)"
bash scripts/install-n8n.sh

status=0
node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json test/queue/run.ts "$@" || status=$?
printf '\nnpm run test:queue: %s s in total (installs, build, stack, checks), exit %s\n' "$(( $(date +%s) - start ))" "$status"
exit "$status"
