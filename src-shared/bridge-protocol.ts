// The loopback HTTP bridge's wire format: the same API as the Electron preload, over HTTP on 127.0.0.1.
// The server is core/bridge; the browser client is src-renderer's HTTP transport.
//
//   POST {base}/api/call/{method}   body {"args":[...]}        -> ApiResponse JSON (always HTTP 200 once authorised)
//   GET  {base}/api/events          text/event-stream: `event: <ApiEventName>` + `data: <json>`
//
// Every request carries the session token, as `Authorization: Bearer <token>` or, for EventSource,
// which cannot set headers, as `?token=<token>`. The page itself is served at `{base}/?token=<token>`.
// Requests without the token get 401; requests whose Origin is not the bridge's own get 403.

export const BRIDGE_CALL_PREFIX = '/api/call/';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_TOKEN_PARAM = 'token';

// A page opened by another program (`shotlink ui --open` hands the URL to the browser, whose command
// line any local user can read) carries a one-time ticket instead: `{base}/?ticket=<ticket>`. The page
// trades it once, within a minute, for the token: POST {base}/api/ticket {"ticket":"..."} -> {"token":"..."}.
export const BRIDGE_TICKET_PARAM = 'ticket';
export const BRIDGE_TICKET_PATH = '/api/ticket';

/** The largest call body the bridge reads; the contract bounds an image sent as base64 by it. */
export const MAX_CALL_BODY_BYTES = 32 * 1024 * 1024;
