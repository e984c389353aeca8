// The Shotlink server: the one embedded in the app (or `shotlink serve`) on this machine, or a team's.
import { describeHost, field, MB, optionalHttpUrl } from './describe.ts';

export const server = describeHost({
  id: 'server',
  label: 'Shotlink server',
  formTitle: 'Uploading to a Shotlink server',
  about:
    'For a server on another machine (set its address under Advanced, or run `shotlink server connect`).',
  tiers: [
    {
      id: 'default',
      label: 'LAN',
      maxBytes: 20 * MB,
      retentionDays: null,
      priceAtomic: null,
      public: false,
      note: 'Your own server: images stay on your network.',
      endpoint: '`POST {hosts.serverUrl}/api/upload` + `Authorization: Bearer <server token>`',
      kept: "the server's `server.defaultExpiry`",
    },
  ],
  fields: [
    field('hosts.serverUrl', optionalHttpUrl.default(''), {
      label: 'Shotlink server to upload to',
      help: 'Empty: the one built into this app.',
      placeholder: 'http://192.168.1.20:8402',
      input: 'url',
      advanced: true,
    }),
  ],
  secrets: [
    {
      account: 'shotlink-server-token',
      label: "The Shotlink server's token",
      field: 'Server token',
      env: 'SHOTLINK_SERVER_TOKEN',
      usedFor: 'used by --provider server with hosts.serverUrl (`shotlink server connect`)',
    },
  ],
  doctorName: 'your Shotlink server',
  address: {
    key: 'hosts.serverUrl',
    whenEmpty: 'the server running on this machine',
    missing: {
      problem: 'is the default destination, but none runs here and hosts.serverUrl is empty',
      fix: 'Start one with `shotlink serve` (or the app\'s "Serve images on this network"), or `shotlink server connect <url>`.',
    },
  },
});
