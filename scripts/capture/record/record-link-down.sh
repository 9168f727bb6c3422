#!/usr/bin/env bash
# Records pcaps/recorded/link-down.pcapng for fixtures/routing/link-down.yaml, and writes the
# frame numbers of the fixture's two events (the capture decides them).
#
# Topology and addresses as record-router-v4.sh (host A 192.0.2.1 behind eth0, host B
# 198.51.100.7 behind eth1, the DUT routing between them), without the extra routes.
# Host A pings B 12 times, every 0.5 s; about 2.2 s in the DUT runs `ip link set eth1 down`,
# about 2 s later `ip link set eth1 up`. Each event's time is taken on the DUT just before
# the command (CLOCK_REALTIME, the clock of the capture's timestamps); the event goes before
# the first frame captured after that time.
# Usage: sudo scripts/capture/record/record-link-down.sh [OUT.pcapng]
. "$(dirname "$0")/lib.sh"
FIXTURE="$PV_REPO/fixtures/routing/link-down.yaml"
OUT="${1:-$PV_REPO/pcaps/recorded/link-down.pcapng}"

pv_router_v4_net "$FIXTURE"

pv_capture_start eth0 eth1
pv_log "A pings B 12 times every 0.5 s"
pv_in a ping -c 12 -i 0.5 -W 1 198.51.100.7 > "$PV_TMP/ping.log" 2>&1 &
PV_BG_PIDS+=($!)
sleep 2.2
T_DOWN=$(date +%s.%N)
pv_log "DUT: ip link set eth1 down"
pv_in dut ip link set eth1 down
sleep 2
T_UP=$(date +%s.%N)
pv_log "DUT: ip link set eth1 up"
pv_in dut ip link set eth1 up
pv_wait_bg
cat "$PV_TMP/ping.log" >&2
pv_capture_stop "$OUT" "eth0=router port eth0, 192.0.2.254/24 (02:00:00:00:01:fe); host A 192.0.2.1 (02:00:00:00:01:01)" \
  "eth1=router port eth1, 198.51.100.126/25 (02:00:00:00:02:fe), down mid-capture; host B 198.51.100.7 (02:00:00:00:02:07)"

pv_log "writing the events' frame numbers into $FIXTURE"
(cd "$PV_REPO" && node -e '
const fs = require("fs");
const { openCapture } = require("./dist/src/capture/open-capture");
const [fixture, capture, tDown, tUp] = process.argv.slice(1);
const ns = (t) => { const [s, f = ""] = t.split("."); return BigInt(s) * 1000000000n + BigInt((f + "000000000").slice(0, 9)); };
const firstAfter = (t) => { const r = openCapture(capture); try { while (r.next()) if (r.frame.ts > t) return r.frame.number; } finally { r.close(); } throw new Error("no frame after the event"); };
const down = firstAfter(ns(tDown)), up = firstAfter(ns(tUp));
const text = fs.readFileSync(fixture, "utf8");
const at = text.indexOf("\nevents:\n");
if (at < 0) throw new Error("fixture has no events: block at its end");
fs.writeFileSync(fixture, text.slice(0, at) + `\nevents:\n  - { at: { frame: ${down} }, run: "ip link set eth1 down" }\n  - { at: { frame: ${up} }, run: "ip link set eth1 up" }\n`);
console.log(`events: eth1 down before frame ${down}, up before frame ${up}`);
' "$FIXTURE" "$OUT" "$T_DOWN" "$T_UP")
