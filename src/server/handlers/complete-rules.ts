/**
 * The rules of Complete Multipart Upload over the listed parts (spec §2.5 [D7742], §3), as a pure function of the
 * request list, the stored parts and the {@link Behaviour}. Checked in this order, first failure wins:
 * 1. at least one `Part` (else 400 MalformedXML); each `PartNumber` a decimal integer (else MalformedXML);
 * 2. strictly ascending part numbers, so duplicates too (400 InvalidPartOrder);
 * 3. each listed part exists (400 InvalidPart) and its ETag matches, quotes ignored (400 InvalidPart);
 * 4. the listed numbers are exactly 1..N when `completeRequiresContiguous` (400 InvalidPart; COS docs "不连续");
 * 5. every part but the last is at least `minPartSize` bytes (400 EntityTooSmall).
 * With `completeSizeCheckedFirst` (a conformant variant) rule 5 comes first, over the listed entries in listed
 * order (every one but the last listed, whether or not it is stored).
 * Parts uploaded but not listed are left out of the object (as S3).
 */
import type { CompleteRequestPart } from '../../xml/complete-request.ts';
import type { Behaviour } from '../behaviour.ts';
import { cosError } from '../http/cos-error.ts';
import type { PartRecord, Upload } from '../state/uploads.ts';

/** An ETag without surrounding quotes and whitespace (spec §2.5: quoted and unquoted are both accepted). */
export function bareEtag(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

/** The parts to assemble, in object order; throws the COS error of the first rule broken. */
export function selectCompleteParts(
  listed: readonly CompleteRequestPart[],
  upload: Upload,
  behaviour: Readonly<Behaviour>,
): PartRecord[] {
  if (listed.length === 0 && behaviour.completeRequiresParts) {
    throw cosError('MalformedXML', 'The Complete request lists no Part.');
  }
  const numbers = listed.map((entry) => {
    if (!/^\d{1,9}$/.test(entry.partNumber)) {
      throw cosError('MalformedXML', `PartNumber "${entry.partNumber}" is not an integer.`);
    }
    return Number(entry.partNumber);
  });
  // completeSizeCheckedFirst (a conformant variant): every listed part but the last listed one, before any other rule.
  if (behaviour.completeSizeCheckedFirst)
    checkSizes(
      numbers.map((partNumber) => upload.part(partNumber)),
      behaviour,
    );
  if (behaviour.requireAscendingParts) {
    for (let itemIndex = 1; itemIndex < numbers.length; itemIndex++) {
      if (numbers[itemIndex] <= numbers[itemIndex - 1]) throw cosError('InvalidPartOrder');
    }
  }
  const selected: PartRecord[] = [];
  listed.forEach((entry, position) => {
    const part = upload.part(numbers[position]);
    if (!part) {
      if (behaviour.requireListedPartsExist) {
        throw cosError('InvalidPart', `Part ${numbers[position]} has not been uploaded.`);
      }
      return;
    }
    if (behaviour.checkCompleteEtags && bareEtag(entry.etag) !== bareEtag(part.etag)) {
      throw cosError('InvalidPart', `The ETag of part ${numbers[position]} does not match.`);
    }
    selected.push(part);
  });
  if (behaviour.completeRequiresContiguous) {
    const sorted = [...numbers].sort((a, b) => a - b);
    sorted.forEach((partNumber, index) => {
      if (partNumber !== index + 1)
        throw cosError('InvalidPart', 'The part numbers are not contiguous from 1.');
    });
  }
  // A part number listed more than once (only when ordering is not enforced) is used as often as it is listed.
  const ordered = orderParts(selected, behaviour);
  checkSizes(ordered, behaviour);
  return ordered;
}

/**
 * 400 EntityTooSmall for the first part but the last of `parts` under {@link Behaviour.minPartSize}; an
 * undefined entry (a listed part that is not stored) is left for the existence rule.
 */
function checkSizes(parts: readonly (PartRecord | undefined)[], behaviour: Readonly<Behaviour>): void {
  const bounded = behaviour.minSizeExemptsLastPart ? parts.slice(0, -1) : parts;
  for (const part of bounded) {
    if (part && part.size < behaviour.minPartSize) {
      throw cosError(
        'EntityTooSmall',
        `Part ${part.partNumber} is ${part.size} bytes; every part but the last must be at least ${behaviour.minPartSize}.`,
      );
    }
  }
}

/** Object order of the selected parts ({@link Behaviour.assembleOrder}). */
function orderParts(parts: PartRecord[], behaviour: Readonly<Behaviour>): PartRecord[] {
  switch (behaviour.assembleOrder) {
    case 'listed':
      return parts;
    case 'upload-time':
      return [...parts].sort((a, b) => a.sequence - b.sequence);
    case 'part-number':
      return [...parts].sort((a, b) => a.partNumber - b.partNumber);
  }
}
