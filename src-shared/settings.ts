// The settings schema: one source of defaults and validation for the store, the CLI's `config`
// command, the API and the settings view. Secrets (wallet key, img.pro key, server token) never live here.
import * as z from 'zod';
import { LINK_FORMATS, DEFAULT_TEMPLATE } from './links.ts';
import { httpUrl } from './hosts/describe.ts';
import { HOST_SETTINGS } from './hosts/index.ts';

const usdcAmount = z.string().regex(/^\d+(\.\d{1,6})?$/, 'an amount of USDC such as 0.01');

export const OUTPUT_FORMATS = ['auto', 'png', 'jpeg', 'webp', 'original'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const settingsSchema = z.object({
  provider: z.string().min(1).default('img402'),
  tier: z.string().min(1).default('free'),
  linkFormat: z.enum(LINK_FORMATS).default('markdown'),
  linkTemplate: z.string().max(2000).default(DEFAULT_TEMPLATE),
  /** auto: lossless for screenshots of text and UI, lossy for photos. original: keep the input's format. */
  outputFormat: z.enum(OUTPUT_FORMATS).default('auto'),
  keepMetadata: z.boolean().default(false),
  /**
   * To a Shotlink server on this machine or network, an image that already fits goes as it is (its
   * metadata still removed) instead of being re-encoded to save bytes a LAN barely notices.
   */
  sendAsIsOnLan: z.boolean().default(true),
  /** Decoded pixel cap against pixel bombs; 100 MP is far above an 8K screen (33 MP). */
  maxInputPixels: z.number().int().positive().default(100_000_000),
  requestTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
  /** Set once the user has been told that public links can be opened by anyone who has them. */
  publicNoticeShown: z.boolean().default(false),
  /** The built-in hosts' settings (`hosts.*`, `imgpro.*`, `s3.*`, `github.*`), from their descriptions in hosts/. */
  ...HOST_SETTINGS,
  payments: z
    .object({
      network: z.enum(['base', 'base-sepolia']).default('base'),
      dailyCapUsdc: usdcAmount.default('2'),
      askBeforePaying: z.boolean().default(true),
      /** With askBeforePaying off, payments up to this amount go through without a question. */
      autoApproveUpToUsdc: usdcAmount.default('0.01'),
      /** Optional JSON-RPC endpoint used only to show the USDC balance. */
      rpcUrl: z.union([httpUrl, z.literal('')]).default(''),
    })
    .prefault({}),
  watch: z
    .object({
      /** Off until the user turns it on: turning it on is the consent to upload what appears there. */
      screenshotFolder: z.boolean().default(false),
      folders: z.array(z.string().min(1)).default([]),
      clipboard: z.boolean().default(false),
      paused: z.boolean().default(false),
    })
    .prefault({}),
  hotkeys: z
    .object({
      capture: z.string().default('CommandOrControl+Shift+2'),
      uploadClipboard: z.string().default('CommandOrControl+Shift+U'),
    })
    .prefault({}),
  server: z
    .object({
      enabled: z.boolean().default(false),
      host: z.string().default(''),
      port: z.number().int().min(0).max(65535).default(8402),
      publicUrl: z.union([httpUrl, z.literal('')]).default(''),
      defaultExpiry: z
        .string()
        .regex(/^(never|\d+[hdw])$/)
        .default('never'),
      quotaMb: z.number().int().positive().default(2048),
      /** Uploads, deletes and token checks per client address per minute. */
      requestsPerMinute: z.number().int().min(1).max(100_000).default(60),
    })
    .prefault({}),
  startAtLogin: z.boolean().default(false),
  /**
   * What coding agents may do through `shotlink mcp`. Only the person changes these (the window's
   * Settings, `shotlink config`): no tool argument can.
   */
  agents: z
    .object({
      /** Destinations (provider ids) agents may upload to; none until the person allows one. */
      hosts: z.array(z.string().min(1)).default([]),
      /**
       * The person's consent, given once, that agents may make links anyone can open (public hosts).
       * Without it, a public host in `hosts` is still refused.
       */
      publicLinks: z.boolean().default(false),
      /** Most USDC agents may sign in any 24 hours, within payments.dailyCapUsdc; 0: no paid tiers. */
      budgetUsdc: usdcAmount.default('0'),
      /** Cover secrets and personal data in every image an agent uploads or sees. */
      redact: z.boolean().default(true),
    })
    .prefault({}),
  capture: z
    .object({
      /** What a capture (hotkey, tray) does: upload at once, or open the editor on it first. */
      then: z.enum(['upload', 'edit']).default('upload'),
      /**
       * Cover secrets and personal data found in captures and in images from watched folders and the
       * clipboard before they are queued (as `shotlink upload --redact` does).
       */
      redact: z.boolean().default(false),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A deep partial of settings, as sent by `config set` and the settings view. */
export type SettingsPatch = {
  [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K];
};

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Merges a patch into settings and validates the result; throws a ZodError naming the bad key. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const old = (current as Record<string, unknown>)[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object'
        ? { ...old, ...value }
        : value;
  }
  return settingsSchema.parse(merged);
}
