// Issue 17's story with the `undersigned` binary, shared by the browser test (verify.html) and
// the app's end-to-end run (Verify): a lead and three witnesses, quorum 2. Release 1 is
// co-signed by all three; the lead shows an honest release 2 to the third witness only, rewinds
// its store (a backup) and makes another release 2, which the first two co-sign; the third
// refuses it, with a proof that the lead signed two lists. What it returns verifies as: r2
// valid against r1, co-signed by 2 of 3 (Press Freedom Watch, Centre for International Law).
// The Rust test tests/cli_witnessed.rs tells the same story with every output checked.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WITNESSES = {
  w1: ['press.example/w1', 'Press Freedom Watch'],
  w2: ['law.example/w2', 'Centre for International Law'],
  w3: ['uni.example/w3', 'University Observatory'],
};

/** Runs the story in `dir` (created) with the binary `bin`; returns the paths of release 1,
 *  the rewritten release 2 and the third witness's proof, and the refusal it printed. */
export function witnessedStory(bin, dir) {
  mkdirSync(dir, { recursive: true });
  const run = (args, allow = [0]) => {
    const r = spawnSync(bin, args, {
      cwd: dir,
      env: { ...process.env, UNDERSIGNED_PASSPHRASE: 'witnessed story passphrase', HOME: dir, XDG_DATA_HOME: dir },
      encoding: 'utf8',
    });
    if (!allow.includes(r.status)) throw new Error(`undersigned ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const db = (who) => ['--db', `${who}.db`];
  const keys = {};
  const names = { lead: 'Coalition for Transboundary Rivers' };
  for (const who of ['lead', 'm1', 'm2', 'm3', 'w1', 'w2', 'w3']) {
    run(['key', 'new', '--out', `${who}.key`, '--name', names[who] ?? who]);
    keys[who] = JSON.parse(readFileSync(join(dir, `${who}.key`), 'utf8')).public_key;
  }
  writeFileSync(join(dir, 'text.md'), 'We, the undersigned, ask that every release of this list be witnessed.\n');
  const id = run([...db('lead'), 'statement', 'new', '--title', 'Witnessed statement', '--text', 'text.md', '--key', 'lead.key']).stdout.trim().split('\n').at(-1).trim();
  const listed = Object.entries(WITNESSES).flatMap(([w, [keyName, name]]) => ['--witness', `${keyName},${keys[w]},${name}`]);
  run([...db('lead'), 'statement', 'open', id, '--key', 'lead.key', ...listed, '--quorum', '2']);
  run([...db('lead'), 'statement', 'invite', id, '--out', 'invitation.json']);
  const sign = (m) => {
    run([...db(m), 'sign', 'invitation.json', '--key', `${m}.key`, '--name', `Member ${m}`, '--country', 'KE', '--out', `${m}.json`]);
    run([...db('lead'), 'import', `${m}.json`]);
  };
  const cosign = (w, request, out, allow = [0]) =>
    run([...db(w), 'witness', 'add-checkpoint', request, '--key', `${w}.key`, '--name', WITNESSES[w][0], '--out', out, '--proof-out', `proof-${w}.json`], allow);
  const release = (n) => run([...db('lead'), 'release', id, '--key', 'lead.key', '--out', `r${n}-draft.json`]);

  sign('m1');
  release(1);
  run([...db('lead'), 'request-cosignature', id, '--out', 'req1.txt']);
  for (const w of ['w1', 'w2', 'w3']) cosign(w, 'req1.txt', `${w}-r1.json`);
  run([...db('lead'), 'import', 'w1-r1.json', 'w2-r1.json', 'w3-r1.json']);
  run([...db('lead'), 'export', id, '--out', 'r1.json']);
  run([...db('lead'), 'backup', '--out', 'lead-r1.db']);
  sign('m2');
  release(2);
  run([...db('lead'), 'request-cosignature', id, '--old', '1', '--out', 'req2-honest.txt']);
  cosign('w3', 'req2-honest.txt', 'w3-r2-honest.json');
  run([...db('lead'), 'restore', 'lead-r1.db']);
  sign('m3');
  release(2);
  run([...db('lead'), 'request-cosignature', id, '--old', '1', '--out', 'req2.txt']);
  cosign('w1', 'req2.txt', 'w1-r2.json');
  cosign('w2', 'req2.txt', 'w2-r2.json');
  run([...db('lead'), 'request-cosignature', id, '--old', '2', '--out', 'req2-from-2.txt']);
  const refused = cosign('w3', 'req2-from-2.txt', 'w3-r2.json', [1]).stderr;
  run([...db('lead'), 'import', 'w1-r2.json', 'w2-r2.json']);
  run([...db('lead'), 'export', id, '--out', 'r2.json']);
  return { r1: join(dir, 'r1.json'), r2: join(dir, 'r2.json'), proof: join(dir, 'proof-w3.json'), refused, run };
}
