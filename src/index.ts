/**
 * pcapverdict as a library. The same functions the CLI uses, so the two cannot disagree.
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
