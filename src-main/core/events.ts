// The service's event bus: the events of the API contract (ApiEvents), typed end to end. Transports
// (the Electron preload's IPC, the HTTP bridge's server-sent events) subscribe with `onAny` and forward.
import type { ApiEventName, ApiEvents } from '../../src-shared/api.ts';

export type AnyEventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

export interface ApiEventBus {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Every event, in order: what a transport forwards. */
  onAny(listener: AnyEventListener): () => void;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
}

export function createEventBus(onListenerError: (error: unknown) => void = () => {}): ApiEventBus {
  const byName = new Map<ApiEventName, Set<(payload: never) => void>>();
  const any = new Set<AnyEventListener>();

  // A listener that throws (a closed window, a broken socket) must not stop the others or the emitter.
  const safely = (call: () => void) => {
    try {
      call();
    } catch (error) {
      onListenerError(error);
    }
  };

  return {
    on(event, listener) {
      let set = byName.get(event);
      if (!set) byName.set(event, (set = new Set()));
      const stored = listener as (payload: never) => void;
      set.add(stored);
      return () => void set.delete(stored);
    },
    onAny(listener) {
      any.add(listener);
      return () => void any.delete(listener);
    },
    emit(event, payload) {
      for (const listener of byName.get(event) ?? []) safely(() => listener(payload as never));
      for (const listener of any) safely(() => listener(event, payload));
    },
  };
}
