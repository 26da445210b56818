import { randomInt } from 'node:crypto';

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

/** Secret words compare case-insensitively, with any run of spaces (also full-width) as one. */
export function normalizeSecretWords(words: string): string {
	return words.slice(0, RAW_MAX).normalize('NFKC').trim().toLowerCase().split(/\s+/u).join(' ');
}

/**
 * The Auth identifier of a card.
 *
 * @example loginHandle('DEMO52', 3) === 'demo52-3@login-card.invalid'
 */
export function loginHandle(classCode: string, studentNumber: number): string {
	return `${normalizeClassCode(classCode).toLowerCase()}-${studentNumber}@${LOGIN_CARD_DOMAIN}`;
}

/**
 * The words new secret words are drawn from: short, common English words a child of 6 reads
 * and types, concrete things, no two alike in sound or spelling (no "cat"/"cot", no plurals,
 * no l/I-heavy words), none of the demo cards' words (those are public in the README).
 * 128 words, three per card: 128³ ≈ 2.1 million cards, against 5 guesses per 15 minutes.
 */
export const SECRET_WORD_LIST: readonly string[] = [
	'apple', 'bear', 'bell', 'bike', 'bird', 'boat', 'book', 'bread', 'brush', 'bus',
	'cake', 'camel', 'candy', 'car', 'carrot', 'castle', 'chair', 'cheese', 'cherry', 'chick',
	'clock', 'coat', 'corn', 'cow', 'crab', 'crown', 'cup', 'daisy', 'desk', 'dog',
	'dolphin', 'door', 'dragon', 'duck', 'eagle', 'egg', 'fish', 'flag', 'flower', 'fork',
	'fox', 'frog', 'garden', 'gift', 'goat', 'grape', 'guitar', 'hat', 'honey', 'horse',
	'house', 'jacket', 'jelly', 'juice', 'kangaroo', 'key', 'koala', 'ladder', 'lemon', 'lion',
	'melon', 'monkey', 'moon', 'mouse', 'muffin', 'nest', 'noodle', 'ocean', 'orange', 'owl',
	'paper', 'parrot', 'peach', 'banana', 'pencil', 'penguin', 'piano', 'pig', 'pizza', 'planet',
	'potato', 'puppy', 'rabbit', 'rain', 'robot', 'rose', 'salad', 'sandal', 'school', 'seal',
	'sheep', 'pillow', 'pumpkin', 'shoe', 'snail', 'snow', 'sock', 'spoon', 'square', 'squirrel',
	'stone', 'sugar', 'sun', 'swan', 'table', 'teapot', 'tent', 'tomato', 'towel', 'tractor',
	'train', 'tree', 'truck', 'turtle', 'umbrella', 'violin', 'wagon', 'whale', 'window', 'wolf',
	'yogurt', 'zebra', 'button', 'cookie', 'hippo', 'igloo', 'jungle', 'basket'
];

/**
 * Three different words from SECRET_WORD_LIST, chosen with a cryptographic random source, in the
 * form normalizeSecretWords gives (lower case, one space between).
 *
 * @param randomInt `crypto.randomInt`-compatible source (tests pass their own)
 */
export function newSecretWords(randomInt: (max: number) => number = cryptoRandomInt): string {
	const words: string[] = [];
	while (words.length < 3) {
		const word = SECRET_WORD_LIST[randomInt(SECRET_WORD_LIST.length)]!;
		if (!words.includes(word)) words.push(word);
	}
	return words.join(' ');
}

function cryptoRandomInt(max: number): number {
	return randomInt(max);
}
