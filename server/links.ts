import type { ManifestUrls } from '../domain/registry-entry.js';

/**
 * Absolute URLs of the registry's own resources, from the configured public base URL (PUBLIC_URL), or, when none is
 * configured, the address the server listens on (known once it listens).
 */
export class PublicLinks {
  constructor(private base: string | undefined) {}

  /** Takes the listening address as the base when none was configured. */
  listening(url: string): void {
    // a wildcard address is no address a client can dial
    this.base ??= url.replace(/\/+$/, '').replace(/^(https?:\/\/)(0\.0\.0\.0|\[::\])(?=:|$)/, '$1localhost');
  }

  get origin(): string {
    if (this.base === undefined) throw new Error('PublicLinks: the base URL is not known before the server listens');
    return this.base;
  }

  /** The immutable manifest snapshot of one version, which Loom installs. */
  manifest(pluginId: string, version: string): string {
    return `${this.origin}${manifestPath(pluginId, version)}`;
  }

  /** Entries whose `install.manifest_url` is this registry's snapshot route. */
  readonly registry: ManifestUrls = { kind: 'registry', manifest: (pluginId, version) => this.manifest(pluginId, version) };
}

export function manifestPath(pluginId: string, version: string): string {
  return `/api/v1/plugins/${encodeURIComponent(pluginId)}/versions/${encodeURIComponent(version)}/manifest`;
}
