#!/usr/bin/env bash
# Records pcaps/recorded/router-v4.pcapng for fixtures/routing/router-v4.yaml.
#
#   host A (pvk2-…-a)                    DUT (pvk2-…-dut)                    host B (pvk2-…-b)
#   a0 02:00:00:00:01:01  ---- veth ---- eth0 02:00:00:00:01:fe
#   192.0.2.1/24, default via .254       192.0.2.254/24
#                                        eth1 02:00:00:00:02:fe ---- veth ---- b0 02:00:00:00:02:07
#                                        198.51.100.126/25                    198.51.100.7/25
#                                                                             default via .126
# The DUT's configuration is the fixture's setup text, applied verbatim. Hosts run with
# IPv6 disabled, so the capture is IPv4 and ARP (plus the DUT's own IPv6 chatter).
# Usage: sudo scripts/capture/record/record-router-v4.sh [OUT.pcapng]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/routing/router-v4.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/router-v4.pcapng}"

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

pv_capture_start eth0 eth1
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
pv_capture_stop "$OUT" "eth0=router port eth0, 192.0.2.254/24 (02:00:00:00:01:fe); host A 192.0.2.1 (02:00:00:00:01:01)" \
  "eth1=router port eth1, 198.51.100.126/25 (02:00:00:00:02:fe); host B 198.51.100.7 (02:00:00:00:02:07)"
