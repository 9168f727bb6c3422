import { join } from 'node:path';
import type { CapturedFrame } from '../capture/captured-frame';
import { LINKTYPE } from '../capture/link-type';
import { PcapngWriter } from '../capture/pcapng-writer';
import type { GeneratedKind } from '../decision/records';
import type { FrameOutcome } from '../stack/frame-outcome';
import type { PacketTap } from '../stack/packet-tap';
import { makeReportDirectory, reportFileOp } from './report-path';

/** The option that names the directory, for messages: a file that cannot be written ends the run (ReportPathError). */
const OPTION = '--out-pcap';

/** The file of what the box's stacks received: one interface per netdev. */
const CPU_FILE = 'cpu.pcapng';

/**
 * `check --out-pcap DIR`: what the box did, as captures to open next to the input in
 * Wireshark. One pcapng per egress port (`<port>.pcapng`: the frames that left by it,
 * rewritten, and the frames the box built) and `cpu.pcapng` for the trap path (each frame
 * as the receiving netdev's stack got it, one interface per netdev). Every packet's comment
 * names its input frame, verdict and reason. Files are made on first use.
 */
export class OutPcap implements PacketTap {
  private readonly ports = new Map<string, PcapngWriter>();
  private cpu: { writer: PcapngWriter; ifaces: Map<string, number> } | undefined;
  private tsSec = 0;
  private tsNsec = 0;

  constructor(readonly dir: string) {
    makeReportDirectory(OPTION, dir);
  }

  /** Packets take the time of the input frame being processed (when a queued one left, too). */
  input(f: CapturedFrame): void {
    this.tsSec = f.tsSec;
    this.tsNsec = f.tsNsec;
  }

  frame(o: FrameOutcome): void {
    const packets = o.packets;
    if (packets === undefined) return;
    const reason = o.reason;
    const decision = `frame ${o.frame}: ${o.verdict}${reason === undefined ? '' : ` ${reason}`}`;
    for (const p of packets) {
      if (p.up) this.writeCpu(p.port, p.bytes, `${decision}, up ${p.port}'s stack`);
      else this.writePort(p.port, p.bytes, `${decision}, out of ${p.port}`);
    }
  }

  generated(kind: GeneratedKind, frame: number | undefined, port: string, bytes: Uint8Array): void {
    this.writePort(port, bytes, `sent by the box: ${kind}${frame === undefined ? ' (timer)' : `, for frame ${frame}`}`);
  }

  close(): void {
    for (const [port, w] of this.ports) reportFileOp(OPTION, join(this.dir, `${port}.pcapng`), () => w.close());
    const cpu = this.cpu;
    if (cpu !== undefined) reportFileOp(OPTION, join(this.dir, CPU_FILE), () => cpu.writer.close());
  }

  private writePort(port: string, bytes: Uint8Array, comment: string): void {
    const file = join(this.dir, `${port}.pcapng`);
    reportFileOp(OPTION, file, () => {
      let w = this.ports.get(port);
      if (w === undefined) {
        w = new PcapngWriter(file);
        w.addInterface({ linkType: LINKTYPE.ETHERNET, name: port, description: `egress of ${port}` });
        this.ports.set(port, w);
      }
      w.write(0, bytes, this.tsSec, this.tsNsec, { comment, flags: 2 });
    });
  }

  private writeCpu(dev: string, bytes: Uint8Array, comment: string): void {
    const file = join(this.dir, CPU_FILE);
    reportFileOp(OPTION, file, () => {
      const cpu = (this.cpu ??= { writer: new PcapngWriter(file), ifaces: new Map() });
      let iface = cpu.ifaces.get(dev);
      if (iface === undefined) {
        iface = cpu.writer.addInterface({ linkType: LINKTYPE.ETHERNET, name: dev, description: `received by ${dev}'s stack` });
        cpu.ifaces.set(dev, iface);
      }
      cpu.writer.write(iface, bytes, this.tsSec, this.tsNsec, { comment, flags: 1 });
    });
  }
}
