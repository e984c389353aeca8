// The tools `shotlink mcp` offers, each a thin call into core's use cases for agents (core/agents):
// the schemas say what a model may send, the results what it gets back. No rule lives here.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ShapeOutput, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { FINDING_LABELS, type Finding } from '../../src-shared/findings.ts';
import { formatLink, LINK_FORMATS } from '../../src-shared/links.ts';
import type { Core } from '../core/for-shells/core.ts';
import {
  CAPTURE_MODES,
  captureForAgent,
  commentForAgent,
  deleteForAgent,
  listForAgent,
  previewForAgent,
  readAgentImage,
  uploadForAgent,
  type AgentImage,
  type AgentImageSource,
  type AgentRedaction,
  type OcrEngine,
} from '../core/for-shells/agents.ts';
import { imageContent, refusal, result, type ImageContent } from './content.ts';
import { sharedFolders } from './roots.ts';

export interface ToolContext {
  core: Core;
  /** The one OCR engine of this server, started on first use and kept warm. */
  ocr(): OcrEngine;
}

/** Where an image comes from: exactly one of a path, base64 data or a capture's handle. */
const imageSource = {
  path: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'A PNG, JPEG, GIF or WebP file inside the folders your client shared (relative paths start from the first).',
    ),
  data: z.string().min(1).optional().describe('The image itself, base64-encoded (a data: URL works too).'),
  handle: z.string().min(1).max(100).optional().describe('The handle capture_screenshot returned.'),
  fileName: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('A name for base64 data (default "image.png"); a path or handle brings its own.'),
};

const repoArgument = z
  .string()
  .min(3)
  .max(140)
  .optional()
  .describe(
    "GitHub: the repository as owner/name (default: the user's github.repo setting, else the git origin of the first shared folder).",
  );

const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const coveredSchema = z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() }));
const redactionSchema = z.object({ checked: z.boolean(), summary: z.string(), covered: coveredSchema });

/** What a tool answers: its structured result, and images for the model to look at. */
interface Answer {
  structured: Record<string, unknown>;
  images?: ImageContent[];
}

interface ToolConfig<Input extends ZodRawShapeCompat> {
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: ZodRawShapeCompat;
  annotations: ToolAnnotations;
}

/**
 * One tool: its schemas, and what it does with the arguments the SDK checked against them. Every error
 * becomes an `isError` result whose message says what to do: a tool never throws at the client.
 */
function defineTool<Input extends ZodRawShapeCompat>(
  server: McpServer,
  name: string,
  config: ToolConfig<Input>,
  run: (args: ShapeOutput<Input>) => Promise<Answer>,
): void {
  const call = async (args: ShapeOutput<Input>): Promise<CallToolResult> => {
    try {
      const answer = await run(args);
      return result(answer.structured, answer.images);
    } catch (error) {
      return refusal(error);
    }
  };
  // The SDK's callback type is conditional on the schema, which TypeScript cannot resolve for a generic one.
  server.registerTool(name, config, call as Parameters<McpServer['registerTool']>[2]);
}

export function registerTools(server: McpServer, ctx: ToolContext): void {
  const { core } = ctx;
  const folders = () => sharedFolders(server.server);

  const readSource = (source: AgentImageSource) => readAgentImage(core, source, folders);

  /** The project a repository's origin is looked for in: the first shared folder, when no repo is named. */
  const projectOf = async (repo: string | undefined) => (repo ? undefined : (await folders())[0]);

  defineTool(
    server,
    'upload_image',
    {
      title: 'Upload an image and get its link',
      description:
        'Uploads a screenshot or other image and returns its link and Markdown. Secrets and personal data ' +
        'in the image are covered before it leaves (kinds and counts are reported, never the text); ' +
        'metadata is removed and the image fitted to the destination. Only destinations the user allowed ' +
        'for agents can be used; paid tiers only within the budget the user set. Calling again with the ' +
        'same image and destination returns the same link without uploading twice.',
      inputSchema: {
        ...imageSource,
        destination: z
          .string()
          .min(1)
          .max(100)
          .optional()
          .describe(
            "A host id such as server, img402, imgpro, s3, github (default: the user's provider setting).",
          ),
        tier: z
          .string()
          .min(1)
          .max(50)
          .optional()
          .describe("The destination's tier, e.g. img402 free (default from settings)."),
        repo: repoArgument,
        alt: z
          .string()
          .max(500)
          .optional()
          .describe('Alt text for the Markdown and HTML links (default: the file name).'),
        linkFormat: z
          .enum(LINK_FORMATS)
          .optional()
          .describe("The form of `link` (default: the user's linkFormat setting)."),
      },
      outputSchema: {
        id: z.string(),
        link: z.string(),
        url: z.string(),
        markdown: z.string(),
        destination: z.string(),
        tier: z.string(),
        expiresAt: z.string().nullable().describe('ISO time the host removes the image; null = permanent.'),
        visibility: z.string(),
        fitting: z
          .string()
          .nullable()
          .describe('What fitting the destination cost (downscaled, lossy), if anything.'),
        redaction: redactionSchema,
        paid: z.boolean(),
        repeated: z
          .boolean()
          .describe('True when this image was already uploaded there: the same link, nothing sent.'),
      },
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args) => {
      const image = await readSource(args);
      const upload = await uploadForAgent(core, ctx.ocr(), {
        image,
        provider: args.destination,
        tier: args.tier,
        alt: args.alt,
        format: args.linkFormat,
        repo: args.repo,
        cwd: args.destination === 'github' ? await projectOf(args.repo) : undefined,
      });
      const { entry } = upload;
      return {
        structured: {
          id: entry.id,
          link: upload.link,
          url: entry.url,
          markdown: upload.markdown,
          destination: entry.provider,
          tier: entry.tier,
          expiresAt: entry.expiresAt,
          visibility: upload.visibility,
          fitting: entry.fitNote ?? null,
          redaction: redactionSummary(upload.redaction),
          paid: entry.paymentId !== undefined,
          repeated: upload.repeated,
        },
      };
    },
  );

  defineTool(
    server,
    'capture_screenshot',
    {
      title: 'Take a screenshot',
      description:
        "Captures the screen with the desktop's own tool and returns it as an image to look at, with " +
        'secrets already covered, and a handle to pass to upload_image. With area or window, nothing is ' +
        'asked of the user: that part of the screen is captured at once.',
      inputSchema: {
        mode: z
          .enum(CAPTURE_MODES)
          .optional()
          .describe(
            'region (default): the user selects an area, or the given area; screen: the whole screen at ' +
              "once; window: the given window, or one the desktop's tool picks (where it can).",
          ),
        area: z
          .object({
            x: z.number().int().min(0),
            y: z.number().int().min(0),
            width: z.number().int().min(1),
            height: z.number().int().min(1),
          })
          .optional()
          .describe(
            'Capture this area of the screen, in the pixels a screen capture has (x, y from its top left).',
          ),
        window: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('Capture this window: its X11 id (0x1a00003) or part of its title. X11 desktops only.'),
      },
      outputSchema: {
        handle: z.string(),
        width: z.number().int(),
        height: z.number().int(),
        redaction: redactionSchema,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const capture = await captureForAgent(core, ctx.ocr(), args);
      const { handle, width, height } = capture;
      return {
        structured: { handle, width, height, redaction: redactionSummary(capture.redaction) },
        images: [await imageContent(capture.bytes)],
      };
    },
  );

  defineTool(
    server,
    'redact_preview',
    {
      title: 'See what would be covered',
      description:
        'Finds secrets and personal data in an image (kinds and where, never the text) and returns the ' +
        'image as upload_image would send it, with those areas covered. Nothing is uploaded.',
      inputSchema: imageSource,
      outputSchema: {
        findings: z.array(z.object({ kind: z.string(), label: z.string(), boxes: z.array(boxSchema) })),
        summary: z.string(),
        coveredOnUpload: z
          .boolean()
          .describe('Whether upload_image covers these (the user can turn it off, agents cannot).'),
        blocking: z
          .array(z.string())
          .describe('Kinds that cannot be covered whole: upload_image would refuse this image.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const image = await readSource(args);
      const preview = await previewForAgent(ctx.ocr(), core.settings, image.bytes);
      return {
        structured: {
          findings: preview.findings.map((finding) => ({
            kind: finding.kind,
            label: FINDING_LABELS[finding.kind],
            boxes: finding.boxes,
          })),
          summary: preview.summary,
          coveredOnUpload: preview.covers,
          blocking: preview.blocking,
        },
        images: [await imageContent(preview.bytes)],
      };
    },
  );

  defineTool(
    server,
    'list_uploads',
    {
      title: 'List recent uploads',
      description:
        'Recent uploads from the history, newest first: links, where, when, and whether an agent made them.',
      inputSchema: {
        search: z
          .string()
          .max(200)
          .optional()
          .describe('Only uploads whose file name, link or host contains this.'),
        limit: z.number().int().min(1).max(100).default(20),
      },
      outputSchema: {
        uploads: z.array(
          z.object({
            id: z.string(),
            fileName: z.string(),
            url: z.string(),
            markdown: z.string(),
            destination: z.string(),
            uploadedAt: z.string(),
            expiresAt: z.string().nullable(),
            byAgent: z.boolean(),
          }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => ({ structured: { uploads: listForAgent(core, args) } }),
  );

  defineTool(
    server,
    'delete_upload',
    {
      title: 'Delete an upload',
      description:
        'Deletes an image an agent uploaded from its host (where the host allows deleting: the Shotlink ' +
        "server, S3) and from the history. Uploads the user made themselves are not an agent's to delete.",
      inputSchema: { id: z.string().min(1).max(200).describe('The id from upload_image or list_uploads.') },
      outputSchema: { deleted: z.string(), fileName: z.string(), url: z.string() },
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async (args) => {
      const entry = await deleteForAgent(core, args.id);
      return { structured: { deleted: entry.id, fileName: entry.fileName, url: entry.url } };
    },
  );

  defineTool(
    server,
    'comment_on_github',
    {
      title: 'Post images and text as one GitHub comment',
      description:
        "Uploads images to a GitHub repository's attachments (seen by whoever can read the repository) and " +
        'posts them with your text as one comment on an issue or pull request. Secrets in the images are ' +
        'covered first. Only when the user allowed GitHub for agents; a public repository also needs the ' +
        "user's consent to public links. Calling again with the same request returns the same comment.",
      inputSchema: {
        repo: repoArgument,
        issue: z.number().int().min(1).describe('The issue or pull request number.'),
        body: z
          .string()
          .max(60_000)
          .optional()
          .describe(
            'Markdown text. An image goes where the text names its file name (e.g. "before.png"), the rest after it.',
          ),
        images: z
          .array(
            z.object({
              ...imageSource,
              alt: z.string().max(500).optional().describe('Alt text (default: the file name).'),
            }),
          )
          .min(1)
          .max(10)
          .describe('The images, each with exactly one of path, data or handle.'),
      },
      outputSchema: {
        comment: z.string().describe("The comment's address on GitHub."),
        repo: z.string(),
        visibility: z.string(),
        images: z.array(
          z.object({ id: z.string(), url: z.string(), markdown: z.string(), redaction: redactionSchema }),
        ),
        repeated: z
          .boolean()
          .describe('True when this comment had already been posted: nothing was sent again.'),
      },
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args) => {
      // Every image is read (and checked) before anything goes to GitHub: one comment, all or nothing.
      const images: (AgentImage & { alt?: string | undefined })[] = [];
      for (const source of args.images) images.push({ ...(await readSource(source)), alt: source.alt });
      const posted = await commentForAgent(core, ctx.ocr(), {
        repo: args.repo,
        cwd: await projectOf(args.repo),
        issue: args.issue,
        body: args.body,
        images,
      });
      return {
        structured: {
          comment: posted.commentUrl,
          repo: posted.repo,
          visibility: posted.visibility,
          images: posted.entries.map((entry, index) => ({
            id: entry.id,
            url: entry.url,
            markdown: formatLink({ url: entry.url, name: images[index]!.alt ?? entry.fileName }, 'markdown'),
            redaction: redactionSummary(posted.redactions[index]!),
          })),
          repeated: posted.repeated,
        },
      };
    },
  );
}

/** Kinds and counts, never the text. */
function redactionSummary(redaction: AgentRedaction) {
  const counts = new Map<Finding['kind'], number>();
  for (const kind of redaction.covered) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return {
    checked: redaction.checked,
    summary: redaction.checked
      ? redaction.summary || 'nothing found'
      : 'not checked: the user turned redaction off for agents',
    covered: [...counts].map(([kind, count]) => ({ kind, label: FINDING_LABELS[kind], count })),
  };
}
