import RegexpTree from 'regexp-tree';
import type { AstNode } from 'regexp-tree/ast';

/**
 * Extreme inputs of a wizard parameter, generated FROM its JSON schema (pattern, minLength,
 * maxLength, enum, minimum/maximum): the longest and shortest strings the pattern accepts,
 * with digits, letters or hyphens wherever the pattern allows them, and as many separators as
 * fit. A loosened pattern or a larger maxLength changes what is generated, so a property test
 * over these extremes catches it.
 */
export interface ParameterSchema {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** Printable ASCII: the universe negated classes and `.` pick from. */
const UNIVERSE = Array.from({ length: 0x7f - 0x20 }, (_, i) =>
  String.fromCharCode(0x20 + i),
);
const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const UPPER = LOWER.map(c => c.toUpperCase());
const DIGITS = '0123456789'.split('');
const SEPARATORS = ['-', '.', '_', '/', ' '];

type Reps = 'max' | 'min' | 'separators';

interface Policy {
  /** Preference of characters for the first character emitted, then for the others. */
  first: string[];
  rest: string[];
  reps: Reps;
}

const order = (...groups: string[][]) => [
  ...new Set([...groups.flat(), ...UNIVERSE]),
];

const POLICIES: Record<string, Omit<Policy, 'reps'>> = {
  letters: { first: order(LOWER, UPPER), rest: order(LOWER, UPPER, DIGITS) },
  digits: { first: order(DIGITS), rest: order(DIGITS, LOWER) },
  hyphens: { first: order(LOWER), rest: order(SEPARATORS, LOWER, DIGITS) },
};

class Generator {
  private emitted = false;

  constructor(private readonly policy: Policy) {}

  chars(node: AstNode): string[] | undefined {
    if (node.type === 'Char') return charSet(node);
    if (node.type === 'CharacterClass') {
      const listed = new Set(
        node.expressions.flatMap(e =>
          e.type === 'ClassRange'
            ? range(codeOf(e.from), codeOf(e.to))
            : charSet(e) ?? [],
        ),
      );
      return UNIVERSE.filter(c => (node.negative ? !listed.has(c) : listed.has(c)));
    }
    return undefined;
  }

  pick(allowed: string[]): string | undefined {
    const prefs = this.emitted ? this.policy.rest : this.policy.first;
    const c = prefs.find(p => allowed.includes(p)) ?? allowed[0];
    if (c !== undefined) this.emitted = true;
    return c;
  }

  gen(node: AstNode | null, budget: number): string | null {
    if (node === null) return '';
    if (budget < 0) return null;
    switch (node.type) {
      case 'Char':
      case 'CharacterClass': {
        if (budget < 1) return null;
        const c = this.pick(this.chars(node) ?? []);
        return c ?? null;
      }
      case 'Assertion':
        if (node.kind === '^' || node.kind === '$') return '';
        throw new Error(`extremes: assertion ${node.kind} is not supported`);
      case 'Group':
        return this.gen(node.expression, budget);
      case 'Alternative': {
        let out = '';
        const parts = node.expressions;
        for (let i = 0; i < parts.length; i++) {
          const reserve = parts.slice(i + 1).reduce((s, p) => s + minLen(p), 0);
          const piece = this.gen(parts[i], budget - out.length - reserve);
          if (piece === null) return null;
          out += piece;
        }
        return out;
      }
      case 'Disjunction': {
        const alternatives = flattenDisjunction(node);
        const results = alternatives
          .map(a => {
            const saved = this.emitted;
            const g = this.gen(a, budget);
            this.emitted = saved;
            return { a, g };
          })
          .filter(r => r.g !== null);
        if (results.length === 0) return null;
        results.sort((x, y) => x.g!.length - y.g!.length);
        const chosen =
          this.policy.reps === 'min' ? results[0] : results[results.length - 1];
        return this.gen(chosen.a, budget); // again, so `emitted` follows the chosen one
      }
      case 'Repetition': {
        const { from, to } = bounds(node.quantifier);
        const each = minLen(node.expression);
        const wantMax =
          this.policy.reps === 'max' ||
          (this.policy.reps === 'separators' && each >= 2);
        let out = '';
        let count = 0;
        while (count < to && (wantMax || count < from)) {
          const reserve = Math.max(0, from - count - 1) * each;
          const piece = this.gen(node.expression, budget - out.length - reserve);
          if (piece === null) {
            if (count < from) return null;
            break;
          }
          out += piece;
          count++;
          if (piece === '' && count >= from) break;
        }
        return out;
      }
      case 'Backreference':
      default:
        throw new Error(`extremes: ${node.type} is not supported`);
    }
  }
}

/** How many times a quantifier repeats: `*` 0-∞, `+` 1-∞, `?` 0-1, `{m,n}`. */
function bounds(q: any): { from: number; to: number } {
  switch (q.kind) {
    case 'Range':
      return { from: q.from, to: q.to ?? Infinity };
    case '+':
      return { from: 1, to: Infinity };
    case '?':
      return { from: 0, to: 1 };
    default:
      return { from: 0, to: Infinity };
  }
}

function codeOf(c: any): number {
  return typeof c.codePoint === 'number' ? c.codePoint : c.symbol.codePointAt(0);
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) =>
    String.fromCodePoint(from + i),
  );
}

function charSet(c: any): string[] | undefined {
  if (c.kind === 'meta') {
    switch (c.value) {
      case '\\d':
        return DIGITS;
      case '\\w':
        return [...LOWER, ...UPPER, ...DIGITS, '_'];
      case '\\s':
        return [' '];
      case '\\S':
        return UNIVERSE.filter(x => x !== ' ');
      case '.':
        return UNIVERSE;
      default:
        return c.symbol !== undefined ? [c.symbol] : [];
    }
  }
  return [String.fromCodePoint(codeOf(c))];
}

function flattenDisjunction(node: any): AstNode[] {
  if (node?.type !== 'Disjunction') return [node];
  return [...flattenDisjunction(node.left), ...flattenDisjunction(node.right)];
}

function minLen(node: AstNode | null): number {
  if (node === null) return 0;
  switch (node.type) {
    case 'Char':
    case 'CharacterClass':
      return 1;
    case 'Group':
      return minLen(node.expression);
    case 'Alternative':
      return node.expressions.reduce((s, e) => s + minLen(e), 0);
    case 'Disjunction':
      return Math.min(...flattenDisjunction(node).map(minLen));
    case 'Repetition': {
      return bounds(node.quantifier).from * minLen(node.expression);
    }
    default:
      return 0;
  }
}

/** A string of exactly `length` characters from the schema's alphabet when it has no pattern. */
function freeText(length: number, words: boolean): string {
  const phrase = words ? 'Acme & Partners (EU) ' : 'x';
  return phrase.repeat(Math.ceil(length / phrase.length)).slice(0, length);
}

/** Whether `value` is accepted by the schema (pattern with the `u` flag, as ajv compiles it). */
export function accepts(schema: ParameterSchema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
  return true;
}

/** The extreme strings a string schema accepts, longest first. */
export function extremeStrings(schema: ParameterSchema): string[] {
  const found: string[] = [];
  const add = (s: string | null) => {
    if (s !== null && !found.includes(s) && accepts(schema, s)) found.push(s);
  };
  const longBudget = schema.maxLength ?? 300;
  const shortBudget = Math.max(schema.minLength ?? 0, 0);
  if (!schema.pattern) {
    add(freeText(longBudget, true));
    add(freeText(longBudget, false));
    add(freeText(Math.max(shortBudget, 1), false));
  } else {
    const ast = RegexpTree.parse(new RegExp(schema.pattern)).body;
    const run = (policy: Policy, budget: number) =>
      add(new Generator(policy).gen(ast, budget));
    for (const p of Object.values(POLICIES)) run({ ...p, reps: 'max' }, longBudget);
    for (const p of Object.values(POLICIES)) {
      run({ ...p, reps: 'separators' }, longBudget);
    }
    for (const p of Object.values(POLICIES)) {
      // The shortest: minimal repetitions; when that is under minLength, fill up to it
      run({ ...p, reps: 'min' }, longBudget);
      run({ ...p, reps: 'max' }, Math.max(shortBudget, minLen(ast)));
    }
  }
  return found.sort((a, b) => b.length - a.length);
}

/** The extremes of one parameter: strings from its pattern, enum values, integer bounds. */
export function parameterExtremes(schema: ParameterSchema): unknown[] {
  if (Array.isArray(schema.enum)) {
    const values = [...schema.enum];
    values.sort((a, b) => String(b).length - String(a).length);
    return [...new Set([values[0], values[values.length - 1]])];
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return [
      ...new Set(
        [schema.maximum, schema.minimum].filter(v => v !== undefined),
      ),
    ];
  }
  if (schema.type === 'string' && (schema.pattern || schema.maxLength)) {
    return extremeStrings(schema);
  }
  return [];
}
