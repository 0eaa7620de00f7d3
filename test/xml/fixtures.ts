/**
 * Response and request bodies quoted from the COS API docs (spec §2), byte for byte where the doc allows
 * checking it. Source pages: https://cloud.tencent.com/document/product/436/<id>.
 */

/** §2.1 [D7746] Initiate Multipart Upload response (UploadId shortened in the spec digest as in the doc). */
export const INITIATE_RESULT_D7746 = `<InitiateMultipartUploadResult>
  <Bucket>examplebucket-1250000000</Bucket>
  <Key>exampleobject</Key>
  <UploadId>1585130821cbb7...6361</UploadId>
</InitiateMultipartUploadResult>`;

/**
 * §2.4 [D7747] List Parts, the 2020 real example: `<EncodingType/>` without a hyphen, `Owner` before
 * `PartNumberMarker` before `Initiator`, `&quot;`-escaped ETags, no `NextPartNumberMarker`.
 */
export const LIST_PARTS_D7747 = `<ListPartsResult>
\t<Bucket>examplebucket-1250000000</Bucket>
\t<EncodingType/>
\t<Key>exampleobject</Key>
\t<UploadId>1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361</UploadId>
\t<Owner>
\t\t<ID>1250000000</ID>
\t\t<DisplayName>1250000000</DisplayName>
\t</Owner>
\t<PartNumberMarker>0</PartNumberMarker>
\t<Initiator>
\t\t<ID>qcs::cam::uin/100000000001:uin/100000000011</ID>
\t\t<DisplayName>100000000011</DisplayName>
\t</Initiator>
\t<Part>
\t\t<PartNumber>1</PartNumber>
\t\t<LastModified>2020-03-25T10:07:14.000Z</LastModified>
\t\t<ETag>&quot;39270a968a357d24207e9911162507eb&quot;</ETag>
\t\t<Size>1048576</Size>
\t</Part>
\t<Part>
\t\t<PartNumber>2</PartNumber>
\t\t<LastModified>2020-03-25T10:07:13.000Z</LastModified>
\t\t<ETag>&quot;d899fbd1e06109ea2e4550f5751c88d6&quot;</ETag>
\t\t<Size>1048576</Size>
\t</Part>
\t<Part>
\t\t<PartNumber>3</PartNumber>
\t\t<LastModified>2020-03-25T10:07:13.000Z</LastModified>
\t\t<ETag>&quot;762890d6c9a871b7bd136037cb2260cd&quot;</ETag>
\t\t<Size>1048576</Size>
\t</Part>
\t<StorageClass>Standard</StorageClass>
\t<MaxParts>1000</MaxParts>
\t<IsTruncated>false</IsTruncated>
</ListPartsResult>`;

/**
 * §2.5 [D7742] Complete request body of the 2020 example, with CRLF line ends: that is the only form that
 * matches the doc's `Content-Length: 353` and `Content-MD5: Me/0Gvtc2x4VPIOhoIRllw==`.
 */
export const COMPLETE_REQUEST_D7742 = [
  '<CompleteMultipartUpload>',
  '\t<Part>',
  '\t\t<PartNumber>1</PartNumber>',
  '\t\t<ETag>"39270a968a357d24207e9911162507eb"</ETag>',
  '\t</Part>',
  '\t<Part>',
  '\t\t<PartNumber>2</PartNumber>',
  '\t\t<ETag>"d899fbd1e06109ea2e4550f5751c88d6"</ETag>',
  '\t</Part>',
  '\t<Part>',
  '\t\t<PartNumber>3</PartNumber>',
  '\t\t<ETag>"762890d6c9a871b7bd136037cb2260cd"</ETag>',
  '\t</Part>',
  '</CompleteMultipartUpload>',
].join('\r\n');
export const COMPLETE_REQUEST_D7742_MD5 = 'Me/0Gvtc2x4VPIOhoIRllw==';

/** §2.5 [D7742] Complete response of the same example. */
export const COMPLETE_RESULT_D7742 = `<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUploadResult xmlns="http://www.qcloud.com/document/product/436/7751">
\t<Location>http://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject</Location>
\t<Bucket>examplebucket-1250000000</Bucket>
\t<Key>exampleobject</Key>
\t<ETag>&quot;aa259a62513358f69e98e72e59856d88-3&quot;</ETag>
</CompleteMultipartUploadResult>`;

/** §2.7 [D7736] List Multipart Uploads (later doc version: `UploadId`, `Encoding-Type`, 2017-style dates). */
export const LIST_UPLOADS_D7736 = `<ListMultipartUploadsResult>
    <Bucket>examplebucket-1250000000</Bucket>
    <Encoding-Type/>
    <KeyMarker/>
    <UploadIdMarker/>
    <MaxUploads>1000</MaxUploads>
    <Prefix/>
    <Delimiter>/</Delimiter>
    <IsTruncated>false</IsTruncated>
    <Upload>
        <Key>Object</Key>
        <UploadId>1484726657932bcb5b17f7a98a8cad9fc36a340ff204c79bd2f51e7dddf0b6d1da6220520c</UploadId>
        <Initiator>
           <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
\t\t<DisplayName>100000000001</DisplayName>
        </Initiator>
        <Owner>
           <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
\t\t<DisplayName>100000000001</DisplayName>
        </Owner>
        <StorageClass>Standard</StorageClass>
        <Initiated>Wed Jan 18 16:04:17 2017</Initiated>
    </Upload>
    <Upload>
        <Key>Object</Key>
        <UploadId>1484727158f2b8034e5407d18cbf28e84f754b791ecab607d25a2e52de9fee641e5f60707c</UploadId>
        <Initiator>
           <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
\t\t<DisplayName>100000000001</DisplayName>
        </Initiator>
        <Owner>
           <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
\t\t<DisplayName>100000000001</DisplayName>
        </Owner>
        <StorageClass>Standard</StorageClass>
        <Initiated>Wed Jan 18 16:12:38 2017</Initiated>
    </Upload>
</ListMultipartUploadsResult>`;

/** §2.7: the 2017 doc version spelled the element `UploadID` (one entry quoted). */
export const LIST_UPLOADS_2017_UPLOADID = `<ListMultipartUploadsResult>
    <Bucket>examplebucket-1250000000</Bucket>
    <Encoding-Type/>
    <KeyMarker/>
    <UploadIdMarker/>
    <MaxUploads>1000</MaxUploads>
    <Prefix/>
    <Delimiter>/</Delimiter>
    <IsTruncated>false</IsTruncated>
    <Upload>
        <Key>Object</Key>
        <UploadID>1484726657932bcb5b17f7a98a8cad9fc36a340ff204c79bd2f51e7dddf0b6d1da6220520c</UploadID>
        <StorageClass>Standard</StorageClass>
        <Initiated>Wed Jan 18 16:04:17 2017</Initiated>
    </Upload>
</ListMultipartUploadsResult>`;

/** §4.1 [D7730] error document, with values filled in. */
export const ERROR_D7730 = `<?xml version='1.0' encoding='utf-8' ?>
<Error>
  <Code>NoSuchUpload</Code>
  <Message>The specified upload does not exist.</Message>
  <Resource>examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject</Resource>
  <RequestId>NWU3YjJkNWVfZDFjODJhMDlfMTk2ODJfMmEyNTA0****</RequestId>
  <TraceId>OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc0OWRkZjk0ZDM1NmI1M2E2MTRlY2MzZDhmNmI5MWI1OQ==</TraceId>
</Error>`;
