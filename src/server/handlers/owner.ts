/**
 * The `Owner` / `Initiator` of listings (spec §2.4, §2.7). COS writes CAM identities
 * `qcs::cam::uin/<uin>:uin/<uin>`; the reference server has a single fixed account.
 */
export const OWNER_UIN = '100000000001';

/** `{ ID, DisplayName }` of the server's one account. */
export function ownerXml(): { ID: string; DisplayName: string } {
  return { ID: `qcs::cam::uin/${OWNER_UIN}:uin/${OWNER_UIN}`, DisplayName: OWNER_UIN };
}
