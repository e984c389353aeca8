// The two IPC channels between the preload and main, shared by both sides. Kept in a module of its own
// (no electron, no Node) because the preload bundle includes it.

/** invoke(CALL_CHANNEL, method, args) -> ApiResponse */
export const CALL_CHANNEL = 'shotlink:call';
/** send(EVENT_CHANNEL, eventName, payload), main -> window */
export const EVENT_CHANNEL = 'shotlink:event';
