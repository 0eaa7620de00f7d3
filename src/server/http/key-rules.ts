/**
 * What the server accepts as an object key: at most {@link SERVER_LIMITS.maxKeyBytes} UTF-8 bytes (else 400
 * KeyTooLong) and only characters XML 1.0 can carry (else 400 InvalidObjectName; COS's object naming rules leave
 * out control characters). A key that no listing could show would otherwise be stored and then break every List
 * Objects and List Multipart Uploads of its bucket. Keys are never file names (src/server/storage names files
 * itself), so `../`, `%2e%2e/` and `%2F` are ordinary key text.
 */
import { SERVER_LIMITS } from '../../spec/limits.ts';
import { isXmlText } from '../../xml/build.ts';
import { cosError } from './cos-error.ts';

/** Throws the COS error for a key the server refuses; `''` (the bucket itself) passes. */
export function checkObjectKey(key: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > SERVER_LIMITS.maxKeyBytes) {
    throw cosError(
      'KeyTooLong',
      `The key is ${bytes} bytes; at most ${SERVER_LIMITS.maxKeyBytes} are allowed.`,
    );
  }
  if (!isXmlText(key)) {
    throw cosError(
      'InvalidObjectName',
      'The key holds a control character (or another one XML 1.0 cannot carry).',
    );
  }
}
