#!/usr/bin/env bash
# Installs the Debian packages Warden's benchmarks use as side-by-side peers: jq (JSONL I/O),
# ripgrep (blocklist matching), python3-sklearn (classifier training). Tests need none of them.
# Run as root (or with sudo) on a Debian/Ubuntu machine.
set -euo pipefail
packages=()
command -v jq >/dev/null 2>&1 || packages+=(jq)
command -v rg >/dev/null 2>&1 || packages+=(ripgrep)
/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 || packages+=(python3-sklearn)
[ ${#packages[@]} -eq 0 ] && { echo "setup: jq, ripgrep and python3-sklearn already installed"; exit 0; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}"
echo "setup: installed ${packages[*]}"
