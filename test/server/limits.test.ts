/**
 * The server's limits on what a client sends (SERVER_LIMITS in src/spec/limits.ts): each breach is a 4xx with a
 * COS error document, and none leaves state behind that breaks a later request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_LIMITS } from '../../src/spec/limits.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { call, complete, errorCode, initiate, rawExchange, rawHead, VHOST } from './helpers.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ headersTimeoutMs: 500, idleTimeoutMs: 1500 });
});
afterAll(async () => {
  await server.close();
});

describe('object keys', () => {
  it('a key over the byte limit is 400 KeyTooLong; one at the limit is stored', async () => {
    const atLimit = 'é'.repeat(SERVER_LIMITS.maxKeyBytes / 2);
    expect((await call(server, { method: 'PUT', key: atLimit, body: 'x' })).status).toBe(200);
    const over = await call(server, { method: 'PUT', key: `${atLimit}a`, body: 'x' });
    expect([over.status, errorCode(over)]).toEqual([400, 'KeyTooLong']);
    const init = await call(server, { method: 'POST', key: `${atLimit}a`, query: [['uploads', null]] });
    expect([init.status, errorCode(init)]).toEqual([400, 'KeyTooLong']);
  });

  it.each([
    'a\u0000b',
    'a\u0001b',
    'a\uFFFEb',
  ])('a key XML cannot carry (%j) is 400 InvalidObjectName, and listings stay readable', async (key) => {
    for (const input of [
      { method: 'PUT', key, body: 'x' },
      { method: 'POST', key, query: [['uploads', null]] as Array<[string, null]> },
    ]) {
      const res = await call(server, input);
      expect([res.status, errorCode(res)]).toEqual([400, 'InvalidObjectName']);
    }
    expect((await call(server, { method: 'GET' })).status).toBe(200);
    expect((await call(server, { method: 'GET', query: [['uploads', null]] })).status).toBe(200);
  });

  it('a raw NUL (%00) in the path is refused the same way; bad escapes are InvalidURI', async () => {
    const nul = await rawExchange(server, [`GET /a%00b HTTP/1.1\r\nHost: ${VHOST}\r\n\r\n`], {
      stopWhen: (t) => t.includes('</Error>'),
    });
    expect(nul.text).toMatch(/^HTTP\/1\.1 400/);
    expect(nul.text).toContain('<Code>InvalidObjectName</Code>');
    const bad = await rawExchange(server, [`GET /a%ffb HTTP/1.1\r\nHost: ${VHOST}\r\n\r\n`], {
      stopWhen: (t) => t.includes('</Error>'),
    });
    expect(bad.text).toContain('<Code>InvalidURI</Code>');
  });
});

describe('Complete bodies', () => {
  it(`more than ${SERVER_LIMITS.maxCompleteParts} parts is 400 MalformedXML`, async () => {
    const id = await initiate(server, 'many');
    const parts = Array.from({ length: SERVER_LIMITS.maxCompleteParts + 1 }, (_, i) => ({
      partNumber: i + 1,
      etag: '"0123456789abcdef0123456789abcdef"',
    }));
    const res = await complete(server, 'many', id, parts);
    expect([res.status, errorCode(res)]).toEqual([400, 'MalformedXML']);
    expect(res.text).toContain(`at most ${SERVER_LIMITS.maxCompleteParts}`);
  });

  it('over the size limit is 400 XMLSizeLimit; nesting, entities and non-XML are 400 MalformedXML', async () => {
    const id = await initiate(server, 'bad-xml');
    const huge = await complete(server, 'bad-xml', id, ' '.repeat(SERVER_LIMITS.maxCompleteBodyBytes + 1));
    expect([huge.status, errorCode(huge)]).toEqual([400, 'XMLSizeLimit']);
    const depth = 100_000;
    for (const body of [
      `<CompleteMultipartUpload>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</CompleteMultipartUpload>`,
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><CompleteMultipartUpload>&b;</CompleteMultipartUpload>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CompleteMultipartUpload>&e;</CompleteMultipartUpload>',
      '{"parts": []}',
    ]) {
      const res = await complete(server, 'bad-xml', id, body);
      expect([res.status, errorCode(res)]).toEqual([400, 'MalformedXML']);
    }
  });
});

describe('request heads', () => {
  it(`a head over ${SERVER_LIMITS.maxHeaderBytes} bytes is 400 RequestHeaderSectionTooLarge, connection closed`, async () => {
    const res = await rawExchange(server, [
      `GET /k HTTP/1.1\r\nHost: ${VHOST}\r\nx-big: ${'a'.repeat(SERVER_LIMITS.maxHeaderBytes)}\r\n\r\n`,
    ]);
    expect(res.text).toMatch(/^HTTP\/1\.1 400/);
    expect(res.text).toContain('<Code>RequestHeaderSectionTooLarge</Code>');
    expect(res.closed).toBe(true);
  });

  it('a head sent too slowly is 400 RequestTimeout and the connection closed (slow loris)', async () => {
    const started = Date.now();
    const res = await rawExchange(server, [`GET /k HTTP/1.1\r\nHost: ${VHOST}\r\n`], { timeoutMs: 5000 });
    expect(res.closed).toBe(true);
    expect(res.text).toContain('<Code>RequestTimeout</Code>');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('a body that stops arriving is cut after the idle timeout', async () => {
    const started = Date.now();
    const res = await rawExchange(server, [rawHead('PUT', 'slow', [], { 'content-length': '100' }), 'abc'], {
      timeoutMs: 6000,
    });
    expect(res.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    // Nothing of the cut body was stored.
    expect((await call(server, { method: 'GET', key: 'slow' })).status).toBe(404);
  });
});
