// Ordinary text for the screenshots: code, shell output, CI logs, chat and page copy, built from
// templates and word lists so no two seeds show the same lines. None of it is a secret.
import type { Random } from './random.ts';
import { HEX } from './random.ts';

const NOUNS = [
  'order',
  'invoice',
  'session',
  'report',
  'payment',
  'widget',
  'account',
  'upload',
  'cart',
  'schedule',
  'profile',
  'shipment',
  'review',
  'metric',
];
const VERBS = [
  'fetch',
  'load',
  'build',
  'parse',
  'render',
  'update',
  'create',
  'remove',
  'sync',
  'validate',
  'export',
  'archive',
];
const PEOPLE = [
  'Alex Moreno',
  'Sam Chen',
  'Robin Keller',
  'Dana Ortiz',
  'Jules Martin',
  'Noor Aziz',
  'Theo Brandt',
  'Mia Larsen',
];

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

export function person(rng: Random): string {
  return rng.pick(PEOPLE);
}

export function codeLine(rng: Random, language: 'ts' | 'py'): string {
  const n = rng.pick(NOUNS);
  const n2 = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  const k = rng.int(2, 500);
  if (language === 'py')
    return rng.pick([
      `def ${v}_${n}(${n}_id: int, retries: int = ${k % 7}) -> dict:`,
      `    result = client.${v}(${n}_id, timeout=${k})`,
      `    return {"status": "ok", "${n2}s": len(result)}`,
      `# TODO: ${v} ${n}s in batches of ${k}`,
      `    logger.info("${v} %s ${n2}s", len(items))`,
      `from app.${n} import ${cap(v)}${cap(n)}Handler`,
      `    if not ${n}.is_active: raise ValueError("inactive ${n}")`,
    ]);
  return rng.pick([
    `import { ${v}${cap(n)} } from './${n}/${v}';`,
    `export async function ${v}${cap(n)}s(limit = ${k}) {`,
    `  const ${n}s = await db.${n}.findMany({ take: limit });`,
    `  if (!${n}) throw new Error('${n} not found for ${n2}');`,
    `  return ${n}s.map((item) => item.${n2}Id);`,
    `// ${cap(v)} the ${n} before the ${n2} is sent`,
    `  logger.info(\`${v} \${count} ${n}s in \${elapsed} ms\`);`,
    `  const timeoutMs = options.timeoutMs ?? ${k * 10};`,
  ]);
}

export function shellLine(rng: Random): string {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  const k = rng.int(2, 900);
  return rng.pick([
    `$ npm run ${v}`,
    `> ${n}-service@1.${k % 20}.0 ${v} /home/dev/${n}-service`,
    `Compiled ${k} modules for ${n} in ${rng.int(1, 9)}.${rng.int(0, 9)}s`,
    `INFO  [${n}] listening on http://localhost:${rng.int(3000, 9000)}`,
    `WARN  ${n} cache miss ratio ${rng.int(1, 40)} percent`,
    `On branch feature/${n}-${v}`,
    `$ docker compose up -d ${n}-worker`,
    `Container ${n}-worker-1  Started`,
    `${rng.string(HEX, 7)} Fix ${n} ${v} when the ${rng.pick(NOUNS)} is empty`,
    `commit ${rng.string(HEX, 40)}`,
    `Author: ${person(rng)}, ${n} team`,
    `$ kubectl get pods -n ${n}`,
    `${n}-api-${rng.string(HEX, 5)}   1/1   Running   0   ${k}m`,
  ]);
}

export function ciLine(rng: Random): string {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  const stamp = `2026-11-${String(rng.int(10, 28))}T${String(rng.int(10, 23))}:${String(rng.int(10, 59))}:${String(rng.int(10, 59))}.${rng.int(100, 999)}Z`;
  return `${stamp} ${rng.pick([
    `Run actions/checkout@v4`,
    `##[group]Run npm run ${v}`,
    `added ${rng.int(100, 1500)} packages in ${rng.int(5, 90)}s`,
    `PASS test/${n}.test.ts (${rng.int(1, 30)}.${rng.int(0, 9)} s)`,
    `Tests: ${rng.int(10, 400)} passed, ${rng.int(400, 500)} total`,
    `Uploading artifact ${n}-report to storage`,
    `Post job cleanup for ${n} pipeline`,
    `Cache restored from key: node-modules-${n}`,
  ])}`;
}

export function chatLine(rng: Random): string {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  return rng.pick([
    `Can you ${v} the ${n} before the standup?`,
    `I pushed a fix for the ${n} ${v} bug, the pull request is up`,
    `Thanks, that looks good to me`,
    `The ${n} job failed again on main this morning`,
    `Let us pair on the ${n} migration after lunch`,
    `Deploy of the ${n} service finished without errors`,
  ]);
}

export function pageLine(rng: Random): string {
  const n = rng.pick(NOUNS);
  return rng.pick([
    `Make sure to copy your key now. You will not be able to see it again.`,
    `Keys are scoped to the ${n} project and can be revoked at any time.`,
    `Last used ${rng.int(2, 28)} days ago from the ${n} service`,
    `Rotate credentials every ${rng.int(30, 180)} days for compliance`,
    `Created by ${person(rng)} on Nov ${rng.int(1, 28)}, 2026`,
    `Permissions: read and write access to ${n}s`,
  ]);
}

export function slideLine(rng: Random): string {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  return rng.pick([
    `${cap(v)} the ${n} service in minutes`,
    `Step two: configure the ${n} client`,
    `Our roadmap for ${n} exports`,
    `Questions about the ${n} pipeline`,
  ]);
}

export function title(rng: Random): string {
  return `${cap(rng.pick(VERBS))} ${cap(rng.pick(NOUNS))}s`;
}
