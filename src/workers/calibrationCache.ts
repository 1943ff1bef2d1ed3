import type { BackendTiming, CalibratedBackend } from '../core/backendChoice';

/** One stored calibration: what was picked, from which timings, and when. */
export interface CachedCalibration {
  readonly backend: CalibratedBackend;
  readonly reason: string;
  readonly timings: readonly BackendTiming[];
  readonly workload: string;
  readonly measuredAt: string;
}

/**
 * Backend calibrations kept across page loads in IndexedDB (workers have it; they have no
 * localStorage), keyed by calibrationKey(). Without IndexedDB (private modes, old browsers) a
 * Map keeps them for this page only. Every failure is reported to the caller, never thrown:
 * a missing cache only costs one more calibration.
 */
const DB_NAME = 'rl-playground-backend-calibration';
const STORE = 'calibrations';
const memory = new Map<string, CachedCalibration>();

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** Runs one request in its own transaction and closes the database afterwards. */
async function withStore<T>(
  mode: IDBTransactionMode,
  makeRequest: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | null> {
  const db = await openDb();
  if (!db) return null;
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = makeRequest(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

const isCached = (v: unknown): v is CachedCalibration =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as CachedCalibration).backend === 'string' &&
  Array.isArray((v as CachedCalibration).timings);

/** The stored calibration for `key`, or null (none, unreadable, or not what we wrote). */
export async function readCalibration(key: string): Promise<CachedCalibration | null> {
  try {
    const stored = await withStore('readonly', (s) => s.get(key));
    if (stored === null || stored === undefined) return memory.get(key) ?? null;
    return isCached(stored) ? stored : null;
  } catch {
    return memory.get(key) ?? null;
  }
}

/** Stores a calibration; returns null, or why it could only be kept for this page. */
export async function writeCalibration(
  key: string,
  value: CachedCalibration,
): Promise<string | null> {
  memory.set(key, value);
  try {
    const done = await withStore('readwrite', (s) => s.put(value, key));
    return done === null ? 'IndexedDB is not available' : null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Forgets every stored calibration (the Recalibrate action); returns null, or why it could not. */
export async function clearCalibrations(): Promise<string | null> {
  memory.clear();
  try {
    // Without IndexedDB the page-only Map was everything there was: cleared.
    await withStore('readwrite', (s) => s.clear());
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
