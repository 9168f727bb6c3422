import { readFileSync } from 'node:fs';
import { CaptureError } from '../../src/capture/capture-error';
import { openCapture } from '../../src/capture/open-capture';
import { DecodedFrame, LAYER_NAMES } from '../../src/wire/decoded-frame';
import { decodeFrame } from '../../src/wire/decode-frame';
import { decodeRecord, type DecodeRecord } from '../../src/report/decode-record';
import type { FieldValue } from '../../src/wire/field-sink';
import { explain, type ExceptionRule } from './exceptions';

/** One line of a `.tshark.jsonl` reference. */
interface TsharkFrame {
  readonly frame: number;
  readonly ts: string | null;
  readonly caplen: number;
  readonly origlen: number;
  readonly if_id: number | null;
  readonly if_name: string | null;
  readonly protocols: string;
  readonly fields: Record<string, FieldValue[]>;
}

export interface Difference {
  readonly frame: number;
  readonly field: string;
  readonly ours: unknown;
  readonly tshark: unknown;
  readonly explainedBy: ExceptionRule | undefined;
}

export interface CaptureResult {
  readonly file: string;
  readonly category: string;
  readonly frames: number;
  /** (frame, field) pairs compared, field pairs and header pairs apart. */
  fieldPairs: number;
  fieldAgree: number;
  headerPairs: number;
  headerAgree: number;
  /** Frames whose `protocols` agree with tshark's, up to the first protocol we do not decode. */
  protocolsAgree: number;
  readonly differences: Difference[];
  readError: string | undefined;
}

const HEADER_FIELDS = ['frame.ts', 'frame.caplen', 'frame.len', 'frame.iface'] as const;

export function compareCapture(
  path: string,
  file: string,
  category: string,
  jsonl: string,
  fields: readonly string[],
  rules: readonly ExceptionRule[],
): CaptureResult {
  const pcapng = readFileSync(path).readUInt32LE(0) === 0x0a0d0d0a;
  // tshark shows pcapng custom blocks as frames with no interface; a packet reader skips them.
  const reference = readFileSync(jsonl, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as TsharkFrame)
    .filter((t) => !(pcapng && t.if_id === null));
  const result: CaptureResult = { file, category, frames: reference.length, fieldPairs: 0, fieldAgree: 0, headerPairs: 0, headerAgree: 0, protocolsAgree: 0, differences: [], readError: undefined };
  const differ = (frame: number, field: string, ours: unknown, tshark: unknown): void => {
    result.differences.push({ frame, field, ours, tshark, explainedBy: explain(rules, file, frame, field) });
  };

  const ours: DecodeRecord[] = [];
  try {
    const reader = openCapture(path);
    const d = new DecodedFrame();
    try {
      while (reader.next()) {
        const f = reader.frame;
        decodeFrame(f, d);
        ours.push(decodeRecord(f, d));
      }
    } finally {
      reader.close();
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    result.readError = e.message;
  }

  if (ours.length !== reference.length) differ(0, 'frame.count', ours.length, reference.length);
  reference.forEach((t, k) => {
    const frame = k + 1;
    const o = ours[k];
    const header: Record<(typeof HEADER_FIELDS)[number], [unknown, unknown]> = {
      'frame.ts': [o?.ts, t.ts],
      'frame.caplen': [o?.caplen, t.caplen],
      'frame.len': [o?.len, t.origlen],
      'frame.iface': [o === undefined ? undefined : ifaceKey(o.iface, o.ifname), ifaceKey(t.if_id, t.if_name)],
    };
    if (o !== undefined && o.protocols === comparableProtocols(t.protocols)) result.protocolsAgree++;
    for (const name of HEADER_FIELDS) {
      const [a, b] = header[name];
      result.headerPairs++;
      if (a === b) result.headerAgree++;
      else differ(frame, name, a, b);
    }
    for (const name of fields) {
      const a = o?.fields[name];
      const b = t.fields[name];
      if (a === undefined && b === undefined) continue;
      result.fieldPairs++;
      if (sameList(a, b)) result.fieldAgree++;
      else differ(frame, name, a, b);
    }
  });
  return result;
}

const KNOWN: ReadonlySet<string> = new Set<string>([...LAYER_NAMES, 'ethertype']);

/**
 * tshark's `frame.protocols` cut where pcapverdict stops decoding: the first protocol it
 * does not decode (an application protocol, say) stands as our `data`; LLC and TCP
 * payloads are not decoded at all.
 */
function comparableProtocols(protocols: string): string {
  const out: string[] = [];
  for (const p of protocols.split(':')) {
    if (KNOWN.has(p)) out.push(p);
    else {
      if (out[out.length - 1] !== 'llc' && out[out.length - 1] !== 'data') out.push('data');
      break;
    }
    if (p === 'llc' || p === 'tcp') break;
  }
  return out.join(':');
}

/** tshark prints "unknown" for an interface without `if_name`; we leave the name out. */
function ifaceKey(id: number | null, name: string | null): string | null {
  return id === null ? null : `${id}:${name === null || name === 'unknown' ? '' : name}`;
}

function sameList(a: readonly FieldValue[] | undefined, b: readonly FieldValue[] | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
