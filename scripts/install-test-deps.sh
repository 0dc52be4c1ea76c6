#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real peers (idempotent).
# Called by .ci/run; safe to run by hand on a developer machine (as root or with sudo).
set -euo pipefail

# One list for every external tool the tests use.
PACKAGES="openssl python3 swaks libnet-ssleay-perl libio-socket-ssl-perl opendkim-tools python3-dkim python3-nacl isync chromium fonts-dejavu-core"

missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
done
if [ -z "$missing" ]; then
  echo "install-test-deps: all present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-test-deps: installed$missing"
