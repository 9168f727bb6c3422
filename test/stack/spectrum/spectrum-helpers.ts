import { KernelVersion } from '../../../src/stack/drivers/kernel-version';
import { SpectrumDriver } from '../../../src/stack/drivers/spectrum/spectrum-driver';
import { ETHERTYPE, ethernet, icmp, echoIdSeq, IPPROTO, ipv4, vrrpPacket } from '../../../src/wire/frame-builder';
import { pcapverdictMatchers } from '../../../src/jest';
import { box, type TestBox } from '../stack-helpers';

expect.extend(pcapverdictMatchers);

/** A Spectrum box (platform spectrum) built from setup text; `asic` is its driver. */
export function spectrumBox(setup: string, ports: readonly string[], kernel = KernelVersion.DEFAULT): TestBox & { asic: SpectrumDriver } {
  let asic: SpectrumDriver | undefined;
  const b = box(setup, ports, (stack) => [(asic = new SpectrumDriver(stack, kernel))]);
  return Object.assign(b, { asic: asic! });
}

export const VMAC10 = '00:00:5e:00:01:0a';
export const CLIENT = { mac: '02:00:00:00:11:64', ip: '192.0.2.100' };
export const SERVER = { mac: '02:00:00:00:12:64', ip: '198.51.100.100' };

/** An ICMP echo request in an Ethernet frame to `dmac`. */
export function ping(dmac: string, src: string, dst: string, ttl = 64, smac = CLIENT.mac): Uint8Array {
  return ethernet(dmac, smac, ETHERTYPE.IPV4, ipv4({ src, dst, protocol: IPPROTO.ICMP, ttl }, icmp(8, 0, echoIdSeq(1, 1), new Uint8Array(16))));
}

/** A VRRPv2 advertisement for VRID `vrid` from `src` (source MAC the virtual MAC, as keepalived's vmac sends it). */
export function advert4(vrid: number, src: string, priority = 100): Uint8Array {
  const vmac = `00:00:5e:00:01:${vrid.toString(16).padStart(2, '0')}`;
  const packet = vrrpPacket({ src, dst: '224.0.0.18', ttl: 255 }, { version: 2, type: 1, vrid, priority, interval: 1, authType: 0, checksum: 0, addresses: ['192.0.2.254'] });
  return ethernet('01:00:5e:00:00:12', vmac, ETHERTYPE.IPV4, packet);
}
