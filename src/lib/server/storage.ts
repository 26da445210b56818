/**
 * Reading private Storage objects as the person asking: a signed URL made with their JWT (so
 * Storage's RLS on storage.objects decides), fetched at once by the server. Nothing is cached
 * across people.
 */
import type { RequestClient } from './supabase';

/** Signed URLs live this long (seconds): the server fetches through them at once. */
export const SIGNED_URL_SECONDS = 60;

/**
 * The bytes of one object of a private bucket, if the caller may read it.
 *
 * @param bucket the bucket id, e.g. 'street-report-photos'
 * @param name the object's name in it
 * @returns the bytes, or null (no such object, or Storage's policies refuse the caller)
 */
export async function storageObjectBytes(supabase: RequestClient, bucket: string, name: string): Promise<ArrayBuffer | null> {
	const { data: signed, error } = await supabase.storage.from(bucket).createSignedUrl(name, SIGNED_URL_SECONDS);
	if (error || !signed) return null;
	const response = await fetch(signed.signedUrl);
	if (!response.ok) return null;
	return response.arrayBuffer();
}
