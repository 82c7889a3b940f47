/** A manifest's `config_schema` item, as far as the conformance run needs it. */
export interface ConfigField {
  name: string;
  type: 'string' | 'int' | 'bool' | 'float';
  required?: boolean;
  default?: string | number | boolean | null;
  sensitive?: boolean;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Where a sensitive field's value is read from: `api_key` → LOOM_PLUGIN_API_KEY. */
export const envName = (field: string) => `LOOM_PLUGIN_${field.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

function typed(field: ConfigField | undefined, name: string, raw: string): string | number | boolean {
  switch (field?.type) {
    case 'int':
      if (!/^-?\d+$/.test(raw)) throw new ConfigError(`--config ${name}=${raw}: ${name} is an int`);
      return Number(raw);
    case 'float':
      if (raw.trim() === '' || !Number.isFinite(Number(raw))) throw new ConfigError(`--config ${name}=${raw}: ${name} is a float`);
      return Number(raw);
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw new ConfigError(`--config ${name}=${raw}: ${name} is a bool (true or false)`);
      return raw === 'true';
    default:
      return raw;
  }
}

export interface PluginConfig {
  /** What POST /initialize sends. */
  values: Record<string, string | number | boolean>;
  /** The sensitive values sent: never printed, and looked for in every answer (a plugin must not echo them). */
  secrets: string[];
  /** Where each value came from, for the report: never the value of a sensitive one. */
  sources: Record<string, 'flag' | 'default' | 'environment'>;
  /** Required fields nobody gave a value: /initialize cannot be tested as Loom would call it. */
  missing: string[];
}

/**
 * The config map for /initialize: `--config k=v` flags over the schema's defaults, converted to the schema's types;
 * a sensitive field only from the environment (LOOM_PLUGIN_<NAME>), never from a flag, which shell history and
 * process listings keep.
 */
export function pluginConfig(schema: ConfigField[], flags: string[], env: Record<string, string | undefined>): PluginConfig {
  const byName = new Map(schema.map((f) => [f.name, f]));
  const result: PluginConfig = { values: {}, secrets: [], sources: {}, missing: [] };
  for (const field of schema) {
    if (field.sensitive || field.default === undefined || field.default === null) continue;
    result.values[field.name] = field.default;
    result.sources[field.name] = 'default';
  }
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new ConfigError(`--config ${flag}: write it as name=value`);
    const name = flag.slice(0, at);
    const field = byName.get(name);
    if (field?.sensitive) throw new ConfigError(`--config ${name}: ${name} is sensitive, so it is not taken from the command line`, `set ${envName(name)} in the environment instead`);
    result.values[name] = typed(field, name, flag.slice(at + 1));
    result.sources[name] = 'flag';
  }
  for (const field of schema.filter((f) => f.sensitive)) {
    const value = env[envName(field.name)];
    if (value === undefined || value === '') continue;
    result.values[field.name] = typed(field, field.name, value);
    result.secrets.push(value);
    result.sources[field.name] = 'environment';
  }
  result.missing = schema.filter((f) => f.required && !(f.name in result.values)).map((f) => f.name);
  return result;
}
