#!/usr/bin/env bash
# Records pcaps/recorded/router-v4-sll2.pcap for fixtures/routing/router-v4-sll2.yaml: the
# network and the traffic of record-router-v4.sh (same DUT setup, the fixture's text applied
# verbatim), captured as `tcpdump -i any` captures: one Linux cooked capture (SLL2,
# LINKTYPE_LINUX_SLL2 276) of every device of the DUT namespace, with the interface index
# and the packet type (incoming to us, broadcast, multicast, to another host, or outgoing)
# where an Ethernet capture has the MACs.
# Usage: sudo scripts/capture/record/record-router-v4-sll2.sh [OUT.pcap]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/routing/router-v4-sll2.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/router-v4-sll2.pcap}"

pv_router_v4_net "$FIXTURE"
pv_log "DUT interfaces (the capture's sll.ifindex):"
pv_in dut ip -o link show | awk '{ print "   " $1 " " $2 }' >&2

ip netns exec "$(pv_nsname dut)" tcpdump -i any -y LINUX_SLL2 --time-stamp-precision=nano -U -q -n -w "$PV_TMP/any.pcap" >/dev/null 2>"$PV_TMP/tcpdump-any.log" &
PV_CAPTURE_PIDS+=($!)
sleep 2
pv_router_v4_traffic
sleep 1
for pid in "${PV_CAPTURE_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
for pid in "${PV_CAPTURE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PV_CAPTURE_PIDS=()
cp "$PV_TMP/any.pcap" "$OUT"
tcpdump -n -r "$OUT" -e --nano -# 2>/dev/null
