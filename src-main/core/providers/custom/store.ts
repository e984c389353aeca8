// The imported uploaders, one `<name>.sxcu` per uploader in `<home>/uploaders/`. The file is kept as
// ShareX wrote it (converted from old syntax if needed) so it can be exported again unchanged; it is
// checked again each time it is loaded. Permissions are 0600: such files often hold an API key in a
// header, exactly as ShareX keeps them in its own settings.
import { access, readFile, readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.ts';
import { dataPaths } from '../../store/paths.ts';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import { BUILTIN_PROVIDERS } from '../../../../src-shared/catalog.ts';
import { readSxcu, compileSxcu, type Sxcu, type CustomUploaderSpec } from './sxcu.ts';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface UploaderSummary {
  name: string;
  requestUrl: string;
  method: string;
  body: string;
}

export class UploaderStore {
  readonly dir: string;

  constructor(home: string) {
    this.dir = dataPaths(home).uploaders;
  }

  /** Imports an .sxcu file; refuses (naming the feature) anything Shotlink cannot do. */
  async add(
    filePath: string,
    options: { name?: string | undefined; replace?: boolean } = {},
  ): Promise<UploaderSummary> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      throw new ShotlinkError(
        'input',
        `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      );
    }
    return this.addText(text, basename(filePath), options);
  }

  /** Imports the text of an .sxcu file (the desktop window reads the file itself); `fileName` names it. */
  async addText(
    text: string,
    fileName: string,
    options: { name?: string | undefined; replace?: boolean } = {},
  ): Promise<UploaderSummary> {
    const source = JSON.stringify(fileName);
    const sxcu = readSxcu(text, source);
    const name = options.name !== undefined ? checkName(options.name) : nameFor(sxcu, fileName);
    compileSxcu(sxcu, name, source);
    const path = this.pathOf(name);
    if (!options.replace && (await exists(path))) {
      throw new ShotlinkError(
        'usage',
        `An uploader named "${name}" already exists: choose another with --name, or remove it first (shotlink uploader remove ${name}).`,
      );
    }
    await writeFileAtomic(path, `${JSON.stringify(sxcu, null, 2)}\n`);
    return summarise(name, sxcu);
  }

  async list(): Promise<UploaderSummary[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir))
        .filter((f) => f.endsWith('.sxcu'))
        .map((f) => f.slice(0, -'.sxcu'.length));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const summaries: UploaderSummary[] = [];
    for (const name of names.filter((n) => NAME_PATTERN.test(n)).sort()) {
      summaries.push(summarise(name, await this.read(name)));
    }
    return summaries;
  }

  async has(name: string): Promise<boolean> {
    return NAME_PATTERN.test(name) && (await exists(this.pathOf(name)));
  }

  async load(name: string): Promise<CustomUploaderSpec> {
    return compileSxcu(await this.read(name), name, `"${name}"`);
  }

  async remove(name: string): Promise<void> {
    if (!(await this.has(name))) throw unknownUploader(name);
    await unlink(this.pathOf(name));
  }

  private async read(name: string): Promise<Sxcu> {
    if (!NAME_PATTERN.test(name)) throw unknownUploader(name);
    let text: string;
    try {
      text = await readFile(this.pathOf(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw unknownUploader(name);
      throw error;
    }
    return readSxcu(text, `"${name}"`);
  }

  private pathOf(name: string): string {
    return join(this.dir, `${name}.sxcu`);
  }
}

function nameFor(sxcu: Sxcu, filePath: string): string {
  const fromFile = basename(filePath).replace(/\.sxcu$/i, '');
  for (const candidate of [sxcu.Name ?? '', fromFile]) {
    const slug = candidate
      .toLowerCase()
      .replace(/[^a-z0-9._]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, 64);
    if (NAME_PATTERN.test(slug) && !isBuiltin(slug)) return slug;
  }
  throw new ShotlinkError(
    'usage',
    `Give this uploader a name with --name (letters, digits, ".", "_" or "-").`,
  );
}

function checkName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new ShotlinkError(
      'usage',
      `"${name}" cannot name an uploader: use up to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
  if (isBuiltin(name))
    throw new ShotlinkError('usage', `"${name}" is a built-in provider; choose another name.`);
  return name;
}

function isBuiltin(name: string): boolean {
  return BUILTIN_PROVIDERS.some((provider) => provider.id === name);
}

function summarise(name: string, sxcu: Sxcu): UploaderSummary {
  return {
    name,
    requestUrl: sxcu.RequestURL,
    method: (sxcu.RequestMethod ?? 'POST').toUpperCase(),
    body: sxcu.Body ?? 'MultipartFormData',
  };
}

function unknownUploader(name: string): ShotlinkError {
  return new ShotlinkError('usage', `No uploader named "${name}". See \`shotlink uploader list\`.`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
