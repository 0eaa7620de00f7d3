/**
 * `cos-nodejs-sdk-v5` multipartUpload, COS signature, connecting to loopback with the bucket's production Host; its
 * keep-alive agent (`KeepAlive: true`) handed in through the SDK's `before-send` hook with the same socket limit and
 * idle timeout as the AWS SDK's.
 */
import { Agent } from 'node:http';
import COS from 'cos-nodejs-sdk-v5';
import { expect200, IDLE_SOCKET_MS, type OpenClient, SMALL_PARTS_KEY } from './client.ts';

export const open: OpenClient = (target, load) => {
  const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency, timeout: IDLE_SOCKET_MS });
  const cos = new COS({
    SecretId: target.credentials.secretId,
    SecretKey: target.credentials.secretKey,
    Protocol: 'http:',
    Ip: new URL(target.endpoint).host,
    AutoSwitchHost: false,
    KeepAlive: true,
  });
  cos.on('before-send', (opt: { agent?: Agent }) => {
    opt.agent = agent;
  });
  return {
    async send(uploadId, n, body) {
      const r = await cos.multipartUpload({
        Bucket: target.bucket,
        Region: target.region,
        Key: SMALL_PARTS_KEY,
        UploadId: uploadId,
        PartNumber: n,
        Body: body,
      });
      expect200(`cos-sdk part ${n}`, r.statusCode);
    },
    async close() {
      agent.destroy();
    },
  };
};
