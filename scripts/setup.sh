#!/usr/bin/env bash
# Installs the Debian packages Warden's benchmarks use as side-by-side peers (jq, ripgrep).
# Tests need none of them. Run as root (or with sudo) on a Debian/Ubuntu machine.
set -euo pipefail
missing=()
for tool in jq rg; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ ${#missing[@]} -eq 0 ] && { echo "setup: jq and ripgrep already installed"; exit 0; }
packages=()
for tool in "${missing[@]}"; do [ "$tool" = rg ] && packages+=(ripgrep) || packages+=("$tool"); done
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}"
echo "setup: installed ${packages[*]}"
