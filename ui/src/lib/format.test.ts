import { describe, expect, it } from 'vitest';
import { EXTENSIONS, fileNameFor } from './format';

describe('fileNameFor', () => {
  it('names each kind of file with its extension', () => {
    expect(fileNameFor('invitation', 'Joint statement on the draft treaty')).toBe('joint-statement-on-the-draft-treaty.undersigned-invitation');
    expect(fileNameFor('endorsement', 'Green Rivers Alliance')).toBe('green-rivers-alliance.undersigned-endorsement');
    expect(fileNameFor('endorsement', 'Société Générale des Rivières')).toBe('societe-generale-des-rivieres.undersigned-endorsement');
    expect(fileNameFor('withdrawal', 'withdrawal-9f1c0e6a')).toBe('withdrawal-9f1c0e6a.undersigned-withdrawal');
    expect(fileNameFor('bundle', 'signatories-release-3')).toBe('signatories-release-3.undersigned-bundle');
    expect(fileNameFor('key', 'identity-backup')).toBe('identity-backup.undersigned-key');
    expect(EXTENSIONS).toEqual({
      invitation: 'undersigned-invitation',
      endorsement: 'undersigned-endorsement',
      withdrawal: 'undersigned-withdrawal',
      bundle: 'undersigned-bundle',
      key: 'undersigned-key',
    });
  });

  it('falls back to the kind, or the name given, when nothing of the name is left', () => {
    expect(fileNameFor('invitation', '')).toBe('invitation.undersigned-invitation');
    expect(fileNameFor('invitation', 'بيان مشترك')).toBe('invitation.undersigned-invitation');
    expect(fileNameFor('endorsement', '..')).toBe('endorsement.undersigned-endorsement');
    expect(fileNameFor('endorsement', '', 'signed')).toBe('signed.undersigned-endorsement');
  });

  it('never lets a name become a path, a hidden file or markup', () => {
    for (const name of [
      '../../.ssh/authorized_keys',
      '/etc/passwd',
      '..\\..\\Windows\\win.ini',
      '<img src=x onerror=alert(1)>',
      'a\u0000b',
      '\u202Egnp.exe',
      '..',
      '.',
      '.hidden',
    ]) {
      const f = fileNameFor('endorsement', name);
      expect(f).toMatch(/^[a-z0-9][a-z0-9-]*\.undersigned-endorsement$/);
      expect(f).not.toContain('..');
      expect(f).not.toContain('/');
      expect(f).not.toContain('\\');
    }
    expect(fileNameFor('endorsement', '../../.ssh/authorized_keys')).toBe('ssh-authorized-keys.undersigned-endorsement');
    expect(fileNameFor('endorsement', 'Аmnesty')).toBe('mnesty.undersigned-endorsement');
  });

  it('is bounded in length', () => {
    expect(fileNameFor('endorsement', 'x'.repeat(10_000)).length).toBeLessThanOrEqual(60 + '.undersigned-endorsement'.length);
  });
});
