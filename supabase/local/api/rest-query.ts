/**
 * The subset of PostgREST's URL grammar the app uses, turned into SQL fragments.
 *
 * Nothing from the URL reaches SQL text except as a double-quoted identifier ({@link quoteIdent}),
 * a bind parameter (values, of unknown type, so Postgres infers the column's type exactly as it
 * does for PostgREST's `'value'::unknown` literals), a keyword picked from a fixed table
 * (operators, `asc`/`nulls last`, `is` values), a validated integer (limit/offset), or a cast type
 * that matched {@link parseCast} (one word, or one of SQL's few multi-word type names, rendered
 * as `CAST(x AS type)` like PostgREST does).
 *
 * Bounds, so hostile URLs cost little and never crash the server: logic trees nest at most
 * {@link MAX_LOGIC_DEPTH} levels (checked by one scan before any recursion), `select` has at most
 * {@link MAX_SELECT_ITEMS} items; the HTTP server caps the request line (see server.ts).
 *
 * Supported: `select` (columns, `*`, `alias:column`, `column::type`), horizontal filters
 * `eq neq gt gte lt lte like ilike match imatch in is isdistinct` with `not.`, logic trees
 * `or=(…)` / `and=(…)` / `not.or=(…)` (nested), `order`, `limit`, `offset`.
 * Everything else of PostgREST's grammar raises PGRST127 "Feature not implemented" naming the part,
 * so a gap shows up loudly instead of as a silently different result.
 */

/** A PostgREST-shaped error: HTTP status and the JSON body `{ code, message, details, hint }`. */
export class PgrstError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: string | null = null,
		readonly hint: string | null = null,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

/** PGRST127: a valid PostgREST feature this stand-in does not implement. */
export function notImplemented(what: string): PgrstError {
	return new PgrstError(400, 'PGRST127', 'Feature not implemented', `Not implemented by the local Supabase stand-in: ${what}`);
}

function parseError(message: string, details: string): PgrstError {
	return new PgrstError(400, 'PGRST100', message, details);
}

/** Deepest `or=(…and(…or(…)))` nesting accepted; deeper is 400 PGRST100 (PostgREST has no limit; the app nests 2). */
export const MAX_LOGIC_DEPTH = 32;
/** Most `select=` items accepted (Postgres' own cap is 1664 target entries, which would be a 54011 → 500). */
export const MAX_SELECT_ITEMS = 500;

/** SQL's multi-word type names (everything else a cast may name is one word). */
const MULTI_WORD_TYPES = new Set([
	'double precision',
	'character varying',
	'bit varying',
	'timestamp with time zone',
	'timestamp without time zone',
	'time with time zone',
	'time without time zone'
]);

/**
 * Validate the type of a `::cast` in `select=`: one word of letters, digits, `_` or `$` (not
 * starting with a digit or `$`), or one of SQL's multi-word type names, optionally with `[]`.
 * PostgREST's parser is looser (any letters, digits, `_`, `$` and spaces) but wraps the cast in
 * `CAST(x AS …)`, where anything but a type name is a syntax error; here a non-type is refused
 * before SQL is built.
 *
 * @returns the type as it goes into SQL (whitespace normalised)
 * @throws PgrstError 400 PGRST100 for anything else
 */
export function parseCast(raw: string, whole: string): string {
	const t = raw.trim().replace(/\s+/g, ' ');
	const m = /^(.*?)(\[\])?$/s.exec(t)!;
	const base = m[1]!.toLowerCase();
	if (/^[a-z_][a-z0-9_$]*$/i.test(m[1]!) || MULTI_WORD_TYPES.has(base)) return `${m[1]}${m[2] ?? ''}`;
	throw parseError(`"failed to parse select parameter (${whole})"`, `"${raw}" is not a type name: a cast accepts only a type name, e.g. ::text`);
}

/** Bind parameters of one statement; `add` returns the placeholder (`$1`, `$2`, …). */
export class Params {
	readonly values: string[] = [];
	add(v: string): string {
		this.values.push(v);
		return `$${this.values.length}`;
	}
}

/** Quote an identifier for SQL (`a"b` → `"a""b"`). @throws PgrstError on NUL or empty */
export function quoteIdent(name: string): string {
	if (name === '' || name.includes('\0')) throw parseError(`"failed to parse identifier (${name})"`, 'empty or invalid identifier');
	return `"${name.replace(/"/g, '""')}"`;
}

/** Split on a separator at nesting depth 0, outside double quotes (backslash escapes inside quotes). */
export function splitTopLevel(s: string, sep = ','): string[] {
	const out: string[] = [];
	let depth = 0;
	let inQuotes = false;
	let cur = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i]!;
		if (inQuotes) {
			cur += c;
			if (c === '\\' && i + 1 < s.length) cur += s[++i];
			else if (c === '"') inQuotes = false;
			continue;
		}
		if (c === '"') inQuotes = true;
		else if (c === '(') depth++;
		else if (c === ')') depth--;
		if (c === sep && depth === 0) {
			out.push(cur);
			cur = '';
		} else cur += c;
	}
	out.push(cur);
	return out;
}

/** `"a \"b\""` → `a "b"`; an unquoted string is returned as is. */
function unquote(s: string): string {
	if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
		return s.slice(1, -1).replace(/\\(.)/g, '$1');
	}
	return s;
}

/** A field name in select/filter/order: plain name or double-quoted; JSON paths are not supported. */
function fieldName(raw: string, where: string): string {
	const s = raw.trim();
	if (s.startsWith('"')) return unquote(s);
	if (s.includes('->')) throw notImplemented(`JSON path in ${where} (${s})`);
	if (!/^[^\s.,:()"]+$/u.test(s)) throw parseError(`"failed to parse ${where} (${raw})" (line 1, column 1)`, `unexpected characters in "${raw}"`);
	return s;
}

export interface SelectItem {
	/** `*` or a column name. */
	column: string;
	alias?: string;
	cast?: string;
}

/**
 * Parse `select=`: `*`, `col`, `alias:col`, `col::type`, `"quoted col"`.
 *
 * @throws PgrstError PGRST127 for embedding/spreads/aggregates/JSON paths, PGRST100 for bad syntax
 */
export function parseSelect(raw: string | null): SelectItem[] {
	if (raw === null || raw.trim() === '') return [{ column: '*' }];
	const parts = splitTopLevel(raw);
	if (parts.length > MAX_SELECT_ITEMS) {
		throw parseError(`"failed to parse select parameter"`, `select has ${parts.length} items; at most ${MAX_SELECT_ITEMS} are accepted`);
	}
	return parts.map((part) => {
		const p = part.trim();
		if (p === '') throw parseError(`"failed to parse select parameter (${raw})" (line 1, column 1)`, 'empty select item');
		if (p.startsWith('...')) throw notImplemented(`spread embedding in select (${p})`);
		if (/\(/.test(p.replace(/"[^"]*"/g, ''))) {
			if (/^[\w]+\(\)/.test(p) || /\.(count|sum|avg|min|max)\(\)/.test(p)) {
				throw new PgrstError(400, 'PGRST123', 'Use of aggregate functions is not allowed');
			}
			throw notImplemented(`resource embedding in select (${p})`);
		}
		let rest = p;
		let alias: string | undefined;
		const aliasMatch = /^("(?:[^"\\]|\\.)*"|[^:"]+):(?!:)(.*)$/su.exec(rest);
		if (aliasMatch) {
			alias = unquote(aliasMatch[1]!.trim());
			rest = aliasMatch[2]!;
		}
		let cast: string | undefined;
		const castIdx = rest.lastIndexOf('::');
		if (castIdx >= 0 && !rest.slice(castIdx).includes('"')) {
			cast = parseCast(rest.slice(castIdx + 2), raw);
			rest = rest.slice(0, castIdx);
		}
		const column = rest.trim() === '*' ? '*' : fieldName(rest, 'select parameter');
		if (column === '*' && (alias || cast)) throw parseError(`"failed to parse select parameter (${raw})"`, '* cannot have an alias or a cast');
		return { column, alias, cast };
	});
}

/** SQL select list for the items, columns qualified by `qualifier` (already quoted). */
export function selectSql(items: SelectItem[], qualifier: string): string {
	return items
		.map((it) => {
			if (it.column === '*') return `${qualifier}.*`;
			const col = `${qualifier}.${quoteIdent(it.column)}`;
			// parseCast admitted only a type name; CAST(…) keeps even a surprise a syntax error.
			const expr = it.cast ? `CAST(${col} AS ${it.cast})` : col;
			const name = it.alias ?? it.column;
			return `${expr} AS ${quoteIdent(name)}`;
		})
		.join(', ');
}

const COMPARISON: Record<string, string> = {
	eq: '=',
	neq: '<>',
	gt: '>',
	gte: '>=',
	lt: '<',
	lte: '<=',
	like: 'LIKE',
	ilike: 'ILIKE',
	match: '~',
	imatch: '~*',
	isdistinct: 'IS DISTINCT FROM'
};

/** PostgREST operators that exist but are not implemented here (so the error says so). */
const KNOWN_UNSUPPORTED = new Set(['cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj', 'fts', 'plfts', 'phfts', 'wfts']);

/** Format a Postgres array literal from text elements (all elements quoted). */
export function pgArrayLiteral(items: string[]): string {
	return `{${items.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Parse the inside of `in.(a,b,"c,d")`. */
function parseInList(value: string, whole: string): string[] {
	if (!value.startsWith('(') || !value.endsWith(')')) {
		throw parseError(`"failed to parse filter (${whole})" (line 1, column ${whole.length})`, 'in. requires a list in parentheses: in.(a,b)');
	}
	const inner = value.slice(1, -1);
	if (inner.trim() === '') return [];
	return splitTopLevel(inner).map((x) => unquote(x.trim()));
}

/**
 * One filter `column=[not.]op.value` as a SQL condition.
 *
 * @param column the (unquoted) column name
 * @param expr the part after `=`, e.g. `not.in.(1,2)`
 */
export function filterSql(column: string, expr: string, qualifier: string, params: Params): string {
	let rest = expr;
	let negate = false;
	if (rest.startsWith('not.')) {
		negate = true;
		rest = rest.slice(4);
	}
	const dot = rest.indexOf('.');
	if (dot < 0) throw parseError(`"failed to parse filter (${expr})" (line 1, column ${expr.length + 1})`, 'expected an operator like eq. before the value');
	let op = rest.slice(0, dot);
	const value = rest.slice(dot + 1);
	const modifier = /^(\w+)\((any|all)\)$/.exec(op);
	if (modifier) {
		op = modifier[1]!;
		throw notImplemented(`(${modifier[2]}) operator modifier in filter ${column}=${expr}`);
	}
	const col = `${qualifier}.${quoteIdent(column)}`;
	let cond: string;
	if (op === 'in') {
		cond = `${col} = ANY (${params.add(pgArrayLiteral(parseInList(value, expr)))})`;
	} else if (op === 'is') {
		const v = value.toLowerCase();
		const map: Record<string, string> = { null: 'NULL', not_null: 'NOT NULL', true: 'TRUE', false: 'FALSE', unknown: 'UNKNOWN' };
		const kw = map[v];
		if (!kw) throw parseError(`"failed to parse filter (${expr})" (line 1, column ${expr.length})`, 'is. accepts null, not_null, true, false or unknown');
		cond = `${col} IS ${kw}`;
	} else if (COMPARISON[op]) {
		const v = op === 'like' || op === 'ilike' ? value.replace(/\*/g, '%') : value;
		cond = `${col} ${COMPARISON[op]} ${params.add(v)}`;
	} else if (KNOWN_UNSUPPORTED.has(op)) {
		throw notImplemented(`the ${op} operator (${column}=${expr})`);
	} else {
		throw parseError(`"failed to parse filter (${expr})" (line 1, column ${op.length + 1})`, `unknown operator "${op}"`);
	}
	return negate ? `NOT ${cond}` : cond;
}

/**
 * Deepest parenthesis nesting of `s` outside double quotes, or -1 when the parentheses do not
 * balance. One linear scan, so a hostile 3000-level tree is refused before any recursion.
 */
export function nestingDepth(s: string): number {
	let depth = 0;
	let max = 0;
	let inQuotes = false;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (inQuotes) {
			if (c === '\\') i++;
			else if (c === '"') inQuotes = false;
		} else if (c === '"') inQuotes = true;
		else if (c === '(') max = Math.max(max, ++depth);
		else if (c === ')' && --depth < 0) return -1;
	}
	return depth === 0 ? max : -1;
}

/** A quoted name at the start of `p` (`"a b".eq.1` → `a b` and the rest after it). */
function leadingQuoted(p: string, where: string): { name: string; rest: string } {
	const m = /^"((?:[^"\\]|\\.)*)"(.*)$/s.exec(p);
	if (!m) throw parseError(`"failed to parse ${where} (${p})" (line 1, column 1)`, 'unterminated double quote');
	return { name: m[1]!.replace(/\\(.)/g, '$1'), rest: m[2]! };
}

/**
 * A logic tree `or=(a.eq.1,and(b.gt.2,c.is.null))` as SQL.
 *
 * @param op 'or' | 'and'
 * @param value the part after `=`, with its parentheses
 * @throws PgrstError 400 PGRST100 on bad syntax or nesting deeper than {@link MAX_LOGIC_DEPTH}
 */
export function logicSql(op: 'or' | 'and', value: string, qualifier: string, params: Params): string {
	const depth = nestingDepth(value);
	if (depth < 0) throw parseError(`"failed to parse logic tree (${value.slice(0, 200)})"`, 'unbalanced parentheses');
	if (depth > MAX_LOGIC_DEPTH) {
		throw parseError('Logic tree is too deeply nested', `"${op}" nests ${depth} levels of parentheses; at most ${MAX_LOGIC_DEPTH} are accepted`);
	}
	return logicTree(op, value, qualifier, params);
}

function logicTree(op: 'or' | 'and', value: string, qualifier: string, params: Params): string {
	if (!value.startsWith('(') || !value.endsWith(')')) {
		throw parseError(`"failed to parse logic tree (${value})" (line 1, column 1)`, 'expected "("');
	}
	const parts = splitTopLevel(value.slice(1, -1)).map((p) => p.trim());
	if (parts.some((p) => p === '')) throw parseError(`"failed to parse logic tree (${value})"`, 'empty condition');
	const conds = parts.map((p) => {
		const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(p);
		if (nested) {
			const inner = logicTree(nested[2] as 'or' | 'and', nested[3]!, qualifier, params);
			return nested[1] ? `NOT ${inner}` : inner;
		}
		let column: string;
		let expr: string;
		if (p.startsWith('"')) {
			const q = leadingQuoted(p, 'logic tree');
			if (!q.rest.startsWith('.')) throw parseError(`"failed to parse logic tree (${value})"`, `expected column.operator.value in "${p}"`);
			column = q.name;
			expr = q.rest.slice(1);
		} else {
			const dot = p.indexOf('.');
			if (dot < 0) throw parseError(`"failed to parse logic tree (${value})"`, `expected column.operator.value in "${p}"`);
			column = fieldName(p.slice(0, dot), 'logic tree');
			expr = p.slice(dot + 1);
		}
		// Values inside logic trees may be double-quoted to protect commas and parentheses.
		const m = /^((?:not\.)?\w+(?:\((?:any|all)\))?\.)("(?:[^"\\]|\\.)*")$/s.exec(expr);
		if (m && !m[1]!.startsWith('in.') && !m[1]!.startsWith('not.in.')) expr = m[1]! + unquote(m[2]!);
		return filterSql(column, expr, qualifier, params);
	});
	return `(${conds.join(op === 'or' ? ' OR ' : ' AND ')})`;
}

export interface OrderTerm {
	column: string;
	dir?: 'ASC' | 'DESC';
	nulls?: 'NULLS FIRST' | 'NULLS LAST';
}

/** Parse `order=a.desc.nullslast,b`. @throws PgrstError PGRST100 on an unknown modifier */
export function parseOrder(raw: string | null): OrderTerm[] {
	if (raw === null || raw.trim() === '') return [];
	return splitTopLevel(raw).map((term) => {
		const t = term.trim();
		if (/\(/.test(t)) throw notImplemented(`related order (${t})`);
		let column: string;
		let mods: string[];
		if (t.startsWith('"')) {
			const q = leadingQuoted(t, 'order');
			column = q.name;
			if (q.rest !== '' && !q.rest.startsWith('.')) throw parseError(`"failed to parse order (${raw})"`, `unexpected "${q.rest}" after "${column}"`);
			mods = q.rest.split('.').filter(Boolean);
		} else {
			const [c, ...m] = t.split('.');
			column = fieldName(c ?? '', 'order');
			mods = m;
		}
		const out: OrderTerm = { column };
		for (const m of mods) {
			if (m === 'asc') out.dir = 'ASC';
			else if (m === 'desc') out.dir = 'DESC';
			else if (m === 'nullsfirst') out.nulls = 'NULLS FIRST';
			else if (m === 'nullslast') out.nulls = 'NULLS LAST';
			else throw parseError(`"failed to parse order (${raw})" (line 1, column ${raw.indexOf(m) + 1})`, `unexpected "${m}" expecting "asc", "desc", "nullsfirst" or "nullslast"`);
		}
		return out;
	});
}

/** SQL ORDER BY list (without the keywords) or '' when there is no order. */
export function orderSql(terms: OrderTerm[], qualifier: string): string {
	return terms
		.map((t) => [`${qualifier}.${quoteIdent(t.column)}`, t.dir, t.nulls].filter(Boolean).join(' '))
		.join(', ');
}

/** Query parameters with a meaning of their own (everything else is a filter on a column). */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'or', 'and', 'not.or', 'not.and']);

/** WHERE conditions from all filter parameters of the URL (AND-ed), or [] when none. */
export function whereSql(search: URLSearchParams, qualifier: string, params: Params): string[] {
	const conds: string[] = [];
	for (const [key, value] of search) {
		if (key === 'or' || key === 'and') conds.push(logicSql(key, value, qualifier, params));
		else if (key === 'not.or' || key === 'not.and') conds.push(`NOT ${logicSql(key.slice(4) as 'or' | 'and', value, qualifier, params)}`);
		else if (RESERVED.has(key)) continue;
		else if (key.includes('.') && !key.startsWith('"')) throw notImplemented(`filters on embedded resources (${key})`);
		else conds.push(filterSql(key.startsWith('"') ? unquote(key) : fieldName(key, 'filter'), value, qualifier, params));
	}
	return conds;
}

/** A row range: first row (0-based) and an optional last row (inclusive). */
export interface RowRange {
	offset: number;
	/** Inclusive; undefined means "to the end". -1 with offset 0 means limit=0. */
	last?: number;
}

function nonNegativeInt(v: string, what: string): number {
	if (!/^\d+$/.test(v)) {
		if (/^-\d+$/.test(v) && what === 'limit') {
			throw new PgrstError(416, 'PGRST103', 'Requested range not satisfiable', 'Limit should be greater than or equal to zero.');
		}
		throw parseError(`"failed to parse ${what} parameter (${v.slice(0, 100)})" (line 1, column 1)`, `${what} must be a non-negative integer`);
	}
	return boundedInt(v);
}

/** A digit string as a number, capped at 2^53 - 1 (more rows than any table has; keeps the SQL a valid bigint). */
function boundedInt(digits: string): number {
	return Math.min(Number(digits), Number.MAX_SAFE_INTEGER);
}

/**
 * The range a read returns: `offset`/`limit` intersected with a `Range: a-b` header (GET only),
 * as PostgREST does.
 */
export function parseRange(search: URLSearchParams, rangeHeader: string | undefined): RowRange {
	const limit = search.get('limit');
	const offsetRaw = search.get('offset');
	let lower = offsetRaw === null ? 0 : nonNegativeInt(offsetRaw, 'offset');
	let upper: number | undefined = limit === null ? undefined : Math.min(lower + nonNegativeInt(limit, 'limit') - 1, Number.MAX_SAFE_INTEGER);
	if (limit !== null && Number(limit) === 0) return { offset: 0, last: -1 };
	if (rangeHeader) {
		const m = /^\s*(\d+)-(\d*)\s*$/.exec(rangeHeader.replace(/^items=/, ''));
		if (m) {
			const a = boundedInt(m[1]!);
			const b = m[2] === '' ? undefined : boundedInt(m[2]!);
			if (b !== undefined && b < a) {
				throw new PgrstError(416, 'PGRST103', 'Requested range not satisfiable', 'The lower boundary must be lower than or equal to the upper boundary in the Range header.');
			}
			lower = Math.max(lower, a);
			if (b !== undefined) upper = upper === undefined ? b : Math.min(upper, b);
		}
	}
	return { offset: lower, last: upper };
}

/**
 * PostgREST's `db-max-rows` (`restrictRange`): a read returns at most `maxRows` rows from its
 * offset, whatever limit or Range the client asked for; `limit=0` stays an empty read.
 *
 * @param maxRows undefined = no cap
 */
export function restrictRange(r: RowRange, maxRows: number | undefined): RowRange {
	if (maxRows === undefined || (r.offset === 0 && r.last === -1)) return r;
	const cap = Math.min(r.offset + maxRows - 1, Number.MAX_SAFE_INTEGER);
	return { offset: r.offset, last: r.last === undefined ? cap : Math.min(r.last, cap) };
}

/** `LIMIT n OFFSET m` for a range (numbers are validated integers, safe to inline). */
export function rangeSql(r: RowRange): string {
	if (r.last === -1 && r.offset === 0) return 'LIMIT 0';
	const parts: string[] = [];
	if (r.last !== undefined) parts.push(`LIMIT ${Math.max(0, r.last - r.offset + 1)}`);
	if (r.offset > 0) parts.push(`OFFSET ${r.offset}`);
	return parts.join(' ');
}
