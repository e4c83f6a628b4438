#!/usr/bin/env bash
# Runs a command inside a fresh network namespace this script makes itself, for browsers that gather no ICE
# candidates on loopback alone (Firefox ESR 153 needs a non-loopback interface). The namespace holds `lo` and one
# veth pair, v0 = 10.77.0.1/24 and v1 = 10.77.0.2/24, both up, default route via 10.77.0.2. Nothing in it reaches
# the outside, and nothing outside sees it: it disappears with the command. Every server the command needs (the
# page server, a TURN relay) must start inside too.
#
#   scripts/netns-run.sh node e2e-firefox/run.mjs
#
# Root uses `unshare -n`; anyone else `unshare -rn` (a user namespace mapping them to root inside).
set -euo pipefail

if [[ "${GODOT_WEBRTC_NETNS:-}" != "inside" ]]; then
  if [[ $# -eq 0 ]]; then
    echo "usage: $0 command [args...]" >&2
    exit 2
  fi
  for tool in unshare ip; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$0: '$tool' is missing; install it with: apt-get install -y util-linux iproute2" >&2
      exit 1
    fi
  done
  flags=(-n)
  [[ "$(id -u)" -ne 0 ]] && flags=(-r -n)
  GODOT_WEBRTC_NETNS=inside exec unshare "${flags[@]}" -- "$0" "$@"
fi

ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.77.0.1/24 dev v0
ip addr add 10.77.0.2/24 dev v1
ip link set v0 up
ip link set v1 up
ip route add default via 10.77.0.2 dev v0
if [[ -n "${NETNS_RUN_VERBOSE:-}" ]]; then
  ip -brief addr >&2
  ip route >&2
fi
exec "$@"
