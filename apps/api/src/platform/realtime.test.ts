import type { AddressInfo } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { decodeJwt } from 'jose';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../app.js';
import { signAccessToken } from '../modules/auth/tokens.js';
import { makeUser, type MadeUser } from '../test/factories.js';
import { buildTestApp } from '../test/harness.js';
import { skipUnless } from '../test/services.js';
import { contextFor, withTx } from './context.js';
import { httpErrors } from './http-errors.js';
import { createRedisPubSub, createMemoryPubSub } from './pubsub.js';
import {
  pickBearerProtocol,
  publishToAdmins,
  publishToUser,
  realtime,
  type RealtimeMessage,
} from './realtime.js';

const t = await buildTestApp({ worker: false });
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const ctx = () => contextFor(t.platform);

type Refusal = { status: number; body: string };

/** Opens a socket, or resolves the HTTP answer that refused the upgrade. */
function connect(url: string, protocols?: string[], options: WebSocket.ClientOptions = {}) {
  return new Promise<{ socket: WebSocket } | { refused: Refusal }>((resolve, reject) => {
    const socket = new WebSocket(url, protocols, options);
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ refused: { status: res.statusCode ?? 0, body } }));
    });
    socket.once('error', reject);
  });
}

async function open(url: string, protocols?: string[], options?: WebSocket.ClientOptions) {
  const result = await connect(url, protocols, options);
  if (!('socket' in result)) throw new Error(`refused with ${result.refused.status}: ${result.refused.body}`);
  return result.socket;
}

async function refused(url: string, protocols?: string[]) {
  const result = await connect(url, protocols);
  if (!('refused' in result)) {
    result.socket.close();
    throw new Error('the upgrade was accepted');
  }
  return result.refused;
}

/** The next message on `socket`, parsed. */
const nextMessage = (socket: WebSocket) =>
  new Promise<RealtimeMessage>((resolve) =>
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as RealtimeMessage)),
  );

const closed = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

/** Collects messages for `ms` milliseconds. */
async function messagesWithin(socket: WebSocket, ms: number) {
  const seen: RealtimeMessage[] = [];
  const onMessage = (data: Buffer) => seen.push(JSON.parse(data.toString()) as RealtimeMessage);
  socket.on('message', onMessage);
  await new Promise((r) => setTimeout(r, ms));
  socket.off('message', onMessage);
  return seen;
}

describe('/ws', () => {
  let buyer: MadeUser;
  let other: MadeUser;

  it('opens with ?token= and delivers the user’s own events as { type, data, at }', async () => {
    buyer = await makeUser(t);
    other = await makeUser(t);
    const mine = await open(`${base}/ws?token=${buyer.accessToken}`);
    const theirs = await open(`${base}/ws?token=${other.accessToken}`);
    const arrived = nextMessage(mine);
    const leaked = messagesWithin(theirs, 300);
    await publishToUser(ctx(), buyer.user.id, 'payment.updated', { paymentId: 'p1', status: 'paid' });
    const message = await arrived;
    expect(message).toEqual({
      type: 'payment.updated',
      data: { paymentId: 'p1', status: 'paid' },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await leaked).toEqual([]);
    mine.close();
    theirs.close();
  });

  it('accepts the token in Sec-WebSocket-Protocol and answers with the bearer subprotocol', async () => {
    const socket = await open(`${base}/ws`, ['bearer', buyer.accessToken]);
    expect(socket.protocol).toBe('bearer');
    const arrived = nextMessage(socket);
    await publishToUser(ctx(), buyer.user.id, 'order.updated', { orderId: 'o1' });
    expect((await arrived).type).toBe('order.updated');
    socket.close();
  });

  it('refuses an upgrade without a token, or with a bad one, with 401 problem+json', async () => {
    const missing = await refused(`${base}/ws`);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'not_authenticated', status: 401 });

    const forged = await refused(`${base}/ws?token=${buyer.accessToken.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body).code).toBe('token_invalid');

    const garbage = await refused(`${base}/ws`, ['bearer', 'not-a-jwt']);
    expect(garbage.status).toBe(401);
  });

  it('closes the socket with 4401 when the access token expires', async () => {
    const { sid } = decodeJwt(buyer.accessToken) as { sid: string };
    const shortLived = await signAccessToken(
      { sub: buyer.user.id, role: 'customer', sid },
      t.config.jwtSecret,
      2,
    );
    const socket = await open(`${base}/ws?token=${shortLived}`);
    const { code } = await closed(socket);
    expect(code).toBe(4401);
  });

  it('publishes nothing for a rolled-back transaction and publishes after a commit', async () => {
    const socket = await open(`${base}/ws?token=${buyer.accessToken}`);
    const seen = messagesWithin(socket, 600);
    await expect(
      withTx(ctx(), async (tx) => {
        await publishToUser(tx, buyer.user.id, 'payment.updated', { attempt: 'rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await withTx(ctx(), async (tx) => {
      await publishToUser(tx, buyer.user.id, 'payment.updated', { attempt: 'committed' });
    });
    expect((await seen).map((m) => m.data)).toEqual([{ attempt: 'committed' }]);
    socket.close();
  });

  it('a plain GET without the upgrade answers 426 problem+json (401 without a token)', async () => {
    const plain = await t.app.inject({ url: `/ws?token=${buyer.accessToken}` });
    expect(plain.statusCode).toBe(426);
    expect(plain.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: '/ws' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/ws/admin/dashboard' })).statusCode).toBe(401);
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/ws'].get.responses)).toEqual(expect.arrayContaining(['401', '426']));
    expect(Object.keys(doc.paths['/ws/admin/dashboard'].get.responses)).toContain('403');
  });
});

describe('/ws/admin/dashboard', () => {
  it('refuses a customer with 403 and delivers shop-wide events to an admin', async () => {
    const customer = await makeUser(t);
    const admin = await makeUser(t, { role: 'admin' });
    const denied = await refused(`${base}/ws/admin/dashboard?token=${customer.accessToken}`);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body).code).toBe('forbidden');

    const socket = await open(`${base}/ws/admin/dashboard`, ['bearer', admin.accessToken]);
    const arrived = nextMessage(socket);
    await publishToAdmins(ctx(), 'kpi.updated', { orders: 1 });
    expect(await arrived).toMatchObject({ type: 'kpi.updated', data: { orders: 1 } });
    socket.close();
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings and keeps one that answers', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(httpErrors);
    await app.register(websocket, { options: { handleProtocols: pickBearerProtocol } });
    await app.register(realtime, {
      verify: async (token) => ({ id: token, role: 'customer', sellerStatus: null, sessionId: null }),
      pubsub: createMemoryPubSub(),
      log: pino({ level: 'silent' }),
      heartbeatSeconds: 0.1,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    afterAll(() => app.close());
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws?token=`;
    const dead = await open(`${url}dead`, undefined, { autoPong: false });
    const live = await open(`${url}live`);
    const { code } = await closed(dead);
    expect(code).toBe(1006);
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
  });
});

describe.skipIf(skipUnless('redis', 'fan-out across API instances'))('two API instances on one Redis', () => {
  it('an event published on instance A reaches the user’s socket on instance B', async () => {
    const redis = new Redis(t.config.redisUrl!);
    const pubsub = createRedisPubSub(redis, `${t.config.redisKeyPrefix}ps:`);
    const instanceB = await buildApp({ ...t.platform, redis, pubsub }, { logger: false });
    await instanceB.listen({ port: 0, host: '127.0.0.1' });
    afterAll(async () => {
      await instanceB.close();
      await pubsub.close();
      redis.disconnect();
    });
    const buyer = await makeUser(t);
    const port = (instanceB.server.address() as AddressInfo).port;
    const socket = await open(`ws://127.0.0.1:${port}/ws?token=${buyer.accessToken}`);
    const arrived = nextMessage(socket);
    expect(t.platform.pubsub).not.toBe(pubsub);
    await publishToUser(ctx(), buyer.user.id, 'payment.updated', { paymentId: 'across', status: 'paid' });
    expect(await arrived).toMatchObject({ type: 'payment.updated', data: { paymentId: 'across' } });
    socket.close();
  });
});
