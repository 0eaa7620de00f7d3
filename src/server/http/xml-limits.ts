/**
 * A cheap look at an XML body before it is parsed: the number of elements it opens, counted by a scan of its
 * text, so that a body built to be slow to parse (a million empty elements in 4 MiB) is refused at once.
 */
import { SERVER_LIMITS } from '../../spec/limits.ts';
import { cosError } from './cos-error.ts';

/** Start tags (`<Name`, also self-closing ones); not end tags, declarations, comments or CDATA. */
const START_TAG = /<[A-Za-z_:]/g;

/** 400 MalformedXML when `text` opens more than {@link SERVER_LIMITS.maxCompleteElements} elements. */
export function checkCompleteElementCount(text: string): void {
  let count = 0;
  START_TAG.lastIndex = 0;
  while (START_TAG.exec(text) !== null) {
    if (++count > SERVER_LIMITS.maxCompleteElements) {
      throw cosError(
        'MalformedXML',
        `The Complete request has more than ${SERVER_LIMITS.maxCompleteElements} elements.`,
      );
    }
  }
}
