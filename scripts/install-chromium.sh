#!/usr/bin/env bash
# Installs Debian's chromium for the e2e tests when it is missing (playwright-core drives /usr/bin/chromium;
# Playwright's own browser download cannot work here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
chromium --version
