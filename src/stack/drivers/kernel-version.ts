/**
 * The kernel release a platform's driver behaves as (fixture key `kernel:`), where the
 * behaviour changed between releases: mlxsw accepts a macvlan on a lower without a router
 * interface from v6.6 (V-3) and traps ARP at layer 2 from v6.15 (V-19). The default is the
 * release the project's reference behaviour was recorded on.
 */
export class KernelVersion {
  static readonly DEFAULT = new KernelVersion(6, 18);

  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  /** `6.5`, `v6.15`, `6.18.44`: major.minor count; a patch level changes nothing modelled. */
  static parse(text: string): KernelVersion | undefined {
    const m = /^v?(\d{1,2})\.(\d{1,3})(?:\.\d{1,4})?$/.exec(text);
    return m === null ? undefined : new KernelVersion(Number(m[1]), Number(m[2]));
  }

  atLeast(major: number, minor: number): boolean {
    return this.major > major || (this.major === major && this.minor >= minor);
  }
}
