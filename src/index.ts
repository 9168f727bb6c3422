/**
 * pcapverdict as a library. The same functions the CLI uses, so the two cannot disagree.
 *
 *   const fixture = loadFixture('fixtures/routing/router-v4.yaml');
 *   replay(fixture, (record) => console.log(record), { detail: true });
 *   for (const fx of fixtureVariants(loadFixture('fixtures/vrrp/keepalived-master.yaml'))) …  // spectrum, then linux
 *   const report = check(['fixtures/'], { update: 'none' });   // what `pcapverdict check` runs
 *   process.exitCode = checkExitCode(report);
 *
 * Jest matchers and a test per fixture: `pcapverdict/dist/src/jest`.
 *
 *   const reader = openCapture('lab.pcapng');
 *   const d = new DecodedFrame();
 *   while (reader.next()) {
 *     decodeFrame(reader.frame, d);
 *     console.log(reader.frame.number, d.protocols(), collectFields(d)['ip.dst']);
 *   }
 *   reader.close();
 */
export { openCapture } from './capture/open-capture';
export { CapturedFrame, formatTimestamp, type CaptureReader } from './capture/captured-frame';
export { CaptureError, type CaptureErrorCode, type CaptureWarning } from './capture/capture-error';
export { LINKTYPE, linkTypeName } from './capture/link-type';
export { PcapWriter, type PcapWriterOptions } from './capture/pcap-writer';
export { PcapngWriter, type PcapngInterfaceSpec, type PcapngPacketOptions } from './capture/pcapng-writer';
export { DecodedFrame, type DecodeIssue, type IssueKind, type LayerName } from './wire/decoded-frame';
export { decodeBytes, decodeFrame } from './wire/decode-frame';
export { collectFields, visitFields } from './wire/frame-fields';
export type { FieldSink, FieldValue } from './wire/field-sink';
export { summarizeFrame } from './wire/summary';
export { loadFixture, fixtureVariants, onPlatform, FixtureError, type Fixture } from './fixture/load-fixture';
export { KernelVersion } from './stack/drivers/kernel-version';
export type { TrapStats } from './stack/offload-driver';
export type { Expectation, FrameExpectation, NotificationExpectation, GeneratedExpectation } from './fixture/load-expectations';
export { replay, type ReplayOptions, type ReplaySummary } from './replay/replay';
export { check, checkExitCode, CheckUsageError, type CheckAllOptions, type CheckReport, type ObsoleteGolden } from './check/check';
export { checkFixture, type CheckOptions, type FixtureCheck, type GoldenStatus, type UpdateMode } from './check/check-fixture';
export { canonicalLine } from './check/canonical-record';
export { goldenMatches, type DifferenceGroup, type DifferenceKind, type GoldenComparison, type GoldenDifference } from './check/golden-compare';
export { goldenRecordLines, type GoldenHeader, type HeaderProblem } from './check/golden-header';
export type { ExpectationFailure, ExpectationResults } from './check/expectation-check';
export type {
  Verdict,
  Egress,
  FrameFields,
  FrameRecord,
  SkippedRecord,
  GeneratedRecord,
  EventRecord,
  NotificationRecord,
  CommandRecord,
  ReplayRecord,
  RecordSink,
} from './decision/records';
export { REASONS, type ReasonId } from './decision/reasons';
