#!/usr/bin/env bash
# Installs what `npm run test:queue` needs besides n8n, from Debian's packages, only when it is missing:
# redis-server, and the Postgres server (postgresql-15 on Debian 12; the distribution's `postgresql` elsewhere).
# Idempotent and silent when both are present. apt-get runs as root, or through `sudo -n` otherwise; `apt-get update`
# only runs when apt does not know the packages yet.
# The test never uses the packages' system services (it runs its own Redis and Postgres on free ports); when no
# /usr/sbin/policy-rc.d exists, one that forbids starting services is put in place for the install and removed after,
# so the install does not start them either.
set -euo pipefail
log() { printf '[install-queue-deps] %s\n' "$*" >&2; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgres)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  log "missing: ${missing[*]}. Run this as root or with passwordless sudo, or install them yourself:"
  log "  apt-get install -y redis-server postgresql-15"
  exit 1
fi
command -v apt-get >/dev/null 2>&1 || { log "no apt-get: install redis-server and a Postgres 15+ server yourself"; exit 1; }

known() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { found = ($2 != "(none)") } END { exit !found }'; }
packages() {
  local list=()
  for what in "${missing[@]}"; do
    case $what in
      redis) list+=(redis-server) ;;
      postgres) if known postgresql-15; then list+=(postgresql-15); else list+=(postgresql); fi ;;
    esac
  done
  echo "${list[@]}"
}
read -r -a wanted <<<"$(packages)"
for package in "${wanted[@]}"; do
  if ! known "$package"; then
    log "apt does not know $package yet: apt-get update"
    "${as_root[@]}" apt-get update -qq
    read -r -a wanted <<<"$(packages)"
    break
  fi
done

policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Temporary (n8n-nodes-terra scripts/install-queue-deps.sh): no service starts during this install.\nexit 101\n' \
    | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi
t=$(date +%s)
log "installing ${wanted[*]} (Debian packages)"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
command -v redis-server >/dev/null 2>&1 || { log "redis-server still missing"; exit 1; }
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { log "Postgres server binaries still missing"; exit 1; }
log "installed ${wanted[*]} in $(( $(date +%s) - t )) s"
