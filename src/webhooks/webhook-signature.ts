import { createHmac } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>` (SIGNATURE_HEADER). */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
