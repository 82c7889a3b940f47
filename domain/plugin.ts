import semver from 'semver';
import { z } from 'zod';
import { enumOf } from './names.js';

/** A plugin's id (its slug): what registry.json's `id` holds and every route and lock file names it by. */
export const PLUGIN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
export const PLUGIN_ID_RULE = 'lowercase letters, digits and hyphens, 2-64 characters, starting with a letter or digit';

/** How Loom runs a plugin: the manifest's `type`, registry.json's `install.type`. */
export const PLUGIN_TYPES = ['http', 'grpc', 'builtin'] as const;
export type PluginType = (typeof PLUGIN_TYPES)[number];

/** How a plugin is maintained and vetted: registry.json's `category` (Loom ignores it). */
export const CATEGORY_NAMES = ['official', 'verified', 'community', 'enterprise', 'experimental'] as const;
export type Category = (typeof CATEGORY_NAMES)[number];
/** The categories as an enum object (`OFFICIAL: 'official'`, …), for GraphQL's `Category` enum and the ORM. */
export const Category = enumOf(CATEGORY_NAMES);

/** A version as a manifest and registry.json write it: a semantic version (`1.2.0`, `2.0.0-rc.1`). */
export const semverString = () => z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version');
