import { REASONS, type ReasonEntry } from '../decision/reasons';
import { KernelVersion } from '../stack/drivers/kernel-version';
import { mlxswTraps } from '../stack/drivers/spectrum/trap-table';

/**
 * A devlink reason's group is the driver's, not the registry's (T-5): the column shows
 * mlxsw's, the one platform that registers traps (no release changed a group).
 */
const MLXSW_GROUP: ReadonlyMap<string, string> = new Map(mlxswTraps(KernelVersion.DEFAULT).map((t) => [t.name, t.group]));

function trapColumn(r: ReasonEntry): string {
  if (r.trapType === undefined) return '';
  const group = MLXSW_GROUP.get(r.id);
  return group === undefined ? r.trapType : `${r.trapType} / ${group}`;
}

/**
 * The reason registry as Markdown (docs/reasons.md) and as text (`pcapverdict reasons`):
 * both generated from `src/decision/reasons.ts`, so they cannot drift (a test compares).
 */
export function reasonsMarkdown(): string {
  const lines = [
    '# Decision reasons',
    '',
    'Generated from `src/decision/reasons.ts` by `pcapverdict reasons --format markdown`; do not edit by hand.',
    '',
    'Every `trap` and `drop` record carries one of these ids. Drops of the Linux software path use the',
    'kernel\'s `SKB_DROP_REASON_*` names in lower case; what went to the host, and drops the kernel frees',
    'without a specific reason but a devlink generic trap names exactly, use the devlink names, so that',
    'goldens read the same on every platform.',
    '',
    '| id | verdict | source | devlink type / group | meaning | from |',
    '|---|---|---|---|---|---|',
    ...REASONS.map((r: ReasonEntry) => `| \`${r.id}\` | ${r.verdict} | ${r.source} | ${trapColumn(r)} | ${r.doc} | ${r.ref} |`),
    '',
  ];
  return lines.join('\n');
}

export function reasonsText(): string[] {
  const w = Math.max(...REASONS.map((r) => r.id.length));
  return REASONS.map((r) => `${r.id.padEnd(w)}  ${r.verdict.padEnd(5)}  ${r.doc}`);
}
