import { KernelError } from '../../kernel-error';
import type { DeviceKind, NetDevice } from '../../netdev';
import type { KernelVersion } from '../kernel-version';

/** `NL_SET_ERR_MSG_MOD` in mlxsw_spectrum, as `ip` prints it (V-2; prefix inferred, open question 8). */
function refused(text: string, errno: 'EINVAL' | 'EOPNOTSUPP'): KernelError {
  return new KernelError(`Error: mlxsw_spectrum: ${text}.`, errno);
}

/**
 * The PRECHANGEUPPER checks of spectrum.c for a new upper of `lower` (V-1 … V-4): which
 * upper kinds each lower accepts, that a macvlan on the ASIC is never enslaved (V-4), and
 * before v6.6 that a macvlan needs a router interface under it (V-3). The macvlan mode is
 * never looked at (V-1) and its MAC is not checked against the RIF MAC rules (V-5).
 * `isAsic` says whether a device is (or sits on) the ASIC's ports.
 */
export function checkUpper(lower: NetDevice, upperKind: DeviceKind, kernel: KernelVersion, isAsic: (d: NetDevice) => boolean, hasRif: (d: NetDevice) => boolean): void {
  if (!isAsic(lower)) return;
  switch (lower.kind) {
    case 'macvlan':
      // mlxsw_sp_netdevice_macvlan_event: only an L3 master (VRF) may take a macvlan (V-4).
      throw refused('Unknown upper device type', 'EOPNOTSUPP');
    case 'port':
      // mlxsw_sp_netdevice_port_upper_event: VLAN, LAG, bridge, OVS, macvlan, L3 master.
      if (upperKind !== 'vlan' && upperKind !== 'bridge' && upperKind !== 'macvlan') throw refused('Unknown upper device type', 'EINVAL');
      break;
    case 'vlan':
      if (lower.lower!.kind === 'bridge') {
        // mlxsw_sp_netdevice_bridge_vlan_event: macvlan and L3 master only.
        if (upperKind !== 'macvlan') throw refused('Unknown upper device type', 'EOPNOTSUPP');
      } else if (upperKind !== 'bridge' && upperKind !== 'macvlan') {
        // mlxsw_sp_netdevice_port_vlan_event: bridge, macvlan, L3 master.
        throw refused('Unknown upper device type', 'EINVAL');
      }
      break;
    case 'bridge':
      // mlxsw_sp_netdevice_bridge_event: VLAN, macvlan, L3 master.
      if (upperKind !== 'vlan' && upperKind !== 'macvlan') throw refused('Unknown upper device type', 'EOPNOTSUPP');
      break;
    default:
      return;
  }
  // V-3: before v6.6 a macvlan needs a RIF under it; from v6.6 it waits for one (V-9).
  if (upperKind === 'macvlan' && !kernel.atLeast(6, 6) && !hasRif(lower)) throw refused('macvlan is only supported on top of router interfaces', 'EOPNOTSUPP');
}
