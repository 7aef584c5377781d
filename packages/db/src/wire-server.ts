import { createServer, type Server, type Socket } from "node:net";
import { type PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";

/**
 * Serves one PGlite database to many Postgres clients over the wire protocol.
 *
 * PGlite is a single backend, so clients take turns. pglite-socket's own queue
 * interleaves clients message by message, which breaks the extended protocol: one
 * client's Parse can replace another's unnamed statement between its Parse and
 * Bind ("bind message supplies 3 parameters, but prepared statement requires 2").
 * This queue gives a client the backend from its first message until PGlite
 * answers ReadyForQuery with status Idle: a whole Parse…Sync exchange, or a whole
 * transaction, runs without anyone else's messages in between.
 *
 * The price is that a client idle inside a transaction holds everyone up. Postgres bounds
 * that with idle_in_transaction_session_timeout; here, when others are waiting and the owner
 * has sent nothing for `idleInTransactionMs`, its connection is closed and its transaction
 * rolled back (`onIdleOwner`), so one abandoned transaction cannot stall the whole product.
 */
class SessionQueue {
  private queue: { handlerId: number; message: Uint8Array; onData: (data: Uint8Array) => void; resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  private owner: number | null = null;
  private processing = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: PGlite,
    private readonly idleInTransactionMs: number,
    private readonly onIdleOwner: (handlerId: number) => void,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next() {
    const index = this.owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === this.owner);
    return index === -1 || this.queue.length === 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.stopIdleTimer();
        this.owner = item.handlerId;
        let bytes = 0;
        let tail: Uint8Array = new Uint8Array(0);
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                tail = data.length >= 6 ? data : concatTail(tail, data);
                item!.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error as Error);
          continue;
        }
        if (readyForQueryStatus(tail) === IDLE) this.owner = null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
      this.watchIdleOwner();
    }
  }

  /**
   * Others wait while the owner, between two of its messages, sends nothing: bound the wait. The
   * clock runs from the owner's last message, whatever the others send meanwhile.
   */
  private watchIdleOwner() {
    const owner = this.owner;
    if (owner === null || this.queue.length === 0) return this.stopIdleTimer();
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.owner === owner && !this.processing && this.queue.length > 0) this.onIdleOwner(owner);
    }, this.idleInTransactionMs);
    this.idleTimer.unref?.();
  }

  private stopIdleTimer() {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const mine = this.queue.filter((q) => q.handlerId === handlerId);
    this.queue = this.queue.filter((q) => q.handlerId !== handlerId);
    for (const q of mine) q.reject(new Error("Handler disconnected"));
  }

  /** A client that leaves mid-transaction must not leave the backend locked. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.process();
  }

  stop(): void {
    this.stopIdleTimer();
  }
}

const IDLE = 0x49; // 'I'

/** The status byte of a trailing ReadyForQuery ('Z', length 5, status), if any. */
function readyForQueryStatus(data: Uint8Array): number | null {
  const n = data.length;
  if (n < 6 || data[n - 6] !== 0x5a) return null;
  const length = (data[n - 5]! << 24) | (data[n - 4]! << 16) | (data[n - 3]! << 8) | data[n - 2]!;
  return length === 5 ? data[n - 1]! : null;
}

function concatTail(previous: Uint8Array, data: Uint8Array): Uint8Array {
  const joined = new Uint8Array(previous.length + data.length);
  joined.set(previous);
  joined.set(data, previous.length);
  return joined.slice(-6);
}

export interface WireServer {
  stop(): Promise<void>;
}

/**
 * How long a client may sit idle inside a transaction while others wait for the database. Well
 * above the apps' own limit on a transaction (Prisma's, 5 s by default), so only a client that
 * abandoned its transaction is cut off.
 */
export const IDLE_IN_TRANSACTION_MS = 30_000;

export async function serveOverWire(
  db: PGlite,
  options: { host: string; port: number; maxConnections: number; idleInTransactionMs?: number; log?: (line: string) => void },
): Promise<WireServer> {
  const handlers = new Set<PGLiteSocketHandler>();
  const idleInTransactionMs = options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS;
  const queue = new SessionQueue(db, idleInTransactionMs, (handlerId) => {
    const handler = [...handlers].find((h) => h.handlerId === handlerId);
    options.log?.(`closed a connection idle in a transaction for ${idleInTransactionMs} ms while others waited; its transaction was rolled back`);
    // detach clears its queue and rolls its transaction back (clearTransactionIfNeeded).
    void handler?.detach(true);
  });
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= options.maxConnections) {
      socket.end();
      return;
    }
    // The handler only needs the queue's four methods; its option type names pglite-socket's own class.
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true } as unknown as PGLiteSocketHandlerOptions);
    handlers.add(handler);
    handler.addEventListener("close", () => handlers.delete(handler));
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    async stop() {
      queue.stop();
      for (const handler of handlers) handler.detach(true);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
