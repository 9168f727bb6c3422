import type { Egress, FrameFields, FrameRecord, ReplayRecord } from '../decision/records';

/**
 * The golden form of a record (DESIGN.md §6): one line of JSON with a fixed key order per
 * record type, object keys sorted below the top level, no `trace` (it explains a decision,
 * it is not one) and no empty `meta`. Two replays that decide alike print the same bytes,
 * so a golden is compared as text and a diff in code review shows exactly what changed.
 */
const KEY_ORDER: Readonly<Record<ReplayRecord['type'], readonly string[]>> = {
  frame: ['type', 'frame', 'time', 'ingress', 'verdict', 'reason', 'egress', 'to', 'meta'],
  skipped: ['type', 'frame', 'time', 'why'],
  generated: ['type', 'frame', 'time', 'kind', 'port', 'fields'],
  event: ['type', 'at', 'run'],
  notification: ['type', 'msg', 'after', 'route', 'table', 'flags', 'text'],
  command: ['type', 'after', 'run', 'refused', 'warning'],
};

export function canonicalLine(r: ReplayRecord): string {
  return r.type === 'frame' ? frameHead(r.frame, r.time) + frameTail(r) : genericLine(r);
}

/** What a frame line is made of: a FrameRecord, or the FrameOutcome it would be made from. */
export type FrameLike = Pick<FrameRecord, 'frame' | 'time' | 'ingress' | 'verdict' | 'reason' | 'egress' | 'to' | 'meta'>;

/**
 * A frame line is written by hand, in two parts: it is most of every golden, and the
 * generic walk (sorting keys, a call per value) costs several times the replay itself.
 * The head holds what changes every frame; the tail, what was decided, is the same for
 * a flow's frames and is kept from one frame to the next. Same output as `genericLine`;
 * a test holds the two equal on every fixture.
 */
export function frameHead(frame: number, time: string): string {
  return `${FRAME_HEAD_PREFIX}${frame}${FRAME_HEAD_TIME}${time}",`;
}

export const FRAME_HEAD_PREFIX = '{"type":"frame","frame":';
export const FRAME_HEAD_TIME = ',"time":"';

export function frameTail(r: FrameLike): string {
  if (isLastTail(r)) return lastTail.text;
  let out = `"ingress":${quote(r.ingress)},"verdict":"${r.verdict}"`;
  if (r.reason !== undefined) out += `,"reason":${quote(r.reason)}`;
  const egress = r.egress;
  if (egress !== undefined) {
    out += ',"egress":[';
    for (let i = 0; i < egress.length; i++) {
      const e = egress[i]!;
      out += `${i === 0 ? '' : ','}{"fields":${fieldsObject(e.fields)},"port":${quote(e.port)}}`;
    }
    out += ']';
  }
  if (r.to !== undefined) out += `,"to":${canonicalValue(r.to)}`;
  const plain = isEmptyObject(r.meta);
  if (!plain) out += `,"meta":${canonicalValue(r.meta)}`;
  // Only a decision without `to` or meta is kept (comparing those would cost what writing does).
  if (plain && r.to === undefined) {
    lastTail.meta = r.meta;
    lastTail.ingress = r.ingress;
    lastTail.verdict = r.verdict;
    lastTail.reason = r.reason;
    lastTail.egress = egress === undefined ? undefined : egress.map((e) => ({ port: e.port, fields: e.fields }));
    lastTail.text = out + '}';
    return lastTail.text;
  }
  return out + '}';
}

const lastTail: { meta: object | undefined; ingress: string; verdict: string; reason: string | undefined; egress: Egress[] | undefined; text: string } = {
  meta: undefined,
  ingress: '',
  verdict: '',
  reason: undefined,
  egress: undefined,
  text: '',
};

/** The same decision as the kept tail's: fields objects compared by identity (key-fields.ts shares them). */
function isLastTail(r: FrameLike): boolean {
  // The kept tail's meta was empty; a frame without meta shares that empty object (frame-outcome.ts).
  if (r.meta !== lastTail.meta || r.ingress !== lastTail.ingress || r.verdict !== lastTail.verdict || r.reason !== lastTail.reason || r.to !== undefined) return false;
  const a = r.egress;
  const b = lastTail.egress;
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.port !== b[i]!.port || a[i]!.fields !== b[i]!.fields) return false;
  return true;
}

/**
 * Scalar-valued fields, keys sorted: insertion order is used when it is already sorted
 * (key-fields.ts keeps it so). key-fields.ts also hands out one frozen object for a flow's
 * frames, so the last object's text is kept.
 */
function fieldsObject(f: FrameFields): string {
  if (f === lastFields.of) return lastFields.text;
  let out = '{';
  let prev = '';
  for (const k in f) {
    if (k < prev) return canonicalValue(f);
    const v = f[k];
    out += `${prev === '' ? '' : ','}${quote(k)}:${typeof v === 'string' ? quote(v) : canonicalValue(v)}`;
    prev = k;
  }
  out += '}';
  if (Object.isFrozen(f)) {
    lastFields.of = f;
    lastFields.text = out;
  }
  return out;
}

const lastFields: { of: FrameFields | undefined; text: string } = { of: undefined, text: '' };

/** Names, MACs and addresses need no escaping: skip JSON.stringify for them. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** Any record by the generic walk: what `canonicalLine` writes by hand for frames (a test holds the two equal). */
export function genericLine(r: ReplayRecord): string {
  const rec = r as unknown as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of KEY_ORDER[r.type]) {
    const v = rec[k];
    if (v === undefined) continue;
    if (k === 'meta' && isEmptyObject(v)) continue;
    out += `${first ? '' : ','}"${k}":${canonicalValue(v)}`;
    first = false;
  }
  return out + '}';
}

/** JSON with object keys sorted (arrays keep their order: egress order is the transmit order). */
export function canonicalValue(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + canonicalValue(v[i]);
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    if (o[k] === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalValue(o[k])}`;
    first = false;
  }
  return out + '}';
}

function isEmptyObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  for (const _ in v) return false;
  return true;
}

/**
 * What a record is about, independent of what was decided: lines with the same key in the
 * golden and the replay are the same record changed; a key on one side only is a record
 * missing or extra. (A frame has one record; a generated frame is known by its cause, time,
 * kind and port; a notification by what it announced and when.)
 */
export function recordKey(r: Record<string, unknown>): string {
  switch (r.type) {
    case 'frame':
    case 'skipped':
      return `frame ${String(r.frame)}`;
    case 'generated':
      return `generated ${r.frame === undefined ? '' : `frame ${String(r.frame)} `}${String(r.time)} ${String(r.kind)} ${String(r.port)}`;
    case 'event':
      return `event ${canonicalValue(r.at)} ${String(r.run)}`;
    case 'notification':
      return `notification ${canonicalValue(r.after)} ${String(r.msg)} ${String(r.route)} ${String(r.table)}`;
    case 'command':
      return `command ${canonicalValue(r.after)} ${String(r.run)}`;
    default:
      return `unknown ${canonicalValue(r)}`;
  }
}
