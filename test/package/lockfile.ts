/**
 * A package-lock.json for a consumer project that depends on the packed tarball, written from this
 * repo's own lock: the tarball's dependencies get exactly the versions and integrity hashes this
 * repo installed, so `npm ci --offline` finds every one in npm's cache (npm ci of this repo put them there).
 */
interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface Lock {
  packages: Record<string, LockEntry>;
}

interface Manifest {
  name: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
  license?: string;
}

const REGISTRY = 'https://registry.npmjs.org';

/** Node's lookup as the repo's lock lays node_modules out: the nearest node_modules/<name> upward. */
function locate(lock: Lock, from: string, name: string): string {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) throw new Error(`package-lock.json has no ${name} reachable from ${from || 'the root'}`);
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

export function packageLock(manifest: Manifest, pkg: PackageJson, lock: Lock, tarball: string) {
  const packages: Record<string, object> = {
    '': { name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies },
    'node_modules/gradient-trace': { version: pkg.version, resolved: `file:${tarball}`, dependencies: pkg.dependencies, bin: pkg.bin, license: pkg.license },
  };
  const roots = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
  const queue = roots.map((name) => locate(lock, '', name));
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (packages[key]) continue;
    const { dev, devOptional, peer, ...entry } = lock.packages[key];
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // This repo's lock omits `resolved`; the registry's tarball URL is what the cache is keyed by.
    packages[key] = { resolved: `${REGISTRY}/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`, ...entry };
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push(locate(lock, key, dep));
  }
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages };
}
