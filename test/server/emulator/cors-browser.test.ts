/**
 * CORS in a real browser (Debian's Chromium via playwright-core): a page on another origin PUTs an object to the
 * reference server with a COS-signed `fetch` (a non-simple request, so Chromium sends a preflight first) and
 * reads ETag, `x-cos-hash-crc64ecma` and `x-cos-request-id` from the answer, which it can only do when they are
 * exposed. Skipped only when Chromium is absent and CI is not set.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../../src/body/crc64.ts';
import {
  DEFAULT_BUCKET,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
  type RunningServer,
  startServer,
} from '../../../src/server/index.ts';
import { cosSign } from '../../../src/sign/cos-sign.ts';
import { md5Hex } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const mustRun = Boolean(process.env.CI);
if (!available && !mustRun)
  console.warn(`CORS browser test skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!available && !mustRun)('CORS from a page on another origin, in headless Chromium', () => {
  let server: RunningServer;
  let page: Server;
  let pageUrl: string;
  let browser: Browser;
  const log: string[] = [];
  beforeAll(async () => {
    server = await startServer({ log: (line) => log.push(line) });
    page = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const address = page.address();
    pageUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => page?.close(resolve));
    await server?.close();
  });

  it('a signed PUT from the page passes the preflight and reads the exposed headers', async () => {
    const key = 'browser/hello.txt';
    const host = `127.0.0.1:${server.port}`;
    const { authorization } = cosSign({
      secretId: LOCAL_SECRET_ID,
      secretKey: LOCAL_SECRET_KEY,
      method: 'PUT',
      pathname: `/${DEFAULT_BUCKET}/${key}`,
      query: [],
      headers: { host, 'content-type': 'text/plain' },
    });
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const seen = await tab.evaluate(
      async ({ url, auth }) => {
        try {
          const res = await fetch(url, {
            method: 'PUT',
            headers: { authorization: auth, 'content-type': 'text/plain' },
            body: 'hello from a browser',
          });
          return {
            status: res.status,
            etag: res.headers.get('etag'),
            crc: res.headers.get('x-cos-hash-crc64ecma'),
            requestId: res.headers.get('x-cos-request-id'),
          };
        } catch (err) {
          return { error: String(err) };
        }
      },
      { url: `http://${host}/${DEFAULT_BUCKET}/${key}`, auth: authorization },
    );
    const body = Buffer.from('hello from a browser');
    expect(seen).toEqual({
      status: 200,
      etag: `"${md5Hex(body)}"`,
      crc: crc64(body).toString(),
      requestId: expect.any(String),
    });
    expect(log.some((line) => line.startsWith(`OPTIONS /${DEFAULT_BUCKET}/${key} 200`))).toBe(true);
  });
});
