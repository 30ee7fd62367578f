// Preloaded (node -r) into a process whose peak memory the benchmark wants: prints it as the process exits,
// with the CPU time the process used (user + system), which the machine's load moves less than wall time.
'use strict';
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb=${u.maxRSS} cpu-us=${u.userCPUTime + u.systemCPUTime}\n`);
});
