import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { PluginVersion } from './version.entity.js';

@ObjectType()
export class PluginVersionConnection extends Connection(PluginVersion, 'PluginVersion') {}

@ObjectType({ description: 'Another plugin a version names, with a semver range: one it needs (dependencies) or cannot be installed beside (conflicts)' })
export class Dependency {
  @Field(() => ID, { description: 'The plugin id' }) pluginId!: string;
  @Field({ description: 'A semver range as npm reads it (^1.2.0, >=2 <3, 1.x, *)' }) range!: string;
}

@ObjectType({ description: 'A plugin whose current installable version depends on another' })
export class Dependent {
  @Field(() => ID, { description: 'The dependent plugin' }) pluginId!: string;
  @Field({ description: 'Its current installable version, the one that depends' }) version!: string;
  @Field({ description: 'The range that version needs' }) range!: string;
}

@ObjectType()
export class DependentConnection extends Connection(Dependent, 'Dependent') {}
