import { redirect } from '@sveltejs/kit';
import { TZDate } from '@date-fns/tz';
import { localizeHref } from '$lib/paraglide/runtime';
import { dbFailure, failForm } from '$lib/server/forms';
import { cleanText, LedgerFileError, MAX_FILE_BYTES, MAX_ROWS, readLedgerFile } from '$lib/server/ledger-import';
import type { Actions, PageServerLoad } from './$types';

/** The year in the city's time zone (the edition an admin most likely imports). */
function thisYear(): number {
	return new TZDate(Date.now(), 'Asia/Shanghai').getFullYear();
}

export const load: PageServerLoad = () => ({ year: thisYear(), maxKb: Math.floor(MAX_FILE_BYTES / 1024), maxRows: MAX_ROWS });

/**
 * Step 1 of an import: the edition and the file. The file is read here (capped, CSV or XLSX),
 * kept as a draft of the admin's, and the preview (step 2) opens.
 */
export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const editionText = String(form.get('edition') ?? '').normalize('NFKC').trim();
		const values = { edition: editionText.slice(0, 10) };
		const errors: Record<string, { code: string }> = {};
		const edition = /^[0-9]{4}$/.test(editionText) ? Number(editionText) : NaN;
		if (!editionText) errors.edition = { code: 'required' };
		else if (!(edition >= 2000 && edition <= 2100)) errors.edition = { code: 'invalid' };
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) errors.file = { code: 'required' };
		if (Object.keys(errors).length) return failForm(400, { values, errors });
		const upload = file as File;
		const limits = { kb: String(Math.floor(MAX_FILE_BYTES / 1024)), rows: String(MAX_ROWS) };
		if (upload.size > MAX_FILE_BYTES) return failForm(400, { values, errors: {}, formError: 'file_too_large', formErrorParams: limits });
		let parsed;
		try {
			parsed = await readLedgerFile(new Uint8Array(await upload.arrayBuffer()));
		} catch (e) {
			if (e instanceof LedgerFileError) return failForm(400, { values, errors: {}, formError: `file_${e.problem}`, formErrorParams: limits });
			throw e;
		}
		const { data, error } = await locals.supabase.rpc('save_ledger_import_draft', {
			p_edition: edition,
			// A crafted file name may hold control characters; the name is only shown back.
			p_file_name: cleanText(upload.name).trim().slice(0, 255) || 'ledger',
			p_columns: parsed.columns,
			p_rows: parsed.rows
		});
		if (error) return dbFailure(values, error);
		redirect(303, localizeHref(`/admin/ledger/import/${data as string}`));
	}
};
