/** Shapes of evidence shared by several families: what a listing showed, what a step sent and got. */
import type { Exchange } from '../../client/exchange.ts';

/** One part as List Parts showed it (spec §2.4). */
export interface ListedPart {
  partNumber: number;
  /** As listed, quotes included when the server sent them. */
  etag: string;
  size: number;
}

/** A List Parts call and the parts it showed (undefined when the call failed). */
export interface PartListing {
  exchange: Exchange | undefined;
  parts?: readonly ListedPart[];
}

/** Looks up a part in a listing. */
export function listedPart(listing: PartListing | undefined, partNumber: number): ListedPart | undefined {
  return listing?.parts?.find((part) => part.partNumber === partNumber);
}
