import { newSecretWords as newEnglishOrChineseWords, SECRET_WORDS } from './cards/secret-words';

/**
 * Class login cards: a child signs in with class code + student number + secret words, and has
 * no e-mail. Supabase Auth's password grant needs an identifier, so each card maps to a login
 * handle under the reserved `.invalid` top-level domain (RFC 2606): it can never deliver mail
 * and names no person. The secret words are the password.
 */

export const LOGIN_CARD_DOMAIN = 'login-card.invalid';

// Longer than any real class code or secret words (the sign-in schema allows far less): input is
// cut here before NFKC and splitting, so no caller can make these functions do unbounded work.
const RAW_MAX = 2000;

/** Class codes are printed upper case; people type them any way, with stray spaces or dashes. */
export function normalizeClassCode(code: string): string {
	return code.slice(0, RAW_MAX).normalize('NFKC').replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * Secret words compare case-insensitively, with any run of spaces (also full-width) as one; next
 * to a Chinese character spaces do not count (a Chinese card's words may be typed run together:
 * `熊猫 风筝 西瓜` and `熊猫风筝西瓜` are the same password).
 */
export function normalizeSecretWords(words: string): string {
	return words
		.slice(0, RAW_MAX)
		.normalize('NFKC')
		.trim()
		.toLowerCase()
		.split(/\s+/u)
		.join(' ')
		.replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, '');
}

/**
 * The Auth identifier of a card.
 *
 * @example loginHandle('DEMO52', 3) === 'demo52-3@login-card.invalid'
 */
export function loginHandle(classCode: string, studentNumber: number): string {
	return `${normalizeClassCode(classCode).toLowerCase()}-${studentNumber}@${LOGIN_CARD_DOMAIN}`;
}

/** The English secret words (see cards/secret-words.ts), as the sign-in tests read them. */
export const SECRET_WORD_LIST: readonly string[] = SECRET_WORDS.en;

/**
 * Three different English secret words, chosen with a cryptographic random source, in the form
 * normalizeSecretWords gives (lower case, one space between); never a blocked combination.
 *
 * @param randomInt `crypto.randomInt`-compatible source (tests pass their own)
 */
export function newSecretWords(randomInt?: (max: number) => number): string {
	return newEnglishOrChineseWords('en', randomInt);
}
