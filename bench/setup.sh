#!/usr/bin/env bash
# Installs the benchmark tools (nginx, haproxy, wrk, curl, taskset, pgrep) if
# any of them is missing. Idempotent: does nothing when everything is present.
# System services are never enabled or started by this script; if the host has
# no /usr/sbin/policy-rc.d, a temporary one that forbids service starts is put
# in place for the duration of the install and removed afterwards.
set -euo pipefail

declare -A PKG_FOR=(
  [nginx]=nginx
  [haproxy]=haproxy
  [wrk]=wrk
  [curl]=curl
  [taskset]=util-linux
  [pgrep]=procps
)

missing=()
for cmd in nginx haproxy wrk curl taskset pgrep; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$cmd ]]; then
    missing+=("${PKG_FOR[$cmd]}")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all tools present (nginx haproxy wrk curl util-linux procps)"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  echo "setup: missing packages: ${missing[*]} — run as root (or install them) first" >&2
  exit 1
fi

echo "setup: installing missing packages: ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# temporary, created by doorman bench/setup.sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=1
fi
remove_policy() { if ((created_policy)); then rm -f "$policy"; fi; }
trap remove_policy EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup: done"
