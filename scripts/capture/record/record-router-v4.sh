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

pv_router_v4_net "$FIXTURE"
pv_capture_start eth0 eth1
pv_router_v4_traffic
pv_capture_stop "$OUT" "eth0=router port eth0, 192.0.2.254/24 (02:00:00:00:01:fe); host A 192.0.2.1 (02:00:00:00:01:01)" \
  "eth1=router port eth1, 198.51.100.126/25 (02:00:00:00:02:fe); host B 198.51.100.7 (02:00:00:00:02:07)"
