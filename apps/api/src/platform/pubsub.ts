import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export type Listener = (message: unknown) => void;

/** Publish/subscribe across API instances (Redis) or inside one process (embedded). */
export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, listener: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createMemoryPubSub(): PubSub {
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    async publish(channel, message) {
      bus.emit(channel, structuredClone(message));
    },
    async subscribe(channel, listener) {
      bus.on(channel, listener);
      return async () => {
        bus.off(channel, listener);
      };
    },
    async close() {
      bus.removeAllListeners();
    },
  };
}

/** `publisher` sends; a duplicate connection subscribes (a subscribed Redis connection can do nothing else). */
export function createRedisPubSub(publisher: Redis, prefix = 'soko:ps:'): PubSub {
  const subscriber = publisher.duplicate();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  subscriber.on('message', (channel: string, payload: string) => {
    try {
      bus.emit(channel.slice(prefix.length), JSON.parse(payload));
    } catch {
      // a message that is not JSON was not sent by us
    }
  });
  return {
    async publish(channel, message) {
      await publisher.publish(prefix + channel, JSON.stringify(message));
    },
    async subscribe(channel, listener) {
      if (bus.listenerCount(channel) === 0) await subscriber.subscribe(prefix + channel);
      bus.on(channel, listener);
      return async () => {
        bus.off(channel, listener);
        if (bus.listenerCount(channel) === 0) await subscriber.unsubscribe(prefix + channel);
      };
    },
    async close() {
      bus.removeAllListeners();
      subscriber.disconnect();
    },
  };
}
