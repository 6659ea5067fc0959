import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Actor, TokenVerifier } from './auth.js';
import { afterCommit, type ServiceContext } from './context.js';
import { AppError, forbidden, notAuthenticated, serviceUnavailable } from './errors.js';
import type { PubSub } from './pubsub.js';
import { problems } from './schema.js';

/** The `type` of a real-time message (API.md, "Shipments, reviews, wishlist, notifications"). */
export type RealtimeEventType =
  'order.created' | 'order.updated' | 'payment.updated' | 'shipment.updated' | 'notification' | 'kpi.updated';

/** What a socket receives, as JSON text. */
export interface RealtimeMessage {
  type: RealtimeEventType;
  data: unknown;
  at: string;
}

/** Close code for a socket whose access token expired (the client refreshes and reconnects). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

const userChannel = (userId: string) => `ws:user:${userId}`;
const ADMIN_CHANNEL = 'ws:admins';

async function publishAfterCommit(
  ctx: ServiceContext,
  channel: string,
  type: RealtimeEventType,
  data: unknown,
) {
  await afterCommit(ctx, async () => {
    const message: RealtimeMessage = { type, data, at: new Date().toISOString() };
    try {
      await ctx.pubsub.publish(channel, message);
    } catch (err) {
      // Real-time events are best effort: the data is committed and clients can still poll.
      ctx.log.warn({ err, channel, type }, 'real-time publish failed');
    }
  });
}

/**
 * Sends `{ type, data, at }` to every open `/ws` socket of `userId`, on every API instance (through
 * pub/sub). Inside a transaction it is sent only after the outermost commit, so a rolled-back
 * change is never announced. Best effort: a failed publish is logged, never thrown.
 */
export function publishToUser(ctx: ServiceContext, userId: string, type: RealtimeEventType, data: unknown) {
  return publishAfterCommit(ctx, userChannel(userId), type, data);
}

/** Like {@link publishToUser}, for every socket on `/ws/admin/dashboard`. */
export function publishToAdmins(ctx: ServiceContext, type: RealtimeEventType, data: unknown) {
  return publishAfterCommit(ctx, ADMIN_CHANNEL, type, data);
}

/**
 * The sockets of this instance grouped by pub/sub channel. A channel is subscribed while at least
 * one connection holds it, and the subscription is in place before the upgrade is answered, so a
 * client that sees the socket open receives every event published afterwards.
 */
function createHub(pubsub: PubSub, log: Logger) {
  interface Room {
    sockets: Set<WebSocket>;
    holders: number;
    subscribed: Promise<() => Promise<void>>;
  }
  const rooms = new Map<string, Room>();

  const deliver = (channel: string, message: unknown) => {
    const text = JSON.stringify(message);
    for (const socket of rooms.get(channel)?.sockets ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(text);
    }
  };

  const release = (channel: string) => {
    const room = rooms.get(channel);
    if (!room || --room.holders > 0) return;
    rooms.delete(channel);
    room.subscribed
      .then((unsubscribe) => unsubscribe())
      .catch((err) => log.warn({ err, channel }, 'real-time unsubscribe failed'));
  };

  return {
    /** Holds `channel` until `release`; resolves once the subscription is live. */
    async hold(channel: string) {
      let room = rooms.get(channel);
      if (!room) {
        room = {
          sockets: new Set(),
          holders: 0,
          subscribed: pubsub.subscribe(channel, (message) => deliver(channel, message)),
        };
        rooms.set(channel, room);
      }
      room.holders++;
      try {
        await room.subscribed;
      } catch (err) {
        log.warn({ err, channel }, 'real-time subscribe failed');
        if (rooms.get(channel) === room) rooms.delete(channel);
        throw serviceUnavailable('Real-time events are unavailable right now');
      }
    },
    release,
    attach(channel: string, socket: WebSocket) {
      const room = rooms.get(channel);
      room?.sockets.add(socket);
      socket.once('close', () => room?.sockets.delete(socket));
    },
  };
}

/** The access token of an upgrade: `?token=`, else the one after `bearer` in `Sec-WebSocket-Protocol`. */
function upgradeToken(request: FastifyRequest<{ Querystring: { token?: string } }>): string | undefined {
  if (request.query.token) return request.query.token;
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return undefined;
  const protocols = offered.split(',').map((p) => p.trim());
  const at = protocols.findIndex((p) => p.toLowerCase() === 'bearer');
  return at >= 0 ? protocols[at + 1] || undefined : undefined;
}

/** When the (already verified) token expires, in epoch ms; undefined for a token without `exp`. */
function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? undefined : exp * 1000;
  } catch {
    return undefined;
  }
}

const UpgradeQuery = z.object({
  token: z
    .string()
    .min(1)
    .optional()
    .describe('The access token; or send `Sec-WebSocket-Protocol: bearer, <accessToken>`'),
});

const Opened = z.null().describe('Switching Protocols: the socket is open');

export interface RealtimeOptions {
  verify: TokenVerifier;
  pubsub: PubSub;
  log: Logger;
  /** Seconds between pings; a socket that has not answered the previous ping is dropped. */
  heartbeatSeconds?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the upgrade's auth step: the channel this connection holds and when its token expires. */
    realtime?: { channel: string; expiresAt: number | undefined };
  }
}

/**
 * `GET /ws` (the caller's own events) and `GET /ws/admin/dashboard` (admins): WebSocket upgrades
 * authenticated before the upgrade (401/403 as problem+json, never an accepted-then-closed
 * socket), closed with 4401 when the token expires, pinged to drop dead peers. Needs
 * `@fastify/websocket` registered first with {@link pickBearerProtocol}.
 */
export const realtime = fp<RealtimeOptions>(async (base: FastifyInstance, options) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const hub = createHub(options.pubsub, options.log);
  const heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
  const alive = new WeakMap<WebSocket, boolean>();
  const sockets = new Set<WebSocket>();

  const heartbeat = setInterval(() => {
    for (const socket of sockets) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  const authenticate = (channelOf: (actor: Actor) => string) => async (request: FastifyRequest) => {
    const token = upgradeToken(request as FastifyRequest<{ Querystring: { token?: string } }>);
    if (!token) throw notAuthenticated('Send the access token as ?token= or the bearer subprotocol');
    const actor = await options.verify(token);
    request.actor = actor;
    const channel = channelOf(actor);
    if (!request.ws) return;
    await hub.hold(channel);
    const raw = request.raw.socket;
    if (raw.destroyed) hub.release(channel);
    else raw.once('close', () => hub.release(channel));
    request.realtime = { channel, expiresAt: expiryOf(token) };
  };

  const open = (socket: WebSocket, request: FastifyRequest) => {
    const session = request.realtime;
    if (!session) {
      socket.close(1011, 'not authenticated');
      return;
    }
    sockets.add(socket);
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    hub.attach(session.channel, socket);
    let expiry: NodeJS.Timeout | undefined;
    if (session.expiresAt !== undefined) {
      const ms = Math.min(Math.max(session.expiresAt - Date.now(), 0), 2 ** 31 - 1);
      expiry = setTimeout(() => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'token expired'), ms);
    }
    socket.once('close', () => {
      clearTimeout(expiry);
      sockets.delete(socket);
    });
  };

  const notUpgraded = async () => {
    throw new AppError('validation_failed', {
      status: 426,
      detail:
        'This endpoint is a WebSocket: send an upgrade request (Connection: Upgrade, Upgrade: websocket)',
    });
  };

  app.route({
    method: 'GET',
    url: '/ws',
    schema: {
      tags: ['realtime'],
      operationId: 'openEvents',
      summary: "WebSocket of the caller's own events",
      description:
        'Upgrade to a WebSocket (`?token=<accessToken>` or `Sec-WebSocket-Protocol: bearer, <accessToken>`; the server picks `bearer`). Messages are JSON `{ type, data, at }`, `type` one of `order.created`, `order.updated`, `payment.updated`, `shipment.updated`, `notification`, `kpi.updated`. A missing or bad token is refused at the upgrade with 401; the socket closes with code 4401 when the token expires. A plain GET without the upgrade answers 426.',
      querystring: UpgradeQuery,
      response: { 101: Opened, ...problems(400, 401, 426, 503) },
    },
    preHandler: authenticate((actor) => userChannel(actor.id)),
    handler: notUpgraded,
    wsHandler: open,
  });

  app.route({
    method: 'GET',
    url: '/ws/admin/dashboard',
    schema: {
      tags: ['realtime'],
      operationId: 'openAdminDashboard',
      summary: 'WebSocket of shop-wide events (admins)',
      description:
        'Admins only (403 for others): new orders, payments, shipments and KPI changes as `{ type, data, at }`. Authenticated like `/ws`; a plain GET without the upgrade answers 426.',
      querystring: UpgradeQuery,
      response: { 101: Opened, ...problems(400, 401, 403, 426, 503) },
    },
    preHandler: authenticate((actor) => {
      if (actor.role !== 'admin') throw forbidden('The dashboard channel is for admins');
      return ADMIN_CHANNEL;
    }),
    handler: notUpgraded,
    wsHandler: open,
  });
});

/** `ws`'s `handleProtocols`: answer `bearer` when the client offered it (the token rides beside it). */
export const pickBearerProtocol = (protocols: Set<string>) => (protocols.has('bearer') ? 'bearer' : false);
