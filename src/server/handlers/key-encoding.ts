/** Writing keys into listings and `Location` (spec §2.4/§2.5/§2.7). */
import { cosUrlEncode } from '../../sign/url-encode.ts';

/** A key as a URL path: each `/`-separated segment UrlEncoded (spec §6.1 "UrlEncode"), `/` kept. */
export function encodeKeyForUrl(key: string): string {
  return key.split('/').map(cosUrlEncode).join('/');
}

/** A key (or prefix, marker) for a listing: URL-encoded when `encoding-type=url` was asked for. */
export function listedKey(key: string, encoding: 'url' | undefined): string {
  return encoding === 'url' ? cosUrlEncode(key) : key;
}
