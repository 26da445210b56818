import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({ viewer: await locals.viewerProfile(), refusal: locals.refusal });
