import { m } from '$lib/paraglide/messages';
import { decisionText, formatDateTime } from '$lib/i18n/labels';
import { stageText } from '$lib/routing/labels';
import { dimText, groupText } from '$lib/components/dashboard/labels';
import type { ExportTexts } from './dashboard';

/** The export's headers and names in the reader's language (Paraglide's request locale). */
export function exportTexts(): ExportTexts {
	return {
		dimName: dimText,
		groupName: groupText,
		decisionName: decisionText,
		stageName: (s) => (s ? stageText(s) : ''),
		date: (iso) => formatDateTime(iso),
		headers: {
			dashboard: [
				m.dash_col_dimension(), m.dash_col_group(), m.dash_col_submissions(), m.dash_col_forwarded(), m.dash_col_rejected(),
				`${m.dash_col_approval_rate()} %`, m.dash_col_answered(), `${m.dash_col_answer_rate()} %`, m.dash2_col_median_calendar_days(),
				m.dash_col_overdue(), m.dash_col_adopted(), m.dash_col_done(), m.dash2_col_median_working_days()
			],
			answers: [
				m.dash_col_answered_on(), m.dash_col_district_zh(), m.dash_col_district_en(), m.dash_col_title(), m.dash_col_decision(),
				m.dash_col_reply(), m.dash_col_progress(), m.dash_col_progress_note(), m.dash_col_cosigners()
			]
		},
		sheet: { dashboard: m.dash_sheet_dashboard(), answers: m.dash_sheet_answers() }
	};
}
