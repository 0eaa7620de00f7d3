/** `ListMultipartUploadsResult` (spec §2.7 [D7736]). */
import { buildXml } from './build.ts';
import {
  type EncodingTypeElement,
  nodeList,
  optionalEncodingType,
  optionalInt,
  optionalOwner,
  optionalText,
  ownerElement,
  parseDocument,
  requiredBool,
  requiredText,
  textByAnyName,
  type XmlOwner,
} from './fields.ts';
import { XmlShapeError } from './errors.ts';

export const LIST_UPLOADS_ROOT = 'ListMultipartUploadsResult';

/** One `Upload` entry. */
export interface ListedUpload {
  key: string;
  uploadId: string;
  /** `UploadID` in the 2017 doc, `UploadId` since (§2.7); set when parsing. */
  uploadIdElement?: 'UploadId' | 'UploadID';
  storageClass?: string;
  initiator?: XmlOwner;
  owner?: XmlOwner;
  /** As sent: ISO 8601 (`2017-06-12T10:13:05.000Z`) or the 2017 form (`Wed Jan 18 16:04:17 2017`). */
  initiated?: string;
}

/** Values are as sent: with `encoding-type=url` keys and markers are still URL-encoded here. */
export interface ListUploadsResult {
  bucket?: string;
  encodingType?: string;
  encodingTypeElement?: EncodingTypeElement;
  keyMarker?: string;
  uploadIdMarker?: string;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  maxUploads?: number;
  isTruncated: boolean;
  prefix?: string;
  delimiter?: string;
  uploads: ListedUpload[];
  /** `CommonPrefixes/Prefix` values. */
  commonPrefixes: string[];
}

/** Reads a List Multipart Uploads response body; each `Upload` needs `Key` and `UploadId` (or `UploadID`). */
export function parseListUploadsResult(text: string): ListUploadsResult {
  const root = LIST_UPLOADS_ROOT;
  const node = parseDocument(text, root);
  return {
    bucket: optionalText(node, 'Bucket', root),
    ...optionalEncodingType(node, root),
    keyMarker: optionalText(node, 'KeyMarker', root, true),
    uploadIdMarker: optionalText(node, 'UploadIdMarker', root),
    nextKeyMarker: optionalText(node, 'NextKeyMarker', root, true),
    nextUploadIdMarker: optionalText(node, 'NextUploadIdMarker', root),
    maxUploads: optionalInt(node, 'MaxUploads', root),
    isTruncated: requiredBool(node, 'IsTruncated', root),
    prefix: optionalText(node, 'Prefix', root, true),
    delimiter: optionalText(node, 'Delimiter', root, true),
    uploads: nodeList(node, 'Upload', root).map(({ node: upload, path }) => {
      const id = textByAnyName(upload, ['UploadId', 'UploadID'], path);
      if (!id) throw new XmlShapeError(`${path}/UploadId`, 'required element is missing');
      return {
        key: requiredText(upload, 'Key', path, true),
        uploadId: id.value,
        uploadIdElement: id.element as 'UploadId' | 'UploadID',
        storageClass: optionalText(upload, 'StorageClass', path),
        initiator: optionalOwner(upload, 'Initiator', path),
        owner: optionalOwner(upload, 'Owner', path),
        initiated: optionalText(upload, 'Initiated', path),
      };
    }),
    commonPrefixes: nodeList(node, 'CommonPrefixes', root).map(({ node: cp, path }) =>
      requiredText(cp, 'Prefix', path, true),
    ),
  };
}

/** Writes a List Multipart Uploads response body in the element order of the doc schema. */
export function buildListUploadsResult(listUploadsResult: ListUploadsResult): string {
  return buildXml(LIST_UPLOADS_ROOT, {
    Bucket: listUploadsResult.bucket,
    ...(listUploadsResult.encodingType === undefined
      ? {}
      : { [listUploadsResult.encodingTypeElement ?? 'Encoding-Type']: listUploadsResult.encodingType }),
    KeyMarker: listUploadsResult.keyMarker,
    UploadIdMarker: listUploadsResult.uploadIdMarker,
    NextKeyMarker: listUploadsResult.nextKeyMarker,
    NextUploadIdMarker: listUploadsResult.nextUploadIdMarker,
    MaxUploads: listUploadsResult.maxUploads,
    IsTruncated: listUploadsResult.isTruncated,
    Prefix: listUploadsResult.prefix,
    Delimiter: listUploadsResult.delimiter,
    Upload: listUploadsResult.uploads.map((listedUpload) => ({
      Key: listedUpload.key,
      [listedUpload.uploadIdElement ?? 'UploadId']: listedUpload.uploadId,
      StorageClass: listedUpload.storageClass,
      Initiator: ownerElement(listedUpload.initiator),
      Owner: ownerElement(listedUpload.owner),
      Initiated: listedUpload.initiated,
    })),
    CommonPrefixes: listUploadsResult.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
  });
}
