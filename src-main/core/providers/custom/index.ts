// ShareX custom uploaders as entries of the provider registry: each imported uploader is a provider
// named after it, with the one custom tier.
import { readdirSync } from 'node:fs';
import { CUSTOM_TIER, type ProviderInfo } from '../../../../src-shared/catalog.ts';
import type { CoreContext } from '../../context.ts';
import type { Provider } from '../provider.ts';
import { dataPaths } from '../../store/paths.ts';

/** The imported uploaders, listed synchronously (the registry's listing is synchronous). */
export function customProviderInfos(home: string): ProviderInfo[] {
  let files: string[];
  try {
    files = readdirSync(dataPaths(home).uploaders);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.sxcu'))
    .map((file) => file.slice(0, -'.sxcu'.length))
    .sort()
    .map((name) => ({
      id: name,
      label: `${name} (ShareX uploader)`,
      kind: 'imported',
      tiers: [CUSTOM_TIER],
    }));
}

/** Loaded only for an upload through an uploader: their templates (and the XML parser) cost every other run. */
export async function loadCustomProvider(ctx: CoreContext, name: string): Promise<Provider> {
  const [{ UploaderStore }, { createCustomProvider }] = await Promise.all([
    import('./store.ts'),
    import('./provider.ts'),
  ]);
  const spec = await new UploaderStore(ctx.home).load(name);
  return createCustomProvider(spec, { timeoutMs: ctx.settings.get().requestTimeoutSeconds * 1000 });
}
