import type { CapturedFrame } from '../capture/captured-frame';
import type { DecodedFrame, DecodeIssue } from '../wire/decoded-frame';
import type { FieldValue } from '../wire/field-sink';
import { collectFields } from '../wire/frame-fields';

/**
 * One frame as `decode --format ndjson` prints it, in the shape of the tshark references
 * (`frame`, `ts`, lengths, interface, `protocols`, `fields` with every occurrence). The
 * conformance suite compares exactly these records, so what is measured is what users get.
 */
export interface DecodeRecord {
  readonly frame: number;
  readonly ts: string | null;
  readonly caplen: number;
  readonly len: number;
  readonly iface: number | null;
  readonly ifname: string | null;
  readonly protocols: string;
  readonly fields: Record<string, FieldValue[]>;
  readonly issue?: DecodeIssue;
}

export function decodeRecord(f: CapturedFrame, d: DecodedFrame): DecodeRecord {
  const record = {
    frame: f.number,
    ts: f.tsString() ?? null,
    caplen: f.caplen,
    len: f.len,
    iface: f.iface ?? null,
    ifname: f.ifname ?? null,
    protocols: d.protocols(),
    fields: collectFields(d),
  };
  return d.issue === undefined ? record : { ...record, issue: d.issue };
}
