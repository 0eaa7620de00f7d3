/** `cos-nodejs-sdk-v5` multipartUpload, COS signature, connecting to loopback with the bucket's production Host. */
import COS from 'cos-nodejs-sdk-v5';
import { expect200, type OpenClient, SMALL_PARTS_KEY } from './client.ts';

export const open: OpenClient = (target) => {
  const cos = new COS({
    SecretId: target.credentials.secretId,
    SecretKey: target.credentials.secretKey,
    Protocol: 'http:',
    Ip: new URL(target.endpoint).host,
    AutoSwitchHost: false,
    KeepAlive: true,
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
    close: async () => undefined,
  };
};
