import { describe, expect, it } from 'vitest';
import type { AdvisoryJson } from '../../domain/advisories.js';
import { offer } from '../../cli/install/versions.js';
import type { VersionInfo } from '../../cli/sources/types.js';

const versions: VersionInfo[] = ['1.0.0', '1.0.1', '1.0.2', '1.1.0', '2.0.0'].map((version) => ({ version, prerelease: false, yanked_reason: null, sha256: null, published_at: null, changes: null }));

function advisory(affected: string, patched: string | null = null): AdvisoryJson {
  return { id: `ADV-${affected}`, plugin_id: 'p', affected, patched, severity: 'high', kind: 'vulnerability', summary: 'bad', details: '', references: [], published_at: '2026-12-01T00:00:00Z' };
}

describe('the automatic-update policy and advisories', () => {
  it('takes the newest version the policy allows that no advisory affects', () => {
    expect(offer('p', '1.0.0', versions, null, { policy: 'minor', advisories: [advisory('1.1.0')] }).wanted).toBe('1.0.2');
    expect(offer('p', '1.0.0', versions, null, { policy: 'minor' }).wanted).toBe('1.1.0');
  });

  it('moves an affected installed version to the patched one', () => {
    expect(offer('p', '1.0.0', versions, null, { policy: 'patch', advisories: [advisory('<1.1.0', '>=1.0.1 <1.0.2')] }).wanted).toBe('1.0.1');
  });

  it('keeps a safe installed version when every newer one the policy allows is affected, and says why', () => {
    const held = offer('p', '1.0.2', versions, null, { policy: 'minor', advisories: [advisory('1.1.0')] });
    expect(held).toEqual({ wanted: '1.0.2', latest: '2.0.0', held: '2.0.0 is outside the minor policy of automatic updates; "loom plugin update p" installs it' });
    expect(offer('p', '1.0.2', versions, null, { policy: 'latest', advisories: [advisory('>=1.1.0')] })).toEqual({ wanted: '1.0.2', latest: '2.0.0', held: '2.0.0 is affected by advisory ADV->=1.1.0 (bad)' });
  });

  it('moves an affected version to the newest allowed when none is safe: staying fixes nothing', () => {
    expect(offer('p', '1.0.0', versions, null, { policy: 'minor', advisories: [advisory('*')] }).wanted).toBe('1.1.0');
  });
});
