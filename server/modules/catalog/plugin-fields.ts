import type { InstallDetails } from '../publishing/version.entity.js';
import type { Plugin } from './plugin.entity.js';
import { capabilityMap, type ImportEntry } from '../../../domain/registry-import.js';

/** What a registry.json entry and a submission's `plugin` both say of a plugin, in the registry format's names. */
export type PluginDescription = Pick<
  ImportEntry,
  'name' | 'provider_type' | 'author' | 'license' | 'homepage' | 'repository' | 'documentation_url' | 'screenshots' | 'description' | 'tags' | 'capabilities' | 'install'
>;

export type PluginMetadata = Required<Pick<Plugin, 'name' | 'providerType' | 'author' | 'license' | 'homepage' | 'repository' | 'documentationUrl' | 'screenshots'>>;

/**
 * The one mapping of a description onto our columns, for the catalog import and approval alike: the plugin's own
 * fields (they follow the newest entry or approved submission), and the install details, which belong to the version
 * the description names.
 */
export function pluginFields(d: PluginDescription): { metadata: PluginMetadata; details: InstallDetails } {
  return {
    metadata: {
      name: d.name,
      providerType: d.provider_type,
      author: d.author,
      license: d.license,
      homepage: d.homepage,
      repository: d.repository,
      documentationUrl: d.documentation_url ?? null,
      screenshots: d.screenshots,
    },
    details: {
      description: d.description,
      tags: d.tags,
      capabilities: capabilityMap(d.capabilities),
      installType: d.install.type,
      manifestUrl: d.install.manifest_url,
      dockerImage: d.install.docker_image ?? null,
    },
  };
}
