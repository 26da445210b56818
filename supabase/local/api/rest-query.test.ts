/** Unit tests of the stand-in's URL grammar (no database needed). */
import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './auth.ts';
import { Params, PgrstError, filterSql, logicSql, parseOrder, parseRange, parseSelect, pgArrayLiteral, quoteIdent, splitTopLevel, whereSql } from './rest-query.ts';

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
