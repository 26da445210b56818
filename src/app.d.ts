import type { RequestClient } from '$lib/server/supabase';
import type { Viewer } from '$lib/server/viewer';

declare global {
	namespace App {
		interface Locals {
			supabase: RequestClient;
			viewer: Viewer | null;
			/** Why a post was refused before its action ran (too large, not a form), translated. */
			refusal?: string;
		}
		interface PageData {
			viewer?: Viewer | null;
			refusal?: string;
		}
	}
}

export {};
