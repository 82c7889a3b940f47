import { z } from 'zod';

/**
 * Private reports about a plugin (docs/trust.md, "Private reports"), shared by the server, the CLI and the web.
 * Who reads a report depends on its kind: `security` and `license` reports go to the plugin's owner and maintainers
 * and to admins; `malware` and `abuse` reports only to admins (they are about the authors themselves). A report
 * is never public: its reporter sees it too (signed in, or with the status token given at creation).
 */
export const REPORT_KINDS = ['security', 'malware', 'abuse', 'license'] as const;
export type ReportKindName = (typeof REPORT_KINDS)[number];

/** `open` until handled; then `closed` (with a note to the reporter) or `advisory` (an advisory was published from it). */
export const REPORT_STATUSES = ['open', 'closed', 'advisory'] as const;
export type ReportStatusName = (typeof REPORT_STATUSES)[number];

/** The kinds a plugin's owner and maintainers handle; the others are for admins only. */
export const AUTHOR_HANDLED_KINDS: readonly ReportKindName[] = ['security', 'license'];

/** The kinds that can become an advisory, and the advisory kind each becomes. */
export const ADVISORY_KIND_OF: Partial<Record<ReportKindName, 'vulnerability' | 'malware'>> = { security: 'vulnerability', malware: 'malware' };

export const REPORT_DETAILS_MIN = 20;
export const REPORT_DETAILS_MAX = 10_000;
export const REPORT_NOTE_MAX = 2_000;

/** A reporter's contact address: needed when nobody is signed in, so the plugin's people can ask back. */
export const reportContact = z.email({ error: 'must be an email address' }).max(254);

/** What a reporter sends. */
export const reportInput = z.strictObject({
  kind: z.enum(REPORT_KINDS, { error: `must be one of ${REPORT_KINDS.join(', ')}` }),
  details: z
    .string({ error: 'is required' })
    .trim()
    .min(REPORT_DETAILS_MIN, { error: `at least ${REPORT_DETAILS_MIN} characters: say what is wrong, in which versions, and how to see it` })
    .max(REPORT_DETAILS_MAX, { error: `at most ${REPORT_DETAILS_MAX} characters` }),
  contact: reportContact.optional(),
});
export type ReportInput = z.input<typeof reportInput>;

/** A report as its readers see it (REST and the CLI's --json). */
export interface ReportJson {
  id: string;
  plugin_id: string;
  kind: ReportKindName;
  status: ReportStatusName;
  details: string;
  contact: string | null;
  /** The reporter's username; null when anonymous. */
  reporter: string | null;
  note: string | null;
  advisory_id: string | null;
  created_at: string;
  handled_at: string | null;
}
