/**
 * Variants that check the same rules in another order. The spec lists the refusals of Upload Part (spec §2.2,
 * §4.3) and of Complete (spec §2.5 [D7742], §3) but never says which comes first when a request breaks several,
 * so a probe that breaks exactly one rule must get the same answer whatever the order.
 */
import { conformantVariant } from './types.ts';

export const RULE_ORDER_VARIANTS = [
  conformantVariant({
    name: 'complete-size-checked-first',
    description: 'Complete judges part sizes (EntityTooSmall) before order, existence, ETags and contiguity',
    allowedBy:
      'spec §2.5 [D7742] lists EntityTooSmall, InvalidPart and InvalidPartOrder with no precedence; §3 gives each rule alone',
    profiles: ['cos'],
    behaviour: { completeSizeCheckedFirst: true },
  }),
  conformantVariant({
    name: 'upload-id-checked-first',
    description: 'Upload Part looks the upload id up before the part number and the header checks',
    allowedBy:
      'spec §2.2 [D7750] and §4.3 name NoSuchUpload, InvalidArgument, MissingContentLength, EntityTooLarge and InvalidDigest with no precedence',
    profiles: ['cos'],
    behaviour: { uploadIdCheckedFirst: true },
  }),
] as const;
