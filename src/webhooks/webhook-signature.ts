import { createHmac } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>` (SIGNATURE_HEADER). */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Standard Webhooks' headers (standardwebhooks.com), sent beside SIGNATURE_HEADER. */
export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/**
 * The HMAC key of a secret, as Standard Webhooks libraries read it: a `whsec_<base64>` secret is
 * its base64 bytes; any other secret is its UTF-8 bytes (as for SIGNATURE_HEADER).
 */
export function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/**
 * Standard Webhooks headers of one attempt: `webhook-id` (the same on every attempt, so a
 * receiver drops repeats), `webhook-timestamp` (this attempt's, in seconds, so a receiver refuses
 * old ones: replays) and `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
export function standardWebhookHeaders(
  id: string,
  timestampSeconds: number,
  rawBody: string,
  secret: string,
): Record<string, string> {
  const signed = `${id}.${timestampSeconds}.${rawBody}`;
  const mac = createHmac('sha256', standardWebhookKey(secret)).update(signed).digest('base64');
  return {
    [STANDARD_WEBHOOK_HEADERS.id]: id,
    [STANDARD_WEBHOOK_HEADERS.timestamp]: String(timestampSeconds),
    [STANDARD_WEBHOOK_HEADERS.signature]: `v1,${mac}`,
  };
}
