#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the editor check (playwright-core drives it; no browser
# download). Idempotent: returns at once when it is already installed.
set -euo pipefail
CHROMIUM=${TERRA_CHROMIUM:-/usr/bin/chromium}
log() { printf '[install-chromium] %s\n' "$*" >&2; }
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$CHROMIUM" != /usr/bin/chromium ]; then
  log "TERRA_CHROMIUM=$CHROMIUM does not exist"; exit 1
fi
SUDO=
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { log "need root or sudo to run apt-get install chromium"; exit 1; }
  SUDO="sudo -n"
fi
t=$(date +%s)
log "installing Debian's chromium with apt-get (one time)"
export DEBIAN_FRONTEND=noninteractive
# apt-get update only when the package lists do not know chromium yet
apt-cache show chromium >/dev/null 2>&1 || $SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x "$CHROMIUM" ] || { log "apt-get finished but $CHROMIUM is missing"; exit 1; }
log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) installed in $(( $(date +%s) - t )) s"
