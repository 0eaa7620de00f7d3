/**
 * The four clients of the small-parts comparison, in table order: each is a module of its own under this folder,
 * exporting `open` ({@link OpenClient}), so that the child process that runs one imports only what it needs.
 */
import type { OpenClient } from './client.ts';

/** One client of the comparison: its id (the key in bench.json), its label and how its child loads it. */
export interface SmallPartsClientInfo {
  id: string;
  label: string;
  load(): Promise<{ open: OpenClient }>;
}

export const SMALL_PARTS_CLIENTS: readonly SmallPartsClientInfo[] = [
  { id: 'harness', label: 'harness client (CosClient)', load: () => import('./harness.ts') },
  { id: 'undici', label: 'bare undici loop, same signing', load: () => import('./undici.ts') },
  { id: 'aws-sdk', label: '@aws-sdk/client-s3 UploadPart', load: () => import('./aws-sdk.ts') },
  { id: 'cos-sdk', label: 'cos-nodejs-sdk-v5 multipartUpload', load: () => import('./cos-sdk.ts') },
];

/** The client with this id; throws for an unknown one. */
export function smallPartsClient(id: string): SmallPartsClientInfo {
  const info = SMALL_PARTS_CLIENTS.find((c) => c.id === id);
  if (info === undefined) throw new Error(`unknown small-parts client "${id}"`);
  return info;
}
