import { ETH } from '../wire/ethernet';
import { ETHERTYPE } from '../wire/ethertype';
import { readU16, writeU16 } from '../wire/field-sink';
import type { Outcome } from './frame-outcome';
import type { NetDevice } from './netdev';

/** `skb->pkt_type` values (include/uapi/linux/if_packet.h). */
export const PKT = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, LOOPBACK: 5 } as const;
export type PktType = (typeof PKT)[keyof typeof PKT];

/**
 * The capture bytes a forward rewrote in place, put back when the frame is done: the kernel
 * rewrites an unshared skb in place (`skb_cow` copies only shared data), and so does the
 * forwarding path here, without a copy, while the input stays intact for whatever reads the
 * capture after the frame. One rewrite per frame; a second one copies.
 */
export class InputUndo {
  private readonly macs = new Uint8Array(12);
  private readonly hops = new Uint8Array(HOPS_LEN);
  private buf: Uint8Array | undefined = undefined;
  private macOff = 0;
  private netOff = 0;
  /**
   * Off when nothing reads the capture after the frame (counting, check): the bytes are not
   * saved, but a second rewrite in the same frame still copies.
   */
  keep = true;

  /**
   * Saves what a forward rewrites: the two MACs at `macOff` and the TTL / hop limit and
   * IPv4 checksum (network header bytes 7–11); false when a save is already held.
   */
  save(buf: Uint8Array, macOff: number, netOff: number): boolean {
    if (this.buf !== undefined) return false;
    this.buf = buf;
    if (!this.keep) return true;
    this.macOff = macOff;
    this.netOff = netOff;
    copyBytes(buf, macOff, this.macs, 0, 12);
    copyBytes(buf, netOff + HOPS_AT, this.hops, 0, HOPS_LEN);
    return true;
  }

  restore(): void {
    const buf = this.buf;
    if (buf === undefined) return;
    if (!this.keep) {
      this.buf = undefined;
      return;
    }
    copyBytes(this.macs, 0, buf, this.macOff, 12);
    copyBytes(this.hops, 0, buf, this.netOff + HOPS_AT, HOPS_LEN);
    this.buf = undefined;
  }
}

/** IPv6 hop limit (byte 7) through the IPv4 TTL (8) and header checksum (10–11). */
const HOPS_AT = 7;
const HOPS_LEN = 5;

/**
 * A packet in flight (`struct sk_buff`, reduced): a view over bytes that may still be the
 * capture reader's buffer (written only through `InputUndo`; `makeWritable` copies), the device it is on,
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
  /** `buf` is the stack's per-frame scratch or the capture's: copy it before keeping the skb past the frame. */
  private borrowed = false;
  /** A clone shares these bytes (`skb_cloned`): writing needs a copy. */
  private shared = false;
  /** Rewritten in place on the capture's bytes (see InputUndo): the link header keeps its size. */
  private inPlace = false;

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
    this.shared = true;
    const c = new Skb(this.buf, this.macOff, this.netOff, this.end, this.protocol, this.dev, this.outcome);
    c.shared = true;
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
    this.shared = false;
    this.inPlace = false;
  }

  /**
   * Before a router rewrites the packet (`skb_cow` in `ip_forward`). An unshared skb on the
   * capture's bytes is rewritten in place, its MACs, TTL / hop limit and checksum saved in
   * `undo` first (a link header of another size then takes the copy below). Otherwise the network
   * header and payload are copied behind room for a tagged Ethernet header, into `scratch`
   * when it is free, else into a new buffer. The link header is written later, by `setL2Header`.
   */
  prepareForward(scratch: Uint8Array | undefined, undo: InputUndo): void {
    if (!this.shared && !this.owned && this.end - this.netOff >= 12 && undo.save(this.buf, this.macOff, this.netOff)) {
      this.owned = true;
      this.borrowed = true;
      this.inPlace = true;
      return;
    }
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
    this.shared = false;
    this.inPlace = false;
  }

  /**
   * Puts a fresh Ethernet header (and the VLAN tag when `vlanTci` >= 0) in front of the
   * network header: what `neigh_output` / `dev_hard_header` do on the way out of an L3 device.
   */
  setL2Header(dst: Uint8Array, src: Uint8Array, vlanTci: number, vlanProto: number = ETHERTYPE.VLAN): void {
    const hdr = vlanTci >= 0 ? ETH.HEADER_LEN + 4 : ETH.HEADER_LEN;
    // In place when there is room; on the capture's bytes only over the old header of the
    // same size, which is what InputUndo saved (MACs; the EtherType is unchanged).
    const fits = this.inPlace ? this.netOff - hdr === this.macOff : this.netOff >= hdr;
    if (this.owned && fits) {
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
    this.shared = false;
    this.inPlace = false;
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
 * Copies `n` bytes: a loop for a few dozen (a MAC, a saved header: no view object made),
 * the native `set` for more (measured: a 100-byte loop costs twice what `set(subarray(…))` does).
 */
function copyBytes(from: Uint8Array, fromOff: number, to: Uint8Array, toOff: number, n: number): void {
  if (n > 32) {
    to.set(from.subarray(fromOff, fromOff + n), toOff);
    return;
  }
  for (let i = 0; i < n; i++) to[toOff + i] = from[fromOff + i]!;
}
