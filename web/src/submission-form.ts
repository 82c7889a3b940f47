import { CAPABILITY_NAMES } from '../../domain/capabilities.js';

/**
 * The submission form's model, shared by the server (a posted form) and the browser (live validation): each input is
 * named by the path of its field in registry-submission.json, so the API's problems (`plugin.install.manifest_url`)
 * land beside the input they are about.
 */
export type FormValues = Record<string, string>;

export interface FieldProblem {
  field: string;
  message: string;
}

export const INSTALL_TYPES = ['http', 'grpc', 'builtin'] as const;

/** Inputs holding a list: one item per line (screenshots) or separated by commas (tags, custom capabilities). */
const LISTS: Record<string, 'lines' | 'commas'> = { 'plugin.tags': 'commas', 'plugin.screenshots': 'lines', 'plugin.capabilities.custom_capabilities': 'commas' };

/** Optional fields left out of the document when empty (an empty string would be a wrong value, not an absent one). */
const OPTIONAL = ['plugin.documentation_url', 'plugin.install.docker_image', 'plugin.install.manifest_url', 'plugin.install.manifest', 'submission.notes', 'submission.test_endpoint', 'submission.test_report'];

/** Every input of the form, in the document's order. */
export const FIELD_NAMES = [
  'plugin.id',
  'plugin.name',
  'plugin.provider_type',
  'plugin.version',
  'plugin.description',
  'plugin.author',
  'plugin.license',
  'plugin.homepage',
  'plugin.repository',
  'plugin.documentation_url',
  'plugin.tags',
  ...CAPABILITY_NAMES.map((c) => `plugin.capabilities.${c}`),
  'plugin.capabilities.custom_capabilities',
  'plugin.install.type',
  'plugin.install.manifest_url',
  'plugin.install.manifest',
  'plugin.install.docker_image',
  'plugin.screenshots',
  'submission.contact_email',
  'submission.notes',
  'submission.test_endpoint',
  'submission.test_report',
];

const split = (value: string, how: 'lines' | 'commas') =>
  value
    .split(how === 'lines' ? /\r?\n/ : ',')
    .map((v) => v.trim())
    .filter(Boolean);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** The registry-submission.json the form says; what is wrong with it is the API's to say. */
export function toSubmission(values: FormValues): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const raw = values[name] ?? '';
    const capability = /^plugin\.capabilities\.(\w+)$/.exec(name)?.[1];
    if (capability && capability !== 'custom_capabilities') {
      setPath(doc, name, raw !== '');
      continue;
    }
    if (OPTIONAL.includes(name) && raw.trim() === '') continue;
    if (name === 'plugin.capabilities.custom_capabilities') {
      setPath(doc, name, Object.fromEntries(split(raw, 'commas').map((c) => [c, true])));
    } else if (LISTS[name]) setPath(doc, name, split(raw, LISTS[name]));
    else if (name === 'submission.test_report') setPath(doc, name, parseJson(raw));
    else setPath(doc, name, name === 'plugin.install.manifest' ? raw : raw.trim());
  }
  return doc;
}

/** The report as JSON, or the text as it is (the API then says it is not an object). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The form's values for a document (an uploaded registry-submission.json, a submission to correct). */
export function fromSubmission(doc: unknown): FormValues {
  const values: FormValues = {};
  for (const name of FIELD_NAMES) {
    const value = name.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
    if (value === undefined || value === null) continue;
    if (name === 'plugin.capabilities.custom_capabilities' && typeof value === 'object') {
      values[name] = Object.entries(value as Record<string, unknown>)
        .filter(([, on]) => on === true)
        .map(([c]) => c)
        .join(', ');
    } else if (typeof value === 'boolean') values[name] = value ? 'on' : '';
    else if (Array.isArray(value) && LISTS[name]) values[name] = value.map(String).join(LISTS[name] === 'lines' ? '\n' : ', ');
    else if (typeof value === 'object') values[name] = JSON.stringify(value, null, 2);
    else values[name] = String(value);
  }
  return values;
}

/** The input a problem's path is about (the longest input name it starts with), or undefined for the document as a whole. */
export function fieldOf(path: string): string | undefined {
  let best: string | undefined;
  for (const name of FIELD_NAMES) if ((path === name || path.startsWith(`${name}.`)) && (!best || name.length > best.length)) best = name;
  if (!best && path === 'plugin.install') return 'plugin.install.manifest_url';
  return best;
}

/** An input's element id (paths have dots, which CSS selectors would have to escape). */
export const inputId = (name: string) => `f-${name.replace(/\./g, '-')}`;
