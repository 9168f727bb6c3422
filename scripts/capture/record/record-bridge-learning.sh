#!/usr/bin/env bash
# Records pcaps/recorded/bridge-learning.pcapng for fixtures/bridging/bridge-learning.yaml.
#
#   host A a0 02:00:00:00:01:01 192.0.2.1 ---- eth0 02:00:00:00:01:fe -+
#   host B b0 02:00:00:00:02:02 192.0.2.2 ---- eth1 02:00:00:00:02:fe -+- br0 02:00:00:00:10:fe
#   host C c0 02:00:00:00:03:03 192.0.2.3 ---- eth2 02:00:00:00:03:fe -+  192.0.2.254/24
#
# The DUT's configuration is the fixture's setup text, applied verbatim. Hosts run with
# IPv6 disabled. A few frames no ordinary tool sends are made with scapy (see the log lines).
# Usage: sudo scripts/capture/record/record-bridge-learning.sh [OUT.pcapng]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/bridging/bridge-learning.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/bridge-learning.pcapng}"
A=02:00:00:00:01:01 B=02:00:00:00:02:02 C=02:00:00:00:03:03

pv_ns dut v6
pv_ns a
pv_ns b
pv_ns c
pv_wire eth0 a a0 $A
pv_wire eth1 b b0 $B
pv_wire eth2 c c0 $C
pv_in a ip address add 192.0.2.1/24 dev a0
pv_in b ip address add 192.0.2.2/24 dev b0
pv_in c ip address add 192.0.2.3/24 dev c0
pv_dut_setup "$FIXTURE"
sleep 3 # DAD and MLD reports of br0 and the ports are over before the capture starts

pv_capture_start eth0 eth1 eth2
pv_log "A knows C's MAC (static neighbour) and pings C twice: the first request floods (C unknown), C ARPs for A (flood), then unicast both ways"
pv_in a ip neigh add 192.0.2.3 lladdr $C dev a0
pv_in a ping -c 2 -i 0.5 192.0.2.3; pv_pause
pv_log "B pings A: ARP broadcast floods (and reaches br0), the rest goes only to learned ports"
pv_in b ping -c 1 192.0.2.2 >/dev/null 2>&1 || true   # (own address: no frame)
pv_in b ping -c 1 192.0.2.1; pv_pause
pv_log "A pings br0 (192.0.2.254): ARP for the bridge's IP, then local delivery"
pv_in a ping -c 1 192.0.2.254; pv_pause
pv_log "C pings br0"
pv_in c ping -c 1 192.0.2.254; pv_pause
pv_log "B sends UDP to an unknown MAC 02:00:00:00:09:09: flooded to eth0 and eth2"
pv_scapy b b0 'Ether(src="02:00:00:00:02:02", dst="02:00:00:00:09:09")/IP(src="192.0.2.2", dst="192.0.2.9")/UDP(sport=40000, dport=9)/Raw(b"unknown-mac")'
pv_pause
pv_log "C sends a broadcast UDP datagram to 192.0.2.255:9: flooded and received by br0"
pv_in c python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.sendto(b"broadcast", ("192.0.2.255", 9))'
pv_pause
pv_log "Station 02:00:00:00:01:02 behind eth0 (a second MAC on A's segment) sends to the unknown MAC (learned on eth0), then A sends to it: filtered (same port)"
pv_scapy a a0 'Ether(src="02:00:00:00:01:02", dst="02:00:00:00:09:09")/IP(src="192.0.2.12", dst="192.0.2.9")/UDP(sport=40001, dport=9)/Raw(b"second-station")'
pv_pause
pv_scapy a a0 'Ether(src="02:00:00:00:01:01", dst="02:00:00:00:01:02")/IP(src="192.0.2.1", dst="192.0.2.12")/UDP(sport=40002, dport=9)/Raw(b"same-port")'
pv_pause
pv_log "B sends an STP configuration BPDU (forwarded: STP is off) and an LLDP frame (not forwarded)"
pv_scapy b b0 'Ether(src="02:00:00:00:02:02", dst="01:80:c2:00:00:00", type=38)/Raw(bytes.fromhex("424203000000000080000200000002020000000080000200000002028001000014000200" + "0f00"))'
pv_pause
pv_scapy b b0 'Ether(src="02:00:00:00:02:02", dst="01:80:c2:00:00:0e", type=0x88cc)/Raw(bytes.fromhex("020704020000000202040703020000000202060200780000"))'
pv_pause
pv_capture_stop "$OUT" "eth0=bridge port eth0 of br0 (02:00:00:00:01:fe); host A 192.0.2.1 (02:00:00:00:01:01)" \
  "eth1=bridge port eth1 of br0 (02:00:00:00:02:fe); host B 192.0.2.2 (02:00:00:00:02:02)" \
  "eth2=bridge port eth2 of br0 (02:00:00:00:03:fe); host C 192.0.2.3 (02:00:00:00:03:03)"
