// Preloaded (node -r) into a process whose peak memory the benchmark wants: prints it as the process exits.
'use strict';
process.on('exit', () => process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`));
