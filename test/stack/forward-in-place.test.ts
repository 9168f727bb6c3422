import { ETHERTYPE, ethernet, IPPROTO, ipv4, udp } from '../../src/wire/frame-builder';
import { box } from './stack-helpers';

/**
 * The forwarding path rewrites an unshared packet in place, as `ip_forward` does after
 * `skb_cow`, and puts the capture's bytes back when the frame is done.
 */
describe('forwarding in place', () => {
  const setup = `sysctl -w net.ipv4.ip_forward=1
ip link set eth0 up
ip link set eth1 up
ip address add 192.0.2.254/24 dev eth0
ip address add 198.51.100.254/24 dev eth1
ip neigh add 198.51.100.2 lladdr 02:00:00:00:02:02 dev eth1`;

  test('the transmitted frame has TTL 63 and new MACs, and the captured bytes are as they were afterwards', () => {
    const b = box(setup, [{ name: 'eth0', mac: '02:00:00:00:01:fe' }, { name: 'eth1', mac: '02:00:00:00:02:fe' }]);
    const frame = ethernet('02:00:00:00:01:fe', '02:00:00:00:00:01', ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP }, udp(1, 2, new Uint8Array(40))));
    const before = Uint8Array.from(frame);
    const r = b.receive('eth0', frame);
    expect(r.frame).toMatchObject({ verdict: 'forward', egress: [{ port: 'eth1', fields: { 'eth.src': '02:00:00:00:02:fe', 'eth.dst': '02:00:00:00:02:02', 'ip.ttl': 63 } }] });
    expect(frame).toEqual(before);
  });

  test('a packet that waits for its next hop keeps its own rewritten copy while the capture is restored', () => {
    const b = box(setup.replace(/\nip neigh.*$/, ''), [{ name: 'eth0', mac: '02:00:00:00:01:fe' }, { name: 'eth1', mac: '02:00:00:00:02:fe' }]);
    const frame = ethernet('02:00:00:00:01:fe', '02:00:00:00:00:01', ETHERTYPE.IPV4, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP }, udp(1, 2, new Uint8Array(40))));
    const before = Uint8Array.from(frame);
    const held = b.receive('eth0', frame);
    expect(held.frame).toBeUndefined();
    expect(frame).toEqual(before);
    const reply = ethernet('02:00:00:00:02:fe', '02:00:00:00:02:02', ETHERTYPE.ARP, Uint8Array.from([0, 1, 8, 0, 6, 4, 0, 2, 2, 0, 0, 0, 2, 2, 198, 51, 100, 2, 2, 0, 0, 0, 2, 0xfe, 198, 51, 100, 254]));
    const released = b.receive('eth1', reply, 0.5);
    const forwarded = b.records.find((x) => x.type === 'frame' && x.verdict === 'forward');
    expect(forwarded).toMatchObject({ egress: [{ port: 'eth1', fields: { 'eth.dst': '02:00:00:00:02:02', 'ip.ttl': 63 } }] });
    expect(released.frame).toMatchObject({ verdict: 'trap', reason: 'arp_response' });
  });
});
