import QRCode from 'qrcode';

/**
 * A QR code's modules (error correction M: a smudged or folded card still scans).
 *
 * @returns size (modules per side) and one byte per module, row by row: 1 dark, 0 light
 */
export function qrModules(text: string): { size: number; dark: Uint8Array } {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	return { size: qr.modules.size, dark: Uint8Array.from(qr.modules.data) };
}

/** The QR code as an SVG element (for the print page), with a quiet zone of 4 modules. */
export async function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
