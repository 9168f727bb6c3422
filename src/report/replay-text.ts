import type { Egress, FrameFields, ReplayRecord } from '../decision/records';

/**
 * `replay --format text`: one aligned line per record, for a person reading along.
 *
 *      12  0.004000000  eth0   forward  -            → eth1 eth.src 02:…:fe eth.dst 02:…:02 ip.ttl 63
 *      13  0.005000000  eth0   trap     arp_request  → to br0
 *       ·  0.005000000  gen    eth0     arp_reply    arp.opcode 2 …
 */
export function formatRecordText(r: ReplayRecord): string {
  switch (r.type) {
    case 'frame': {
      const head = `${String(r.frame).padStart(7)}  ${r.time.padStart(13)}  ${r.ingress.padEnd(8)} ${r.verdict.padEnd(8)} ${(r.reason ?? '-').padEnd(22)}`;
      const parts: string[] = [];
      if (r.egress !== undefined) parts.push(`→ ${r.egress.map(egressText).join(' | ')}`);
      if (r.to !== undefined) parts.push(`to ${r.to.join(',')}`);
      // What an ASIC's trap did first, when the verdict's reason is the software path's.
      const trap = r.meta['trap.name'];
      if (trap !== undefined && trap !== r.reason) parts.push(`(ASIC: ${String(r.meta['trap.type'])} trap ${String(trap)}, action ${String(r.meta['trap.action'])})`);
      return `${head} ${parts.join('  ')}`.trimEnd();
    }
    case 'skipped':
      return `${String(r.frame).padStart(7)}  ${r.time.padStart(13)}  ${'-'.padEnd(8)} ${'skipped'.padEnd(8)} ${r.why}`;
    case 'generated':
      return `${(r.frame === undefined ? '·' : `(${r.frame})`).padStart(7)}  ${r.time.padStart(13)}  ${'sent'.padEnd(8)} ${r.port.padEnd(8)} ${r.kind.padEnd(22)} ${fieldsText(r.fields)}`;
    case 'event':
      return `${'event'.padStart(7)}  ${'frame' in r.at ? `before frame ${r.at.frame}` : `at ${r.at.time} s`}: ${r.run}`;
    case 'notification':
      return `${'notify'.padStart(7)}  ${r.text.replace(/\n\t/g, ' ; ')}`;
    case 'command':
      return `${'command'.padStart(7)}  ! ${r.run}: ${r.refused ?? (r.warning === undefined ? 'accepted' : `accepted; ${r.warning}`)}`;
  }
}

function egressText(e: Egress): string {
  const f = fieldsText(e.fields);
  return f === '' ? e.port : `${e.port} ${f}`;
}

function fieldsText(f: FrameFields): string {
  return Object.entries(f)
    .map(([k, v]) => `${k} ${v}`)
    .join(' ');
}
