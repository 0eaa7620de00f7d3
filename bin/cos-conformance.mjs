#!/usr/bin/env node
// The cos-conformance command. No build step: registers tsx so the TypeScript sources run directly
// (Node 20.19+, 22, 24), then hands argv to src/cli/main.ts and exits with its code (0/1/2/3).
import { register } from 'tsx/esm/api';

// A closed pipe (`cos-conformance list-checks | head`) ends the output, not the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
