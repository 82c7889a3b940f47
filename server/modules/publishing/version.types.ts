import { ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { PluginVersion } from './version.entity.js';

@ObjectType()
export class PluginVersionConnection extends Connection(PluginVersion, 'PluginVersion') {}
