/**
 * The mutant registry against the check catalogue: enough mutants, unique names, catches that name real checks,
 * every check caught by some mutant (observations too: they fail on violations), and every override really different from the conformant rule.
 */
import { describe, expect, test } from 'vitest';
import { CHECKS, checkById, FAMILIES } from '../../src/checks/registry.ts';
import { type Behaviour, CONFORMANT_BEHAVIOUR, resolveBehaviour } from '../../src/server/behaviour.ts';
import { HANDLERS } from '../../src/server/handlers/index.ts';
import { ALTERNATIVE_HANDLERS } from '../../src/server/mutants/handlers/index.ts';
import {
  listMutants,
  MUTANTS,
  mutantBehaviour,
  mutantNames,
  UnknownMutantError,
} from '../../src/server/mutants/index.ts';
import { exemptChecks, tierOf } from '../../scripts/mutation/plan.ts';

const all = listMutants();

/** Inputs on which a function-valued rule is compared with the conformant one. */
const PROBES: { [K in keyof Behaviour]?: ReadonlyArray<unknown[]> } = {
  validatePartNumber: [
    ['1'],
    ['10000'],
    ['0'],
    ['10001'],
    ['-1'],
    ['1.5'],
    ['abc'],
    [''],
    [undefined],
    [String(2 ** 31)],
  ],
  validateTrafficLimit: [[undefined], ['819200'], ['838860800'], ['819199'], ['838860801'], ['fast']],
  isWellFormedContentMd5: [
    ['1B2M2Y8AsgTpgAmY7PhCfg=='],
    ['bm90LWFuLW1kNQ=='],
    ['d41d8cd98f00b204e9800998ecf8427e'],
  ],
  partEtag: [['d41d8cd98f00b204e9800998ecf8427e'], ['900150983cd24fb0d6963f7d28e17f72']],
  objectEtag: [['d41d8cd98f00b204e9800998ecf8427e']],
  multipartEtag: [[['d41d8cd98f00b204e9800998ecf8427e', '900150983cd24fb0d6963f7d28e17f72']]],
  crc64Header: [
    ['6461715245495066093', 'part'],
    ['6461715245495066093', 'object'],
  ],
  listedPartEtag: [['"d41d8cd98f00b204e9800998ecf8427e"']],
  listedPartSize: [[5137]],
};

/** Whether `field` of `behaviour` differs from the conformant rule (by value, or on some probe input). */
function differs(field: keyof Behaviour, value: unknown): boolean {
  const conformant = CONFORMANT_BEHAVIOUR[field] as unknown;
  if (typeof value !== 'function') return value !== conformant;
  const probes = PROBES[field] ?? [];
  return probes.some((args) => {
    const mine = (value as (...a: unknown[]) => unknown)(...args);
    const theirs = (conformant as (...a: unknown[]) => unknown)(...args);
    return JSON.stringify(mine) !== JSON.stringify(theirs);
  });
}

describe('mutant registry', () => {
  test('holds at least 25 mutants with unique names, listed sorted', () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
    const names = all.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    expect(mutantNames()).toEqual(names);
    for (const [key, m] of Object.entries(MUTANTS)) expect(m.name).toBe(key);
  });

  test('names are kebab-case and descriptions one line', () => {
    for (const m of all) {
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.description.length).toBeGreaterThan(10);
      expect(m.description).not.toMatch(/\n/);
    }
  });

  test('every mutant names a catalogue family and at least one existing, non-exempt check', () => {
    const families = new Set<string>(FAMILIES.map((f) => f.id));
    const exempt = new Set(exemptChecks().map((e) => e.id));
    for (const m of all) {
      expect(families.has(m.family), `${m.name}: family ${m.family}`).toBe(true);
      expect(m.catches.length, m.name).toBeGreaterThan(0);
      for (const id of m.catches) {
        expect(checkById(id), `${m.name} catches unknown check ${id}`).toBeDefined();
        expect(exempt.has(id), `${m.name} claims exempt check ${id}`).toBe(false);
      }
    }
  });

  test('only mutants with full-tier catches are marked heavy', () => {
    for (const m of all) {
      if (m.run?.heavy)
        expect(
          m.catches.some((id) => tierOf(id) === 'full'),
          m.name,
        ).toBe(true);
    }
  });

  test('every check of the catalogue is caught by some mutant, observations included', () => {
    const exempt = exemptChecks();
    for (const e of exempt) expect(checkById(e.id)?.observation, e.id).toBe(true);
    const caught = new Set(all.flatMap((m) => m.catches));
    const uncovered = CHECKS.filter((c) => !caught.has(c.id) && !exempt.some((e) => e.id === c.id)).map(
      (c) => c.id,
    );
    expect(uncovered).toEqual([]);
  });

  test('every family of the catalogue has a mutant that some check of it catches', () => {
    const caughtFamilies = new Set(all.flatMap((m) => m.catches.map((id) => checkById(id)?.family)));
    for (const f of FAMILIES) expect(caughtFamilies.has(f.id), f.id).toBe(true);
  });

  test('every override is a Behaviour field that differs from the conformant rule, or a routed handler', () => {
    for (const m of all) {
      const behaviour = m.behaviour ?? {};
      const fields = Object.keys(behaviour) as Array<keyof Behaviour>;
      const handlers = Object.entries(m.handlers ?? {});
      expect(fields.length + handlers.length, `${m.name} changes nothing`).toBeGreaterThan(0);
      for (const field of fields) {
        expect(field in CONFORMANT_BEHAVIOUR, `${m.name}: ${field} is not a Behaviour field`).toBe(true);
        expect(differs(field, behaviour[field]), `${m.name}: ${field} behaves as the conformant rule`).toBe(
          true,
        );
      }
      if (fields.length > 0) expect(resolveBehaviour(behaviour)).not.toEqual(CONFORMANT_BEHAVIOUR);
      for (const [operation, name] of handlers) {
        expect(operation in HANDLERS, `${m.name}: ${operation} is not an operation`).toBe(true);
        const handler = ALTERNATIVE_HANDLERS[name];
        expect(handler, `${m.name}: ${operation}`).toBeTypeOf('function');
        expect(handler, `${m.name}: ${operation} is the conformant handler`).not.toBe(
          HANDLERS[operation as keyof typeof HANDLERS],
        );
      }
    }
  });

  test('mutantBehaviour resolves a name and refuses an unknown one with the valid names', () => {
    const first = all[0];
    expect(mutantBehaviour(first.name)).toEqual(first.behaviour ?? {});
    let thrown: unknown;
    try {
      mutantBehaviour('no-such-mutant');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UnknownMutantError);
    const err = thrown as UnknownMutantError;
    expect(err.code).toBe('UNKNOWN_MUTANT');
    expect(err.message).toContain('no-such-mutant');
    for (const m of all) expect(err.message).toContain(m.name);
    expect(err.validNames).toEqual(mutantNames());
  });
});
