import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { Plugin } from './plugin.entity.js';
import { entryFragment, type EntrySource } from '../../../domain/registry-entry.js';
import type { Em } from '../../orm.js';

/** The plugin's properties its stored fragment is made from (the columns the database's stale-fragment trigger watches; counts aside). */
const FRAGMENT_PROPERTIES = new Set<string>([
  'id', 'name', 'providerType', 'description', 'author', 'version', 'license', 'homepage', 'repository', 'verified', 'tags', 'capabilities', 'installType',
  'manifestUrl', 'dockerImage', 'manifestSha256', 'screenshots', 'documentationUrl', 'publishedAt', 'updatedAt', 'category', 'dependencies', 'conflicts', 'provides',
] satisfies (keyof EntrySource)[]);

/**
 * Keeps each plugin's stored registry.json fragment in step with every write of the plugin through the ORM.
 *
 * The trigger that empties a fragment on writes behind the app sees a fragment left as it was while its columns
 * changed. A write through the app can look just like that: the fragment's times are whole seconds, so moving
 * `updatedAt` within a second (an approval of a pre-release, which leaves the current version as it was) changes a
 * column and not the fragment. After such an update the fragment is stored again, in the same transaction, when the
 * trigger has emptied it.
 */
export class RegistryEntrySubscriber implements EventSubscriber<Plugin> {
  getSubscribedEntities() {
    return [Plugin];
  }

  beforeCreate({ entity }: EventArgs<Plugin>): void {
    entity.registryEntry = entryFragment(entity);
  }

  beforeUpdate({ entity }: EventArgs<Plugin>): void {
    entity.registryEntry = entryFragment(entity);
  }

  async afterUpdate({ entity, em, changeSet }: EventArgs<Plugin>): Promise<void> {
    if (!changeSet || !Object.keys(changeSet.payload).some((p) => FRAGMENT_PROPERTIES.has(p))) return;
    const tx = em as Em;
    await tx.getConnection().execute('update plugin set registry_entry = ? where id = ? and registry_entry is null', [entity.registryEntry, entity.id], 'run', tx.getTransactionContext());
  }
}
