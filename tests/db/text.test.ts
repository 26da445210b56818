/**
 * The text rules of private.clean_text (every text input and display_name goes through it), checked
 * over every Unicode code point: the ends are trimmed of exactly the app's class (JavaScript `\s`
 * plus the listed space-like invisibles), while "blank" means nothing is left once every invisible
 * character (also variation selectors and tag characters, which belong to emoji) is removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from './helpers';

let sql: Sql;

beforeAll(() => {
	sql = connect();
});

afterAll(async () => {
	await sql?.end();
});

/** What the app trims at the ends besides `\s`: U+180E, U+200B–U+200D, U+2060, U+FEFF, U+3000. */
const APP_EDGE_EXTRA = [0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x3000];

/** Every code point a text can hold (no NUL, no surrogates). */
function* codePoints(): Generator<number> {
	for (let cp = 1; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield cp;
}

/** The app's edge class, computed from JavaScript's own `\s` over every code point. */
function appEdgeClass(): number[] {
	const space = /^\s$/u;
	const extra = new Set(APP_EDGE_EXTRA);
	return [...codePoints()].filter((cp) => extra.has(cp) || space.test(String.fromCodePoint(cp)));
}

const hex = (cps: number[]) => cps.map((cp) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0'));

describe('private.clean_text', () => {
	/**
	 * One pass over every code point c (no NUL, no surrogates): clean_text(c || 'x' || c) is 'x' when
	 * c is trimmed at both ends, the input unchanged when it is kept at both; anything else is odd.
	 */
	let trimmed: number[] = [];
	let odd: number[] = [];
	beforeAll(async () => {
		const [row] = await sql<[{ trimmed: number[] | null; odd: number[] | null }]>`
			with cleaned as materialized (  -- materialized: clean_text runs once per code point
				select cp, s, private.clean_text(s) as t
				from generate_series(1, 1114111) as cp
				cross join lateral (select chr(cp) || 'x' || chr(cp) as s) i
				where cp < 55296 or cp > 57343
			)
			select array_agg(cp order by cp) filter (where t = 'x') as trimmed,
			       array_agg(cp order by cp) filter (where t is distinct from 'x' and t is distinct from s) as odd
			from cleaned`;
		trimmed = row.trimmed ?? [];
		odd = row.odd ?? [];
	}, 30_000);

	it('trims at both ends exactly the app class: JavaScript \\s plus U+180E, U+200B–U+200D, U+2060, U+FEFF, U+3000', () => {
		const expected = appEdgeClass();
		// Sanity of the expectation itself: JS \s has no U+0085 and no variation selector.
		expect(expected).toContain(0x3000);
		expect(expected).toContain(0x00a0);
		expect(expected).not.toContain(0x0085);
		expect(expected).not.toContain(0xfe0f);
		expect(hex(trimmed)).toEqual(hex(expected));
	});

	it('every other code point is kept at both ends, and the same class is trimmed at the start as at the end', () => {
		expect(hex(odd)).toEqual([]);
	});

	it('blank: nothing left after removing every invisible character, variation selectors and tags included', async () => {
		const mustBeBlank = [
			...appEdgeClass(),
			...Array.from({ length: 16 }, (_, i) => 0xfe00 + i), // variation selectors
			...Array.from({ length: 128 }, (_, i) => 0xe0000 + i), // tag characters
			0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x200e, 0x200f, 0x202a, 0x202e, 0x2061, 0x2066, 0x2069, 0x3164, 0xffa0
		];
		const visible = [0x41, 0x30, 0x6811, 0x2764, 0x20e3, 0x1f3f4, 0x1f44d, 0x1f3fd];
		const rows = await sql<{ cp: number; blank: boolean }[]>`
			select cp, private.clean_text(chr(cp)) is null as blank from unnest(${[...mustBeBlank, ...visible]}::int[]) as cp`;
		const blank = new Set(rows.filter((r) => r.blank).map((r) => r.cp));
		expect(hex(mustBeBlank.filter((cp) => !blank.has(cp)))).toEqual([]);
		expect(hex(visible.filter((cp) => blank.has(cp)))).toEqual([]);
	});

	it('emoji sequences keep their invisible parts at the ends; whitespace around them goes', async () => {
		const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
		const cases: [string, string | null][] = [
			['我们喜欢公园\u2764\uFE0F', '我们喜欢公园\u2764\uFE0F'],
			[' 我们喜欢公园\u2764\uFE0F \u3000', '我们喜欢公园\u2764\uFE0F'],
			['Go England ' + england, 'Go England ' + england],
			['\u200b' + england + '\n', england],
			['\u{1F44D}\u{1F3FD}', '\u{1F44D}\u{1F3FD}'],
			['\uFE0F\u2764', '\uFE0F\u2764'],
			['1\uFE0F\u20E3', '1\uFE0F\u20E3'],
			['\u200b 树 \u3000', '树'],
			['\uFE0F', null],
			['\u{E0067}\u{E0062}\u{E007F}', null],
			[' \uFE0F\u200b\u{E007F}\u3000', null]
		];
		for (const [input, expected] of cases) {
			const [row] = await sql<[{ t: string | null }]>`select private.clean_text(${input}) as t`;
			expect(row.t, JSON.stringify(input)).toBe(expected);
		}
	});
});
