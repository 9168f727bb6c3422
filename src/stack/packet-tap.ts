import type { CapturedFrame } from '../capture/captured-frame';
import type { GeneratedKind } from '../decision/records';
import type { FrameOutcome } from './frame-outcome';

/**
 * Receives the packets themselves, not just the decisions (`check --out-pcap`): each input
 * frame before it is processed (its time), each frame's copies once it is decided
 * (`FrameOutcome.packets`), and each frame the box built as it leaves.
 */
export interface PacketTap {
  input(f: CapturedFrame): void;
  frame(o: FrameOutcome): void;
  generated(kind: GeneratedKind, frame: number | undefined, port: string, bytes: Uint8Array): void;
}
