  // ---------------------------------------------------------------------------------------------
  // Field rules (§5). Each returns null, or a sentence for people.
  // ---------------------------------------------------------------------------------------------

  // Classes of one character (a string of one code point), from the page's own Unicode 18.0.0
  // tables (09-unicode.js).
  const cpOf = (c) => c.codePointAt(0);
  const isControl = (c) => isOfClass('Cc', cpOf(c));
  const isFormat = (c) => isOfClass('Cf', cpOf(c));
  const isSeparator = (c) => isOfClass('Zl', cpOf(c)) || isOfClass('Zp', cpOf(c));
  const isUnassignedOrPrivate = (c) => isOfClass('Cn', cpOf(c)) || isOfClass('Co', cpOf(c));
  const isWhite = (c) => isWhiteSpace(cpOf(c));
  const codePoint = (c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
  // The ASCII characters in none of the classes a name refuses, found in the same tables once:
  // most characters of most names, passed without a search.
  const PLAIN_ASCII = Uint8Array.from({ length: 128 }, (_, cp) => {
    const c = String.fromCharCode(cp);
    return isControl(c) || isSeparator(c) || isFormat(c) || isUnassignedOrPrivate(c) ? 0 : 1;
  });

  function lengthRule(field, chars, min, max) {
    if (chars.length < min) return `${field} is empty`;
    if (chars.length > max) return `${field} is ${chars.length} characters long, more than ${max}`;
    return null;
  }

  /**
   * Zero-width joiners (U+200C, U+200D) are allowed between two characters that are each a
   * non-ASCII letter (L) or a mark (M): Persian, the Indic scripts… (§5).
   */
  function joinerInContext(prev, next) {
    const letter = (c) => c !== undefined && ((isOfClass('L', cpOf(c)) && cpOf(c) > 0x7f) || isOfClass('M', cpOf(c)));
    return letter(prev) && letter(next);
  }

  /** A one-line name: of a signer, a lead, a title, an affiliation, a statement title. */
  function nameRule(field, s, max) {
    if (!isNfc(s)) return `${field} is not in Unicode normalization form C`;
    const chars = Array.from(s);
    const len = lengthRule(field, chars, 1, max);
    if (len) return len;
    if (isWhite(chars[0]) || isWhite(chars[chars.length - 1])) return `${field} starts or ends with white space`;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c.charCodeAt(0) < 128 && PLAIN_ASCII[c.charCodeAt(0)]) continue;
      if (isControl(c)) return `${field} contains a control character (${codePoint(c)})`;
      if (isSeparator(c)) return `${field} contains a line break (${codePoint(c)})`;
      if (isFormat(c)) {
        const joiner = c === '\u200c' || c === '\u200d';
        if (!(joiner && joinerInContext(chars[i - 1], chars[i + 1]))) {
          return `${field} contains an invisible formatting character (${codePoint(c)})`;
        }
      }
      if (isUnassignedOrPrivate(c)) return `${field} contains an unassigned or private-use character (${codePoint(c)})`;
    }
    return null;
  }

  function bodyRule(field, s) {
    if (!isNfc(s)) return `${field} is not in Unicode normalization form C`;
    const chars = Array.from(s);
    const len = lengthRule(field, chars, 1, 1000000);
    if (len) return len;
    const bad = chars.find((c) => isControl(c) && c !== '\t' && c !== '\n');
    if (bad) return `${field} contains a control character (${codePoint(bad)})`;
    const unassigned = chars.find(isUnassignedOrPrivate);
    if (unassigned) return `${field} contains an unassigned or private-use character (${codePoint(unassigned)})`;
    return directionRule(field, s);
  }

  // §5, direction in a body: no embedding or override (U+202A–U+202E), and the isolates
  // (U+2066–U+2068, closed by U+2069) balanced within each line.
  function directionRule(field, s) {
    for (const line of s.split('\n')) {
      let open = 0;
      for (const c of line) {
        if (c >= '\u202A' && c <= '\u202E') {
          return `${field} contains a text-direction override (${codePoint(c)}), which can make it display otherwise than it reads`;
        }
        if (c >= '\u2066' && c <= '\u2068') open++;
        else if (c === '\u2069') {
          if (open === 0) return `${field} closes a direction isolate (U+2069) that no line opened`;
          open--;
        }
      }
      if (open > 0) return `${field} leaves a direction isolate open at the end of a line`;
    }
    return null;
  }

  // §5: two language tags are one language when ASCII letters are compared without case.
  function sameLanguage(a, b) {
    return a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());
  }

  // §1: a hex member that is only compared, never verified: 64 lowercase hex digits.
  function keyHexRule(field, s) {
    return fromHex(s, 32) ? null : `${field} is not 64 lowercase hex digits`;
  }

  // §9, time order: a timestamp of the §1 form, else null (then it is compared with nothing).
  function orderedTime(s) {
    return timestampRule('', s) ? null : s;
  }

  // Whether timestamp a is earlier than b, both of the §1 form (§9).
  function earlier(a, b) {
    const x = orderedTime(a);
    const y = orderedTime(b);
    return x !== null && y !== null && x < y;
  }

  function languageRule(s) {
    const parts = s.split('-');
    const ok =
      s.length <= 35 &&
      /^[a-z]{2,3}$/.test(parts[0]) &&
      parts.slice(1).every((p) => /^[A-Za-z0-9]{1,8}$/.test(p));
    return ok ? null : `language "${s}" is not a language tag such as "en", "fr" or "pt-BR"`;
  }

  const COUNTRY_LIST =
    "AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|" +
    "AM Armenia|AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|" +
    "AW Aruba|AX Åland Islands|AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|" +
    "BE Belgium|BF Burkina Faso|BG Bulgaria|BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|" +
    "BM Bermuda|BN Brunei Darussalam|BO Bolivia|BQ Bonaire, Sint Eustatius and Saba|BR Brazil|" +
    "BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada|" +
    "CC Cocos (Keeling) Islands|CD Democratic Republic of the Congo|CF Central African Republic|" +
    "CG Congo|CH Switzerland|CI Côte d'Ivoire|CK Cook Islands|CL Chile|CM Cameroon|CN China|" +
    "CO Colombia|CR Costa Rica|CU Cuba|CV Cabo Verde|CW Curaçao|CX Christmas Island|CY Cyprus|" +
    "CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|DZ Algeria|" +
    "EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia|FI Finland|" +
    "FJ Fiji|FK Falkland Islands (Malvinas)|FM Micronesia|FO Faroe Islands|FR France|GA Gabon|" +
    "GB United Kingdom|GD Grenada|GE Georgia|GF French Guiana|GG Guernsey|GH Ghana|GI Gibraltar|" +
    "GL Greenland|GM Gambia|GN Guinea|GP Guadeloupe|GQ Equatorial Guinea|GR Greece|" +
    "GS South Georgia and the South Sandwich Islands|GT Guatemala|GU Guam|GW Guinea-Bissau|GY Guyana|" +
    "HK Hong Kong|HM Heard Island and McDonald Islands|HN Honduras|HR Croatia|HT Haiti|HU Hungary|" +
    "ID Indonesia|IE Ireland|IL Israel|IM Isle of Man|IN India|IO British Indian Ocean Territory|" +
    "IQ Iraq|IR Iran|IS Iceland|IT Italy|JE Jersey|JM Jamaica|JO Jordan|JP Japan|KE Kenya|" +
    "KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|KN Saint Kitts and Nevis|KP North Korea|" +
    "KR South Korea|KW Kuwait|KY Cayman Islands|KZ Kazakhstan|LA Laos|LB Lebanon|LC Saint Lucia|" +
    "LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania|LU Luxembourg|LV Latvia|" +
    "LY Libya|MA Morocco|MC Monaco|MD Moldova|ME Montenegro|MF Saint Martin (French part)|" +
    "MG Madagascar|MH Marshall Islands|MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|" +
    "MP Northern Mariana Islands|MQ Martinique|MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|" +
    "MV Maldives|MW Malawi|MX Mexico|MY Malaysia|MZ Mozambique|NA Namibia|NC New Caledonia|NE Niger|" +
    "NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands|NO Norway|NP Nepal|NR Nauru|NU Niue|" +
    "NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia|PG Papua New Guinea|PH Philippines|" +
    "PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn|PR Puerto Rico|PS Palestine|" +
    "PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|RS Serbia|RU Russian Federation|" +
    "RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SE Sweden|SG Singapore|" +
    "SH Saint Helena, Ascension and Tristan da Cunha|SI Slovenia|SJ Svalbard and Jan Mayen|" +
    "SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|SO Somalia|SR Suriname|SS South Sudan|" +
    "ST Sao Tome and Principe|SV El Salvador|SX Sint Maarten (Dutch part)|SY Syria|SZ Eswatini|" +
    "TC Turks and Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TH Thailand|" +
    "TJ Tajikistan|TK Tokelau|TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Türkiye|" +
    "TT Trinidad and Tobago|TV Tuvalu|TW Taiwan|TZ Tanzania|UA Ukraine|UG Uganda|" +
    "UM United States Minor Outlying Islands|US United States|UY Uruguay|UZ Uzbekistan|" +
    "VA Holy See (Vatican City State)|VC Saint Vincent and the Grenadines|VE Venezuela|" +
    "VG Virgin Islands (British)|VI Virgin Islands (U.S.)|VN Vietnam|VU Vanuatu|WF Wallis and Futuna|" +
    "WS Samoa|YE Yemen|YT Mayotte|ZA South Africa|ZM Zambia|ZW Zimbabwe";

  const COUNTRIES = new Map(COUNTRY_LIST.split('|').map((x) => [x.slice(0, 2), x.slice(3)]));

  function countryRule(s) {
    return COUNTRIES.has(s) ? null : `country "${s}" is not an ISO 3166-1 alpha-2 code such as "KE" or "FR"`;
  }

  function websiteRule(s) {
    if (!isNfc(s)) return 'website is not in Unicode normalization form C';
    const len = lengthRule('website', Array.from(s), 1, 2048);
    if (len) return len;
    const rest = s.startsWith('https://') ? s.slice(8) : s.startsWith('http://') ? s.slice(7) : null;
    if (!rest) return `website "${s}" does not start with https:// or http://`;
    for (const c of s) {
      if (isWhite(c) || isControl(c) || isFormat(c)) {
        return 'website contains white space or invisible characters';
      }
    }
    return null;
  }

  function realDate(y, m, d) {
    if (y < 2000 || m < 1 || m > 12 || d < 1) return false;
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    return d <= days;
  }

  /** `YYYY-MM-DDTHH:MM:SSZ`, a real UTC date-time from 2000 to 9999 (§1). */
  function timestampRule(field, s) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$/.exec(s);
    const ok = m && realDate(+m[1], +m[2], +m[3]) && +m[4] <= 23 && +m[5] <= 59 && +m[6] <= 59;
    return ok ? null : `${field} "${s}" is not a UTC time of the form 2026-03-01T09:00:00Z`;
  }

  function dateRule(field, s) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
    return m && realDate(+m[1], +m[2], +m[3]) ? null : `${field} "${s}" is not a date of the form 2026-06-30`;
  }

  const digestRule = (field, s) => (fromHex(s, 32) ? null : `${field} is not 64 lowercase hex digits`);
  const statementIdRule = (s) => (fromHex(s, 16) ? null : 'statement id is not 32 lowercase hex digits');
  // Two statement ids that differ, both of their §1 form (an id that breaks it is compared with nothing).
  const differentIds = (a, b) => !statementIdRule(a) && !statementIdRule(b) && a !== b;

