// {xml:path} in ShareX: an XPath into an XML answer. We evaluate the subset uploaders use: absolute and
// relative steps (`/rsp/image/url`, `upload/links/original`), descendants (`//url`), positions
// (`image[1]`), `*`, attributes (`@href`) and `text()`. The first match's text is the value.
import { DOMParser } from '@xmldom/xmldom';
import { TemplateError } from './template-error.ts';

interface XmlNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT = 1;

export function selectXml(text: string, path: string): string {
  const doc = parseXml(text, path);
  let nodes: XmlNode[] = [doc];
  const steps = splitSteps(path);
  for (const step of steps) {
    nodes = nodes.flatMap((node) => applyStep(node, step));
    if (nodes.length === 0) break;
  }
  const first = nodes[0];
  if (!first || first === doc) throw new TemplateError(`the XML answer has nothing at ${path}`);
  return (first.textContent ?? '').trim();
}

function parseXml(text: string, path: string): XmlNode {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(text, 'text/xml') as unknown as XmlNode & { documentElement: XmlNode | null };
  if (problems.length > 0 || !doc.documentElement) {
    throw new TemplateError(
      `{xml:${path}} needs an XML answer, and the answer is not XML ("${text.trim().slice(0, 80)}")`,
    );
  }
  return doc;
}

interface Step {
  descendant: boolean;
  test: string;
  position?: number;
}

function splitSteps(path: string): Step[] {
  const steps: Step[] = [];
  const pattern = /(\/\/|\/)?([^/[\]]+)(?:\[(\d+)\])?/gy;
  let match: RegExpExecArray | null;
  const trimmed = path.trim();
  while (pattern.lastIndex < trimmed.length && (match = pattern.exec(trimmed))) {
    steps.push({
      descendant: match[1] === '//',
      test: match[2]!.trim(),
      ...(match[3] !== undefined && { position: Number(match[3]) }),
    });
  }
  if (pattern.lastIndex !== trimmed.length || steps.length === 0) {
    throw new TemplateError(`{xml:${path}} is not a path such as /upload/links/original`);
  }
  return steps;
}

function applyStep(node: XmlNode, step: Step): XmlNode[] {
  const candidates = step.descendant ? descendants(node) : children(node);
  let found: XmlNode[];
  if (step.test.startsWith('@')) {
    const name = step.test.slice(1);
    const owners = step.descendant ? [node, ...descendants(node)] : [node];
    found = owners.flatMap((owner) =>
      Array.from(owner.attributes ?? [])
        .filter((a) => a.name === name)
        .map((a) => ({ nodeType: 2, nodeName: a.name, textContent: a.value, childNodes: [] })),
    );
  } else if (step.test === 'text()') {
    found = [{ nodeType: 3, nodeName: '#text', textContent: node.textContent, childNodes: [] }];
  } else {
    found = candidates.filter(
      (c) => c.nodeType === ELEMENT && (step.test === '*' || localName(c) === step.test),
    );
  }
  if (step.position === undefined) return found;
  const at = found[step.position - 1]; // XPath positions count from 1
  return at ? [at] : [];
}

function children(node: XmlNode): XmlNode[] {
  return Array.from(node.childNodes ?? []);
}

function descendants(node: XmlNode): XmlNode[] {
  return children(node).flatMap((child) => [child, ...descendants(child)]);
}

function localName(node: XmlNode): string {
  const name = node.nodeName;
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}
