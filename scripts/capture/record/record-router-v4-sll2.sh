#!/usr/bin/env bash
# Records pcaps/recorded/router-v4-sll2.pcap for fixtures/routing/router-v4-sll2.yaml: the
# network and the traffic of record-router-v4.sh (same DUT setup, the fixture's text applied
# verbatim), captured as `tcpdump -i any` captures: one Linux cooked capture (SLL2,
# LINKTYPE_LINUX_SLL2 276) of every device of the DUT namespace, with the interface index
# and the packet type (incoming to us, broadcast, multicast, to another host, or outgoing)
# where an Ethernet capture has the MACs. The ARP request for an address nobody has is sent
# through an AF_PACKET socket (scapy there).
# Usage: sudo scripts/capture/record/record-router-v4-sll2.sh [OUT.pcap]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/routing/router-v4-sll2.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/router-v4-sll2.pcap}"

pv_ns dut v6
pv_ns a
pv_ns b
pv_wire eth0 a a0 02:00:00:00:01:01
pv_wire eth1 b b0 02:00:00:00:02:07
pv_in a ip address add 192.0.2.1/24 dev a0
pv_in a ip route add default via 192.0.2.254
pv_in b ip address add 198.51.100.7/25 dev b0
pv_in b ip route add default via 198.51.100.126
pv_dut_setup "$FIXTURE"
sleep 3 # DUT's IPv6 DAD and MLD reports are over before the capture starts
pv_log "DUT interfaces (the capture's sll.ifindex):"
pv_in dut ip -o link show | awk '{ print "   " $1 " " $2 }' >&2

ip netns exec "$(pv_nsname dut)" tcpdump -i any -y LINUX_SLL2 --time-stamp-precision=nano -U -q -n -w "$PV_TMP/any.pcap" >/dev/null 2>"$PV_TMP/tcpdump-any.log" &
PV_CAPTURE_PIDS+=($!)
sleep 2
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
pv_in a python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("a0", 0))
s.send(bytes.fromhex(sys.argv[1]))' ffffffffffff02000000010108060001080006040001020000000101c0000201000000000000c000024d
pv_pause
pv_wait_bg
sleep 1
for pid in "${PV_CAPTURE_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
for pid in "${PV_CAPTURE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PV_CAPTURE_PIDS=()
cp "$PV_TMP/any.pcap" "$OUT"
tcpdump -n -r "$OUT" -e --nano -# 2>/dev/null
