/**
 * The result of decoding one frame: the stack of layers found, as (name, start, end) byte
 * ranges over the captured bytes, plus at most one issue. Nothing is copied and no field
 * is read until asked for (`frame-fields.ts`), so decoding costs a header walk and no
 * allocation; one `DecodedFrame` is reused for every frame (DESIGN.md §1, §3).
 */

/**
 * Layer names are Wireshark's protocol filter names (tshark's `frame.protocols`). Decoders
 * record layers by their index here (`LAYER.UDP`), so the hot path stores small integers
 * and counting protocols is an array increment; `LAYER_NAMES[id]` gives the name.
 */
export const LAYER_NAMES = [
  'eth',
  'llc',
  'vlan',
  'ieee8021ad',
  'sll',
  'fr',
  'null',
  'raw',
  'arp',
  'ip',
  'ipv6',
  'ipv6.hopopts',
  'ipv6.routing',
  'ipv6.fraghdr',
  'ipv6.dstopts',
  'icmp',
  'icmpv6',
  'udp',
  'tcp',
  'vrrp',
  'vxlan',
  'data',
] as const;

export type LayerName = (typeof LAYER_NAMES)[number];
export type LayerId = number;

/** Layer ids, in the order of LAYER_NAMES (checked by a test). */
export const LAYER = {
  ETH: 0,
  LLC: 1,
  VLAN: 2,
  IEEE8021AD: 3,
  SLL: 4,
  FR: 5,
  NULL: 6,
  RAW: 7,
  ARP: 8,
  IP: 9,
  IPV6: 10,
  IPV6_HOPOPTS: 11,
  IPV6_ROUTING: 12,
  IPV6_FRAGHDR: 13,
  IPV6_DSTOPTS: 14,
  ICMP: 15,
  ICMPV6: 16,
  UDP: 17,
  TCP: 18,
  VRRP: 19,
  VXLAN: 20,
  DATA: 21,
} as const;

export type IssueKind = 'truncated' | 'malformed' | 'unsupported';

/** Wireshark's classes: the capture cut it short / the bytes contradict the protocol / known, not decoded. */
export interface DecodeIssue {
  readonly kind: IssueKind;
  readonly layer: LayerName | 'frame';
  /** The field that could not be read or is wrong (display-filter name). */
  readonly field: string;
  /** Byte offset from the first byte of the frame (not of the layer). */
  readonly offset: number;
  readonly message: string;
}

/** Upper bound on layers per frame: every walk (tags, extension headers, tunnels) is bounded. */
export const MAX_LAYERS = 1024;
/** VXLAN-in-VXLAN nesting bound. */
export const MAX_TUNNEL_DEPTH = 8;

export class DecodedFrame {
  buf: Uint8Array = new Uint8Array(0);
  /** Offset of the frame's first byte in `buf`. */
  base = 0;
  caplen = 0;
  len = 0;
  linkType = 0;
  count = 0;
  /** Layer ids (`LAYER.*`); `name(i)` gives the name. */
  readonly ids = new Uint8Array(MAX_LAYERS);
  /** Layer start and end, as offsets in `buf`. */
  readonly starts = new Int32Array(MAX_LAYERS);
  readonly ends = new Int32Array(MAX_LAYERS);
  issue: DecodeIssue | undefined = undefined;
  /** > 0 while decoding the quoted packet inside an ICMP error: shortness there is normal. */
  quoted = 0;
  tunnels = 0;

  reset(buf: Uint8Array, base: number, caplen: number, len: number, linkType: number): void {
    this.buf = buf;
    this.base = base;
    this.caplen = caplen;
    this.len = len;
    this.linkType = linkType;
    this.count = 0;
    this.issue = undefined;
    this.quoted = 0;
    this.tunnels = 0;
  }

  /** Appends a layer; false (with an issue) when the layer bound is reached. */
  push(id: LayerId, start: number, end: number): boolean {
    const i = this.count;
    if (i >= MAX_LAYERS) {
      const name = LAYER_NAMES[id]!;
      this.fail('unsupported', name, name, start, `more than ${MAX_LAYERS} layers; decoding stopped`);
      return false;
    }
    this.ids[i] = id;
    this.starts[i] = start;
    this.ends[i] = end;
    this.count = i + 1;
    return true;
  }

  name(i: number): LayerName {
    return LAYER_NAMES[this.ids[i]!]!;
  }

  /** Index of the innermost layer `id` before layer `before`, or -1. */
  find(id: LayerId, before = this.count): number {
    for (let i = before - 1; i >= 0; i--) if (this.ids[i] === id) return i;
    return -1;
  }

  /** Records the first issue (the first specific reason wins); later ones are dropped. */
  fail(kind: IssueKind, layer: LayerName | 'frame', field: string, offset: number, message: string): void {
    if (this.issue === undefined) this.issue = { kind, layer, field, offset: offset - this.base, message };
  }

  /**
   * A header needs `need` bytes at `at` but the layer ends at `end`. The capture cut it
   * short when that end is the end of a snapped capture; otherwise the bytes contradict
   * the protocol (a length field, or an outer header, says there is less).
   * Inside an ICMP error's quoted packet, shortness is expected and not reported.
   */
  short(layer: LayerName, field: string, at: number, need: number, end: number): void {
    if (this.quoted > 0) return;
    const snapped = this.caplen < this.len && end >= this.base + this.caplen;
    const have = Math.max(0, end - at);
    this.fail(
      snapped ? 'truncated' : 'malformed',
      layer,
      field,
      at,
      `${layer}: ${field} needs ${need} bytes at offset ${at - this.base}, ${have} ${snapped ? 'captured' : 'present'}`,
    );
  }

  /**
   * Layer names joined as tshark's `frame.protocols` starts: tshark also lists the
   * `ethertype` dispatch step after a link header or tag that carried an EtherType.
   */
  protocols(): string {
    let s = '';
    for (let i = 0; i < this.count; i++) {
      const id = this.ids[i]!;
      s += (i === 0 ? '' : ':') + LAYER_NAMES[id];
      if (i + 1 < this.count && this.ids[i + 1] !== LAYER.LLC && ETHERTYPE_CARRIERS.has(id)) s += ':ethertype';
    }
    return s;
  }
}

const ETHERTYPE_CARRIERS: ReadonlySet<LayerId> = new Set<LayerId>([LAYER.ETH, LAYER.VLAN, LAYER.IEEE8021AD, LAYER.SLL]);
