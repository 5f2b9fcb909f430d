/**
 * Requests to a dedicated Web Worker and their replies, for the page's workers (cpu-worker.ts, the
 * float64 passes of a big network; train-worker.ts, float64 training). Each request gets an id and a
 * promise; the worker may send progress for it before its one result or error. Messages are
 * structured clones (a Network's Float64Arrays copy as they are, bit for bit).
 */

export type RpcRequest<Q> = { readonly id: number; readonly request: Q };
export type RpcReply<R, P> =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: P }
  | { readonly id: number; readonly kind: 'done'; readonly result: R }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

interface Pending<R, P> {
  readonly resolve: (result: R) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (progress: P) => void;
}

/**
 * The page's side. The worker is created on the first call (`create` must hold the
 * `new Worker(new URL(…, import.meta.url))` expression itself: that is how vite finds and bundles
 * it). A worker that fails to load or throws outside a request rejects every pending call and is
 * replaced by a fresh one on the next call; terminate() ends it and rejects what is pending.
 */
export class WorkerRpc<Q, R, P = never> {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, Pending<R, P>>();

  constructor(
    private readonly create: () => Worker,
    /** The error's message when the worker fails without one. */
    private readonly failure: string,
  ) {}

  call(request: Q, onProgress: (progress: P) => void = () => {}): Promise<R> {
    const worker = this.ensureWorker();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, request } satisfies RpcRequest<Q>);
    });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(new Error(`${this.failure}: stopped`));
  }

  private rejectAll(error: Error): void {
    for (const job of this.waiting.values()) job.reject(error);
    this.waiting.clear();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<RpcReply<R, P>>) => {
      const reply = event.data;
      const job = this.waiting.get(reply.id);
      if (!job) return;
      if (reply.kind === 'progress') return job.onProgress(reply.progress);
      this.waiting.delete(reply.id);
      if (reply.kind === 'done') job.resolve(reply.result);
      else job.reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      this.rejectAll(new Error(event.message || this.failure));
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}

/**
 * The worker's side: answers each request with `handle`'s result, or its error's message. Requests
 * are handled one after another, in the order they came, even when `handle` is async.
 */
export function serveRequests<Q, R, P = never>(handle: (request: Q, progress: (progress: P) => void) => R | Promise<R>): void {
  const scope = self as unknown as Worker;
  let queue = Promise.resolve();
  scope.onmessage = (event: MessageEvent<RpcRequest<Q>>) => {
    const { id, request } = event.data;
    const post = (reply: RpcReply<R, P>) => scope.postMessage(reply);
    queue = queue.then(async () => {
      try {
        post({ id, kind: 'done', result: await handle(request, (progress) => post({ id, kind: 'progress', progress })) });
      } catch (err) {
        post({ id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    });
  };
}
