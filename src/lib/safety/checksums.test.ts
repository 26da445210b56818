import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gb11643CheckChar, isBankCard, isResidentId, isValidDate, luhnValid } from './checksums';

describe('GB 11643-1999 check character (ISO 7064 MOD 11-2)', () => {
	it('matches worked examples, including X', () => {
		expect(gb11643CheckChar('11010520120304123')).toBe('7');
		expect(gb11643CheckChar('44030520110512651')).toBe('7');
		expect(gb11643CheckChar('32010620100815002')).toBe('X');
		expect(gb11643CheckChar('11010819780101001')).toBe('9');
	});
	it('throws on a body that is not 17 digits', () => {
		expect(() => gb11643CheckChar('1234')).toThrow();
		expect(() => gb11643CheckChar('1101052012030412X')).toThrow();
	});
	it('every single-digit change of a valid ID breaks the checksum', () => {
		const id = '110105201203041237';
		for (let i = 0; i < 17; i++) {
			for (let d = 0; d <= 9; d++) {
				if (String(d) === id[i]) continue;
				const changed = id.slice(0, i) + d + id.slice(i + 1);
				expect(gb11643CheckChar(changed.slice(0, 17))).not.toBe('7');
			}
		}
	});
	it('the check character of any body makes a valid ID when the date and region are valid', () => {
		fc.assert(
			fc.property(fc.integer({ min: 100000, max: 899999 }), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (region, date, seq) => {
				const ymd = date.toISOString().slice(0, 10).replaceAll('-', '');
				const body = `${region}${ymd}${String(seq).padStart(3, '0')}`;
				if (!/^[1-8]/.test(body)) return;
				expect(isResidentId(body + gb11643CheckChar(body))).toBe(true);
			})
		);
	});
});

describe('isResidentId', () => {
	it('accepts 18-digit IDs with a valid checksum, X in either case', () => {
		expect(isResidentId('110105201203041237')).toBe(true);
		expect(isResidentId('32010620100815002X')).toBe(true);
		expect(isResidentId('32010620100815002x')).toBe(true);
	});
	it('refuses a wrong checksum, an impossible date or region', () => {
		expect(isResidentId('110105201203041238')).toBe(false);
		expect(isResidentId('110105201302301234')).toBe(false); // 2013-02-30
		const body = '91010520120304123'; // region 9: none
		expect(isResidentId(body + gb11643CheckChar(body))).toBe(false);
	});
	it('accepts the 15-digit form only with a real date', () => {
		expect(isResidentId('130503670401001')).toBe(true); // 1967-04-01
		expect(isResidentId('130503671301001')).toBe(false); // month 13
		expect(isResidentId('130503670230001')).toBe(false); // 30 February
	});
	it('refuses other lengths', () => {
		expect(isResidentId('11010520120304123')).toBe(false);
		expect(isResidentId('1101052012030412377')).toBe(false);
	});
});

describe('dates', () => {
	it('knows leap years', () => {
		expect(isValidDate(2008, 2, 29)).toBe(true);
		expect(isValidDate(1900, 2, 29)).toBe(false);
		expect(isValidDate(2000, 2, 29)).toBe(true);
		expect(isValidDate(2023, 4, 31)).toBe(false);
	});
});

describe('Luhn and bank cards', () => {
	it('luhnValid', () => {
		expect(luhnValid('4111111111111111')).toBe(true);
		expect(luhnValid('4111111111111112')).toBe(false);
		expect(luhnValid('')).toBe(false);
		expect(luhnValid('12a4')).toBe(false);
	});
	it('isBankCard wants 16-19 digits, an issuer prefix and the check digit', () => {
		expect(isBankCard('6222021234567890128')).toBe(true);
		expect(isBankCard('5500000000000004')).toBe(true);
		expect(isBankCard('1234567890123452')).toBe(false); // prefix 1
		expect(isBankCard('411111111111111')).toBe(false); // 15 digits
		expect(isBankCard('6666666666666666')).toBe(false); // one digit repeated
	});
});
