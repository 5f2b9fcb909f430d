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

/** Watches one device's `lost` promise so passes can refuse to start (and stop waiting) once it is gone. */
export class DeviceWatch {
  lostReason: string | null = null;
  readonly lost: Promise<never>;

  constructor(device: GPUDevice) {
    this.lost = device.lost.then((info) => {
      this.lostReason = `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`;
      throw new DeviceLostError(`WebGPU device lost (${this.lostReason})`);
    });
    // Nobody may be awaiting `lost` when it rejects; that is not an unhandled error.
    this.lost.catch(() => {});
  }

  assertAlive(): void {
    if (this.lostReason !== null) throw new DeviceLostError(`WebGPU device lost (${this.lostReason})`);
  }

  /** `work`, unless the device is lost first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.lost]);
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
