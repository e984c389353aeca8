// The signal of the API call being run: aborted when its caller has gone away (the bridge's HTTP client
// closed the connection). Work that can be expensive (OCR) reads it and stops, so an abandoned request
// does not hold shared workers. Carried with AsyncLocalStorage so the API contract's methods keep their
// signatures.
import { AsyncLocalStorage } from 'node:async_hooks';

const calls = new AsyncLocalStorage<AbortSignal>();

export function runWithSignal<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  return signal ? calls.run(signal, run) : run();
}

/** The current call's signal, or undefined outside a cancellable call. */
export function callSignal(): AbortSignal | undefined {
  return calls.getStore();
}
