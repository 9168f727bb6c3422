#!/usr/bin/env python3
"""Frame pump and counter reader for scripts/kernel-check (run by kernel-check.ts).

Started inside the *peer* namespace (the silent far ends of the DUT's ports):

    ip netns exec PEER python3 kernel-helper.py --dut DUTNS --port eth0=p0 --port eth1=p1

It opens one AF_PACKET socket per peer end (to send a frame "into" a DUT port and to see
every frame the DUT puts out of that port), then joins the DUT's network namespace
(setns) to read the DUT's per-netdev counters (rtnetlink RTM_GETLINK, IFLA_STATS64) and
/proc/net/snmp, snmp6 and netstat. Packet sockets stay bound to the namespace they were
made in, so one process sees both sides and correlation is exact: snapshot the counters,
send, collect what comes out for a window, snapshot again.

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
  {"op":"send","port":"eth0","hex":"…","window_ms":30,"max_ms":250,"quiet_ms":10}
      -> {"ok":true,"out":[{"port":"eth1","hex":"…","pkttype":0}],"stray":[…],
          "links":{dev:{counter:delta}},"snmp":{name:delta}}
     "stray" are frames that arrived before the send (not caused by this frame).
  {"op":"idle","ms":500} -> {"ok":true,"out":[…]}   frames put out while nothing is sent
  {"op":"settle","quiet_ms":1500,"max_ms":20000} -> {"ok":true,"out":[…],"quiet":true}
  {"op":"links"} -> {"ok":true,"links":{dev:{counter:value}}}
  {"op":"quit"}
Errors: {"ok":false,"error":"…"}. Only the Python standard library is used.
"""
import argparse
import ctypes
import json
import os
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23
PACKET_OUTGOING = 4
CLONE_NEWNET = 0x40000000

NETLINK_ROUTE = 0
RTM_GETLINK = 18
RTM_NEWLINK = 16
NLM_F_REQUEST = 1
NLM_F_DUMP = 0x300
NLMSG_DONE = 3
NLMSG_ERROR = 2
IFLA_IFNAME = 3
IFLA_STATS64 = 23

# struct rtnl_link_stats64 (include/uapi/linux/if_link.h), in order; newer kernels append.
STATS64 = (
    "rx_packets tx_packets rx_bytes tx_bytes rx_errors tx_errors rx_dropped tx_dropped "
    "multicast collisions rx_length_errors rx_over_errors rx_crc_errors rx_frame_errors "
    "rx_fifo_errors rx_missed_errors tx_aborted_errors tx_carrier_errors tx_fifo_errors "
    "tx_heartbeat_errors tx_window_errors rx_compressed tx_compressed rx_nohandler "
    "rx_otherhost_dropped"
).split()
# Counters worth a delta per frame (bytes are left out: packets say enough).
LINK_KEYS = (
    "rx_packets", "tx_packets", "rx_dropped", "tx_dropped", "rx_errors", "tx_errors",
    "multicast", "rx_nohandler", "rx_otherhost_dropped",
)


def setns(path):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(%s): %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


class Links:
    """Per-netdev counters of the namespace this socket was made in (rtnetlink dump)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
        self.sock.bind((0, 0))
        self.seq = 0

    def read(self):
        self.seq += 1
        ifinfo = struct.pack("BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)
        msg = struct.pack("=LHHLL", 16 + len(ifinfo), RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0) + ifinfo
        self.sock.send(msg)
        links = {}
        done = False
        while not done:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                length, typ, _flags, seq, _pid = struct.unpack_from("=LHHLL", data, off)
                if length < 16:
                    break
                if typ == NLMSG_DONE:
                    done = True
                elif typ == NLMSG_ERROR:
                    raise OSError("RTM_GETLINK failed")
                elif typ == RTM_NEWLINK and seq == self.seq:
                    name, stats = self.parse(data[off + 16 + 16: off + length])
                    if name is not None:
                        links[name] = stats
                off += (length + 3) & ~3
        return links

    @staticmethod
    def parse(attrs):
        name = None
        stats = {}
        off = 0
        while off + 4 <= len(attrs):
            alen, atype = struct.unpack_from("=HH", attrs, off)
            if alen < 4:
                break
            payload = attrs[off + 4: off + alen]
            atype &= 0x3FFF
            if atype == IFLA_IFNAME:
                name = payload.split(b"\0", 1)[0].decode()
            elif atype == IFLA_STATS64:
                n = len(payload) // 8
                values = struct.unpack_from("=%dQ" % n, payload)
                for key, value in zip(STATS64, values):
                    if key in LINK_KEYS:
                        stats[key] = value
            off += (alen + 3) & ~3
        return name, stats


def read_snmp():
    """/proc/net/snmp and netstat ("Ip: Forwarding …" header + value lines) and snmp6
    ("Ip6InReceives 3" lines), as {IpForwDatagrams: n, Ip6InDelivers: n, TcpExtArpFilter: n}."""
    out = {}
    for path in ("/proc/net/snmp", "/proc/net/netstat"):
        try:
            with open(path) as f:
                lines = f.read().splitlines()
        except OSError:
            continue
        for i in range(0, len(lines) - 1, 2):
            head = lines[i].split()
            vals = lines[i + 1].split()
            if not head or head[0] != vals[0]:
                continue
            section = head[0].rstrip(":")
            for k, v in zip(head[1:], vals[1:]):
                try:
                    out[section + k] = int(v)
                except ValueError:
                    pass
    try:
        with open("/proc/net/snmp6") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    out[parts[0]] = int(parts[1])
    except OSError:
        pass
    return out


def delta_map(before, after):
    d = {}
    for k, v in after.items():
        dv = v - before.get(k, 0)
        if dv != 0:
            d[k] = dv
    return d


class Pump:
    def __init__(self, ports, dutns):
        self.socks = {}  # port name -> socket on its peer end
        self.byfd = {}
        for port, peer in ports:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            try:
                s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
            except OSError:
                pass  # older kernels: outgoing copies are filtered by pkttype below
            s.bind((peer, 0))
            s.setblocking(False)
            self.socks[port] = s
            self.byfd[s.fileno()] = port
        setns("/run/netns/" + dutns)
        self.links = Links()

    def drain(self, deadline, quiet_ms=0, max_deadline=None):
        """Collects frames until `deadline`; each frame pushes the deadline to at least
        quiet_ms after it, up to max_deadline."""
        out = []
        fds = list(self.byfd)
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            ready, _, _ = select.select(fds, [], [], deadline - now)
            for fd in ready:
                port = self.byfd[fd]
                s = self.socks[port]
                while True:
                    try:
                        data, addr = s.recvfrom(65536)
                    except BlockingIOError:
                        break
                    if addr[2] == PACKET_OUTGOING:
                        continue
                    out.append({"port": port, "hex": data.hex(), "pkttype": addr[2]})
                    if quiet_ms:
                        limit = max_deadline if max_deadline is not None else deadline
                        deadline = min(max(deadline, time.monotonic() + quiet_ms / 1000.0), limit)
        return out

    def counters(self):
        return self.links.read(), read_snmp()

    def send(self, req):
        port = req["port"]
        s = self.socks.get(port)
        if s is None:
            raise ValueError("unknown port %s" % port)
        stray = self.drain(time.monotonic())  # whatever is already queued
        links0, snmp0 = self.counters()
        t0 = time.monotonic()
        s.send(bytes.fromhex(req["hex"]))
        window = req.get("window_ms", 30) / 1000.0
        out = self.drain(t0 + window, req.get("quiet_ms", 10), t0 + req.get("max_ms", 250) / 1000.0)
        links1, snmp1 = self.counters()
        links = {}
        for dev, after in links1.items():
            d = delta_map(links0.get(dev, {}), after)
            if d:
                links[dev] = d
        return {"ok": True, "out": out, "stray": stray, "links": links, "snmp": delta_map(snmp0, snmp1)}

    def settle(self, req):
        quiet = req.get("quiet_ms", 1500) / 1000.0
        end = time.monotonic() + req.get("max_ms", 20000) / 1000.0
        seen = []
        while True:
            now = time.monotonic()
            if now >= end:
                return {"ok": True, "out": seen, "quiet": False}
            got = self.drain(min(now + quiet, end))
            seen.extend(got)
            if not got and time.monotonic() - now >= quiet - 0.001:
                return {"ok": True, "out": seen, "quiet": True}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dut", required=True)
    ap.add_argument("--port", action="append", default=[], help="PORT=PEERIF")
    args = ap.parse_args()
    ports = [tuple(p.split("=", 1)) for p in args.port]
    pump = Pump(ports, args.dut)
    print(json.dumps({"ok": True, "ready": True, "pid": os.getpid()}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            op = req.get("op")
            if op == "send":
                res = pump.send(req)
            elif op == "idle":
                res = {"ok": True, "out": pump.drain(time.monotonic() + req.get("ms", 100) / 1000.0)}
            elif op == "settle":
                res = pump.settle(req)
            elif op == "links":
                res = {"ok": True, "links": pump.links.read()}
            elif op == "quit":
                print(json.dumps({"ok": True}), flush=True)
                return
            else:
                res = {"ok": False, "error": "unknown op %r" % op}
        except Exception as e:  # report, keep serving
            res = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
