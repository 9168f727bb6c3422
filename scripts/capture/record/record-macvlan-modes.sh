#!/usr/bin/env bash
# Records pcaps/recorded/macvlan-modes.pcapng for fixtures/macvlan/macvlan-modes.yaml.
#
#   host H (pvk2-…-h)                           DUT (pvk2-…-dut)
#   h0 02:00:00:00:01:01 ------ veth ---------- eth0 02:00:00:00:01:fe 192.0.2.14/28
#   192.0.2.1/28, .17/28, .33/28,                 mvpriv  private 02:00:00:00:01:11 192.0.2.30/28
#   .49/28, .65/28 (one address in                mvvepa  vepa    02:00:00:00:01:12 192.0.2.46/28
#   each of the DUT's subnets)                    mvbr    bridge  02:00:00:00:01:13 192.0.2.62/28
#                                                 mvbr2   bridge  02:00:00:00:01:14 (no address)
#                                                 mvsrc   source  02:00:00:00:01:15 192.0.2.78/28
#                                                         (source MAC list: H's 02:00:00:00:01:01)
#   host P (pvk2-…-p)
#   p0 02:00:00:00:02:01 ------ veth ---------- eth1 02:00:00:00:02:fe
#   198.51.100.1/24                               mvpass  passthru (inherits eth1's MAC) 198.51.100.254/24
#
# The DUT's configuration is the fixture's setup text, applied verbatim. Hosts run with
# IPv6 disabled. Frames no ordinary tool sends are made with scapy (see the log lines):
# the reflected gratuitous ARPs stand for an external 802.1Qbg (VEPA) switch hairpinning
# the macvlans' own broadcasts back down the port.
# Usage: sudo scripts/capture/record/record-macvlan-modes.sh [OUT.pcapng]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/macvlan/macvlan-modes.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/macvlan-modes.pcapng}"
H=02:00:00:00:01:01

pv_ns dut v6
pv_ns h
pv_ns p
pv_wire eth0 h h0 $H
pv_wire eth1 p p0 02:00:00:00:02:01
for a in 192.0.2.1 192.0.2.17 192.0.2.33 192.0.2.49 192.0.2.65; do pv_in h ip address add $a/28 dev h0; done
pv_in p ip address add 198.51.100.1/24 dev p0
pv_dut_setup "$FIXTURE"
sleep 3 # DAD and MLD reports of the ports and macvlans are over before the capture starts

pv_capture_start eth0 eth1
pv_log "H pings the lower eth0 (192.0.2.14), then each macvlan: mvpriv .30, mvvepa .46, mvbr .62, mvsrc .78"
for a in 192.0.2.14 192.0.2.30 192.0.2.46 192.0.2.62 192.0.2.78; do pv_in h ping -c 1 -W 1 $a || true; pv_pause; done
pv_log "P pings the passthru macvlan (198.51.100.254)"
pv_in p ping -c 1 198.51.100.254; pv_pause
pv_log "H sends an ICMP echo request for 192.0.2.14 to the unknown MAC 02:00:00:00:01:99"
pv_scapy h h0 'Ether(src="02:00:00:00:01:01", dst="02:00:00:00:01:99")/IP(src="192.0.2.1", dst="192.0.2.14")/ICMP(id=0x99, seq=1)'
pv_pause
pv_log "P sends an ICMP echo request for 198.51.100.254 to the unknown MAC 02:00:00:00:02:99 (passthru)"
pv_scapy p p0 'Ether(src="02:00:00:00:02:01", dst="02:00:00:00:02:99")/IP(src="198.51.100.1", dst="198.51.100.254")/ICMP(id=0x99, seq=2)'
pv_pause
pv_log "H sends an ICMP echo request for mvvepa's IP (192.0.2.46) to mvpriv's MAC"
pv_scapy h h0 'Ether(src="02:00:00:00:01:01", dst="02:00:00:00:01:11")/IP(src="192.0.2.33", dst="192.0.2.46")/ICMP(id=0x99, seq=3)'
pv_pause
pv_log "Reflected gratuitous ARPs: from mvpriv (to it alone), mvvepa (to the lower, the bridge ones), mvbr (to the lower, the vepa one)"
for m in 11:192.0.2.30 12:192.0.2.46 13:192.0.2.62; do
  mac=02:00:00:00:01:${m%%:*} ip=${m#*:}
  pv_scapy h h0 "Ether(src=\"$mac\", dst=\"ff:ff:ff:ff:ff:ff\")/ARP(op=1, hwsrc=\"$mac\", psrc=\"$ip\", hwdst=\"00:00:00:00:00:00\", pdst=\"$ip\")"
  pv_pause
done
pv_log "H pings mvpriv again (its ARP entry is there now: unicast only)"
pv_in h ping -c 1 192.0.2.30; pv_pause
pv_capture_stop "$OUT" "eth0=port eth0 (02:00:00:00:01:fe, 192.0.2.14/28), lower of mvpriv, mvvepa, mvbr, mvbr2, mvsrc; host H 02:00:00:00:01:01" \
  "eth1=port eth1 (02:00:00:00:02:fe), lower of passthru mvpass 198.51.100.254/24; host P 198.51.100.1 (02:00:00:00:02:01)"
