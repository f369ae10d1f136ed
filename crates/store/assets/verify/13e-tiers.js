  // ---------------------------------------------------------------------------------------------
  // Format 1.1: tiers (§14.7) and vouchers (§14.9), computed from the lead's valid attestations,
  // never read from the bundle: `website` (the lead reports that the signer's own site listed the
  // key), `attested` (the lead checked it out of band), `self-declared` (nothing).
  // ---------------------------------------------------------------------------------------------

  const TIERS = ['website', 'attested', 'self-declared'];

  /** The website host of a signer's `website` (§14.7), or null. */
  function websiteHost(website) {
    let rest = website.startsWith('https://') ? website.slice(8) : website.startsWith('http://') ? website.slice(7) : null;
    if (rest === null) return null;
    const end = rest.search(/[/?#]/);
    let host = end < 0 ? rest : rest.slice(0, end);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    const port = /:([0-9]+)$/.exec(host);
    if (port) host = host.slice(0, port.index);
    host = host.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (host.length < 1 || host.length > 253) return null;
    const labels = host.split('.');
    const labelOk = (l) => l.length >= 1 && l.length <= 63 && /^[a-z0-9-]+$/.test(l) && l[0] !== '-' && l[l.length - 1] !== '-';
    if (!labels.every(labelOk) || /^[0-9]+$/.test(labels[labels.length - 1])) return null;
    return host;
  }

  /** The host of a snapshot's `url` when it has §14.7's exact form, or null. */
  function snapshotHost(url) {
    const m = /^https:\/\/([a-z0-9.-]{1,253})\/\.well-known\/undersigned\.json$/.exec(url);
    return m ? m[1] : null;
  }

  /** What snapshot `w` shows of a signer (key, website) for the statement: §14.7's order. */
  function websiteFinding(w, key, website, statementId) {
    const host = snapshotHost(w.url);
    if (host === null || website === undefined || host !== websiteHost(website)) return 'other-host';
    if (w.status !== 200) return 'http-status';
    let file = null;
    try {
      file = parseFile(base64Decode(w.body_base64), 'well-known');
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
    }
    if (file === null || verifyWellKnown(file).length > 0) return 'not-a-well-known-file';
    if (!file.keys.includes(key)) return 'key-not-listed';
    if (file.statements !== undefined && !file.statements.includes(statementId)) return 'other-statements';
    return 'listed';
  }

  /**
   * An entry's tier and evidence from the valid attestations naming it; `signer` is null for a
   * revealed hidden entry (never `website`: nothing is fetched for one).
   */
  function tierOf(attestations, signer) {
    let best = 2;
    const evidence = attestations.map((a) => {
      let website = null;
      if (a.website !== undefined) {
        const w = a.website;
        website = {
          url: w.url,
          host: snapshotHost(w.url) || '',
          fetched_at: w.fetched_at,
          status: w.status,
          body_sha256: w.body_sha256,
          finding: signer ? websiteFinding(w, signer.public_key, signer.website, a.statement_id) : 'other-host',
        };
        if (website.finding === 'listed') best = 0;
      } else {
        best = Math.min(best, 1);
      }
      return { method: a.method, checked_on: a.checked_on, note: a.note === undefined ? null : a.note, website };
    });
    return { tier: TIERS[best], evidence };
  }

  /**
   * Each endorsement's and revealed hidden entry's tier, from its id's first occurrence; each
   * hidden entry's vouchers; the named signatories by tier and the unnamed ones vouched for.
   * `attested` maps an entry id to its valid attestations' bodies.
   */
  function tiersAndVouchers(entries, idHex, position, revealedBy, attested, lines) {
    entries.forEach((e, i) => {
      const first = position.has(idHex[i]) ? position.get(idHex[i]) : i;
      const named = attested.get(idHex[i]) || [];
      if (e.endorsement) lines[i].tier = tierOf(named, e.endorsement.signed.signer);
      else if (e.hidden && revealedBy[first] !== null) lines[i].tier = tierOf(named, null);
    });
    const websiteKeys = new Set();
    entries.forEach((e, i) => {
      if (e.endorsement && lines[i].status === 'active' && lines[i].tier.tier === 'website') websiteKeys.add(e.endorsement.signed.signer.public_key);
    });
    const vouchers = new Map();
    entries.forEach((e, i) => {
      if (!e.vouch || lines[i].errors.length > 0) return;
      const v = e.vouch.signed;
      if (!websiteKeys.has(v.voucher_key)) return;
      if (!vouchers.has(v.hidden)) vouchers.set(v.hidden, new Set());
      vouchers.get(v.hidden).add(v.voucher_key);
    });
    const byTier = { website: 0, attested: 0, 'self-declared': 0 };
    let vouched = 0;
    entries.forEach((e, i) => {
      const line = lines[i];
      if (e.hidden) {
        line.vouchers = vouchers.has(idHex[i]) ? vouchers.get(idHex[i]).size : 0;
        if (line.status === 'active' && !line.tier && line.vouchers > 0) vouched++;
      }
      if (line.tier && line.status === 'active') byTier[line.tier.tier]++;
    });
    return { by_tier: byTier, vouched };
  }
