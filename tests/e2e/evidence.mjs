// Issue 16 in the real app: who is behind each key. A real HTTPS server on 127.0.0.1 serves a
// member's well-known file under a certificate authority made for this run, which only the app
// started by this test trusts (UNDERSIGNED_FETCH_CA_FILE, UNDERSIGNED_FETCH_RESOLVE: the
// fetcher's test settings). The command line prepares a lead's store (a statement, one
// signatory); the app then imports a second endorsement that waits for review, checks its
// website at once, and shows what it found.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';

export const HOST = 'riverkeepers.test';

/** A certificate authority and a certificate for HOST signed by it, made with openssl. */
function certificates(dir) {
  const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Undersigned e2e only',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  run('req', ...ec, '-keyout', 'site.key', '-out', 'site.csr', '-subj', `/CN=${HOST}`);
  writeFileSync(join(dir, 'site.ext'), `subjectAltName=DNS:${HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'site.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'site.pem', '-days', '2', '-extfile', 'site.ext');
  return { ca: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'site.key')), cert: readFileSync(join(dir, 'site.pem')) };
}

/**
 * Prepares the story with the command line `cli` in `dir`: a lead's store with a statement and
 * River Keepers Uganda's first endorsement (no website); a second one, by the organization's
 * own key with its website, to be imported in the app; its well-known file, served over HTTPS.
 * Sets the fetcher's test settings in this process's environment (the app inherits them).
 */
export async function evidenceStory(cli, dir) {
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, UNDERSIGNED_PASSPHRASE: 'e2e evidence pass', UNDERSIGNED_DB: join(dir, 'lead.db') };
  const us = (...args) => execFileSync(cli, args, { cwd: dir, env, encoding: 'utf8' });
  for (const k of ['lead', 'first', 'river', 'third']) us('key', 'new', '--out', `${k}.key`);
  writeFileSync(join(dir, 'statement.md'), 'We call on the states of the basin to protect the rivers and those who defend them.\n');
  const id = us('statement', 'new', '--title', 'Joint statement on the rivers of the basin', '--text', 'statement.md', '--key', 'lead.key').trim().split('\n').pop().trim();
  us('statement', 'open', id, '--key', 'lead.key');
  us('statement', 'invite', id, '--out', 'invitation.json');
  const sign = (key, out, db, extra, name = 'River Keepers Uganda') =>
    execFileSync(cli, ['sign', 'invitation.json', '--key', key, '--out', out, '--name', name, '--country', 'UG', ...extra], {
      cwd: dir,
      env: { ...env, UNDERSIGNED_DB: join(dir, db) },
    });
  sign('first.key', 'first.json', 'first.db', []);
  sign('river.key', 'river.json', 'river.db', ['--website', `https://${HOST}/en`]);
  // A third signatory, whom no one checks: self-declared.
  sign('third.key', 'third.json', 'third.db', [], 'Lake Victoria Fishers Union');
  execFileSync(cli, ['import', 'first.json', 'third.json'], { cwd: dir, env });
  us('key', 'well-known', 'river.key', '--name', 'River Keepers Uganda', '--out', 'river-well-known.json');
  const wellKnown = readFileSync(join(dir, 'river-well-known.json'));

  const { ca, key, cert } = certificates(dir);
  const server = createServer({ key, cert }, (req, res) => {
    if (req.url === '/.well-known/undersigned.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(wellKnown);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  process.env.UNDERSIGNED_FETCH_CA_FILE = ca;
  process.env.UNDERSIGNED_FETCH_RESOLVE = `${HOST}=127.0.0.1:${server.address().port}`;
  return {
    db: join(dir, 'lead.db'),
    endorsement: join(dir, 'river.json'),
    leadKey: join(dir, 'lead.key'),
    passphrase: env.UNDERSIGNED_PASSPHRASE,
    close: () => server.close(),
  };
}
