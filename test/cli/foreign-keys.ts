/**
 * Keys of other "users" in the bucket a cleanup test runs in: objects and open uploads outside the harness
 * prefix (some sharing its first characters), filled before the runs and checked untouched after them; and what
 * the harness left under its own prefix.
 */
import { expect } from 'vitest';
import type { CosClient } from '../../src/client/cos-client.ts';

/** The harness's own prefix (every run's keys are under it). */
export const HARNESS = 'cos-conformance/';
/** Keys of other users: outside the harness prefix, some sharing its first characters. */
const FOREIGN_OBJECTS = [
  'other-user/data.bin',
  'cos-conformance-other/x',
  'cos-conformancex',
  'cos-conformance',
];
const FOREIGN_UPLOADS = ['other-user/open', 'cos-conformance-other/open', 'cos-conformanceopen'];

/** What the harness left under its prefix: open uploads and objects. */
export async function harnessLeft(client: CosClient): Promise<{ uploads: string[]; objects: string[] }> {
  const uploads = await client.listMultipartUploads({ prefix: HARNESS });
  const objects = await client.listObjects({ prefix: HARNESS });
  expect(uploads.status).toBe(200);
  expect(objects.status).toBe(200);
  return { uploads: uploads.data!.uploads.map((u) => u.key), objects: objects.data!.keys };
}

export interface ForeignState {
  objects: Map<string, string>;
  uploads: Map<string, { uploadId: string; partEtag: string }>;
}

/** Fills the bucket with other users' objects and open uploads (each with one part). */
export async function prefill(client: CosClient): Promise<ForeignState> {
  const state: ForeignState = { objects: new Map(), uploads: new Map() };
  for (const [i, key] of FOREIGN_OBJECTS.entries()) {
    const put = await client.putObject(key, { spec: { seed: 100 + i, size: 4096 } });
    expect(put.status).toBe(200);
    state.objects.set(key, put.headers.etag!);
  }
  for (const [i, key] of FOREIGN_UPLOADS.entries()) {
    const init = await client.initiateMultipartUpload(key);
    const uploadId = init.data!.uploadId;
    const part = await client.uploadPart(key, uploadId, 1, { spec: { seed: 200 + i, size: 2048 } });
    expect(part.status).toBe(200);
    state.uploads.set(key, { uploadId, partEtag: part.data!.etag! });
  }
  return state;
}

/** Every foreign object has its ETag still; every foreign upload is still open with its part. */
export async function expectUntouched(client: CosClient, state: ForeignState): Promise<void> {
  for (const [key, etag] of state.objects) {
    const head = await client.headObject(key);
    expect(head.status, key).toBe(200);
    expect(head.data?.etag, key).toBe(etag);
  }
  const listed = await client.listMultipartUploads();
  for (const [key, { uploadId, partEtag }] of state.uploads) {
    expect(
      listed.data?.uploads.some((u) => u.key === key && u.uploadId === uploadId),
      key,
    ).toBe(true);
    const parts = await client.listParts(key, uploadId);
    expect(
      parts.data?.parts.map((p) => [p.partNumber, p.etag]),
      key,
    ).toEqual([[1, partEtag]]);
  }
}
