import type { RequestClient } from '$lib/server/supabase';
import type { SessionViewer, Viewer } from '$lib/server/viewer';
import type { LanguageForm } from '$lib/server/language-switch';

declare global {
	namespace App {
		interface Locals {
			supabase: RequestClient;
			/** Verified with Auth for every request: id and role. */
			viewer: SessionViewer | null;
			/** The whole viewer (name, safeguarding lead), read once per request when asked for. */
			viewerProfile: () => Promise<Viewer | null>;
			/** Why a post was refused before its action ran (too large, not a form), translated. */
			refusal?: string;
			/** Set by the move action: the child left this class, so its page shows only what was done. */
			childMoved?: boolean;
		}
		interface PageData {
			viewer?: Viewer | null;
			refusal?: string;
			/** A child's form whose text the header's language control posts ($lib/server/language-switch.ts). */
			languageForm?: LanguageForm;
		}
	}
}

export {};
