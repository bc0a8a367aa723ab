/**
 * The `$filter` grammar the two simulated endpoints accept, parsed like OData (keywords case-insensitive) and
 * then held to what Graph documents:
 *  - interactions: `createdDateTime gt <ISO> and createdDateTime lt <ISO>` (both bounds required),
 *    `appClass eq '<v>'( or appClass eq '<v>')*`, or the two joined with `and`;
 *  - users: `assignedLicenses/any(x:x/skuId eq <guid>)` with any lambda variable name.
 * Everything else is a FilterError, which the routes answer with Graph's 400 "Invalid filter clause".
 */
export class FilterError extends Error {
  constructor(detail: string) {
    super(`Invalid filter clause: ${detail}`);
    this.name = 'FilterError';
  }
}

type Literal =
  | { type: 'string'; value: string }
  | { type: 'datetime'; value: Date; raw: string }
  | { type: 'guid'; value: string }
  | { type: 'other'; raw: string };

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; path: string; op: string; value: Literal }
  | { kind: 'any'; path: string; variable: string; body: FilterExpr };

type Token = { type: 'word' | 'punct' | 'literal'; text: string; literal?: Literal; at: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/i;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_./]*/;
const OPERATORS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const ch = rest[0] as string;
    if ('(),:'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, at: i });
      i += 1;
    } else if (ch === "'") {
      const str = readString(text, i);
      tokens.push({ type: 'literal', text: str.raw, literal: { type: 'string', value: str.value }, at: i });
      i += str.raw.length;
    } else {
      const match = DATETIME.exec(rest) ?? GUID.exec(rest) ?? NUMBER.exec(rest) ?? WORD.exec(rest);
      if (!match) throw new FilterError(`Syntax error at position ${i} in '${text}'.`);
      tokens.push(classify(match[0], i));
      i += match[0].length;
    }
  }
  return tokens;
}

function readString(text: string, start: number): { raw: string; value: string } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 1;
        continue;
      }
      return { raw: text.slice(start, i + 1), value };
    }
    value += text[i];
  }
  throw new FilterError(`Unterminated string literal at position ${start} in '${text}'.`);
}

function classify(text: string, at: number): Token {
  if (DATETIME.test(text)) {
    const value = new Date(text);
    if (Number.isNaN(value.getTime())) throw new FilterError(`The DateTimeOffset text '${text}' is not valid.`);
    return { type: 'literal', text, literal: { type: 'datetime', value, raw: text }, at };
  }
  if (GUID.test(text)) return { type: 'literal', text, literal: { type: 'guid', value: text.toLowerCase() }, at };
  if (/^-?\d/.test(text)) return { type: 'literal', text, literal: { type: 'other', raw: text }, at };
  if (/^(true|false|null)$/i.test(text)) return { type: 'literal', text, literal: { type: 'other', raw: text }, at };
  return { type: 'word', text, at };
}

/** Parses a `$filter` value into an expression tree. */
export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = (): string | undefined =>
    tokens[pos]?.type === 'word' ? tokens[pos]?.text.toLowerCase() : undefined;
  const fail = (what: string): never => {
    const token = tokens[pos];
    throw new FilterError(`${what} at position ${token ? token.at : text.length} in '${text}'.`);
  };
  const expectPunct = (p: string): void => {
    if (tokens[pos]?.type !== 'punct' || tokens[pos]?.text !== p) fail(`Expected '${p}'`);
    pos += 1;
  };

  const parseOr = (): FilterExpr => {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpr => {
    let left = parseUnary();
    while (peekWord() === 'and') {
      pos += 1;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterExpr => {
    if (peekWord() === 'not') {
      pos += 1;
      return { kind: 'not', expr: parseUnary() };
    }
    const token = tokens[pos];
    if (token?.type === 'punct' && token.text === '(') {
      pos += 1;
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (token?.type !== 'word') return fail('Expected a property');
    pos += 1;
    if (/\/any$/i.test(token.text) && tokens[pos]?.text === '(') return parseAny(token.text.slice(0, -4));
    const op = peekWord();
    if (!op || !OPERATORS.has(op)) return fail(`Expected a comparison after '${token.text}'`);
    pos += 1;
    const value = tokens[pos];
    if (value?.type !== 'literal' || !value.literal) return fail(`Expected a literal after '${op}'`);
    pos += 1;
    return { kind: 'compare', path: token.text, op, value: value.literal };
  };
  const parseAny = (path: string): FilterExpr => {
    expectPunct('(');
    const variable = tokens[pos];
    if (variable?.type !== 'word') return fail('Expected a lambda variable');
    pos += 1;
    expectPunct(':');
    const body = parseOr();
    expectPunct(')');
    return { kind: 'any', path, variable: variable.text, body };
  };

  if (tokens.length === 0) throw new FilterError('The $filter expression is empty.');
  const expr = parseOr();
  if (pos < tokens.length) fail('Unexpected token');
  return expr;
}

export interface InteractionFilter {
  /** Strict lower bound (`gt`). */
  after?: Date;
  /** Strict upper bound (`lt`). */
  before?: Date;
  /** Accepted appClasses, compared case-insensitively (PowerPoint comes in two spellings). */
  appClasses?: string[];
}

/** The interaction filter, or a FilterError for anything Graph does not document. */
export function parseInteractionFilter(text: string): InteractionFilter {
  const result: InteractionFilter = {};
  for (const term of andTerms(parseFilter(text))) {
    if (term.kind === 'compare' && term.path.toLowerCase() === 'createddatetime') {
      if (term.value.type !== 'datetime')
        throw new FilterError(
          `createdDateTime must be compared with a DateTimeOffset literal such as 2025-11-24T00:00:00Z.`,
        );
      if (term.op === 'gt' && !result.after) result.after = term.value.value;
      else if (term.op === 'lt' && !result.before) result.before = term.value.value;
      else
        throw new FilterError(
          `createdDateTime supports one 'gt' and one 'lt' bound; '${term.op}' is not supported here.`,
        );
    } else if (!result.appClasses) {
      result.appClasses = appClassAlternatives(term);
    } else {
      throw new FilterError('Only one group of appClass comparisons is supported.');
    }
  }
  if ((result.after === undefined) !== (result.before === undefined)) {
    throw new FilterError(
      'When you use the createdDateTime filter, provide both a minimum (gt) and a maximum (lt) time boundary.',
    );
  }
  return result;
}

function andTerms(expr: FilterExpr): FilterExpr[] {
  return expr.kind === 'and' ? [...andTerms(expr.left), ...andTerms(expr.right)] : [expr];
}

function appClassAlternatives(expr: FilterExpr): string[] {
  if (expr.kind === 'or') return [...appClassAlternatives(expr.left), ...appClassAlternatives(expr.right)];
  if (
    expr.kind === 'compare' &&
    expr.path.toLowerCase() === 'appclass' &&
    expr.op === 'eq' &&
    expr.value.type === 'string'
  )
    return [expr.value.value];
  throw new FilterError(
    `Only 'createdDateTime gt/lt <DateTimeOffset>' and "appClass eq '<value>'" (joined with 'or') are supported.`,
  );
}

/** True when an interaction passes the filter (strict time bounds, case-insensitive appClass). */
export function matchesInteractionFilter(
  filter: InteractionFilter,
  createdDateTime: string,
  appClass: string,
): boolean {
  if (filter.after || filter.before) {
    const ms = Date.parse(createdDateTime);
    if (filter.after && !(ms > filter.after.getTime())) return false;
    if (filter.before && !(ms < filter.before.getTime())) return false;
  }
  if (filter.appClasses) {
    const lower = appClass.toLowerCase();
    if (!filter.appClasses.some((a) => a.toLowerCase() === lower)) return false;
  }
  return true;
}

/** The SKU id of `assignedLicenses/any(x:x/skuId eq <guid>)`, or a FilterError. */
export function parseUserLicenseFilter(text: string): { skuId: string } {
  const expr = parseFilter(text);
  if (expr.kind === 'any' && expr.path.toLowerCase() === 'assignedlicenses') {
    const body = expr.body;
    const expected = `${expr.variable}/skuid`.toLowerCase();
    if (
      body.kind === 'compare' &&
      body.path.toLowerCase() === expected &&
      body.op === 'eq' &&
      body.value.type === 'guid'
    ) {
      return { skuId: body.value.value };
    }
  }
  throw new FilterError(`Only 'assignedLicenses/any(x:x/skuId eq <guid>)' is supported on users.`);
}
