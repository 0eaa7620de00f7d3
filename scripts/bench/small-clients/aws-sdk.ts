/** `@aws-sdk/client-s3` UploadPart, SigV4, path-style, no extra checksums (like the harness sends none). */
import { Agent } from 'node:http';
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { expect200, IDLE_SOCKET_MS, type OpenClient, SMALL_PARTS_KEY } from './client.ts';

export const open: OpenClient = (target, load) => {
  const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency, timeout: IDLE_SOCKET_MS });
  const s3 = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: target.credentials.secretId,
      secretAccessKey: target.credentials.secretKey,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  return {
    async send(uploadId, n, body) {
      const r = await s3.send(
        new UploadPartCommand({
          Bucket: target.bucket,
          Key: SMALL_PARTS_KEY,
          UploadId: uploadId,
          PartNumber: n,
          Body: body,
        }),
      );
      expect200(`aws-sdk part ${n}`, r.$metadata.httpStatusCode);
    },
    async close() {
      s3.destroy();
      agent.destroy();
    },
  };
};
