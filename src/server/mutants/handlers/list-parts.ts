/** A broken List Parts composed of the conformant steps of src/server/handlers/list-parts.ts. */
import type { Handler } from '../../http/context.ts';
import { readListing, sendPartsPage } from '../../handlers/list-parts.ts';
import type { PartRecord, Upload } from '../../state/uploads.ts';

/** The parts of each upload as its first listing saw them. */
const firstListing = new WeakMap<Upload, PartRecord[]>();

/** A stale cache: List Parts keeps answering the parts its first listing of the upload saw. */
export const staleListing: Handler = async (ctx) => {
  const listing = readListing(ctx);
  let cached = firstListing.get(listing.upload);
  if (!cached) {
    cached = listing.upload.parts();
    firstListing.set(listing.upload, cached);
  }
  sendPartsPage(ctx, listing, [...cached]);
};
