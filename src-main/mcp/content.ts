// How results reach the model: structured content (with the same JSON as text, for clients that show
// only text), images as MCP image content, and refusals as `isError` results whose message says what
// to do. Presentation only: every decision was made in core.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { previewPng } from '../core/for-shells/agents.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';

export interface ImageContent {
  data: string;
  mimeType: string;
}

export function result(structured: Record<string, unknown>, images: ImageContent[] = []): CallToolResult {
  return {
    content: [
      ...images.map((image) => ({ type: 'image' as const, ...image })),
      { type: 'text' as const, text: JSON.stringify(structured, null, 1) },
    ],
    structuredContent: structured,
  };
}

export function refusal(error: unknown): CallToolResult {
  const message =
    error instanceof ShotlinkError
      ? error.message +
        (error.actionUrl && !error.message.includes(error.actionUrl) ? ` Open ${error.actionUrl}` : '')
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** A PNG of the image for the model to look at, scaled down when large. */
export async function imageContent(bytes: Uint8Array): Promise<ImageContent> {
  const png = await previewPng(bytes);
  return { data: png.toString('base64'), mimeType: 'image/png' };
}
