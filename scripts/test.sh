#!/usr/bin/env bash
# `npm test`: installs what the tests need when it is missing (Debian's PostgreSQL and Chromium,
# node modules), builds the portal for the browser tests, then runs every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund

npm run --silent build:web
exec npx vitest run "$@"
