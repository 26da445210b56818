/** The dimensions of a dashboard, in the order the page shows them (mirrors $lib/server/dashboard DIMS). */
export const DIMS = ['category', 'district', 'school', 'department', 'street_office'] as const;
