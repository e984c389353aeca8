// A fake GitHub on 127.0.0.1 following docs/hosts.md ("GitHub attachments"): two servers, as
// GitHub has two hosts — the REST API (repository lookup, issue comments: list with `since`, post) and
// the uploads host (the attachments store: raw bytes, 201 with the link, 404 for a wrong repository id or
// a token that cannot push, 422 for a type it does not take). Tokens are checked on every request:
// unknown → 401, no access to a private repository → 404, read-only → 404 on attachments, GitHub App
// installation tokens → 404 on attachments. Repositories are private or public.
//
//   const github = await startFakeGithub();
//   github.addRepo('octo/private-repo', { private: true, issues: [7] });
//   github.addToken('ghp_test', { 'octo/private-repo': 'push' });
//   env.SHOTLINK_GITHUB_API_URL = github.apiUrl; env.SHOTLINK_GITHUB_UPLOADS_URL = github.uploadsUrl;
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { startHttpServer, type LoopbackServer } from './http-server.ts';
import { FaultScript, readBody, requestPath, sendJson, sniffImage, type Fault } from './fake-host.ts';

export const GITHUB_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime'];

export type Access = 'push' | 'read';

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  issues: Set<number>;
}

export interface FakeAttachment {
  id: string;
  url: string;
  repoId: number;
  name: string;
  contentType: string;
  bytes: Buffer;
  token: string;
}

export interface FakeComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  token: string;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakeRequest {
  host: 'api' | 'uploads';
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeGithubOptions {
  /** Answer as GitHub Enterprise Server does (an X-GitHub-Enterprise-Version header, no attachment store). */
  enterprise?: string;
  /** How the 201 carries the link: `url` (default), `href` only, or a link of another shape. */
  attachmentAnswer?: 'url' | 'href' | 'wrong-shape';
}

export interface FakeGithub {
  readonly apiUrl: string;
  readonly uploadsUrl: string;
  readonly attachments: FakeAttachment[];
  readonly comments: FakeComment[];
  readonly requests: FakeRequest[];
  addRepo(fullName: string, options?: { private?: boolean; issues?: number[] }): FakeRepo;
  /** A token with access per repository; `kind: 'app'` is a GitHub App installation token. */
  addToken(token: string, access: Record<string, Access>, options?: { kind?: 'user' | 'app' }): void;
  /** Scripted faults for the next POSTs on either host (`path` limits them to one endpoint). */
  failNext(fault: Fault, options?: { path?: string; times?: number }): void;
  delay(ms: number): void;
  /** Holds every attachment upload until the returned function is called (a run caught mid-way). */
  holdAttachments(): () => void;
  setAttachmentAnswer(shape: NonNullable<FakeGithubOptions['attachmentAnswer']>): void;
  close(): Promise<void>;
}

/** Settings that send uploads to this fake: GitHub's default tier, `repo`, both base addresses here. */
export function githubSettings(github: Pick<FakeGithub, 'apiUrl' | 'uploadsUrl'>, repo = 'octo/app') {
  return {
    provider: 'github',
    tier: 'default',
    github: { repo },
    hosts: { githubApiUrl: github.apiUrl, githubUploadsUrl: github.uploadsUrl },
  };
}

export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const repos = new Map<string, FakeRepo>();
  const tokens = new Map<string, { access: Record<string, Access>; kind: 'user' | 'app' }>();
  const attachments: FakeAttachment[] = [];
  const comments: FakeComment[] = [];
  const requests: FakeRequest[] = [];
  const faults = new FaultScript();
  let attachmentShape = options.attachmentAnswer ?? 'url';
  let nextRepoId = 100_000;
  let nextCommentId = 9_000_000;

  const send = (res: http.ServerResponse, status: number, body: unknown) =>
    sendJson(
      res,
      status,
      body,
      options.enterprise ? { 'x-github-enterprise-version': options.enterprise } : {},
    );
  const notFound = (res: http.ServerResponse) =>
    send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

  /** The caller's token, or null after answering 401. */
  const authenticate = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^(?:Bearer|token) (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const known = match && tokens.get(match[1]!);
    if (!match || !known) {
      send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return null;
    }
    return { token: match[1]!, ...known };
  };
  const accessTo = (caller: { access: Record<string, Access> }, repo: FakeRepo): Access | null =>
    caller.access[`${repo.owner}/${repo.name}`] ?? (repo.private ? null : 'read');

  async function api(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = requestPath(req);
    if (await faults.apply(req, res, path)) return;
    const caller = authenticate(req, res);
    if (!caller) return;
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo =
      repoMatch && repos.get(`${decodeURIComponent(repoMatch[1]!)}/${decodeURIComponent(repoMatch[2]!)}`);
    // GitHub hides a private repository from a token that cannot read it: 404, as if it did not exist.
    const access = repo ? accessTo(caller, repo) : null;
    if (!repo || !access) return notFound(res);
    const rest = repoMatch[3] ?? '';
    if (rest === '' && req.method === 'GET') {
      return send(res, 200, {
        id: repo.id,
        name: repo.name,
        full_name: `${repo.owner}/${repo.name}`,
        private: repo.private,
        visibility: repo.private ? 'private' : 'public',
        html_url: `https://github.com/${repo.owner}/${repo.name}`,
        permissions: { admin: false, maintain: false, push: access === 'push', triage: true, pull: true },
      });
    }
    const issueMatch = /^\/issues\/(\d+)$/.exec(rest);
    if (issueMatch && req.method === 'GET') {
      const number = Number(issueMatch[1]);
      if (!repo.issues.has(number)) return notFound(res);
      return send(res, 200, { number, state: 'open', title: `Issue ${number}` });
    }
    const commentsMatch = /^\/issues\/(\d+)\/comments$/.exec(rest);
    if (!commentsMatch || !repo.issues.has(Number(commentsMatch[1]))) return notFound(res);
    const issue = Number(commentsMatch[1]);
    const fullName = `${repo.owner}/${repo.name}`;
    if (req.method === 'GET') {
      const query = new URL(req.url ?? '/', 'http://fake.invalid').searchParams;
      const since = query.get('since');
      const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
      const page = Number(query.get('page') ?? 1);
      const listed = comments
        .filter((c) => c.repo === fullName && c.issue === issue)
        .filter((c) => !since || c.updated_at >= since)
        .slice((page - 1) * perPage, page * perPage);
      return send(
        res,
        200,
        listed.map(({ token: _token, repo: _repo, issue: _issue, ...comment }) => comment),
      );
    }
    if (req.method !== 'POST') return notFound(res);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'));
    } catch {
      return send(res, 400, { message: 'Problems parsing JSON' });
    }
    const text = (body as { body?: unknown })?.body;
    if (typeof text !== 'string' || text.length === 0 || text.length > 65_536) {
      return send(res, 422, { message: 'Validation Failed', errors: [{ field: 'body', code: 'invalid' }] });
    }
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const id = nextCommentId++;
    const comment: FakeComment = {
      id,
      repo: fullName,
      issue,
      body: text,
      token: caller.token,
      html_url: `https://github.com/${fullName}/issues/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
    comments.push(comment);
    const { token: _token, repo: _repo, issue: _issue, ...answer } = comment;
    return send(res, 201, answer);
  }

  async function uploads(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = requestPath(req);
    if (await faults.apply(req, res, path)) return;
    if (path !== '/user-attachments/assets' || req.method !== 'POST') return notFound(res);
    if (held) await held;
    const caller = authenticate(req, res);
    if (!caller) return;
    const query = new URL(req.url ?? '/', 'http://fake.invalid').searchParams;
    const repo = [...repos.values()].find((candidate) => String(candidate.id) === query.get('repository_id'));
    const bytes = await readBody(req, GITHUB_ATTACHMENT_MAX_BYTES * 2);
    // A wrong id, a token that cannot push, and an installation token all look alike: 404.
    if (!repo || accessTo(caller, repo) !== 'push' || caller.kind === 'app' || options.enterprise) {
      return notFound(res);
    }
    const contentType = query.get('content_type') ?? '';
    const name = query.get('name') ?? '';
    const sniffed = sniffImage(bytes);
    if (
      !TYPES.includes(contentType) ||
      req.headers['content-type'] !== contentType ||
      (contentType.startsWith('image/') && sniffed?.contentType !== contentType)
    ) {
      return send(res, 422, { message: `Unsupported content type: ${contentType || '(none)'}` });
    }
    if (!name || bytes.length === 0) return send(res, 422, { message: 'name and content are required' });
    if (bytes.length > GITHUB_ATTACHMENT_MAX_BYTES) return send(res, 422, { message: 'File is too big' });
    const id = randomUUID();
    const url = `https://github.com/user-attachments/assets/${id}`;
    attachments.push({ id, url, repoId: repo.id, name, contentType, bytes, token: caller.token });
    if (attachmentShape === 'href') return send(res, 201, { id, name, href: url });
    if (attachmentShape === 'wrong-shape') return send(res, 201, { url: `https://example.com/assets/${id}` });
    return send(res, 201, { id, name, url, href: url, content_type: contentType, size: bytes.length });
  }

  const log =
    (
      host: FakeRequest['host'],
      handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
    ): http.RequestListener =>
    (req, res) => {
      requests.push({ host, method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      handler(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { message: String(error) });
        else res.destroy();
      });
    };

  let held: Promise<void> | null = null;

  const [apiServer, uploadsServer]: LoopbackServer[] = await Promise.all([
    startHttpServer(log('api', api)),
    startHttpServer(log('uploads', uploads)),
  ]);

  return {
    apiUrl: apiServer!.url,
    uploadsUrl: uploadsServer!.url,
    attachments,
    comments,
    requests,
    addRepo(fullName, repoOptions = {}) {
      const [owner, name] = fullName.split('/') as [string, string];
      const repo: FakeRepo = {
        id: nextRepoId++,
        owner,
        name,
        private: repoOptions.private ?? true,
        issues: new Set(repoOptions.issues ?? []),
      };
      repos.set(fullName, repo);
      return repo;
    },
    addToken(token, access, tokenOptions = {}) {
      tokens.set(token, { access, kind: tokenOptions.kind ?? 'user' });
    },
    failNext: (fault, faultOptions) => faults.failNext(fault, faultOptions),
    delay: (ms) => faults.delay(ms),
    holdAttachments() {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = null;
        release();
      };
    },
    setAttachmentAnswer(shape) {
      attachmentShape = shape;
    },
    close: async () => {
      await Promise.all([apiServer!.close(), uploadsServer!.close()]);
    },
  };
}
