#!/usr/bin/env bash
# Re-runs the measurements written up in docs/kernel-behaviour.md: what the kernel and
# iproute2 print (stderr text and exit status) when they refuse a setup command, and what
# `ip monitor route` prints while addresses, routes and links change.
#
# Needs root, network namespaces, veth, bridge, macvlan and ifb. Every namespace it makes is
# named pvk-<pid>-<n> and is deleted on exit, also on Ctrl-C. Nothing outside those
# namespaces is touched. Output is plain text on stdout; redirect it to a file and compare it
# with docs/kernel-behaviour.md (`diff` against a previous run is the quickest check).
#
#   sudo scripts/kernel/measure-kernel-messages.sh > /tmp/kernel-$(uname -r).txt
#
# Sections: errors (command -> output and exit status) and sequences (`ip monitor route`
# lines printed for each step, then `ip -4 route show table all` and `ip -6 route show table all`).
set -u
export LC_ALL=C

if [ "$(id -u)" != 0 ]; then
  echo "measure-kernel-messages.sh: needs root (network namespaces)" >&2
  exit 2
fi
for tool in ip bridge sysctl; do
  command -v "$tool" >/dev/null || { echo "measure-kernel-messages.sh: $tool not found" >&2; exit 2; }
done

PFX="pvk-$$"
N=0
NS=""
MONPID=""
MONFILE=""
MONSEEN=0

cleanup() {
  [ -n "$MONPID" ] && kill "$MONPID" 2>/dev/null
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PFX-"); do
    ip netns del "$ns" 2>/dev/null
  done
  [ -n "$MONFILE" ] && rm -f "$MONFILE"
}
trap cleanup EXIT INT TERM

# A fresh namespace with lo up; its name is in $NS.
fresh() {
  [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
  N=$((N + 1))
  NS="$PFX-$N"
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  echo
  echo "### $*"
}

# Quiet setup inside $NS: the words are a command line run with `ip netns exec`.
s() { ip netns exec "$NS" "$@" >/dev/null 2>&1 || echo "    (setup failed: $*)"; }

# A measured command: prints the command, everything it printed (stdout and stderr, in
# order), and its exit status.
m() {
  local out rc
  out=$(ip netns exec "$NS" "$@" 2>&1)
  rc=$?
  echo "\$ $*"
  [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
  echo "    [exit $rc]"
}

# Shows state without measuring (indented, after a "=" line).
show() {
  echo "= $*"
  ip netns exec "$NS" "$@" 2>&1 | sed 's/^/    /'
}

# The standard topology: veth va<->vb (both up, so carrier is on), bridge br0 (up, no ports).
topo() {
  s ip link add va type veth peer name vb
  s ip link set va up
  s ip link set vb up
  s ip link add br0 type bridge
  s ip link set br0 up
}

# Starts `ip monitor route` in $NS. Waits first for IPv6 DAD of the link-local addresses of
# the devices already up, so their late `local fe80::...` routes do not land in the first steps.
mon_start() {
  sleep 3
  MONFILE=$(mktemp)
  ip -n "$NS" monitor route >"$MONFILE" 2>&1 &
  MONPID=$!
  MONSEEN=0
  sleep 0.5
}

# One step of a monitored sequence: run it, wait, print the monitor lines it caused and the
# route tables after it. A step may take a delay (seconds) as its first word: `@2 cmd ...`.
step() {
  local delay=0.5
  case "$1" in @*) delay=${1#@}; shift ;; esac
  local out rc
  out=$(ip netns exec "$NS" "$@" 2>&1)
  rc=$?
  sleep "$delay"
  echo
  echo "\$ $*"
  [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
  [ "$rc" != 0 ] && echo "    [exit $rc]"
  local total
  total=$(wc -l <"$MONFILE")
  echo "  ip monitor route:"
  if [ "$total" -gt "$MONSEEN" ]; then
    tail -n +"$((MONSEEN + 1))" "$MONFILE" | head -n "$((total - MONSEEN))" | sed 's/^/    | /'
  else
    echo "    (nothing)"
  fi
  MONSEEN=$total
  echo "  ip -4 route show table all:"
  ip -n "$NS" -4 route show table all | sed 's/^/    /'
  echo "  ip -6 route show table all:"
  ip -n "$NS" -6 route show table all | sed 's/^/    /'
}

mon_stop() {
  kill "$MONPID" 2>/dev/null
  wait "$MONPID" 2>/dev/null
  MONPID=""
  rm -f "$MONFILE"
  MONFILE=""
}

echo "# measure-kernel-messages.sh"
echo "kernel: $(uname -r)"
echo "iproute2: $(ip -V)"
echo "bridge: $(bridge -V)"
echo "procps: $(sysctl --version)"

echo
echo "## Errors"

fresh "addresses"
topo
m ip addr add 10.0.0.1/24 dev va
m ip addr add 10.0.0.1/24 dev va
m ip -6 addr add 2001:db8::1/64 dev va nodad
m ip -6 addr add 2001:db8::1/64 dev va nodad
m ip addr add 10.0.0.1/24 dev vb
m ip addr del 10.0.0.9/24 dev va
m ip addr del 10.0.0.1/24 dev vb
m ip -6 addr del 2001:db8::9/64 dev va
m ip addr add 10.0.0.5/24 dev nosuch
m ip addr del 10.0.0.5/24 dev nosuch
m ip addr add 10.0.0.6/24 dev va scope link
m ip addr add 10.0.0.7/24 dev va scope host
m ip addr add 10.0.9.6/24 dev va scope link
m ip addr add 10.0.9.7/24 dev va scope link
m ip -6 addr add 2001:db8:9::1/64 dev va scope link nodad
m ip addr add 10.0.0.1/16 dev va
m ip addr add 10.0.0.8 dev va
m ip addr del 10.0.0.8 dev va
m ip addr add 1.2.3 dev va
show ip -4 addr show dev va

fresh "routes"
topo
s ip addr add 10.0.0.1/24 dev va
s ip -6 addr add 2001:db8::1/64 dev va nodad
s ip link add vdown type veth peer name vdownp
s ip addr add 10.9.0.1/24 dev vdown
m ip route add 10.1.0.0/16 via 10.0.0.2
m ip route add 10.1.0.0/16 via 10.0.0.2
m ip route add 10.1.0.0/16 via 10.0.0.3
m ip route add 10.1.0.0/16 via 10.0.0.3 metric 5
m ip route add 10.2.0.0/16 via 192.0.2.1
m ip route add 10.2.0.0/16 via 192.0.2.1 dev va
m ip route add 10.2.0.0/16 via 10.0.0.2 dev vb
m ip route add 10.2.0.0/16 via 192.0.2.1 dev va onlink
m ip route add 10.3.0.0/16 via 10.0.0.1
m ip route del 10.4.0.0/16
m ip route del 10.1.0.0/16 via 10.0.0.9
m ip route del 10.1.0.0/16 table 100
m ip route add 10.5.0.0/16 via 10.9.0.2 dev vdown
m ip route add 10.5.0.0/16 via 10.9.0.2
m ip route add 10.5.0.0/16 dev vdown
m ip route replace 10.6.0.0/16 via 10.0.0.2
m ip route change 10.7.0.0/16 via 10.0.0.2
m ip route add 10.8.0.1/16 dev va
m ip route add 10.10.0.0/16 dev nosuch
m ip route add 10.11.0.0/16 via 10.0.0.2 src 10.99.0.1
m ip route add 10.12.0.0/16 via 10.0.0.2 table 100
m ip route add 10.13.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.0.3
m ip route add 10.13.0.0/16 nexthop via 10.0.0.2 nexthop via 10.0.0.3
m ip route add 10.14.0.0/16 via 10.0.0.2 nexthop via 10.0.0.3
m ip route add 10.20.0.0/16 nexthop via 10.0.0.2 nexthop via 192.0.2.1 onlink
m ip route add 10.20.0.0/16 nexthop via 10.0.0.2 nexthop via 192.0.2.1 dev va onlink
m ip route add blackhole 10.15.0.0/16
m ip route add blackhole 10.15.0.0/16 dev va
m ip route add unreachable 10.16.0.0/16 via 10.0.0.2
m ip route add local 10.17.0.1 dev va
m ip route add 10.18.0.0/16 via inet6 fe80::1 dev va
m ip route add 10.0.0.0/24 dev va
m ip route add default via 10.0.0.2
m ip route add default via 10.0.0.3
m ip -6 route add 2001:db8:1::/48 via 2001:db8::2
m ip -6 route add 2001:db8:1::/48 via 2001:db8::2
m ip -6 route add 2001:db8:2::/48 via 2001:db9::1
m ip -6 route add 2001:db8:2::/48 via 2001:db9::1 dev va
m ip -6 route add 2001:db8:3::/48 via fe80::1
m ip -6 route del 2001:db8:4::/48
m ip -6 route replace 2001:db8:5::/48 via 2001:db8::2
m ip -6 route change 2001:db8:6::/48 via 2001:db8::2
m ip -6 route add 2001:db8:7::1/48 dev va
m ip route add 10.19.0.0/16 via 10.0.0.2 table 0
show ip -4 route show table all
show ip -6 route show table all

fresh "route append and prepend (IPv4)"
topo
s ip addr add 10.0.0.1/24 dev va
m ip route add 10.7.0.0/16 via 10.0.0.2
m ip route append 10.7.0.0/16 via 10.0.0.3
m ip route prepend 10.7.0.0/16 via 10.0.0.4
m ip route append 10.7.0.0/16 via 10.0.0.3
show ip route show 10.7.0.0/16
m ip route replace 10.7.0.0/16 via 10.0.0.5
show ip route show 10.7.0.0/16
m ip route del 10.7.0.0/16
show ip route show 10.7.0.0/16
m ip route del 10.7.0.0/16
show ip route show 10.7.0.0/16
m ip route del 10.7.0.0/16
m ip route add 10.7.0.0/16 via 10.0.0.2
m ip route change 10.7.0.0/16 via 10.0.0.6
show ip route show 10.7.0.0/16

fresh "route append and prepend (IPv6)"
topo
s ip -6 addr add 2001:db8::1/64 dev va nodad
m ip -6 route add 2001:db8:7::/48 via 2001:db8::2
m ip -6 route append 2001:db8:7::/48 via 2001:db8::3
m ip -6 route prepend 2001:db8:7::/48 via 2001:db8::4
m ip -6 route append 2001:db8:7::/48 via 2001:db8::3
show ip -6 route show 2001:db8:7::/48
m ip -6 route add 2001:db8:7::/48 via 2001:db8::5
m ip -6 route replace 2001:db8:7::/48 via 2001:db8::6
show ip -6 route show 2001:db8:7::/48
m ip -6 route del 2001:db8:7::/48 via 2001:db8::6
m ip -6 route del 2001:db8:7::/48
show ip -6 route show 2001:db8:7::/48

fresh "neighbours"
topo
s ip addr add 10.0.0.1/24 dev va
m ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev va
m ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev va
m ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:06 dev va
m ip neigh replace 10.0.0.5 lladdr 02:00:00:00:00:06 dev va
m ip neigh change 10.0.0.6 lladdr 02:00:00:00:00:06 dev va
m ip neigh del 10.0.0.7 dev va
m ip neigh del 10.0.0.5 dev va
m ip neigh del 10.0.0.5 dev va
m ip neigh add 10.0.0.8 dev va
m ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev nosuch
m ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev va
m ip -6 neigh add 2001:db8::5 lladdr 02:00:00:00:00:05 dev va router
m ip neigh add 10.0.0.10 lladdr 02:00:00:00:00 dev va
m ip neigh add 10.0.0.11 lladdr 02:00:00:00:00:0b dev lo
m ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev va nud reachable
m ip neigh add 10.0.0.13 lladdr 02:00:00:00:00:0d dev va nud stale
m ip neigh add 10.0.0.14 lladdr 02:00:00:00:00:0e dev va nud noarp
m ip neigh add 10.0.0.15 lladdr 02:00:00:00:00:0f dev va nud failed
m ip neigh add 10.0.0.16 lladdr 02:00:00:00:00:10 dev va nud none
show ip neigh show dev va

fresh "links"
topo
m ip link add va type veth peer name vx
m ip link add br0 type bridge
m ip link set nosuch up
m ip link del nosuch
m ip link set va master nosuch
m ip link set va master vb
m ip link set va master va
m ip link set va master br0
m ip link set va master br0
m ip link set br0 master br0
m ip link set lo master br0
m ip link add br1 type bridge
m ip link set br0 master br1
m ip link set va nomaster
m ip link set va nomaster
m ip link set va mtu 60
m ip link set va mtu 70000
m ip link set va address 01:00:5e:00:00:01
m ip link set va address 00:00:00:00:00:00
m ip link add name bad/name type bridge
m ip link add name "with space" type bridge
m ip link add name 0123456789abcdef type bridge
m ip link add name 0123456789abcde type bridge
m ip link set va name vb
m ip link add vlan5 link va type vlan id 5
m ip link add d0 type dummy
m ip link add br2 type bridge vlan_filtering 1
m ip link set br0 type bridge vlan_filtering 1
m ip link set br0 type bridge ageing_time 30000
m ip link set br0 type bridge stp_state 1
show ip -d link show br0

fresh "bridge ports"
topo
s ip link set va master br0
m ip link del va
show ip link show
s ip link add vc type veth peer name vd
s ip link set vc master br0
m ip link del br0
show ip link show vc

fresh "macvlan"
topo
s ip link set va address 02:00:00:00:00:0a
m ip link add mv1 link va type macvlan mode private
m ip link set mv1 address 02:00:00:00:00:0a
m ip link set mv1 up
m ip link add mv2 link va address 00:00:5e:00:01:01 type macvlan mode bridge
m ip link add mv3 link va address 00:00:5e:00:01:01 type macvlan mode bridge
m ip link set mv2 up
m ip link set mv3 up
m ip link set mv3 address 00:00:5e:00:01:03
m ip link set mv3 up
m ip link set mv3 address 00:00:5e:00:01:01
m ip link add mv4 link va type macvlan mode passthru
m ip link add mv5 link vb type macvlan mode passthru
m ip link add mv6 link vb type macvlan mode passthru
m ip link add mv7 link vb type macvlan mode private
m ip link add mv8 link mv2 type macvlan mode vepa
show ip -d link show mv8
m ip link add mv9 link br0 type macvlan
m ip link add mv10 link lo type macvlan
m ip link add mv11 type macvlan
m ip link set mv2 mtu 1600
m ip link set mv2 master br0
s ip link add vlow type veth peer name vlowp
m ip link add mvd link vlow type macvlan mode bridge
m ip link set mvd up
show ip link show mvd
m ip link set vlow up
show ip link show mvd
s ip link set vlowp up
show ip link show mvd
m ip link set vlow down
show ip link show mvd
m ip link del vlow
show ip link show mvd

fresh "bridge fdb and vlan"
topo
s ip link add vc type veth peer name vd
s ip link set vc master br0
m bridge fdb add 02:00:00:00:00:01 dev va master
m bridge fdb add 02:00:00:00:00:01 dev va
show bridge fdb show dev va
m bridge fdb add 02:00:00:00:00:01 dev va
m bridge fdb del 02:00:00:00:00:01 dev va
m bridge fdb del 02:00:00:00:00:01 dev va
m bridge fdb add 02:00:00:00:00:02 dev vc master static
m bridge fdb add 02:00:00:00:00:02 dev vc master static
m bridge fdb replace 02:00:00:00:00:02 dev vc master static
m bridge fdb replace 02:00:00:00:00:02 dev vc master dynamic
m bridge fdb replace 02:00:00:00:00:07 dev vc master dynamic
m bridge fdb add 02:00:00:00:00:08 dev vc master dynamic
m bridge fdb add 02:00:00:00:00:09 dev vc master
m bridge fdb add 02:00:00:00:00:03 dev vc master static vlan 10
m bridge fdb add 02:00:00:00:00:03 dev vc master static vlan 0
m bridge fdb del 02:00:00:00:00:09 dev vc master
m bridge fdb add 02:00:00:00:00:04 dev br0 self local
m bridge fdb add 02:00:00:00:00:05 dev nosuch master
m bridge fdb add 01:00:5e:00:00:01 dev vc master static
m bridge fdb add 00:00:00:00:00:00 dev vc master static
show bridge fdb show br br0
m bridge vlan add dev br0 vid 10 self
m bridge vlan add dev vc vid 10
m bridge vlan add dev va vid 10
m bridge vlan add dev nosuch vid 10
m bridge vlan add dev vc vid 4095
m bridge vlan add dev vc vid 10-5

fresh "sysctl"
topo
m sysctl -w net.ipv4.ip_forward=1
m sysctl -w net.ipv4.ip_forward=2
m sysctl -w net.ipv4.ip_forward=x
m sysctl -w net.ipv4.no_such_key=1
m sysctl -w net/ipv4/ip_forward=1
m sysctl -q -w net.ipv4.ip_forward=1
m sysctl -w net.ipv6.conf.all.forwarding=1
m sysctl -w net.ipv4.conf.va.rp_filter=2
m sysctl -w net.ipv4.conf.va.rp_filter=3
m sysctl -w net.ipv4.conf.nosuch.rp_filter=1
m sysctl -w net.ipv4.fib_notify_on_flag_change=2
m sysctl -w net.ipv4.fib_notify_on_flag_change=3
m sysctl -w net.ipv6.fib_notify_on_flag_change=1
m sysctl -w net.ipv4.ip_forward
m sysctl -w net.ipv4.ip_forward = 1
m sysctl net.ipv4.ip_forward=1

fresh "devlink"
if command -v devlink >/dev/null; then
  m devlink trap set netdevsim/netdevsim10 trap source_mac_is_multicast action trap
  m devlink trap set netdevsim10 trap source_mac_is_multicast action trap
  m devlink trap set netdevsim/netdevsim10 trap source_mac_is_multicast action bogus
else
  echo "(devlink not installed)"
fi

echo
echo "## Sequences (ip monitor route)"

fresh "IPv4 addresses on an up veth, on a down ifb brought up later, link down, link delete"
topo
s ip link add if0 type ifb
mon_start
step ip addr add 10.0.0.1/24 dev va
step ip addr add 10.0.0.2/24 dev va
step ip addr add 10.0.1.1/32 dev va
step ip addr add 10.0.2.1/24 dev va noprefixroute
step ip addr add 10.0.3.1/24 dev va metric 50
step ip route add 10.5.0.0/16 via 10.0.0.9
step ip addr add 10.1.0.1/24 dev if0
step ip link set if0 up
step ip addr del 10.0.0.2/24 dev va
step ip addr del 10.0.0.1/24 dev va
step ip addr add 10.0.0.1/24 dev va
step ip route add 10.5.0.0/16 via 10.0.0.9
step ip link set va down
step ip link set va up
show ip -4 addr show dev va
step ip link set vb down
step ip link set vb up
step ip link set if0 down
step ip link del va
mon_stop

fresh "IPv6 addresses (nodad and with DAD), link-local and multicast routes"
topo
s ip link add if0 type ifb
mon_start
step ip -6 addr add 2001:db8::1/64 dev va nodad
step @3 ip -6 addr add 2001:db8:1::1/64 dev va
step ip -6 addr add 2001:db8:2::1/64 dev va nodad noprefixroute
step ip -6 route add 2001:db8:5::/48 via 2001:db8::9
step ip -6 addr del 2001:db8::1/64 dev va
step @3 ip link set if0 up
step ip link set va down
step @3 ip link set va up
show ip -6 addr show dev va
step ip link del if0
mon_stop

fresh "route add, replace, append, prepend, change, delete (IPv4 then IPv6)"
topo
s ip addr add 10.0.0.1/24 dev va
s ip -6 addr add 2001:db8::1/64 dev va nodad
sleep 1
mon_start
step ip route add 10.7.0.0/16 via 10.0.0.2
step ip route replace 10.7.0.0/16 via 10.0.0.3
step ip route append 10.7.0.0/16 via 10.0.0.4
step ip route prepend 10.7.0.0/16 via 10.0.0.5
step ip route change 10.7.0.0/16 via 10.0.0.6
step ip route add 10.7.0.0/16 via 10.0.0.2 metric 10
step ip route del 10.7.0.0/16
step ip route del 10.7.0.0/16
step ip route del 10.7.0.0/16
step ip route add 10.8.0.0/16 nexthop via 10.0.0.2 weight 2 nexthop via 10.0.0.3
step ip route add blackhole 10.9.0.0/16
step ip route add 10.10.0.0/16 via 10.0.0.2 table 100
step ip route flush table 100
step ip -6 route add 2001:db8:7::/48 via 2001:db8::2
step ip -6 route replace 2001:db8:7::/48 via 2001:db8::3
step ip -6 route append 2001:db8:7::/48 via 2001:db8::4
step ip -6 route prepend 2001:db8:7::/48 via 2001:db8::5
step ip -6 route del 2001:db8:7::/48 via 2001:db8::4
step ip -6 route del 2001:db8:7::/48
step ip -6 route add blackhole 2001:db8:9::/48
step ip link set va down
mon_stop

echo
echo "# done"
