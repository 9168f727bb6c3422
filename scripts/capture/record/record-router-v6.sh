#!/usr/bin/env bash
# Records pcaps/recorded/router-v6.pcapng for fixtures/routing/router-v6.yaml.
#
#   host A (pvk2-…-a)                    DUT (pvk2-…-dut)                    host B (pvk2-…-b)
#   a0 02:00:00:00:01:01  ---- veth ---- eth0 02:00:00:00:01:fe
#   2001:db8:1::1/64                     2001:db8:1::fe/64, fe80::ff:fe00:1fe
#   default via 2001:db8:1::fe           eth1 02:00:00:00:02:fe ---- veth ---- b0 02:00:00:00:02:07
#                                        2001:db8:2::fe/64                    2001:db8:2::7/64
#                                                                             default via 2001:db8:2::fe
# The DUT's configuration is the fixture's setup text, applied verbatim. Hosts send no
# router solicitations and have no IPv4 addresses; the capture starts once DAD and MLD
# reports are over, so neighbour caches are empty and it starts with ND.
# Usage: sudo scripts/capture/record/record-router-v6.sh [OUT.pcapng]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/routing/router-v6.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/router-v6.pcapng}"

pv_ns dut v6
pv_ns a v6
pv_ns b v6
pv_wire eth0 a a0 02:00:00:00:01:01
pv_wire eth1 b b0 02:00:00:00:02:07
pv_in a ip -6 address add 2001:db8:1::1/64 dev a0
pv_in b ip -6 address add 2001:db8:2::7/64 dev b0
pv_dut_setup "$FIXTURE"
sleep 3 # DAD (1 s) and MLD reports of hosts and DUT are over before the capture starts
pv_in a ip -6 route add default via 2001:db8:1::fe
pv_in b ip -6 route add default via 2001:db8:2::fe

pv_capture_start eth0 eth1
pv_log "A pings B twice (ND A->DUT on eth0, DUT->B on eth1)"
pv_in a ping -6 -c 2 -i 0.5 2001:db8:2::7; pv_pause
pv_log "B pings A"
pv_in b ping -6 -c 1 2001:db8:1::1; pv_pause
pv_log "A pings B with hop limit 1: DUT sends time exceeded"
pv_in a ping -6 -c 1 -t 1 -W 1 2001:db8:2::7 || true; pv_pause
pv_log "A pings 2001:db8:3::1 (no route)"
pv_in a ping -6 -c 1 -W 1 2001:db8:3::1 || true; pv_pause
pv_log "A pings 2001:db8:ff::1 (blackhole route): silence"
pv_in a ping -6 -c 1 -W 1 2001:db8:ff::1 || true; pv_pause
pv_log "A pings 2001:db8:fe::1 (unreachable route)"
pv_in a ping -6 -c 1 -W 1 2001:db8:fe::1 || true; pv_pause
pv_log "A pings the DUT's near, far and link-local addresses; B pings the DUT's far-side address"
pv_in a ping -6 -c 1 2001:db8:1::fe; pv_pause
pv_in a ping -6 -c 1 2001:db8:2::fe; pv_pause
pv_in a ping -6 -c 1 fe80::ff:fe00:1fe%a0; pv_pause
pv_in b ping -6 -c 1 2001:db8:2::fe; pv_pause
pv_log "UDP: A -> B:5000 (B listens), A -> B:5001 (closed), A -> DUT:7 (closed), B -> A:5000 (A listens)"
pv_udp_listen b 5000 v6
pv_udp_send a 2001:db8:2::7 5000 hello-b; pv_pause
pv_udp_send a 2001:db8:2::7 5001 closed-b; pv_pause
pv_udp_send a 2001:db8:1::fe 7 closed-dut; pv_pause
pv_udp_listen a 5000 v6
pv_udp_send b 2001:db8:1::1 5000 hello-a; pv_pause
pv_wait_bg
pv_capture_stop "$OUT" "eth0=router port eth0, 2001:db8:1::fe/64 (02:00:00:00:01:fe); host A 2001:db8:1::1 (02:00:00:00:01:01)" \
  "eth1=router port eth1, 2001:db8:2::fe/64 (02:00:00:00:02:fe); host B 2001:db8:2::7 (02:00:00:00:02:07)"
