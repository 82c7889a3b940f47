import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { Plugin } from './plugin.entity.js';
import { entryFragment } from '../../../domain/registry-entry.js';

/** Keeps each plugin's stored registry.json fragment in step with every write of the plugin through the ORM. */
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
}
