import type { OffloadDriver } from '../offload-driver';
import type { Stack } from '../stack';
import type { KernelVersion } from './kernel-version';
import { SpectrumDriver } from './spectrum/spectrum-driver';

/**
 * The platforms a fixture can name, each with the offload drivers it puts in front of the
 * software path (DESIGN.md §4). `linux` has none: every frame takes the software path.
 * `spectrum` is a Spectrum switch (mlxsw) whose every port is an ASIC port. A netdevsim
 * platform plugs in here too: one entry, no change to the stack.
 */
export const PLATFORMS: Readonly<Record<string, (stack: Stack, kernel: KernelVersion) => readonly OffloadDriver[]>> = {
  linux: () => [],
  spectrum: (stack, kernel) => [new SpectrumDriver(stack, kernel)],
};

export type PlatformName = keyof typeof PLATFORMS;
