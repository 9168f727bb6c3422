# Shared helpers for the recording scripts in this folder (sourced, not run).
#
# A recording builds a DUT namespace whose ports are veth ends named as the fixture's ports,
# hosts in namespaces of their own on the other ends, applies the fixture's `setup:` text
# verbatim in the DUT (so the fixture is exactly the DUT's configuration), then records
# every DUT port with one dumpcap (a pcapng whose interface names are the port names) and
# marks each frame inbound / outbound (mark-directions.ts). Namespaces are named
# pvk2-r<pid>-<name> and deleted on exit, whatever happens.
#
# Needs: root, iproute2, dumpcap, tcpdump, node, and `npm run -s build` done before (for
# dist/scripts/capture/record/mark-directions.js).

set -euo pipefail

PV_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
PV_PREFIX="pvk2-r$$"
PV_TMP=$(mktemp -d /tmp/pvk2-record.XXXXXX)
PV_NAMESPACES=()
PV_CAPTURE_PIDS=()
PV_CAPTURE_PORTS=()
PV_BG_PIDS=()

pv_cleanup() {
  local pid ns
  for pid in "${PV_CAPTURE_PIDS[@]}" "${PV_BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ns in "${PV_NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$PV_TMP"
}
trap pv_cleanup EXIT

pv_log() { printf '== %s\n' "$*" >&2; }

# pv_ns NAME [v6]: creates namespace pvk2-r<pid>-NAME with lo up. Without "v6" its IPv6 is
# disabled before any link exists (no link-local, DAD, MLD or RS from it).
pv_ns() {
  local ns="$PV_PREFIX-$1"
  ip netns add "$ns"
  PV_NAMESPACES+=("$ns")
  if [ "${2:-}" != v6 ]; then
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  else
    # A host, not the DUT: no router solicitations, so the capture is not full of them.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.router_solicitations=0
  fi
  ip -n "$ns" link set lo up
}

pv_nsname() { printf '%s-%s' "$PV_PREFIX" "$1"; }

# pv_in NAME CMD...: runs CMD inside namespace NAME.
pv_in() { local ns; ns=$(pv_nsname "$1"); shift; ip netns exec "$ns" "$@"; }

# pv_wire DUTPORT HOST HOSTIF HOSTMAC: a veth pair, DUTPORT in the DUT namespace (down, MAC
# left to the fixture's setup), HOSTIF up in namespace HOST with HOSTMAC.
pv_wire() {
  ip link add "$1" netns "$(pv_nsname dut)" type veth peer name "$3" netns "$(pv_nsname "$2")" address "$4"
  # The host computes its checksums itself (no offload): otherwise the frames it sends
  # carry a partial checksum (CHECKSUM_PARTIAL on veth), which is what the capture would
  # hold, and a replay of them would be dropped for a bad UDP/TCP checksum.
  ip netns exec "$(pv_nsname "$2")" ethtool -K "$3" tx off >/dev/null
  ip -n "$(pv_nsname "$2")" link set "$3" up
}

# pv_fixture_setup FIXTURE: prints the fixture's setup text.
pv_fixture_setup() {
  (cd "$PV_REPO" && node -e '
    const y = require("yaml"); const fs = require("fs");
    const f = y.parse(fs.readFileSync(process.argv[1], "utf8"));
    if (typeof f.setup !== "string") { console.error("fixture has no setup text"); process.exit(2); }
    process.stdout.write(f.setup);' "$1")
}

# pv_dut_setup FIXTURE: applies the fixture's setup verbatim in the DUT namespace.
pv_dut_setup() {
  local text
  text=$(pv_fixture_setup "$1")
  pv_log "DUT setup from $1"
  printf '%s\n' "$text" | sed 's/^/   /' >&2
  ip netns exec "$(pv_nsname dut)" sh -e -c "$text"
}

# pv_capture_start PORT...: one dumpcap on all DUT ports (the capture), and one
# `tcpdump -Q in` per port (which frames arrived), all in the DUT namespace.
pv_capture_start() {
  local dut p
  dut=$(pv_nsname dut)
  PV_CAPTURE_PORTS=("$@")
  local ifs=()
  for p in "$@"; do ifs+=(-i "$p"); done
  ip netns exec "$dut" dumpcap -q -n "${ifs[@]}" -w "$PV_TMP/full.pcapng" 2>"$PV_TMP/dumpcap.log" &
  PV_CAPTURE_PIDS+=($!)
  for p in "$@"; do
    ip netns exec "$dut" tcpdump -Q in --time-stamp-precision=nano -U -q -n -i "$p" -w "$PV_TMP/in-$p.pcap" 2>"$PV_TMP/tcpdump-$p.log" &
    PV_CAPTURE_PIDS+=($!)
  done
  sleep 2 # dumpcap needs about a second before it captures
}

# pv_capture_stop OUT.pcapng [PORT=DESCRIPTION ...]: stops the capture, marks directions,
# writes OUT and prints its frames with tshark.
pv_capture_stop() {
  local out="$1" pid p
  shift
  sleep 1
  for pid in "${PV_CAPTURE_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${PV_CAPTURE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PV_CAPTURE_PIDS=()
  pv_write_marked "$PV_TMP" "$out" "${PV_CAPTURE_PORTS[*]}" "$@"
}

# pv_write_marked DIR OUT.pcapng "PORT..." [PORT=DESCRIPTION ...]: marks the directions of
# DIR/full.pcapng from DIR/in-PORT.pcap (mark-directions.ts), writes OUT and prints its
# frames with tshark.
pv_write_marked() {
  local dir="$1" out="$2" ports="$3" p
  shift 3
  local args=("$dir/full.pcapng" "$out")
  for p in $ports; do args+=("$p=$dir/in-$p.pcap"); done
  for p in "$@"; do args+=(--describe "$p"); done
  local js="$PV_REPO/dist/scripts/capture/record/mark-directions.js"
  [ -f "$js" ] || { echo "missing $js: run npm run -s build first" >&2; exit 2; }
  node "$js" "${args[@]}"
  tshark -n -r "$out" -T fields -E separator='|' -e frame.number -e frame.interface_name \
    -e frame.packet_flags_direction -e eth.src -e eth.dst -e _ws.col.Info 2>/dev/null |
    awk -F'|' '{ d = ($3 == 1) ? "in " : (($3 == 2) ? "out" : "?  "); printf "%4d %-6s %s %s > %s  %s\n", $1, $2, d, $4, $5, $6 }'
}

# pv_pause: lets the previous exchange finish before the next starts, so the capture's
# order is the same on every run.
pv_pause() { sleep "${1:-0.4}"; }

# pv_scapy HOST IFACE EXPR: sends the frame built by the scapy expression EXPR from HOST's
# IFACE, for the few frames no ordinary tool sends (a frame to an unknown MAC, a lone ARP
# request for an address nobody has). scapy runs under Debian's /usr/bin/python3.
pv_scapy() {
  pv_in "$1" /usr/bin/python3 -c '
import sys, logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, ARP, IP, IPv6, ICMP, ICMPv6EchoRequest, UDP, Raw, sendp
sendp(eval(sys.argv[2]), iface=sys.argv[1], verbose=False)' "$2" "$3"
}

# pv_udp_listen HOST PORT [v6]: a UDP socket bound on HOST that reads one datagram (or gives
# up after 5 s), so datagrams to PORT are delivered rather than answered with port
# unreachable. Runs in the background.
pv_udp_listen() {
  local fam=AF_INET any=0.0.0.0
  if [ "${3:-}" = v6 ]; then fam=AF_INET6; any=::; fi
  pv_in "$1" python3 -c "
import socket
s = socket.socket(socket.$fam, socket.SOCK_DGRAM)
s.bind(('$any', $2)); s.settimeout(5)
try: s.recvfrom(2048)
except OSError: pass" &
  PV_BG_PIDS+=($!)
  sleep 0.3
}

# pv_udp_send HOST ADDR PORT [TEXT]: one UDP datagram from HOST.
pv_udp_send() {
  pv_in "$1" python3 -c "
import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(sys.argv[3].encode(), (a, int(sys.argv[2])))" "$2" "$3" "${4:-pcapverdict}"
}

# pv_wait_bg: waits for the background helpers (UDP listeners), not for the capture.
pv_wait_bg() {
  local pid
  for pid in "${PV_BG_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PV_BG_PIDS=()
}

# --- Helpers for recordings without a single DUT (several routers on switches, each router
# captured in its own namespace). The functions above are unchanged; these add to them.

# pv_veth NS_A IF_A MAC_A NS_B IF_B [MAC_B]: a veth pair between namespaces NS_A and NS_B
# (names as given to pv_ns), both ends up, no checksum offload on either (see pv_wire).
pv_veth() {
  local a b
  a=$(pv_nsname "$1") b=$(pv_nsname "$4")
  if [ -n "${6:-}" ]; then
    ip link add "$2" netns "$a" address "$3" type veth peer name "$5" netns "$b" address "$6"
  else
    ip link add "$2" netns "$a" address "$3" type veth peer name "$5" netns "$b"
  fi
  ip netns exec "$a" ethtool -K "$2" tx off >/dev/null
  ip netns exec "$b" ethtool -K "$5" tx off >/dev/null
  ip -n "$a" link set "$2" up
  ip -n "$b" link set "$5" up
}

# pv_capture_start_in NS TAG PORT...: like pv_capture_start, but in namespace NS (a pv_ns
# name) rather than `dut`, with its files kept under TAG, so that several captures (one per
# router) can run at once. Does not wait: sleep 2 after starting the last one (dumpcap needs
# about a second before it captures). Stop them with pv_capture_end, then write each with
# pv_capture_mark.
declare -gA PV_TAG_PIDS=() PV_TAG_PORTS=()
pv_capture_start_in() {
  local ns tag p pids=""
  ns=$(pv_nsname "$1") tag="$2"
  shift 2
  mkdir -p "$PV_TMP/$tag"
  PV_TAG_PORTS[$tag]="$*"
  local ifs=()
  for p in "$@"; do ifs+=(-i "$p"); done
  ip netns exec "$ns" dumpcap -q -n "${ifs[@]}" -w "$PV_TMP/$tag/full.pcapng" 2>"$PV_TMP/$tag/dumpcap.log" &
  PV_CAPTURE_PIDS+=($!)
  pids="$!"
  for p in "$@"; do
    ip netns exec "$ns" tcpdump -Q in --time-stamp-precision=nano -U -q -n -i "$p" -w "$PV_TMP/$tag/in-$p.pcap" 2>"$PV_TMP/$tag/tcpdump-$p.log" &
    PV_CAPTURE_PIDS+=($!)
    pids="$pids $!"
  done
  PV_TAG_PIDS[$tag]="$pids"
}

# pv_capture_end TAG...: stops the captures TAG... together (after 1 s, as pv_capture_stop):
# the dumpcaps first, then the `tcpdump -Q in`s, so that a frame arriving at the very end is
# not in a capture without being in its inbound file (it would be marked outbound).
pv_capture_end() {
  local tag pid pids
  sleep 1
  for tag in "$@"; do pids=(${PV_TAG_PIDS[$tag]}); kill -INT "${pids[0]}" 2>/dev/null || true; done
  for tag in "$@"; do pids=(${PV_TAG_PIDS[$tag]}); wait "${pids[0]}" 2>/dev/null || true; done
  sleep 0.2
  for tag in "$@"; do pids=(${PV_TAG_PIDS[$tag]}); for pid in "${pids[@]:1}"; do kill -INT "$pid" 2>/dev/null || true; done; done
  for tag in "$@"; do pids=(${PV_TAG_PIDS[$tag]}); for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done; done
}

# pv_capture_mark TAG OUT.pcapng [PORT=DESCRIPTION ...]: marks the directions of the stopped
# capture TAG, writes OUT and prints its frames with tshark (as pv_capture_stop).
pv_capture_mark() {
  local tag="$1" out="$2"
  shift 2
  pv_write_marked "$PV_TMP/$tag" "$out" "${PV_TAG_PORTS[$tag]}" "$@"
}

# The router-v4 network (record-router-v4.sh's drawing): host A behind the DUT's eth0, host B
# behind eth1, the DUT configured by FIXTURE's setup text applied verbatim. Hosts run with
# IPv6 disabled. pv_router_v4_net FIXTURE
pv_router_v4_net() {
  pv_ns dut v6
  pv_ns a
  pv_ns b
  pv_wire eth0 a a0 02:00:00:00:01:01
  pv_wire eth1 b b0 02:00:00:00:02:07
  pv_in a ip address add 192.0.2.1/24 dev a0
  pv_in a ip route add default via 192.0.2.254
  pv_in b ip address add 198.51.100.7/25 dev b0
  pv_in b ip route add default via 198.51.100.126
  pv_dut_setup "$1"
  sleep 3 # the DUT's IPv6 DAD and MLD reports are over before a capture starts
}

# router-v4's traffic, the same whatever captures it (fixtures/routing/router-v4*.yaml).
pv_router_v4_traffic() {
  pv_log "A pings B twice (ARP A->DUT on eth0, DUT->B on eth1)"
  pv_in a ping -c 2 -i 0.5 198.51.100.7; pv_pause
  pv_log "B pings A"
  pv_in b ping -c 1 192.0.2.1; pv_pause
  pv_log "A pings B with TTL 1: DUT sends time exceeded"
  pv_in a ping -c 1 -t 1 -W 1 198.51.100.7 || true; pv_pause
  pv_log "A pings 198.51.100.200 (no route): net unreachable"
  pv_in a ping -c 1 -W 1 198.51.100.200 || true; pv_pause
  pv_log "A pings 203.0.113.10 (blackhole route): silence"
  pv_in a ping -c 1 -W 1 203.0.113.10 || true; pv_pause
  pv_log "A pings 203.0.113.200 (unreachable route)"
  pv_in a ping -c 1 -W 1 203.0.113.200 || true; pv_pause
  pv_log "A pings the DUT's near address, then its far address; B pings the DUT's near address"
  pv_in a ping -c 1 192.0.2.254; pv_pause
  pv_in a ping -c 1 198.51.100.126; pv_pause
  pv_in b ping -c 1 198.51.100.126; pv_pause
  pv_log "UDP: A -> B:5000 (B listens), A -> B:5001 (closed), A -> DUT:7 (closed), B -> A:5000 (A listens)"
  pv_udp_listen b 5000
  pv_udp_send a 198.51.100.7 5000 hello-b; pv_pause
  pv_udp_send a 198.51.100.7 5001 closed-b; pv_pause
  pv_udp_send a 192.0.2.254 7 closed-dut; pv_pause
  pv_udp_listen a 5000
  pv_udp_send b 192.0.2.1 5000 hello-a; pv_pause
  pv_log "A asks who has 192.0.2.77 (nobody): no answer"
  pv_scapy a a0 'Ether(src="02:00:00:00:01:01", dst="ff:ff:ff:ff:ff:ff")/ARP(op=1, hwsrc="02:00:00:00:01:01", psrc="192.0.2.1", pdst="192.0.2.77")'
  pv_pause
  pv_wait_bg
}
