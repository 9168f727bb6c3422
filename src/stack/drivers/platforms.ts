import type { OffloadDriver } from '../offload-driver';
import type { Stack } from '../stack';

/**
 * The platforms a fixture can name, each with the offload drivers it puts in front of the
 * software path (DESIGN.md §4). `linux` has none: every frame takes the software path.
 * The `spectrum` (mlxsw) and `netdevsim` drivers plug in here: one entry each, no change
 * to the stack.
 */
export const PLATFORMS: Readonly<Record<string, (stack: Stack) => readonly OffloadDriver[]>> = {
  linux: () => [],
};

export type PlatformName = keyof typeof PLATFORMS;
