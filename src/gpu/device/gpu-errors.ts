/**
 * GPU errors as exceptions. WebGPU reports validation and out-of-memory errors asynchronously
 * (or only to the console); wrapping a pass in error scopes turns them into one thrown Error that
 * says what we were doing. Device loss is sticky: once lost, every later call fails fast with the
 * reason instead of waiting on a promise that will never settle.
 */

export class GpuPassError extends Error {
  override readonly name = 'GpuPassError';
}

export class DeviceLostError extends GpuPassError {}

/**
 * Watches one device's `lost` promise so passes can refuse to start (and stop waiting) once it is gone.
 * Not `Promise.race([work, lost])`: every race would add a reaction to `lost`, which stays pending
 * for the device's life, so a long training run kept one per read (~300 bytes each, never freed: 31 MB after 100 000).
 * The watch keeps only the rejecters of waits still pending and drops each as its work settles.
 */
export class DeviceWatch {
  lostReason: string | null = null;
  private readonly waiting = new Set<(error: unknown) => void>();

  constructor(device: Pick<GPUDevice, 'lost'>) {
    void device.lost.then((info) => {
      this.lostReason = `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`;
      const error = this.lostError();
      for (const reject of this.waiting) reject(error);
      this.waiting.clear();
    });
  }

  private lostError(): DeviceLostError {
    return new DeviceLostError(`WebGPU device lost (${this.lostReason})`);
  }

  assertAlive(): void {
    if (this.lostReason !== null) throw this.lostError();
  }

  /** Waits still pending (each holds a rejecter until its work settles or the device is lost). */
  get pendingCount(): number {
    return this.waiting.size;
  }

  /** `work`, unless the device is lost first (then a DeviceLostError). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.lostReason !== null) return Promise.reject(this.lostError());
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}

/** Runs `body` inside validation and out-of-memory error scopes and throws the first error caught. */
export async function withErrorScopes<T>(device: GPUDevice, what: string, body: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = await body();
  } finally {
    // Both pops are issued at once (innermost first, as they were pushed): one wait for Dawn's
    // events instead of two, a measurable share of a small run.
    const [validation, oom] = await Promise.all([device.popErrorScope(), device.popErrorScope()]);
    const error = validation ?? oom;
    if (error) {
      const kind = validation ? 'validation error' : 'out-of-memory error';
      // eslint-disable-next-line no-unsafe-finally
      throw new GpuPassError(`WebGPU ${kind} while ${what}: ${error.message.split('\n')[0]}`);
    }
  }
  return result;
}
