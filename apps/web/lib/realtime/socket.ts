/**
 * A small browser client for the API's `/ws` (the caller's own events as `{ type, data, at }`).
 * The access token comes from `getTicket` (a server action reading the httpOnly cookie) and rides
 * in `Sec-WebSocket-Protocol: bearer, <token>`. When the token expires the API closes with 4401:
 * a fresh ticket is fetched and the socket reopens. Any other failure calls `onFail` once, so
 * the caller can fall back to polling.
 */
export const TOKEN_EXPIRED = 4401;

export interface RealtimeEvent {
  type: string;
  data: unknown;
  at: string;
}

export function openEvents(options: {
  getTicket: () => Promise<{ url: string; token: string } | null>;
  onOpen: () => void;
  onEvent: (event: RealtimeEvent) => void;
  onFail: () => void;
}): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let failed = false;
  let reconnects = 0;
  const fail = () => {
    if (closed || failed) return;
    failed = true;
    options.onFail();
  };

  const connect = async () => {
    let ticket: Awaited<ReturnType<typeof options.getTicket>>;
    try {
      ticket = await options.getTicket();
    } catch {
      ticket = null;
    }
    if (closed) return;
    if (!ticket) return fail();
    try {
      socket = new WebSocket(ticket.url, ['bearer', ticket.token]);
    } catch {
      return fail();
    }
    socket.onopen = () => {
      reconnects = 0;
      options.onOpen();
    };
    socket.onmessage = (message) => {
      try {
        options.onEvent(JSON.parse(String(message.data)) as RealtimeEvent);
      } catch {
        // Not JSON: ignored.
      }
    };
    socket.onclose = (event) => {
      if (closed) return;
      // An expired token: a new ticket (the server action refreshes the session) and a new socket.
      if (event.code === TOKEN_EXPIRED && reconnects++ < 5) void connect();
      else fail();
    };
  };
  void connect();

  return () => {
    closed = true;
    socket?.close(1000, 'done');
  };
}
