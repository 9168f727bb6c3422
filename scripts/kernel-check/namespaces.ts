/**
 * Running commands in network namespaces, and the probe for which link kinds this kernel
 * can create. Every namespace the kernel check makes is named `pvk2-kc<pid>-…` and deleted
 * by `deleteNamespaces` (called from a finally block and from signal handlers).
 */
import { spawnSync } from 'node:child_process';

export interface RunResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: readonly string[], input?: string): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 60_000 });
  const err = r.error === undefined ? '' : `${r.error.message}\n`;
  return { ok: r.status === 0 && r.error === undefined, status: r.status, stdout: r.stdout ?? '', stderr: err + (r.stderr ?? '') };
}

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

/** The setup needs something this kernel does not have (EOPNOTSUPP, an unknown link kind). */
export class UnsupportedError extends SetupError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedError';
  }
}

/** Runs and throws SetupError (with stderr) when it fails. */
export function must(cmd: string, args: readonly string[], what?: string): string {
  const r = run(cmd, args);
  if (!r.ok) throw new SetupError(`${what ?? `${cmd} ${args.join(' ')}`} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** `sh -c TEXT` inside namespace `ns`: how setup lines and events run, verbatim. */
export function inNamespace(ns: string, text: string): RunResult {
  return run('ip', ['netns', 'exec', ns, 'sh', '-c', text]);
}

const created = new Set<string>();

export function addNamespace(name: string): void {
  must('ip', ['netns', 'add', name]);
  created.add(name);
}

export function deleteNamespaces(): void {
  for (const ns of created) {
    spawnSync('ip', ['netns', 'del', ns]);
    created.delete(ns);
  }
}

let probeCache: Map<string, boolean> | undefined;

/**
 * Whether this kernel can create a link of `kind` in a namespace (tried once per kind in
 * a scratch namespace; kinds that need a lower device get a veth end as lower, `vlan` an id).
 */
export function canCreateLink(kind: string): boolean {
  probeCache ??= new Map();
  const known = probeCache.get(kind);
  if (known !== undefined) return known;
  const ns = `pvk2-kc${process.pid}-probe`;
  let ok = false;
  try {
    addNamespace(ns);
    if (kind === 'veth') ok = run('ip', ['-n', ns, 'link', 'add', 'pa', 'type', 'veth', 'peer', 'name', 'pb']).ok;
    else {
      must('ip', ['-n', ns, 'link', 'add', 'pa', 'type', 'veth', 'peer', 'name', 'pb']);
      const extra = kind === 'vlan' ? ['id', '5'] : kind === 'vxlan' ? ['id', '5', 'dstport', '4789'] : [];
      ok =
        run('ip', ['-n', ns, 'link', 'add', 't0', 'type', kind, ...extra]).ok ||
        run('ip', ['-n', ns, 'link', 'add', 't1', 'link', 'pa', 'type', kind, ...extra]).ok;
    }
  } catch {
    ok = false;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
    created.delete(ns);
  }
  probeCache.set(kind, ok);
  return ok;
}
