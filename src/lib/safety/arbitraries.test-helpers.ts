/** fast-check arbitraries shared by the safety tests (fc.string's 'binary' unit is slow to build). */
import fc from 'fast-check';

/** Any UTF-16 unit (lone surrogates included) or any astral code point. */
export const anyChar = fc.oneof(
	fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
	fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c))
);

/** A short string of any characters. */
export const anyString = (maxLength: number) => fc.array(anyChar, { maxLength }).map((a) => a.join(''));

/** Text made of the given pieces and random characters between them. */
export const piecesText = (pieces: readonly string[], maxPieces = 40) =>
	fc.array(fc.oneof(fc.constantFrom(...pieces), anyString(3)), { maxLength: maxPieces }).map((a) => a.join(''));
