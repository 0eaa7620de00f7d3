import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeServer, startServer } from '../../src/server/index.ts';
import { call, initiate, LOCAL, uploadPart } from './helpers.ts';

describe('startServer / close', () => {
  it('listens on 127.0.0.1 on a free port with a temp data dir, removed on close; close is idempotent', async () => {
    const server = await startServer();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(existsSync(server.dataDir)).toBe(true);
    expect(server.mutations).toEqual([]);
    expect(describeServer(server)).toContain(server.url);
    expect(describeServer(server)).not.toContain('MUTANT');
    // An idle keep-alive socket must not keep close() waiting.
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    await Promise.all([server.close(), server.close()]);
    await server.close();
    expect(existsSync(server.dataDir)).toBe(false);
    socket.destroy();
  });

  it('keeps a given data dir, stores part bytes in it, and creates the given buckets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cos-given-'));
    try {
      const server = await startServer({ dataDir: dir, buckets: ['alpha-1', 'examplebucket-1250000000'] });
      const id = await initiate(server, 'k');
      await uploadPart(server, 'k', id, 1, 'stored on disk');
      expect((await readdir(join(dir, 'parts'))).length).toBe(1);
      expect((await call(server, { method: 'HEAD', bucket: 'alpha-1' })).status).toBe(200);
      expect(describeServer(server)).toContain('alpha-1');
      await server.close();
      expect(existsSync(dir)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts only the configured credentials', async () => {
    const creds = { secretId: 'AKIDother', secretKey: 'otherKey' };
    const server = await startServer({ credentials: [creds] });
    try {
      expect((await call(server, { method: 'GET', credentials: creds })).status).toBe(200);
      expect((await call(server, { method: 'GET', credentials: LOCAL })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('describes a mutant', async () => {
    const server = await startServer({ behaviour: { checkContentMd5: false } });
    try {
      expect(describeServer(server)).toContain('MUTANT (checkContentMd5)');
    } finally {
      await server.close();
    }
  });
});
