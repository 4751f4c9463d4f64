import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

/**
 * Sealed partner keys: a vendor keeps hundreds of MSP Partner API Keys in its own table (an n8n
 * Data Table, a database…) without storing them in clear. A key is sealed with AES-256-GCM under
 * the credential's Partner Registry Secret and bound to its partner ID (additional data), so a
 * sealed key only opens with that secret and only for that partner. Unsealing happens inside
 * the credential's authenticate step; node code only ever carries the sealed form.
 */

const VERSION = 'gsk1';
const MIN_SECRET_LENGTH = 16;

function encode(bytes: Buffer): string {
	return bytes.toString('base64url');
}

function deriveKey(secret: string): Buffer {
	return Buffer.from(
		hkdfSync('sha256', secret, 'n8n-nodes-gradient-synthesize', 'partner-key-seal v1', 32),
	);
}

export function secretProblem(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret.trim() === '')
		return 'The credential has no Partner Registry Secret';
	if (secret.trim().length < MIN_SECRET_LENGTH) {
		return `The Partner Registry Secret is shorter than ${MIN_SECRET_LENGTH} characters`;
	}
	return undefined;
}

export function isSealedKey(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith(`${VERSION}.`);
}

export function sealPartnerKey(secret: string, partnerId: string, partnerKey: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', deriveKey(secret.trim()), iv);
	cipher.setAAD(Buffer.from(partnerId, 'utf8'));
	const body = Buffer.concat([cipher.update(partnerKey, 'utf8'), cipher.final()]);
	return [VERSION, encode(iv), encode(body), encode(cipher.getAuthTag())].join('.');
}

/** The partner key, or undefined when the seal does not open (other secret, other partner, damaged). */
export function unsealPartnerKey(
	secret: string,
	partnerId: string,
	sealed: string,
): string | undefined {
	const [version, iv, body, tag] = sealed.trim().split('.');
	if (version !== VERSION || !iv || !body || !tag) return undefined;
	try {
		const decipher = createDecipheriv(
			'aes-256-gcm',
			deriveKey(secret.trim()),
			Buffer.from(iv, 'base64url'),
		);
		decipher.setAAD(Buffer.from(partnerId, 'utf8'));
		decipher.setAuthTag(Buffer.from(tag, 'base64url'));
		return Buffer.concat([
			decipher.update(Buffer.from(body, 'base64url')),
			decipher.final(),
		]).toString('utf8');
	} catch {
		return undefined;
	}
}
