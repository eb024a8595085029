import { createHmac, timingSafeEqual } from 'node:crypto';
import { signWebhookBody, standardWebhookHeaders } from '../../src/webhooks/webhook-signature';

describe('webhook signature (X-Sedna-Sync-Signature)', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body keyed with the secret', () => {
    // The published HMAC-SHA256 test vector.
    expect(signWebhookBody('The quick brown fox jumps over the lazy dog', 'key')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('signs the bytes as sent: another spacing, byte or secret gives another signature', () => {
    const body = '{"event":"run.completed","sync_id":"x","total":1}';
    const signature = signWebhookBody(body, 'secret-0123456789');
    expect(signWebhookBody(Buffer.from(body), 'secret-0123456789')).toBe(signature);
    expect(
      signWebhookBody(JSON.stringify(JSON.parse(body), null, 1), 'secret-0123456789'),
    ).not.toBe(signature);
    expect(signWebhookBody(body.replace('1', '2'), 'secret-0123456789')).not.toBe(signature);
    expect(signWebhookBody(body, 'secret-0123456780')).not.toBe(signature);
  });

  it('verifies as the README shows a receiver doing it', () => {
    const secret = 'whsec-0123456789abcdef';
    const raw = Buffer.from('{"event":"run.failed"}');
    const header = signWebhookBody(raw, secret);
    const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(header), Buffer.from(expected))).toBe(true);
  });
});

describe('Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature)', () => {
  it('match the specification’s example (a whsec_ secret is its base64 bytes)', () => {
    expect(
      standardWebhookHeaders(
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      ),
    ).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('sign id, timestamp and body together: a replay with a new timestamp does not verify', () => {
    const secret = 'secret-0123456789';
    const body = '{"event":"run.completed"}';
    const a = standardWebhookHeaders('webhook-1', 1700000000, body, secret);
    const expected = createHmac('sha256', secret)
      .update(`webhook-1.1700000000.${body}`)
      .digest('base64');
    expect(a['webhook-signature']).toBe(`v1,${expected}`);
    for (const other of [
      standardWebhookHeaders('webhook-1', 1700000001, body, secret),
      standardWebhookHeaders('webhook-2', 1700000000, body, secret),
      standardWebhookHeaders('webhook-1', 1700000000, `${body} `, secret),
    ]) {
      expect(other['webhook-signature']).not.toBe(a['webhook-signature']);
    }
  });
});
