import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { publishedSchemas, SCHEMAS_DIR } from '../../src/cli/commands/schemas.ts';
import { RESULTS_SCHEMA_ID, ResultsSchema } from '../../src/report/results-schema.ts';
import { fakeResults, mixedResults } from './fake-results.ts';

function published(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')) as Record<string, unknown>;
}

describe('published JSON Schemas', () => {
  test.each(
    Object.keys(publishedSchemas()),
  )('schemas/%s matches its zod source (regenerate: cos-conformance schemas)', (name) => {
    expect(published(name)).toEqual(publishedSchemas()[name]);
  });

  test('results.schema.json has its id and a format version', () => {
    const schema = published('results.schema.json');
    expect(schema.$id).toBe(RESULTS_SCHEMA_ID);
    expect(JSON.stringify(schema)).toContain('"formatVersion"');
  });

  test('fake runs validate against the published schema and the zod schema', () => {
    const fromFile = z.fromJSONSchema(
      published('results.schema.json') as Parameters<typeof z.fromJSONSchema>[0],
    );
    for (const results of [mixedResults(), fakeResults([])]) {
      const json = JSON.parse(JSON.stringify(results));
      expect(ResultsSchema.safeParse(json).success).toBe(true);
      expect(fromFile.safeParse(json).success).toBe(true);
    }
  });

  test('the published schema rejects what it must', () => {
    const fromFile = z.fromJSONSchema(
      published('results.schema.json') as Parameters<typeof z.fromJSONSchema>[0],
    );
    const good = JSON.parse(JSON.stringify(mixedResults()));
    const badOutcome = structuredClone(good);
    badOutcome.checks[0].outcome = 'maybe';
    const badVersion = { ...structuredClone(good), formatVersion: 2 };
    const { manifest: _m, ...noManifest } = structuredClone(good);
    for (const bad of [badOutcome, badVersion, noManifest]) {
      expect(fromFile.safeParse(bad).success).toBe(false);
      expect(ResultsSchema.safeParse(bad).success).toBe(false);
    }
  });
});
