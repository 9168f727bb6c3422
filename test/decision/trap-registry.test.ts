import { DEVLINK_TRAP_GENERIC, DEVLINK_TRAP_GROUP_GENERIC } from '../../src/decision/devlink-generic-traps';
import { REASONS } from '../../src/decision/reasons';
import { KernelVersion } from '../../src/stack/drivers/kernel-version';
import { mlxswTraps } from '../../src/stack/drivers/spectrum/trap-table';

const GENERIC_NAMES: ReadonlySet<string> = new Set(Object.keys(DEVLINK_TRAP_GENERIC));
const GENERIC_GROUPS: ReadonlySet<string> = new Set(DEVLINK_TRAP_GROUP_GENERIC);
const typeOf = (name: string): string | undefined => (DEVLINK_TRAP_GENERIC as Readonly<Record<string, string>>)[name];

/** mlxsw's table before and after the release that moved ARP to layer 2 (V-19). */
const MLXSW_TABLES = [
  ['v6.14', mlxswTraps(new KernelVersion(6, 14))],
  ['v6.15', mlxswTraps(new KernelVersion(6, 15))],
] as const;

/**
 * What devlink checks when a driver registers its traps (net/devlink/trap.c, T-5), done on
 * our tables once, since nothing registers them at run time: the trap names and types are
 * typed by the generic table, these tests catch what the types cannot (casts, new drivers).
 */
describe('the trap registry (T-5)', () => {
  test('the generic tables have no name twice (devlink_trap_generic[], devlink_trap_group_generic[])', () => {
    expect(GENERIC_NAMES.size).toBe(94);
    expect(GENERIC_GROUPS.size).toBe(DEVLINK_TRAP_GROUP_GENERIC.length);
  });

  describe.each(MLXSW_TABLES)('mlxsw as of %s', (_release, traps) => {
    test('registers each trap once (devlink_trap_register: -EEXIST)', () => {
      expect(new Set(traps.map((t) => t.name)).size).toBe(traps.length);
    });

    test.each(traps.map((t) => [t.name, t] as const))('%s is a generic trap with the generic type (devlink_trap_generic_verify)', (name, t) => {
      expect(GENERIC_NAMES.has(name)).toBe(true);
      expect(t.type).toBe(typeOf(name));
    });

    test.each(traps.map((t) => [t.name, t.group] as const))('%s is in a generic group, %s (devlink_trap_group_generic_verify)', (_name, group) => {
      expect(GENERIC_GROUPS.has(group)).toBe(true);
    });

    test('registers every trap a devlink reason names, so each has a group on this platform', () => {
      const registered = new Set<string>(traps.map((t) => t.name));
      expect(REASONS.filter((r) => r.source === 'devlink' && !registered.has(r.id)).map((r) => r.id)).toEqual([]);
    });
  });

  test.each(REASONS.filter((r) => r.source === 'devlink').map((r) => [r.id, r] as const))('reason %s is a generic trap name and carries its type', (id, r) => {
    expect(GENERIC_NAMES.has(id)).toBe(true);
    expect(r.trapType).toBe(typeOf(id));
  });
});
