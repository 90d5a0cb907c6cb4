#!/usr/bin/env bash
# `npm run test:all`: every test, on a fresh machine. Installs the dev dependencies when they are missing, then
# builds, lints (strict), runs the verification scan, the release check (what npm would publish), jest (unit, trigger and emulator tests), the end-to-end
# suite in a real n8n (which installs Node 24 + the pinned n8n and Chromium itself, cached), the queue-mode test
# (which installs Redis and Postgres from Debian's packages when missing), the compatibility matrix (each supported
# n8n version, installed and cached like the pinned one, with a smoke suite), and the benchmark's smoke test
# (npm run bench -- --quick). Prints a timing table.
# Exit code: the first failing step's.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -a names=() secs=()
run_start=$(date +%s)
step() {
  local name=$1; shift
  printf '\n=== %s: %s\n' "$name" "$*"
  local t=$(date +%s)
  "$@"
  names+=("$name"); secs+=("$(( $(date +%s) - t ))")
}
summary() {
  local status=$?
  printf '\n=== timings\n'
  for i in "${!names[@]}"; do printf '  %-12s %5s s\n' "${names[$i]}" "${secs[$i]}"; done
  printf '  %-12s %5s s  (exit %s)\n' total "$(( $(date +%s) - run_start ))" "$status"
}
trap summary EXIT

if [ ! -x node_modules/.bin/jest ] || [ ! -d node_modules/ts-node ]; then
  step install bash -c 'npm ci --no-audit --no-fund --prefer-offline || npm install --no-audit --no-fund --prefer-offline'
fi
step build     npm run -s build
step lint      npm run -s lint
step scan      npm run -s scan
step release   npm run -s release:check
step unit      npx --no-install jest --ci
step e2e       npm run -s test:e2e
step queue     npm run -s test:queue
step compat    npm run -s test:compat
# The benchmark's smoke test: every scenario runs once with small loads and its contenders must agree; no timing is judged.
step bench     npm run -s bench -- --quick
