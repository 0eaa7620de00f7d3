#!/usr/bin/env node
// fauxqs (the npm dev dependency, 1.x: 2.x needs Node >= 22.5) in the foreground on 127.0.0.1 only. Its own CLI
// and startFauxqs() bind 0.0.0.0, so this builds the app and listens on loopback itself.
// Usage: node scripts/peers/fauxqs-serve.mjs [port]   (0 or absent: a free port; prints "listening on URL")
// fauxqs accepts any credentials and never checks a signature. Stops on SIGTERM or SIGINT.
import { buildApp } from 'fauxqs';

const port = Number(process.argv[2] ?? 0);
const app = buildApp({ logger: process.env.FAUXQS_LOGGER === 'true' });
const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${address}`);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
