/**
 * Where and why a text is not JSON, without quoting it: a config file may hold a secret, and JSON.parse's message
 * quotes the text around the error. A small recursive-descent checker of RFC 8259, used only after JSON.parse failed.
 */
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** A syntax error: 1-based line and column (in characters) and what is wrong, in words. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  problem: string;
}

const VALUE_FORMS = 'a string in double quotes, a number, true, false, null, an object or an array';

/** The first syntax error of the text, at a character offset (turned into a {@link JsonSyntaxProblem}). */
class SyntaxAt extends CosConformanceError {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(HARNESS_ERROR_CODES.jsonSyntax, problem);
  }
}

class Checker {
  #at = 0;
  constructor(readonly text: string) {}

  check(): void {
    this.#ws();
    this.#value();
    this.#ws();
    if (this.#at < this.text.length) {
      throw new SyntaxAt(
        this.#at,
        'more content after the end of the JSON value (one top-level object expected)',
      );
    }
  }

  #ws(): void {
    while (this.#at < this.text.length && ' \t\n\r'.includes(this.text[this.#at]!)) this.#at++;
  }

  #value(): void {
    const ch = this.text[this.#at];
    if (ch === undefined)
      throw new SyntaxAt(this.#at, `the file ends where a value was expected (${VALUE_FORMS})`);
    if (ch === '{') this.#object();
    else if (ch === '[') this.#array();
    else if (ch === '"') this.#string();
    else if (ch === '-' || (ch >= '0' && ch <= '9')) this.#number();
    else this.#literal(ch);
  }

  #literal(ch: string): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return;
      }
    }
    const hint = /[A-Za-z$_]/.test(ch) ? '; is a string missing its double quotes?' : '';
    throw new SyntaxAt(this.#at, `expected a value (${VALUE_FORMS})${hint}`);
  }

  #object(): void {
    this.#at++;
    this.#ws();
    if (this.text[this.#at] === '}') {
      this.#at++;
      return;
    }
    for (;;) {
      this.#ws();
      if (this.text[this.#at] !== '"') {
        const trailing = this.text[this.#at] === '}' ? ' (a comma before } is not allowed in JSON)' : '';
        throw new SyntaxAt(this.#at, `expected a key in double quotes${trailing}`);
      }
      this.#string();
      this.#ws();
      if (this.text[this.#at] !== ':') throw new SyntaxAt(this.#at, "expected ':' after the key");
      this.#at++;
      this.#ws();
      this.#value();
      this.#ws();
      const next = this.text[this.#at];
      if (next === '}') {
        this.#at++;
        return;
      }
      if (next !== ',')
        throw new SyntaxAt(this.#at, "expected ',' or '}' after a value (is a comma missing?)");
      this.#at++;
    }
  }

  #array(): void {
    this.#at++;
    this.#ws();
    if (this.text[this.#at] === ']') {
      this.#at++;
      return;
    }
    for (;;) {
      this.#ws();
      if (this.text[this.#at] === ']') {
        throw new SyntaxAt(this.#at, 'expected a value (a comma before ] is not allowed in JSON)');
      }
      this.#value();
      this.#ws();
      const next = this.text[this.#at];
      if (next === ']') {
        this.#at++;
        return;
      }
      if (next !== ',')
        throw new SyntaxAt(this.#at, "expected ',' or ']' after a value (is a comma missing?)");
      this.#at++;
    }
  }

  #string(): void {
    const start = this.#at;
    this.#at++;
    for (;;) {
      const ch = this.text[this.#at];
      if (ch === undefined)
        throw new SyntaxAt(start, 'a string is not closed (missing its closing double quote)');
      if (ch === '"') {
        this.#at++;
        return;
      }
      if (ch < ' ')
        throw new SyntaxAt(this.#at, 'a control character (e.g. a line break or tab) inside a string');
      if (ch === '\\') {
        const esc = this.text[this.#at + 1];
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#at + 2, this.#at + 6))) {
          this.#at += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          throw new SyntaxAt(this.#at, 'an invalid escape in a string (use \\\\ for a backslash)');
        }
        this.#at += 2;
        continue;
      }
      this.#at++;
    }
  }

  #number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.#at));
    if (!match) throw new SyntaxAt(this.#at, 'an invalid number');
    this.#at += match[0].length;
  }
}

/** The first syntax error of `text`, or undefined when it is JSON (or too deeply nested to check). */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Checker(text).check();
    return undefined;
  } catch (err) {
    if (!(err instanceof SyntaxAt)) return undefined;
    const before = text.slice(0, err.at);
    const line = before.split('\n').length;
    const column = err.at - (before.lastIndexOf('\n') + 1) + 1;
    return { line, column, problem: err.problem };
  }
}
