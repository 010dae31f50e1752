// Preloaded into the CLI under test (`node --import <this file> bin/upload-post.js …`):
// when the process exits, write its peak RSS and CPU time to the file named by
// UPLOAD_POST_TEST_PROBE, as JSON. No system tools needed. A process killed by
// a signal (or aborted by V8 when out of memory) writes nothing.
import { writeFileSync } from 'node:fs';

const target = process.env.UPLOAD_POST_TEST_PROBE;
if (target) {
  process.on('exit', (code) => {
    const cpu = process.cpuUsage();
    try {
      writeFileSync(
        target,
        JSON.stringify({
          code,
          maxRssKiB: process.resourceUsage().maxRSS,
          userUs: cpu.user,
          systemUs: cpu.system,
          // performance.now() counts from the process's start (timeOrigin).
          wallMs: performance.now(),
        }),
      );
    } catch {
      // The probe must never change the process's outcome.
    }
  });
}
