/** Unit tests of the stand-in's URL grammar (no database needed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './auth.ts';
import {
	MAX_LOGIC_DEPTH,
	Params,
	PgrstError,
	filterSql,
	logicSql,
	nestingDepth,
	orderSql,
	parseCast,
	parseOrder,
	parseRange,
	parseSelect,
	pgArrayLiteral,
	quoteIdent,
	rangeSql,
	restrictRange,
	selectSql,
	splitTopLevel,
	whereSql
} from './rest-query.ts';

const code = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e instanceof PgrstError ? `${e.status} ${e.code}` : String(e);
	}
	return 'no error';
};

describe('identifiers and values', () => {
	it('quotes identifiers, doubling embedded quotes', () => {
		expect(quoteIdent('a"b')).toBe('"a""b"');
		expect(code(() => quoteIdent(''))).toBe('400 PGRST100');
	});

	it('builds array literals that survive quotes, backslashes and commas', () => {
		expect(pgArrayLiteral(['a,b', 'say "hi"', 'back\\slash'])).toBe('{"a,b","say \\"hi\\"","back\\\\slash"}');
	});

	it('splits at top level only', () => {
		expect(splitTopLevel('a,b(c,d),"e,f",g')).toEqual(['a', 'b(c,d)', '"e,f"', 'g']);
	});
});

describe('select', () => {
	it('parses columns, aliases, casts and quoted names', () => {
		expect(parseSelect('id, nick:display_name,price::text,"odd col"')).toEqual([
			{ column: 'id', alias: undefined, cast: undefined },
			{ column: 'display_name', alias: 'nick', cast: undefined },
			{ column: 'price', alias: undefined, cast: 'text' },
			{ column: 'odd col', alias: undefined, cast: undefined }
		]);
		expect(parseSelect(null)).toEqual([{ column: '*' }]);
	});

	it('refuses embedding, aggregates and JSON paths loudly', () => {
		expect(code(() => parseSelect('id,classes(name)'))).toBe('400 PGRST127');
		expect(code(() => parseSelect('count()'))).toBe('400 PGRST123');
		expect(code(() => parseSelect('data->a'))).toBe('400 PGRST127');
	});
});

describe('filters', () => {
	it('binds values as parameters, never in the SQL text', () => {
		const p = new Params();
		expect(filterSql('name', "eq.x'; drop table t; --", '"t"', p)).toBe('"t"."name" = $1');
		expect(p.values).toEqual(["x'; drop table t; --"]);
	});

	it('maps operators, not., in and is', () => {
		const p = new Params();
		expect(filterSql('a', 'not.ilike.*x*', '"t"', p)).toBe('NOT "t"."a" ILIKE $1');
		expect(p.values[0]).toBe('%x%');
		expect(filterSql('a', 'in.(1,"2,3")', '"t"', p)).toBe('"t"."a" = ANY ($2)');
		expect(p.values[1]).toBe('{"1","2,3"}');
		expect(filterSql('a', 'is.not_null', '"t"', p)).toBe('"t"."a" IS NOT NULL');
		expect(code(() => filterSql('a', 'is.maybe', '"t"', p))).toBe('400 PGRST100');
		expect(code(() => filterSql('a', 'zz.1', '"t"', p))).toBe('400 PGRST100');
		expect(code(() => filterSql('a', 'cs.{1}', '"t"', p))).toBe('400 PGRST127');
	});

	it('parses nested logic trees with quoted values', () => {
		const p = new Params();
		expect(logicSql('or', '(a.eq.1,and(b.gt.2,c.eq."x,y"))', '"t"', p)).toBe('("t"."a" = $1 OR ("t"."b" > $2 AND "t"."c" = $3))');
		expect(p.values).toEqual(['1', '2', 'x,y']);
	});

	it('treats every non-reserved parameter as a column filter', () => {
		const p = new Params();
		const conds = whereSql(new URLSearchParams('select=id&order=id&limit=1&a=eq.1&not.or=(b.is.null)'), '"t"', p);
		expect(conds).toEqual(['"t"."a" = $1', 'NOT ("t"."b" IS NULL)']);
		expect(code(() => whereSql(new URLSearchParams('classes.name=eq.x'), '"t"', new Params()))).toBe('400 PGRST127');
	});
});

describe('order and range', () => {
	it('parses order terms', () => {
		expect(parseOrder('a.desc.nullslast,b')).toEqual([{ column: 'a', dir: 'DESC', nulls: 'NULLS LAST' }, { column: 'b' }]);
		expect(code(() => parseOrder('a.sideways'))).toBe('400 PGRST100');
	});

	it('intersects limit/offset with a Range header', () => {
		expect(parseRange(new URLSearchParams('offset=2&limit=3'), undefined)).toEqual({ offset: 2, last: 4 });
		expect(parseRange(new URLSearchParams('limit=10'), '3-5')).toEqual({ offset: 3, last: 5 });
		expect(parseRange(new URLSearchParams('limit=0'), undefined)).toEqual({ offset: 0, last: -1 });
		expect(code(() => parseRange(new URLSearchParams(''), '5-2'))).toBe('416 PGRST103');
		expect(code(() => parseRange(new URLSearchParams('limit=-1'), undefined))).toBe('416 PGRST103');
	});
});

describe('ban durations (Go syntax)', () => {
	it('parses h/m/s combinations and refuses the rest', () => {
		expect(parseGoDuration('24h')).toBe(86_400_000);
		expect(parseGoDuration('1h30m')).toBe(5_400_000);
		expect(parseGoDuration('1.5s')).toBe(1500);
		expect(() => parseGoDuration('1 day')).toThrow(/invalid format for ban duration/);
	});
});

describe('hostile input', () => {
	it('a cast accepts only a type name', () => {
		expect(parseSelect('id::text, b::double precision, c::int[], d::timestamp with time zone').map((i) => i.cast)).toEqual([
			'text',
			'double precision',
			'int[]',
			'timestamp with time zone'
		]);
		const injection = 'code::text from ledger_goals union all select rolname from pg_roles union all select code';
		expect(code(() => parseSelect(injection))).toBe('400 PGRST100');
		for (const bad of ['a::text)', 'a::text;select 1', "a::text'", 'a::1int', 'a::text--', 'a::text/**/', 'a::text  as x', 'a::']) {
			expect(code(() => parseSelect(bad)), bad).toBe('400 PGRST100');
		}
		expect(code(() => parseCast('double  precision', 'x'))).toBe('no error');
		expect(selectSql(parseSelect('n:id::text'), '"t"')).toBe('CAST("t"."id" AS text) AS "n"');
	});

	it('refuses logic trees nested deeper than the limit in one scan, and unbalanced ones', () => {
		const deep = (n: number) => 'or('.repeat(n - 1) + 'a.eq.1' + ')'.repeat(n - 1);
		expect(code(() => logicSql('or', `(${deep(MAX_LOGIC_DEPTH)})`, '"t"', new Params()))).toBe('no error');
		expect(code(() => logicSql('or', `(${deep(MAX_LOGIC_DEPTH + 1)})`, '"t"', new Params()))).toBe('400 PGRST100');
		let e: unknown;
		try {
			logicSql('or', '(' + 'or=('.repeat(3000) + ')'.repeat(3001), '"t"', new Params());
		} catch (x) {
			e = x;
		}
		expect(e).toBeInstanceOf(PgrstError);
		expect((e as PgrstError).message).toMatch(/too deeply nested/);
		expect(nestingDepth('(a,"(((",b(c))')).toBe(2);
		expect(nestingDepth('(a))(')).toBe(-1);
		expect(code(() => logicSql('or', '(a.eq.1))', '"t"', new Params()))).toBe('400 PGRST100');
	});

	it('refuses unterminated quotes in logic trees and order', () => {
		expect(code(() => logicSql('or', '("abc.eq.1)', '"t"', new Params()))).toBe('400 PGRST100');
		expect(code(() => parseOrder('"abc.desc'))).toBe('400 PGRST100');
		expect(code(() => parseOrder('"a b"x'))).toBe('400 PGRST100');
		expect(parseOrder('"a \\"b".desc')).toEqual([{ column: 'a "b', dir: 'DESC' }]);
	});

	it('caps limits and ranges at safe integers instead of putting 1e+30 into SQL', () => {
		const r = parseRange(new URLSearchParams('limit=1000000000000000000000000000000&offset=99999999999999999999999'), undefined);
		expect(Number.isSafeInteger(r.offset) && Number.isSafeInteger(r.last)).toBe(true);
		expect(rangeSql(r)).toMatch(/^LIMIT \d+ OFFSET \d+$/);
	});
});

describe('max rows (PostgREST db-max-rows)', () => {
	it('caps every read at maxRows from its offset, keeps smaller ranges and limit=0', () => {
		expect(restrictRange({ offset: 0 }, 1000)).toEqual({ offset: 0, last: 999 });
		expect(restrictRange({ offset: 50 }, 1000)).toEqual({ offset: 50, last: 1049 });
		expect(restrictRange({ offset: 0, last: 4999 }, 1000)).toEqual({ offset: 0, last: 999 });
		expect(restrictRange({ offset: 10, last: 19 }, 1000)).toEqual({ offset: 10, last: 19 });
		expect(restrictRange({ offset: 0, last: -1 }, 1000)).toEqual({ offset: 0, last: -1 });
		expect(restrictRange({ offset: 7 }, undefined)).toEqual({ offset: 7 });
	});
});

/** What SQL text a URL may produce once quoted identifiers and placeholders are taken out. */
function skeleton(sql: string): string {
	return sql.replace(/"(?:[^"]|"")*"/g, 'I').replace(/\$\d+/g, 'P');
}

const urlText = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc
		.array(
			fc.constantFrom('a', 'id', '"x"', '::', ':', '.', ',', '(', ')', '"', '\\', ' ', '*', 'or', 'and', 'not', 'eq', 'in', 'is', 'null', 'asc', 'desc',
				'nullslast', 'text', ';', '--', '/*', "'", 'union all select rolname from pg_roles', ' from ', 'select', '$1', 'int[]', 'double precision'),
			{ maxLength: 14 }
		)
		.map((a) => a.join(''))
);

describe('property: nothing from the URL reaches SQL except quoted identifiers and bind parameters', () => {
	it('select', () => {
		fc.assert(
			fc.property(urlText, (s) => {
				let sql: string;
				try {
					sql = selectSql(parseSelect(s), '"t"');
				} catch (e) {
					expect(e).toBeInstanceOf(PgrstError);
					return;
				}
				const typeName = '(?:[A-Za-z_][A-Za-z0-9_$]*|double precision|character varying|bit varying|time(?:stamp)? with(?:out)? time zone)(?:\\[\\])?';
				const item = `(?:I\\.\\*|I\\.I AS I|CAST\\(I\\.I AS ${typeName}\\) AS I)`;
				expect(skeleton(sql)).toMatch(new RegExp(`^${item}(?:, ${item})*$`, 'i'));
			}),
			{ numRuns: 2000 }
		);
	});

	it('filters and logic trees', () => {
		fc.assert(
			fc.property(fc.constantFrom('a', 'or', 'and', 'not.or', '"q"', 'x y'), urlText, (key, value) => {
				const params = new Params();
				let conds: string[];
				try {
					conds = whereSql(new URLSearchParams([[key, value]]), '"t"', params);
				} catch (e) {
					expect(e).toBeInstanceOf(PgrstError);
					return;
				}
				const words = skeleton(conds.join(' AND ')).replace(/I\.I|P/g, ' ');
				expect(words).toMatch(/^(?:[\s()]|NOT|AND|OR|IS|NULL|TRUE|FALSE|UNKNOWN|DISTINCT|FROM|LIKE|ILIKE|ANY|=|<>|<=|>=|<|>|~\*|~)*$/);
			}),
			{ numRuns: 2000 }
		);
	});

	it('order', () => {
		fc.assert(
			fc.property(urlText, (s) => {
				let sql: string;
				try {
					sql = orderSql(parseOrder(s), '"t"');
				} catch (e) {
					expect(e).toBeInstanceOf(PgrstError);
					return;
				}
				const term = 'I\\.I(?: (?:ASC|DESC))?(?: NULLS (?:FIRST|LAST))?';
				expect(skeleton(sql)).toMatch(new RegExp(`^(?:${term}(?:, ${term})*)?$`));
			}),
			{ numRuns: 2000 }
		);
	});
});
