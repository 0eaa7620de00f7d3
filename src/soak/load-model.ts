/**
 * What one load worker knows the server must hold, as sets of possible states. An answered request leaves one
 * state; a request whose answer never came (the server was killed) leaves both the old and the new one possible,
 * until a later read shows which. A read outside the set is a finding: a loss (the server shows nothing where
 * something acknowledged must be) or a corruption (it shows bytes no request of the worker sent).
 */

/** `<size>:<md5 hex>` of some bytes, or {@link ABSENT}. */
export type Content = string;
/** Nothing there: no object at the key, no part with the number. */
export const ABSENT: Content = 'absent';

/** The content key of `size` bytes with MD5 `md5Hex`. */
export function contentOf(size: number, md5Hex: string): Content {
  return `${size}:${md5Hex.toLowerCase()}`;
}

/** A part as the worker sent it: enough to regenerate its bytes (src/body) and predict Complete. */
export interface SentPart {
  seed: number;
  size: number;
  content: Content;
}

export interface ModelUpload {
  key: string;
  /** `open` and/or `gone`. */
  states: Set<'open' | 'gone'>;
  /** Part number → possible parts (or ABSENT). */
  parts: Map<number, Map<Content, SentPart | undefined>>;
}

/** A finding of the model. */
export interface Finding {
  kind: 'loss' | 'corruption';
  what: string;
}

export class WorkerModel {
  /** Key → possible contents. */
  readonly objects = new Map<string, Set<Content>>();
  /** Upload id → upload. */
  readonly uploads = new Map<string, ModelUpload>();
  readonly findings: Finding[] = [];

  /** An object write (Put, Complete) or delete: `certain` when it was answered. */
  objectWritten(key: string, content: Content, certain: boolean): void {
    const now = this.objects.get(key) ?? new Set([ABSENT]);
    this.objects.set(key, certain ? new Set([content]) : new Set([...now, content]));
  }

  /** Checks what a read of `key` showed, and keeps only that. */
  objectRead(key: string, seen: Content): void {
    const possible = this.objects.get(key) ?? new Set([ABSENT]);
    if (!possible.has(seen)) {
      this.findings.push({
        kind: seen === ABSENT ? 'loss' : 'corruption',
        what: `object ${key}: read ${seen}, expected one of ${[...possible].join(' | ')}`,
      });
    }
    this.objects.set(key, new Set([seen]));
  }

  /** An upload part sent: `certain` when it was answered 200. */
  partWritten(uploadId: string, partNumber: number, part: SentPart, certain: boolean): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    const now = upload.parts.get(partNumber) ?? new Map([[ABSENT, undefined]]);
    upload.parts.set(
      partNumber,
      certain ? new Map([[part.content, part]]) : new Map([...now, [part.content, part]]),
    );
  }

  /** An upload ended (Abort, Complete): `certain` when it was answered. */
  uploadEnded(uploadId: string, certain: boolean): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    if (certain) {
      this.uploads.delete(uploadId);
      return;
    }
    upload.states.add('gone');
  }

  /** The server answered NoSuchUpload. */
  uploadGoneSeen(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    if (!upload.states.has('gone')) {
      this.findings.push({
        kind: 'loss',
        what: `upload ${upload.key} ${uploadId}: NoSuchUpload, but it is open`,
      });
    }
    this.uploads.delete(uploadId);
  }

  /**
   * Checks a List Parts of an open upload (number → content as listed) and keeps only that. Returns the parts
   * as sent, by number, for a Complete.
   */
  partsListed(uploadId: string, listed: ReadonlyMap<number, Content>): Map<number, SentPart> {
    const upload = this.uploads.get(uploadId);
    const out = new Map<number, SentPart>();
    if (!upload) return out;
    if (!upload.states.has('open')) {
      this.findings.push({ kind: 'corruption', what: `upload ${uploadId}: listed, but it was ended` });
    }
    upload.states = new Set(['open']);
    const numbers = new Set([...upload.parts.keys(), ...listed.keys()]);
    for (const n of numbers) {
      const possible = upload.parts.get(n) ?? new Map([[ABSENT, undefined]]);
      const seen = listed.get(n) ?? ABSENT;
      if (!possible.has(seen)) {
        this.findings.push({
          kind: seen === ABSENT ? 'loss' : 'corruption',
          what: `upload ${upload.key} part ${n}: listed ${seen}, expected one of ${[...possible.keys()].join(' | ')}`,
        });
        upload.parts.delete(n);
        continue;
      }
      const sent = possible.get(seen);
      if (seen === ABSENT || !sent) upload.parts.delete(n);
      else {
        upload.parts.set(n, new Map([[seen, sent]]));
        out.set(n, sent);
      }
    }
    return out;
  }
}
