/**
 * Family 11, authentication (spec §6 [D7778], §4.2 SignatureDoesNotMatch [D40105]): an Upload Part signed with a
 * wrong secret is refused and stores nothing.
 */
import type { Exchange } from '../../client/exchange.ts';
import { defineCheck, withExchanges } from '../kit/define.ts';
import type { PartListing } from '../kit/observations.ts';
import { unreadableListing } from '../kit/listing.ts';
import { judgeAnswer, requireSuccess } from '../kit/response.ts';
import { doc, expect, named, recorded, rejected } from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'auth';

export const wrongSignatureRefused = defineCheck(
  {
    id: 'auth.upload-part.wrong-signature-refused',
    title: 'Upload Part signed with a wrong secret',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778]; §4.2 [D40105][FLARE]',
    tags: ['auth', 'upload-part', 'error-code', 'SignatureDoesNotMatch'],
  },
  (i: { upload: Exchange | undefined }, kit) =>
    judgeAnswer(kit, i.upload, 'Upload Part with a wrong signature'),
);

/** The refused upload and a correctly signed listing after it. */
export interface WrongSignatureStore {
  upload: Exchange | undefined;
  listing: PartListing;
}

export const wrongSignatureStoresNothing = defineCheck(
  {
    id: 'auth.upload-part.wrong-signature-stores-nothing',
    title: 'List Parts after a wrongly signed Upload Part',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778]',
    tags: ['auth', 'upload-part', 'list-parts'],
  },
  (i: WrongSignatureStore, kit) => {
    const exchanges = [i.upload, i.listing.exchange];
    if (!i.upload?.response) {
      // The forged request may never have reached the server: an empty listing would prove nothing.
      return kit.indeterminate(
        `the wrongly signed upload got no answer (${i.upload?.transportError?.code ?? 'not sent'}), so an empty listing proves nothing`,
        { exchanges },
      );
    }
    const pre = requireSuccess(kit, i.listing.exchange, 'List Parts (correctly signed)');
    if (pre) return withExchanges(pre, exchanges);
    const unread = unreadableListing(kit, i.listing, 'whether a part was stored', { exchanges });
    if (unread) return unread;
    const n = i.listing.parts?.length ?? 0;
    return n === 0
      ? kit.pass('no part stored', { variantSeen: 'nothing-stored', exchanges })
      : kit.fail(`${n} part(s) listed after a wrongly signed upload`, { exchanges });
  },
);

export const AUTH_CHECKS = [wrongSignatureRefused, wrongSignatureStoresNothing] as const;

/** What each profile allows (docs/spec.md §4.2, §6.1; AWS error responses, and what RGW answered). */
export const AUTH_EXPECTATIONS = {
  cos: {
    'auth.upload-part.wrong-signature-refused': expect([
      rejected('SignatureDoesNotMatch', doc('spec §4.2 [D40105][FLARE]'), doc('spec §6.1 [D7778]')),
    ]),
    'auth.upload-part.wrong-signature-stores-nothing': expect([
      named('nothing-stored', doc('spec §6.1 [D7778]')),
    ]),
  },
  s3: {
    'auth.upload-part.wrong-signature-refused': expect([
      rejected(
        'SignatureDoesNotMatch',
        S3_DOCS.errors,
        recorded('docs/vendors.md', 'RGW: a wrong secret gives 403 SignatureDoesNotMatch'),
      ),
    ]),
    'auth.upload-part.wrong-signature-stores-nothing': expect([named('nothing-stored', S3_DOCS.errors)]),
  },
} satisfies FamilyExpectations<typeof AUTH_CHECKS>;

/** Servers that break the family's rules. */
export const AUTH_MUTANTS = [
  {
    name: 'signature-unchecked',
    description: 'signatures are not verified: a wrongly signed Upload Part is stored',
    family: FAMILY,
    catches: [wrongSignatureRefused.id, wrongSignatureStoresNothing.id],
    behaviour: { checkSignature: false },
  },
] as const satisfies readonly MutantDef[];
