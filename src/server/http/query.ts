/** The decoded query of a request, with the lookups handlers need. Decoding is the signer's (src/sign/query.ts). */
import { decodeQueryPairs } from '../../sign/query.ts';

export class QueryParams {
  /** Decoded `[name, value]` pairs in wire order (a bare name has value `''`). */
  readonly pairs: ReadonlyArray<readonly [string, string]>;

  constructor(rawQuery: string) {
    this.pairs = decodeQueryPairs(rawQuery);
  }

  /** Whether the parameter appears (with or without a value). Names are case-sensitive, as in S3. */
  has(name: string): boolean {
    return this.pairs.some(([n]) => n === name);
  }

  /** The first value of the parameter, or undefined. */
  get(name: string): string | undefined {
    return this.pairs.find(([n]) => n === name)?.[1];
  }

  /** How many times the parameter appears. */
  count(name: string): number {
    return this.pairs.filter(([headerName]) => headerName === name).length;
  }

  /** The value when the parameter appears exactly once; undefined when absent or repeated. */
  single(name: string): string | undefined {
    return this.count(name) === 1 ? this.get(name) : undefined;
  }
}
