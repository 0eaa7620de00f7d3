/** `ListPartsResult` (spec §2.4 [D7747]). */
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
  requiredInt,
  requiredText,
  type XmlOwner,
} from './fields.ts';

export const LIST_PARTS_ROOT = 'ListPartsResult';

/** One `Part` entry. */
export interface ListedPart {
  partNumber: number;
  /** As sent, quotes included (the Node SDK compares it with `"<md5 hex>"`, §2.4). */
  etag: string;
  size: number;
  /** As sent, e.g. `2020-03-25T10:07:14.000Z`. */
  lastModified: string;
}

export interface ListPartsResult {
  bucket?: string;
  key?: string;
  uploadId?: string;
  encodingType?: string;
  /** Which spelling carried the encoding type (when parsing), or which to write (default `Encoding-type`). */
  encodingTypeElement?: EncodingTypeElement;
  initiator?: XmlOwner;
  owner?: XmlOwner;
  storageClass?: string;
  partNumberMarker?: number;
  /** Only meaningful when truncated; COS omits it otherwise (§2.4). */
  nextPartNumberMarker?: number;
  maxParts?: number;
  isTruncated: boolean;
  parts: ListedPart[];
}

/**
 * Reads a List Parts response body. Each `Part` needs `PartNumber`, `ETag`, `Size` and `LastModified`,
 * with integer `PartNumber`/`Size`; markers and `MaxParts` must be integers when present; `IsTruncated`
 * is required. A violation is an `XmlShapeError` naming the element.
 */
export function parseListPartsResult(text: string): ListPartsResult {
  const root = LIST_PARTS_ROOT;
  const node = parseDocument(text, root);
  return {
    bucket: optionalText(node, 'Bucket', root),
    key: optionalText(node, 'Key', root, true),
    uploadId: optionalText(node, 'UploadId', root),
    ...optionalEncodingType(node, root),
    initiator: optionalOwner(node, 'Initiator', root),
    owner: optionalOwner(node, 'Owner', root),
    storageClass: optionalText(node, 'StorageClass', root),
    partNumberMarker: optionalInt(node, 'PartNumberMarker', root),
    nextPartNumberMarker: optionalInt(node, 'NextPartNumberMarker', root),
    maxParts: optionalInt(node, 'MaxParts', root),
    isTruncated: requiredBool(node, 'IsTruncated', root),
    parts: nodeList(node, 'Part', root).map(({ node: part, path }) => ({
      partNumber: requiredInt(part, 'PartNumber', path),
      etag: requiredText(part, 'ETag', path),
      size: requiredInt(part, 'Size', path),
      lastModified: requiredText(part, 'LastModified', path),
    })),
  };
}

/** Writes a List Parts response body in the element order of the doc schema. */
export function buildListPartsResult(listPartsResult: ListPartsResult): string {
  return buildXml(LIST_PARTS_ROOT, {
    Bucket: listPartsResult.bucket,
    ...(listPartsResult.encodingType === undefined
      ? {}
      : { [listPartsResult.encodingTypeElement ?? 'Encoding-type']: listPartsResult.encodingType }),
    Key: listPartsResult.key,
    UploadId: listPartsResult.uploadId,
    Initiator: ownerElement(listPartsResult.initiator),
    Owner: ownerElement(listPartsResult.owner),
    PartNumberMarker: listPartsResult.partNumberMarker,
    Part: listPartsResult.parts.map((listedPart) => ({
      PartNumber: listedPart.partNumber,
      LastModified: listedPart.lastModified,
      ETag: listedPart.etag,
      Size: listedPart.size,
    })),
    NextPartNumberMarker: listPartsResult.nextPartNumberMarker,
    StorageClass: listPartsResult.storageClass,
    MaxParts: listPartsResult.maxParts,
    IsTruncated: listPartsResult.isTruncated,
  });
}
