// subset-font ships no types: the one call this app makes (README of subset-font 2.9).
declare module 'subset-font' {
	export default function subsetFont(
		font: Buffer,
		text: string | undefined,
		options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; preserveNameIds?: number[]; noLayoutClosure?: boolean }
	): Promise<Uint8Array>;
}
