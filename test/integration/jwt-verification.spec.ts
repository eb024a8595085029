/**
 * Tokens beyond HS256: RS256 from a JWKS URL (served here by a local HTTP server), and the
 * `iss` / `aud` checks when configured. `alg: none` and algorithm confusion stay refused.
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import jwt, { SignOptions } from 'jsonwebtoken';
import { freePort } from '../../scripts/local-stack';
import { RunningApi, startApi } from '../support/api';
import { call } from '../support/http';
import { TEST_JWT_SECRET } from '../support/tokens';

const ISSUER = 'https://id.example.test';
const AUDIENCE = 'sedna-sync';
const KID = 'key-1';

function rsaKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

describe('JWT verification: JWKS (RS256, ES256, EdDSA), iss and aud', () => {
  const signing = rsaKey();
  const stranger = rsaKey();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  let jwks: Server;
  let jwksRequests = 0;
  let api: RunningApi;

  const claims = (tenant: string, extra: Record<string, unknown> = {}) => ({
    tenant_id: tenant,
    iss: ISSUER,
    aud: AUDIENCE,
    ...extra,
  });
  const rs256 = (payload: object, key: KeyObject = signing.privateKey, kid = KID) =>
    jwt.sign(payload, key, { algorithm: 'RS256', keyid: kid, expiresIn: '1h' } as SignOptions);
  const hs256 = (payload: object) =>
    jwt.sign(payload, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  const get = (token: string) => call(api.url, 'GET', '/api/hotel-mappings', { token });

  beforeAll(async () => {
    const publicJwk = { ...signing.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig' };
    const ecJwk = { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256' };
    const edJwk = { ...ed.publicKey.export({ format: 'jwk' }), kid: 'ed-1', alg: 'EdDSA' };
    jwks = createServer((req, res) => {
      jwksRequests++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk, ecJwk, edJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    api = await startApi({
      jwtJwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      jwtIssuer: ISSUER,
      jwtAudience: AUDIENCE,
    });
  });

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts an RS256 token signed with a key of the JWKS, fetching the set once', async () => {
    const token = rs256(claims('rs-tenant'));
    for (let i = 0; i < 3; i++) expect((await get(token)).status).toBe(200);
    expect(jwksRequests).toBe(1);
  });

  it('accepts ES256 and EdDSA tokens signed with keys the JWKS names', async () => {
    for (const [alg, kid, key] of [
      ['ES256', 'ec-1', ec.privateKey],
      ['EdDSA', 'ed-1', ed.privateKey],
    ] as const) {
      const token = await new SignJWT(claims(`${alg.toLowerCase()}-tenant`))
        .setProtectedHeader({ alg, kid })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
      const res = await get(token);
      expect({ alg, status: res.status }).toEqual({ alg, status: 200 });
      // The same token with another key's kid does not verify.
      const wrongKid = await new SignJWT(claims('t'))
        .setProtectedHeader({ alg, kid: KID })
        .setExpirationTime('1h')
        .sign(key);
      expect((await get(wrongKid)).status).toBe(401);
    }
  });

  it('still accepts HS256 tokens with the expected iss and aud', async () => {
    expect((await get(hs256(claims('hs-tenant')))).status).toBe(200);
  });

  it.each([
    [
      'another issuer',
      { iss: 'https://evil.example' },
      'Token iss claim is not the expected issuer',
    ],
    ['no issuer', { iss: undefined }, 'Token iss claim is not the expected issuer'],
    ['another audience', { aud: 'other-api' }, 'Token aud claim does not name this API'],
    ['no audience', { aud: undefined }, 'Token aud claim does not name this API'],
  ])('refuses %s with a 401 naming the claim', async (_label, extra, detail) => {
    for (const token of [rs256(claims('t', extra)), hs256(claims('t', extra))]) {
      const res = await get(token);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe(detail);
    }
  });

  it('accepts an audience list that names this API', async () => {
    const token = rs256(claims('aud-list', { aud: ['other-api', AUDIENCE] }));
    expect((await get(token)).status).toBe(200);
  });

  it('refuses a token signed by a key outside the JWKS, under a known or an unknown kid', async () => {
    for (const kid of [KID, 'key-unknown']) {
      const res = await get(rs256(claims('t'), stranger.privateKey, kid));
      expect(res.status).toBe(401);
    }
  });

  it('refuses alg none, and HS256 signed with the public key as its secret', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims('t'))}.`;
    const pem = signing.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const confused = jwt.sign(claims('t'), pem, { algorithm: 'HS256' });
    for (const token of [none, confused]) {
      const res = await get(token);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('Invalid token');
    }
  });
});

describe('JWT verification: JWKS unreachable', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ jwtJwksUrl: `http://127.0.0.1:${await freePort()}/jwks.json` });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 to an RS256 token, and HS256 tokens keep working', async () => {
    const { privateKey } = rsaKey();
    const token = jwt.sign({ tenant_id: 'jwks-down' }, privateKey, {
      algorithm: 'RS256',
      keyid: KID,
      expiresIn: '1h',
    });
    const res = await call(api.url, 'GET', '/api/hotel-mappings', { token });
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('Token signing keys (JWT_JWKS_URL) unavailable, try again');
    const hs = jwt.sign({ tenant_id: 'jwks-down' }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: '1h',
    });
    expect((await call(api.url, 'GET', '/api/hotel-mappings', { token: hs })).status).toBe(200);
  });
});
