import { describe, expect, it } from 'vitest';
import { fileNameFor } from './format';

describe('fileNameFor', () => {
  it('keeps a plain name readable', () => {
    expect(fileNameFor('endorsement', 'Green Rivers Alliance')).toBe('endorsement-green-rivers-alliance.json');
    expect(fileNameFor('endorsement', 'Société Générale des Rivières')).toBe('endorsement-societe-generale-des-rivieres.json');
  });

  it('never lets a name become a path or markup', () => {
    for (const name of [
      '../../.ssh/authorized_keys',
      '/etc/passwd',
      '..\\..\\Windows\\win.ini',
      '<img src=x onerror=alert(1)>',
      'a\u0000b',
      '\u202Egnp.exe',
      '..',
      '.',
    ]) {
      const f = fileNameFor('endorsement', name);
      expect(f).toMatch(/^endorsement-[a-z0-9-]*\.json$/);
      expect(f).not.toContain('..');
      expect(f).not.toContain('/');
      expect(f).not.toContain('\\');
    }
    expect(fileNameFor('endorsement', '..')).toBe('endorsement-signed.json');
    expect(fileNameFor('endorsement', 'Аmnesty')).toBe('endorsement-mnesty.json');
    expect(fileNameFor('endorsement', '')).toBe('endorsement-signed.json');
  });

  it('is bounded in length', () => {
    expect(fileNameFor('endorsement', 'x'.repeat(10_000)).length).toBeLessThan(80);
  });
});
