/**
 * Variants of the minimum part size (spec §2.2 [D7750] "1MB", §3: 10^6 or 2^20 bytes is UNCONFIRMED) and of where
 * EntityTooSmall is raised (spec §3: at Complete per [D7742], at Upload Part per [OBS-ckb], UNCONFIRMED).
 */
import { conformantVariant } from './types.ts';

export const PART_SIZE_VARIANTS = [
  conformantVariant({
    name: 'min-part-1000000',
    description: 'the minimum non-last part is 1,000,000 bytes ("1 MB" read as 10^6), refused at Complete',
    allowedBy: 'spec §2.2 [D7750] "1MB"; §3: whether that is 1,000,000 or 1,048,576 bytes is UNCONFIRMED',
    profiles: ['cos'],
    behaviour: { minPartSize: 1_000_000 },
  }),
  conformantVariant({
    name: 'min-part-1048576-at-upload-part',
    description:
      'the minimum non-last part is 1,048,576 bytes, and Upload Part already refuses a smaller part when a higher part number is stored',
    allowedBy:
      'spec §3 [OBS-ckb]: a real COS 400 EntityTooSmall on a PUT (where it is raised is UNCONFIRMED); the cos profile allows "at-upload-part". ' +
      'Only a part below a stored higher part number is refused, so a small highest part is never refused (a client ' +
      'that would complete without that higher part is refused early: the price of deciding at Upload Part)',
    profiles: ['cos'],
    behaviour: { minPartSize: 1_048_576, entityTooSmallAtUploadPart: true },
  }),
] as const;
