// Loaded with NODE_OPTIONS=--import into a process under measurement: at exit it reports its
// peak resident memory (the kernel's high-water mark) on stderr, for the benchmark to read.
process.on('exit', () => {
  process.stderr.write(`\nbench:maxrss-kib=${process.resourceUsage().maxRSS}\n`);
});
