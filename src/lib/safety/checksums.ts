/**
 * Check digits and dates used by the personal-detail rules. Pure functions on ASCII digit strings.
 */

// GB 11643-1999: weights 2^(17-i) mod 11 for the 17 body digits, ISO 7064 MOD 11-2.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * The check character of an 18-digit resident ID (GB 11643-1999, ISO 7064 MOD 11-2).
 * @param body the first 17 digits
 * @returns '0'…'9' or 'X'; throws on a body that is not 17 ASCII digits
 */
export function gb11643CheckChar(body: string): string {
	if (!/^\d{17}$/.test(body)) throw new Error('gb11643CheckChar: body must be 17 digits');
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
	return ID_CHECK[sum % 11]!;
}

/** True for a real calendar date (Gregorian), year in [minYear, maxYear]. */
export function isValidDate(year: number, month: number, day: number, minYear = 1900, maxYear = 2100): boolean {
	if (year < minYear || year > maxYear || month < 1 || month > 12 || day < 1) return false;
	const days = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return day <= days[month - 1]!;
}

// The first digit of the six-digit administrative division code: 1–8 (North … Taiwan/HK/Macao).
const REGION = /^[1-8]\d{5}/;

/**
 * A resident ID number: 18 characters (17 digits + check digit or X, checksum valid, birth date real
 * and 1900–2100) or the old 15-digit form (6-digit region, YYMMDD birth date in the 1900s, 3 digits).
 * @param id digits only (an 'x' may be lower case)
 */
export function isResidentId(id: string): boolean {
	if (/^\d{17}[\dXx]$/.test(id)) {
		if (!REGION.test(id)) return false;
		if (!isValidDate(+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14))) return false;
		return gb11643CheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
	}
	if (/^\d{15}$/.test(id)) {
		if (!REGION.test(id)) return false;
		return isValidDate(1900 + +id.slice(6, 8), +id.slice(8, 10), +id.slice(10, 12));
	}
	return false;
}

/** The Luhn (mod 10) check over a string of ASCII digits; false for an empty string. */
export function luhnValid(digits: string): boolean {
	if (!/^\d+$/.test(digits)) return false;
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return sum % 10 === 0;
}

/**
 * A bank card number: 16–19 digits, Luhn-valid, and an issuer prefix a card can have (3 JCB/Amex,
 * 4 Visa, 5 Mastercard, 6 UnionPay/Discover, 9 some domestic debit cards), not all one digit.
 */
export function isBankCard(digits: string): boolean {
	if (!/^[34569]\d{15,18}$/.test(digits)) return false;
	if (/^(\d)\1+$/.test(digits)) return false;
	return luhnValid(digits);
}
