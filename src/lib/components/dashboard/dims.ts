/** The dimensions of a dashboard, in the order the page shows them (mirrors $lib/server/dashboard DIMS). */
export const DIMS = ['category', 'district', 'school', 'department'] as const;
