import type { TrapReasonId } from '../../../decision/reasons';
import { KernelError } from '../../kernel-error';
import type { AsicTrap, Outcome } from '../../frame-outcome';
import type { Devlink, TrapStats } from '../../offload-driver';
import type { KernelVersion } from '../kernel-version';
import { mlxswTraps, type TrapSpec, type TrapState } from './trap-table';

/**
 * Whether the CPU gets a trapped packet, after the action in force (T-1, T-2, T-7), and with
 * `offload_fwd_mark` when `mark`. (Whether the ASIC also forwards it, a `mirror` or a
 * flooded frame's router copy, is the pipeline's: asic-ingress.ts.)
 */
export interface TrapVerdict {
  readonly toCpu: boolean;
  readonly mark: boolean;
}

const DROPPED: TrapVerdict = { toCpu: false, mark: false };

/**
 * The devlink instance of one Spectrum ASIC: the traps mlxsw registers, their actions and
 * their stats. Every trap that fires is put on the frame's record (name, type, group and the
 * action in force); stats count only what reached devlink (T-6): a drop trap whose action
 * is `drop` is discarded by the ASIC and never counted, as on a real switch.
 */
export class DevlinkTraps implements Devlink {
  readonly handle = 'pci/0000:01:00.0';
  private readonly traps = new Map<string, TrapState>();

  constructor(kernel: KernelVersion) {
    for (const spec of mlxswTraps(kernel)) this.traps.set(spec.name, { spec, action: spec.init, packets: 0, bytes: 0 });
  }

  /** `__devlink_trap_action_set` and mlxsw's `mlxsw_sp_trap_action_set` (T-3). */
  setTrapAction(name: string, action: string): string | undefined {
    const t = this.traps.get(name);
    if (t === undefined) throw new KernelError('Error: devlink: Device did not register this trap.', 'ENOENT');
    if (action !== 'drop' && action !== 'trap' && action !== 'mirror') throw new KernelError('Error: devlink: Invalid trap action.', 'EINVAL');
    if (t.spec.type !== 'drop') return t.spec.init === action ? undefined : 'Warning: devlink: Cannot change action of non-drop traps. Skipping.';
    // mlxsw_sp_trap_action_set: only drop and trap reach the hardware; no extack.
    if (action === 'mirror') throw new KernelError('kernel answers: Invalid argument', 'EINVAL');
    t.action = action;
    return undefined;
  }

  spec(name: string): TrapSpec | undefined {
    return this.traps.get(name)?.spec;
  }

  trapStats(): readonly TrapStats[] {
    return [...this.traps.values()].map((t) => ({ name: t.spec.name, type: t.spec.type, group: t.spec.group, action: t.action, packets: t.packets, bytes: t.bytes }));
  }

  /**
   * The trap `name` fired on a packet of `bytes` bytes: record it on the outcome, count it
   * when it reaches devlink, and say what happens to the packet.
   */
  fire(name: TrapReasonId, bytes: number, outcome: Outcome): TrapVerdict {
    const t = this.traps.get(name)!;
    const info: AsicTrap = { reason: name, type: t.spec.type, group: t.spec.group, action: t.action };
    outcome.asicTrapped(info);
    if (t.action === 'drop') return DROPPED;
    t.packets++;
    t.bytes += bytes;
    if (t.spec.listener === 'drop') return DROPPED; // T-1: a drop trap's packet is reported, never injected
    return { toCpu: true, mark: t.spec.listener === 'mark' };
  }
}
