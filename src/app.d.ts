import type { RequestClient } from '$lib/server/supabase';
import type { Viewer } from '$lib/server/viewer';

declare global {
	namespace App {
		interface Locals {
			supabase: RequestClient;
			viewer: Viewer | null;
		}
		interface PageData {
			viewer?: Viewer | null;
		}
	}
}

export {};
