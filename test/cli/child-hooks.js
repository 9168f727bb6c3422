'use strict';
// Preloaded (`node -r`) into a CLI child by the tests, driven by the environment:
// PCAPVERDICT_TEST_USAGE=FILE   writes the child's peak RSS and CPU time there at exit;
// PCAPVERDICT_TEST_FAULT=M:NAME replaces export NAME of dist/src/M with one that throws,
//                               standing for a bug in that stage (an internal error).
const fs = require('node:fs');
const path = require('node:path');

const usage = process.env.PCAPVERDICT_TEST_USAGE;
if (usage) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // The peak of this process's own memory (VmHWM), not getrusage's maxRSS: Linux carries
    // maxRSS over exec from the forked parent, so a child of a big jest worker would report
    // the worker's size.
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    fs.writeFileSync(usage, JSON.stringify({ maxRssKb: hwm === null ? u.maxRSS : Number(hwm[1]), cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}

const fault = process.env.PCAPVERDICT_TEST_FAULT;
if (fault) {
  const [mod, name] = fault.split(':');
  const m = require(path.join(__dirname, '..', '..', 'dist', 'src', mod));
  m[name] = () => {
    throw new TypeError(`injected fault in ${name}\nsecond line`);
  };
}
