/**
 * A profile: the facts a run is judged against, as data. `cos` follows the COS documents, `s3` follows AWS S3.
 * Every limit and every allowed outcome carries its evidence (a doc tag from the spec digest, a recorded
 * vendor response, a peer suite), so a report can say why an answer was expected.
 */
import type { CheckId } from '../checks/registry.ts';
import type { ProfileName } from '../target/types.ts';

/** Where a fact comes from. */
export type EvidenceKind =
  /** An official document (spec digest tag, e.g. `spec §2.2 [D7750]`, or an AWS doc URL). */
  | 'doc'
  /** Official SDK source. */
  | 'sdk'
  /** A real-service answer quoted in public (spec digest [OBS-*]). */
  | 'observed'
  /** A response recorded by this project against a vendor (e.g. `docs/vendors.md`, Ceph RGW 16.2.15). */
  | 'recorded'
  /** What an existing conformance suite asserts (docs/peer-suites.md). */
  | 'peer-suite'
  /** A decision of this project where nothing better exists; says why. */
  | 'decision';

export interface Evidence {
  readonly kind: EvidenceKind;
  /** The tag, URL or file that holds it. */
  readonly ref: string;
  readonly note?: string;
}

/**
 * One allowed outcome of a check. For checks on a response, `status` and `code` say what the answer must be;
 * for other checks the judge knows what `name` means (e.g. `equal`, `absent`, `1048576`).
 */
export interface Variant {
  /** Short name recorded as `variantSeen`, e.g. `InvalidArgument`, `accepted`, `at-complete`. */
  readonly name: string;
  /** Allowed HTTP statuses (any 2xx when a success variant gives none). */
  readonly status?: readonly number[];
  /** Required error code (`<Code>` of the error document). */
  readonly code?: string;
  readonly evidence: readonly Evidence[];
}

/**
 * How sure a profile is of an expectation: `confirmed` (a live answer of the service, or one recorded by this
 * project, backs it), `documented` (the documents say so, unconfirmed on the service), `inferred` (a decision,
 * an SDK or a peer suite: nothing documents it). Derived from the evidence (src/profiles/confidence.ts), or
 * stated on the expectation when the evidence overstates it (e.g. a general observation, an exact code the
 * documents leave UNCONFIRMED).
 */
export type Confidence = 'confirmed' | 'documented' | 'inferred';

/** A vendor known to answer otherwise, kept for the report; it does not widen what is allowed. */
export interface KnownDeviation {
  readonly vendor: string;
  readonly seen: string;
  readonly evidence: Evidence;
}

/** What a profile expects of one check. */
export type CheckExpectation =
  | {
      readonly variants: readonly Variant[];
      readonly deviations?: readonly KnownDeviation[];
      readonly note?: string;
      /** Stated confidence: at most what the evidence supports (a weaker one only), else derived. */
      readonly confidence?: Confidence;
    }
  | {
      /** The rule does not exist under this profile: the check is skipped with this reason. */
      readonly notApplicable: string;
      readonly evidence: readonly Evidence[];
    };

/** A numeric fact with its evidence. */
export interface Fact<T> {
  readonly value: T;
  readonly evidence: readonly Evidence[];
}

export interface ProfileLimits {
  /**
   * Size the suite uses for every non-last part: at or above every reading of the minimum, so the same specs
   * run on every vendor of the profile.
   */
  readonly minPartSize: Fact<number>;
  /** Readings of the minimum non-last part size to probe; the boundary found is measured, not assumed. */
  readonly minPartSizeCandidates: Fact<readonly number[]>;
  readonly maxPartSize: Fact<number>;
  readonly minPartNumber: Fact<number>;
  readonly maxPartNumber: Fact<number>;
  /** Default (and largest) page of List Parts. */
  readonly listPartsPage: Fact<number>;
}

export interface ProfileFeatures {
  /** Whether Upload Part / Complete must answer `x-cos-hash-crc64ecma`. */
  readonly crc64: Fact<'required' | 'optional'>;
  /** Header names that carry the request id (any one present suffices). */
  readonly requestIdHeaders: Fact<readonly string[]>;
  /** Server-side encryption header and whether an endpoint must support AES256. */
  readonly sse: Fact<{
    readonly header: string;
    readonly value: string;
    readonly support: 'required' | 'optional';
  }>;
  /**
   * How Upload Part - Copy names its source: the header (`x-cos-copy-source`, `x-amz-copy-source`; the range and
   * condition headers are named after it) and the value's form (`<bucket>.<cos domain>/<key>` or `/<bucket>/<key>`).
   */
  readonly copySource: Fact<{ readonly header: string; readonly form: 'cos-host' | 'bucket-path' }>;
  /** Fields an error document must carry, non-empty. */
  readonly errorDocumentFields: Fact<readonly ('code' | 'message' | 'requestId' | 'resource')[]>;
}

/**
 * A profile's expectations as src/profiles gathers them from the family modules' {@link FamilyExpectations}:
 * exactly one entry per check of the catalogue (a mapped type over {@link CheckId}), so a missing, extra or
 * misspelled entry does not compile.
 */
export type CatalogueExpectations = { readonly [K in CheckId]: CheckExpectation };

export interface Profile {
  readonly name: ProfileName;
  readonly title: string;
  readonly limits: ProfileLimits;
  readonly features: ProfileFeatures;
  /** Allowed outcomes per check id. A check without an entry is an error of the profile (a test guards it). */
  readonly expectations: Readonly<Record<string, CheckExpectation>>;
}

/**
 * One family's expectations under every profile, written in the family module beside its checks
 * (src/checks/families/<family>.ts): exactly one entry per check of the family and per profile, so a missing,
 * extra or misspelled entry does not compile. The profiles gather them into {@link CatalogueExpectations}.
 */
export type FamilyExpectations<Checks extends readonly { readonly id: string }[]> = {
  readonly [P in ProfileName]: { readonly [K in Checks[number]['id']]: CheckExpectation };
};
