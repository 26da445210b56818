/**
 * The demo data's Storage objects (seed.sql cannot upload bytes): a generated picture for the
 * seeded street-report photo row, uploaded through the stand-in's Storage API as the service role
 * when the stack starts, then its size written into the row. Idempotent: an object already there
 * (Storage answers 409 Duplicate) is left as it is; a missing row (no seed) is skipped.
 */
import postgres from 'postgres';
import sharp from 'sharp';

/** The seeded photo of the answered slide report a…501 (supabase/seed.sql, childside section). */
const DEMO_PHOTOS = [
	{ id: 'b2000000-0000-4000-8000-000000000501', objectName: 'a0000000-0000-4000-8000-000000000501/b2000000-0000-4000-8000-000000000501.jpg' }
];

/**
 * A 1200 × 900 JPEG of a playground slide (drawn shapes, no people, no text), made as the app
 * makes photos: no metadata at all.
 */
async function slidePicture(): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
		<rect width="1200" height="900" fill="#9fd3f0"/>
		<rect y="620" width="1200" height="280" fill="#6fae5a"/>
		<rect x="300" y="250" width="30" height="420" fill="#555"/>
		<rect x="460" y="250" width="30" height="420" fill="#555"/>
		<rect x="280" y="240" width="230" height="30" fill="#d9432f"/>
		<polygon points="490,250 560,250 960,650 890,650" fill="#f2b630"/>
		<polygon points="700,430 745,430 720,480" fill="#7a4b22"/>
		<line x1="680" y1="420" x2="760" y2="500" stroke="#3b2410" stroke-width="8"/>
	</svg>`;
	return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

/**
 * Upload the demo photos that are in the database but not yet in Storage.
 *
 * @param apiUrl the stand-in's URL (PUBLIC_SUPABASE_URL)
 * @param serviceRoleKey its service-role key (bypasses Storage's RLS, as on a real project)
 * @param dbUrl a superuser connection, to read the rows and write the bytes' size
 * @returns how many objects were uploaded
 */
export async function seedDemoPhotos(apiUrl: string, serviceRoleKey: string, dbUrl: string): Promise<number> {
	const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	let uploaded = 0;
	try {
		for (const photo of DEMO_PHOTOS) {
			const rows = await sql`select 1 from public.street_report_photos where id = ${photo.id} and object_name = ${photo.objectName}`;
			if (rows.length === 0) continue;
			const bytes = await slidePicture();
			const response = await fetch(`${apiUrl}/storage/v1/object/street-report-photos/${photo.objectName}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${serviceRoleKey}`, apikey: serviceRoleKey, 'content-type': 'image/jpeg', 'x-upsert': 'false' },
				body: new Uint8Array(bytes)
			});
			// Already there (a restarted stack): Storage answers 409 Duplicate (older releases: 400 with it in the body).
			if (!response.ok && (response.status === 409 || /Duplicate/.test(await response.clone().text()))) continue;
			if (!response.ok) throw new Error(`demo photo upload failed: ${response.status} ${await response.text()}`);
			await sql`update public.street_report_photos set bytes = ${bytes.byteLength} where id = ${photo.id}`;
			uploaded++;
		}
	} finally {
		await sql.end();
	}
	return uploaded;
}
