/** The setup-language parser (DESIGN.md §4): setup text → typed commands. Grammar: docs/setup-language.md. */

export * from './command-types';
export { defaultPrefix, formatIpPrefix, readIpAddress, readIpPrefix } from './ip-prefix';
export { parseCommand, parseCommandLine, parseSetup, SetupScript, type ParseOptions } from './parse-setup';
export { sysctlProcPath } from './parse-sysctl';
export { SetupSyntaxError } from './setup-syntax-error';
export { commandLines, tokenizeSetup, type CommandLine, type PositionOptions, type Word } from './tokenize';
