/** Profiles by name. */
import type { ProfileName } from '../target/types.ts';
import { COS_PROFILE } from './cos.ts';
import { S3_PROFILE } from './s3.ts';
import type { CheckExpectation, Profile } from './types.ts';

export const PROFILES: Readonly<Record<ProfileName, Profile>> = { cos: COS_PROFILE, s3: S3_PROFILE };

/** The profile called `name`. */
export function profileByName(name: ProfileName): Profile {
  return PROFILES[name];
}

/** The expectation of `checkId` under `profile`, or undefined when the profile has none. */
export function expectationFor(profile: Profile, checkId: string): CheckExpectation | undefined {
  return profile.expectations[checkId];
}

export { COS_PROFILE, S3_PROFILE };
export type { Profile };
