import { ETH } from '../wire/ethernet';
import { ETHERTYPE } from '../wire/ethertype';
import { readU16, writeU16 } from '../wire/field-sink';
import type { Outcome } from './frame-outcome';
import type { NetDevice } from './netdev';

/** `skb->pkt_type` values (include/uapi/linux/if_packet.h). */
export const PKT = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, LOOPBACK: 5 } as const;
export type PktType = (typeof PKT)[keyof typeof PKT];

/**
 * A packet in flight (`struct sk_buff`, reduced): a view over bytes that may still be the
 * capture reader's buffer (never written: `makeWritable` copies first), the device it is on,
 * `pkt_type`, the VLAN tag as a NIC strips it into `vlan_tci` (the bytes keep the tag; `netOff`
 * points past it), and the per-frame outcome every copy reports to.
 */
export class Skb {
  /** -1 when untagged; else the 16-bit TCI (`skb->vlan_tci`). */
  vlanTci = -1;
  vlanProto = 0;
  pktType: PktType = PKT.HOST;
  /**
   * Bytes the frame had on the wire past what the capture kept (len − caplen): a snap
   * length cuts the capture, not the packet, so length checks count them.
   */
  uncaptured = 0;
  /** `skb->offload_fwd_mark`: an ASIC already forwarded it at L2 (T-7). */
  offloadFwdMark = false;
  /** This skb alone uses `buf` and may write it (no clone shares it, not the capture's). */
  private owned = false;
  /** `buf` is the stack's per-frame scratch: copy it before keeping the skb past the frame. */
  private borrowed = false;

  constructor(
    public buf: Uint8Array,
    /** Offset of the Ethernet destination MAC. */
    public macOff: number,
    /** Offset of the network header (past any VLAN tags). */
    public netOff: number,
    /** End of the frame's bytes. */
    public end: number,
    /** EtherType of the network header. */
    public protocol: number,
    public dev: NetDevice,
    readonly outcome: Outcome,
  ) {}

  /** Reads the Ethernet and outer VLAN header the way a NIC with rx-vlan offload does. */
  static fromFrame(buf: Uint8Array, off: number, end: number, dev: NetDevice, outcome: Outcome): Skb | undefined {
    if (end - off < ETH.HEADER_LEN) return undefined;
    let type = readU16(buf, off + ETH.TYPE);
    let net = off + ETH.HEADER_LEN;
    const skb = new Skb(buf, off, net, end, type, dev, outcome);
    if ((type === ETHERTYPE.VLAN || type === ETHERTYPE.QINQ) && end - net >= 4) {
      skb.vlanProto = type;
      skb.vlanTci = readU16(buf, net);
      type = readU16(buf, net + 2);
      net += 4;
      skb.netOff = net;
      skb.protocol = type;
    }
    return skb;
  }

  get vlanId(): number {
    return this.vlanTci < 0 ? -1 : this.vlanTci & 0xfff;
  }

  get netLen(): number {
    return this.end - this.netOff;
  }

  /** A copy for another receiver (`skb_clone`): the bytes are shared until one writes. */
  clone(): Skb {
    this.owned = false;
    const c = new Skb(this.buf, this.macOff, this.netOff, this.end, this.protocol, this.dev, this.outcome);
    c.borrowed = this.borrowed;
    c.vlanTci = this.vlanTci;
    c.vlanProto = this.vlanProto;
    c.pktType = this.pktType;
    c.uncaptured = this.uncaptured;
    c.offloadFwdMark = this.offloadFwdMark;
    return c;
  }

  /** Copies the bytes (copy-on-write), so the capture's buffer and clones stay untouched. */
  makeWritable(): void {
    if (this.owned && !this.borrowed) return;
    const copy = this.buf.slice(this.macOff, this.end);
    this.netOff -= this.macOff;
    this.end -= this.macOff;
    this.macOff = 0;
    this.buf = copy;
    this.owned = true;
    this.borrowed = false;
  }

  /**
   * Before a router rewrites the packet (`skb_cow` in `ip_forward`): the network header and
   * payload are copied behind room for a tagged Ethernet header, into `scratch` when it is
   * free (the stack's per-frame buffer: no allocation on the forwarding path), else into a
   * new buffer. The link header is written later, by `setL2Header`.
   */
  prepareForward(scratch: Uint8Array | undefined): void {
    const head = ETH.HEADER_LEN + 4;
    const n = this.end - this.netOff;
    const buf = scratch !== undefined && scratch.length >= head + n ? scratch : new Uint8Array(head + n);
    copyBytes(this.buf, this.netOff, buf, head, n);
    this.buf = buf;
    this.macOff = head;
    this.netOff = head;
    this.end = head + n;
    this.owned = true;
    this.borrowed = buf === scratch;
  }

  /**
   * Puts a fresh Ethernet header (and the VLAN tag when `vlanTci` >= 0) in front of the
   * network header: what `neigh_output` / `dev_hard_header` do on the way out of an L3 device.
   */
  setL2Header(dst: Uint8Array, src: Uint8Array, vlanTci: number, vlanProto: number = ETHERTYPE.VLAN): void {
    const hdr = vlanTci >= 0 ? ETH.HEADER_LEN + 4 : ETH.HEADER_LEN;
    if (this.owned && this.netOff >= hdr) {
      // Room in front of the network header: write the link header in place.
      const o = this.netOff - hdr;
      const b = this.buf;
      copyBytes(dst, 0, b, o, 6);
      copyBytes(src, 0, b, o + 6, 6);
      if (vlanTci >= 0) {
        writeU16(b, o + 12, vlanProto);
        writeU16(b, o + 14, vlanTci);
      }
      writeU16(b, this.netOff - 2, this.protocol);
      this.macOff = o;
      this.vlanTci = vlanTci;
      this.vlanProto = vlanTci >= 0 ? vlanProto : 0;
      return;
    }
    const n = this.end - this.netOff;
    const out = new Uint8Array(hdr + n);
    out.set(dst, 0);
    out.set(src, 6);
    if (vlanTci >= 0) {
      writeU16(out, 12, vlanProto);
      writeU16(out, 14, vlanTci);
    }
    writeU16(out, hdr - 2, this.protocol);
    out.set(this.buf.subarray(this.netOff, this.end), hdr);
    this.buf = out;
    this.macOff = 0;
    this.netOff = hdr;
    this.end = hdr + n;
    this.vlanTci = vlanTci;
    this.vlanProto = vlanTci >= 0 ? vlanProto : 0;
    this.owned = true;
    this.borrowed = false;
  }

  /** Rewrites the VLAN tag in the bytes (bridge egress untagged / tagged). */
  setVlan(vlanTci: number, vlanProto: number = ETHERTYPE.VLAN): void {
    const hadTag = this.netOff - this.macOff > ETH.HEADER_LEN;
    if ((vlanTci < 0 && !hadTag) || (vlanTci >= 0 && hadTag && this.vlanTci === vlanTci && this.vlanProto === vlanProto)) {
      this.vlanTci = vlanTci;
      return;
    }
    this.setL2Header(this.buf.slice(this.macOff, this.macOff + 6), this.buf.slice(this.macOff + 6, this.macOff + 12), vlanTci, vlanProto);
  }
}

/**
 * Copies `n` bytes: a loop for a MAC address (no view object made), the native `set` for
 * anything longer (measured: a 100-byte loop costs twice what `set(subarray(…))` does).
 */
function copyBytes(from: Uint8Array, fromOff: number, to: Uint8Array, toOff: number, n: number): void {
  if (n > 16) {
    to.set(from.subarray(fromOff, fromOff + n), toOff);
    return;
  }
  for (let i = 0; i < n; i++) to[toOff + i] = from[fromOff + i]!;
}
