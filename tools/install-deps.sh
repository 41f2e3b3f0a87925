#!/bin/sh
# Installs the Debian packages profile_merge needs, only those missing.
# Uses sudo when not root. Usage: tools/install-deps.sh [extra-package...]
set -eu
packages="cmake make g++ pkg-config nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev librapidcheck-dev libcpp-httplib-dev libsqlite3-dev libsodium-dev libvalijson-dev libpq-dev postgresql curl python3 python3-requests $*"
# npm installs node-zendesk for a server test; a machine with its own Node.js keeps it.
command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0
echo "tools/install-deps.sh: installing$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
