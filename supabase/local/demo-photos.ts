/**
 * The demo data's Storage objects (seed.sql cannot upload bytes): generated pictures for the
 * seeded street-report photo row and poll option pictures, uploaded through the stand-in's Storage
 * API as the service role when the stack starts, then their sizes written into the rows. Idempotent: an object already there
 * (Storage answers 409 Duplicate) is left as it is; a missing row (no seed) is skipped.
 */
import postgres from 'postgres';
import sharp from 'sharp';

/** A seeded row whose bytes are drawn here: its table, bucket, object and picture. */
interface DemoObject {
	table: 'street_report_photos' | 'poll_option_pictures' | 'progress_photos';
	bucket: string;
	id: string;
	objectName: string;
	draw: () => Promise<Buffer>;
}

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

/** A 1200 × 900 JPEG of a drawn scene (no people, no text), without metadata. */
function drawing(shapes: string, sky = '#9fd3f0'): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
		<rect width="1200" height="900" fill="${sky}"/><rect y="620" width="1200" height="280" fill="#6fae5a"/>${shapes}</svg>`;
	return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

const CLASS_POLL = 'f0110000-0000-4000-8000-000000000001';

/** The seed's rows with bytes to upload (seed.sql: the childside section and "Poll option pictures"). */
const DEMO_OBJECTS: DemoObject[] = [
	{
		table: 'street_report_photos',
		bucket: 'street-report-photos',
		id: 'b2000000-0000-4000-8000-000000000501',
		objectName: 'a0000000-0000-4000-8000-000000000501/b2000000-0000-4000-8000-000000000501.jpg',
		draw: slidePicture
	},
	{
		table: 'poll_option_pictures',
		bucket: 'poll-option-pictures',
		id: 'f0130000-0000-4000-8000-000000000101',
		objectName: `${CLASS_POLL}/f0130000-0000-4000-8000-000000000101.jpg`,
		// Two red swings on a frame.
		draw: () =>
			drawing(`<rect x="300" y="200" width="600" height="30" fill="#555"/><rect x="300" y="200" width="30" height="450" fill="#555"/>
				<rect x="870" y="200" width="30" height="450" fill="#555"/><line x1="430" y1="230" x2="430" y2="520" stroke="#333" stroke-width="6"/>
				<line x1="530" y1="230" x2="530" y2="520" stroke="#333" stroke-width="6"/><rect x="410" y="515" width="140" height="25" fill="#d4351c"/>
				<line x1="670" y1="230" x2="670" y2="520" stroke="#333" stroke-width="6"/><line x1="770" y1="230" x2="770" y2="520" stroke="#333" stroke-width="6"/>
				<rect x="650" y="515" width="140" height="25" fill="#d4351c"/>`)
	},
	{
		table: 'poll_option_pictures',
		bucket: 'poll-option-pictures',
		id: 'f0130000-0000-4000-8000-000000000103',
		objectName: `${CLASS_POLL}/f0130000-0000-4000-8000-000000000103.jpg`,
		// A yellow sand pit with a little blue spade.
		draw: () =>
			drawing(`<rect x="250" y="560" width="700" height="220" rx="30" fill="#8b5a2b"/><rect x="280" y="585" width="640" height="170" rx="20" fill="#f2d16b"/>
				<rect x="640" y="470" width="16" height="160" fill="#1d70b8" transform="rotate(25 648 550)"/><ellipse cx="700" cy="640" rx="40" ry="25" fill="#1d70b8"/>`)
	},
	{
		// seed.sql "A photo on a progress update": a…04's latest update, soft mats going down under a swing frame.
		table: 'progress_photos',
		bucket: 'progress-photos',
		id: 'b3000000-0000-4000-8000-000000000004',
		objectName: 'a0000000-0000-4000-8000-000000000004/b3000000-0000-4000-8000-000000000004.jpg',
		draw: () =>
			drawing(`<rect x="300" y="200" width="600" height="30" fill="#555"/><rect x="300" y="200" width="30" height="450" fill="#555"/>
				<rect x="870" y="200" width="30" height="450" fill="#555"/>
				<rect x="200" y="640" width="260" height="120" fill="#2e8b57"/><rect x="470" y="640" width="260" height="120" fill="#2e8b57"/>
				<rect x="740" y="660" width="260" height="120" fill="#3cb371" transform="rotate(-6 870 720)"/>
				<rect x="1020" y="560" width="120" height="200" fill="#3cb371"/>`)
	}
];

/**
 * Upload the demo pictures that are in the database but not yet in Storage.
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
		for (const object of DEMO_OBJECTS) {
			const rows = await sql`select 1 from ${sql('public.' + object.table)} where id = ${object.id} and object_name = ${object.objectName}`;
			if (rows.length === 0) continue;
			const bytes = await object.draw();
			const response = await fetch(`${apiUrl}/storage/v1/object/${object.bucket}/${object.objectName}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${serviceRoleKey}`, apikey: serviceRoleKey, 'content-type': 'image/jpeg', 'x-upsert': 'false' },
				body: new Uint8Array(bytes)
			});
			// Already there (a restarted stack): Storage answers 409 Duplicate (older releases: 400 with it in the body).
			if (!response.ok && (response.status === 409 || /Duplicate/.test(await response.clone().text()))) continue;
			if (!response.ok) throw new Error(`demo picture upload failed: ${response.status} ${await response.text()}`);
			// The size as stored (the pictures are frozen once a poll has a ballot: skip its guard here).
			await sql.begin(async (tx) => {
				await tx`set local session_replication_role = replica`;
				await tx`update ${tx('public.' + object.table)} set bytes = ${bytes.byteLength} where id = ${object.id}`;
			});
			uploaded++;
		}
	} finally {
		await sql.end();
	}
	return uploaded;
}
