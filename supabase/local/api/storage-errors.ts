/**
 * The errors of Supabase Storage's REST API as the stand-in answers them.
 *
 * Storage's body is `{ statusCode, error, message, code }` with the "real" status as a string in
 * `statusCode`, while the HTTP status is 400 for every 4xx of its catalogue and 500 for 500 (a
 * legacy decision of Storage: clients branch on the body). A few errors carry their own HTTP
 * status (a refused role on a service-role-only route 403, an unsatisfiable range 416, a database
 * timeout 544, unknown routes 404). Source: supabase/storage `src/internal/errors/codes.ts`,
 * `storage-error.ts`, `src/http/error-handler.ts`, `src/storage/database/errors.ts`.
 */

/** One Storage error: what goes in the body, and the HTTP status it travels with. */
export class StorageApiError extends Error {
	/**
	 * @param statusCode the status written in the body (`"404"`)
	 * @param code Storage's error code (`NoSuchKey`)
	 * @param error the legacy `error` field (`not_found`; Storage falls back to the code)
	 * @param httpStatus the HTTP status; default 500 for "500", else 400, as Storage's handler does
	 */
	constructor(
		readonly statusCode: string,
		readonly code: string,
		readonly error: string,
		message: string,
		readonly httpStatus: number = statusCode === '500' ? 500 : 400,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}

	/** The body, in the key order of Storage's error schema. */
	body(): { statusCode: string; error: string; message: string; code: string } {
		return { statusCode: this.statusCode, error: this.error, message: this.message, code: this.code };
	}

	/** The same error with another HTTP status (Storage's `withStatusCode`). */
	withHttpStatus(status: number): StorageApiError {
		return new StorageApiError(this.statusCode, this.code, this.error, this.message, status, this.headers);
	}
}

const e = (statusCode: string, code: string, error: string | null, message: string, httpStatus?: number) =>
	new StorageApiError(statusCode, code, error ?? code, message, httpStatus);

/** Storage's error catalogue (the entries the stand-in can raise), same codes and words. */
export const STORAGE_ERRORS = {
	noSuchBucket: () => e('404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
	noSuchKey: () => e('404', 'NoSuchKey', 'not_found', 'Object not found'),
	invalidKey: (key: string) => e('400', 'InvalidKey', null, `Invalid key: ${key}`),
	invalidBucketName: () => e('400', 'InvalidBucketName', 'Invalid Input', 'Bucket name invalid'),
	accessDenied: (message: string) => e('403', 'AccessDenied', 'Unauthorized', message || 'Access denied'),
	bucketAlreadyExists: () => e('409', 'BucketAlreadyExists', 'Duplicate', 'The resource already exists'),
	keyAlreadyExists: () => e('409', 'KeyAlreadyExists', 'Duplicate', 'The resource already exists'),
	resourceAlreadyExists: () => e('409', 'ResourceAlreadyExists', 'Duplicate', 'The resource already exists'),
	bucketNotEmpty: () => e('409', 'ResourceNotEmpty', null, 'The bucket you tried to delete is not empty'),
	entityTooLarge: (entity = 'object', limit = 'the maximum allowed size') =>
		e('413', 'EntityTooLarge', 'Payload too large', `The ${entity} exceeded ${limit}`),
	invalidMimeType: (mimeType: string) => e('415', 'InvalidMimeType', 'invalid_mime_type', `mime type ${mimeType} is not supported`),
	invalidJwt: (message: string) => e('400', 'InvalidJWT', null, message || 'Invalid JWT'),
	invalidSignature: (message = 'Invalid signature') => e('400', 'InvalidSignature', null, message),
	expiredSignature: () => e('400', 'ExpiredToken', null, 'The provided token has expired.'),
	noContentProvided: (message = 'No content provided') => e('400', 'InvalidRequest', null, message),
	invalidFileSizeLimit: () => e('400', 'InvalidRequest', null, 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B'),
	invalidParameter: (parameter: string, message?: string) => e('400', 'InvalidParameter', null, message ?? `Invalid Parameter ${parameter}`),
	invalidRange: () => e('416', 'InvalidRange', 'invalid_range', 'invalid range provided', 416),
	relatedResourceNotFound: () => e('404', 'InvalidRequest', null, 'The related resource does not exist'),
	resourceReferenced: () => e('409', 'ResourceReferenced', null, 'The resource could not be updated or removed due to a foreign key constraint'),
	resourceLocked: () => e('423', 'ResourceLocked', null, 'The resource is locked'),
	databaseTimeout: () => e('544', 'DatabaseTimeout', null, 'The connection to the database timed out', 544),
	databaseError: (sqlState: string) => e('500', 'DatabaseError', null, `database error, code: ${sqlState}`),
	internal: () => e('500', 'InternalError', 'Internal', 'Internal Server Error'),
	/** A request that fails the route's JSON schema (Fastify's validation error, `new Error(text)`). */
	validation: (message: string) => e('400', 'InvalidRequest', 'Error', message),
	/** Fastify's body parser refusals. */
	bodyTooLarge: () => e('413', 'EntityTooLarge', 'FastifyError', 'Request body is too large', 413),
	invalidJsonBody: () => e('400', 'InvalidRequest', 'FastifyError', "Body is not valid JSON but content-type is set to 'application/json'"),
	emptyJsonBody: () => e('400', 'InvalidRequest', 'FastifyError', "Body cannot be empty when content-type is set to 'application/json'"),
	badUrl: (url: string) => e('400', 'InvalidRequest', 'Bad Request', `'${url}' is not a valid url component`),
	routeNotFound: (method: string, url: string) => e('404', 'InvalidRequest', 'Not Found', `Route ${method}:${url} not found`, 404),
	notImplemented: (what: string) =>
		e('501', 'NotSupported', 'not_implemented', `${what} is not implemented by the local Supabase stand-in`, 501)
};

interface PgErrorLike {
	code: string;
	message: string;
	detail?: string;
}

/** A Postgres error (postgres.js PostgresError) as opposed to anything else thrown. */
export function isPgError(x: unknown): x is PgErrorLike {
	return typeof x === 'object' && x !== null && typeof (x as PgErrorLike).code === 'string' && 'severity' in x;
}

/**
 * Storage's mapping of a Postgres error (DBError.fromDBError): RLS refusals become AccessDenied
 * "new row violates row-level security policy" (any other 42501 keeps Postgres' message),
 * unique violations ResourceAlreadyExists, and so on; anything unknown a 500 naming the SQLSTATE.
 */
export function fromPgError(err: PgErrorLike): StorageApiError {
	switch (err.code) {
		case '42501':
			return STORAGE_ERRORS.accessDenied(err.message.includes('row-level security') ? 'new row violates row-level security policy' : err.message);
		case '23505':
			return STORAGE_ERRORS.resourceAlreadyExists();
		case '23503':
			return err.detail?.includes('is still referenced from table') ? STORAGE_ERRORS.resourceReferenced() : STORAGE_ERRORS.relatedResourceNotFound();
		case '55P03':
			return STORAGE_ERRORS.resourceLocked();
		case '57014':
			return STORAGE_ERRORS.databaseTimeout();
		case '22P02':
			return STORAGE_ERRORS.invalidParameter('value', err.message || 'Invalid value format or type conversion failed');
		default:
			return STORAGE_ERRORS.databaseError(err.code);
	}
}
