//! The publication pages' own words, in the four languages the app speaks: English, French,
//! Spanish and Arabic (issue 19). The statement's texts are the coalition's; everything around
//! them (headings, counts, dates, country names, explanations) is here, one method per phrase
//! with an arm per language, so that a phrase missing in a language does not compile.
//!
//! Counts in Arabic are written "عدد X: n" (the number of X: n), which needs no plural forms;
//! names written left to right inside an Arabic sentence are isolated (U+2068 … U+2069).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::collections::HashMap;
use std::sync::OnceLock;
use undersigned_core::country;

/// A language of the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    Es,
    Ar,
}

use Lang::*;

/// French, Spanish and Arabic names of every country, from CLDR (assets/pages/country-names.tsv,
/// made by make-country-names.mjs beside it).
const COUNTRY_NAMES: &str = include_str!("../../assets/pages/country-names.tsv");

fn country_names() -> &'static HashMap<&'static str, [&'static str; 3]> {
    static NAMES: OnceLock<HashMap<&'static str, [&'static str; 3]>> = OnceLock::new();
    NAMES.get_or_init(|| {
        COUNTRY_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?, [f.next()?, f.next()?, f.next()?]))
            })
            .collect()
    })
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
];

/// Isolates a name inside an Arabic sentence, so that a name in Latin letters (or one ending in
/// punctuation) does not reorder the words around it.
fn iso(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// A number as a template passes it: by value or by reference (askama passes references).
pub trait Count {
    fn count(&self) -> u64;
}

impl Count for u64 {
    fn count(&self) -> u64 {
        *self
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> u64 {
        (**self).count()
    }
}

impl Lang {
    pub const ALL: [Lang; 4] = [En, Fr, Es, Ar];

    /// The language of a BCP 47 tag (its primary subtag), if the pages speak it.
    pub fn of(tag: &str) -> Option<Lang> {
        let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    pub fn tag(self) -> &'static str {
        match self {
            En => "en",
            Fr => "fr",
            Es => "es",
            Ar => "ar",
        }
    }

    pub fn dir(self) -> &'static str {
        if self == Ar {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language by its own name, for the switch between the pages.
    pub fn own_name(self) -> &'static str {
        match self {
            En => "English",
            Fr => "Français",
            Es => "Español",
            Ar => "العربية",
        }
    }

    /// index.html for the first language of a publication, index.<tag>.html for the others.
    pub fn index_file(self, primary: Lang) -> String {
        if self == primary {
            "index.html".into()
        } else {
            format!("index.{}.html", self.tag())
        }
    }

    /// `1234567` in the language's digits and grouping (as CLDR 48 writes them): `1,234,567`,
    /// `1 234 567` (narrow no-break spaces), `1.234.567` (Spanish groups from five digits).
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            En | Ar => ",",
            Fr => "\u{202f}",
            Es if digits.len() <= 4 => "",
            Es => ".",
        };
        let groups: Vec<&str> =
            digits.as_bytes().rchunks(3).rev().map(|g| std::str::from_utf8(g).unwrap_or_default()).collect();
        groups.join(sep)
    }

    /// `n` and a noun in its form for `n` (English, French, Spanish; Arabic counts are written
    /// "عدد X: n" and do not come here). French and Spanish say "1 000 000 de …".
    fn counted(self, n: u64, one: &str, other: &str) -> String {
        let one_form = match self {
            Fr => n <= 1,
            _ => n == 1,
        };
        let de = matches!(self, Fr | Es) && n != 0 && n.is_multiple_of(1_000_000);
        format!("{} {}{}", self.number(n), if de { "de " } else { "" }, if one_form { one } else { other })
    }

    /// `2026-10-01T12:00:00Z` → `1 October 2026`, `1 octobre 2026`, `1 de octubre de 2026`,
    /// `1 أكتوبر 2026`; anything else as it is.
    pub fn date(self, ts: &str) -> String {
        match ts.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) => self.date_of(d),
            None => ts.to_owned(),
        }
    }

    fn date_of(self, d: NaiveDate) -> String {
        let month = MONTHS[self as usize][d.month0() as usize];
        match self {
            Es => format!("{} de {month} de {}", d.day(), d.year()),
            _ => format!("{} {month} {}", d.day(), d.year()),
        }
    }

    /// `2026-10-01T12:07:00Z` → `1 October 2026, 12:07 UTC` (`1 octobre 2026 à 12:07 UTC`, …).
    pub fn time(self, ts: &str) -> String {
        match NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%SZ") {
            Ok(t) if ts.len() == 20 => {
                let clock = format!("{:02}:{:02} UTC", t.hour(), t.minute());
                let date = self.date_of(t.date());
                match self {
                    En | Es => format!("{date}, {clock}"),
                    Fr => format!("{date} à {clock}"),
                    Ar => format!("{date}، {clock}"),
                }
            }
            _ => ts.to_owned(),
        }
    }

    /// The names of the months, January first.
    pub fn months(self) -> [&'static str; 12] {
        MONTHS[self as usize]
    }

    /// A country's name, or its code if it has none.
    pub fn country(self, code: &str) -> &str {
        let name = match self {
            En => country::name(code),
            _ => country_names().get(code).map(|n| n[self as usize - 1]).or_else(|| country::name(code)),
        };
        name.unwrap_or(code)
    }

    // ----- The words -----------------------------------------------------------------------

    pub fn joint_statement(self) -> &'static str {
        match self {
            En => "Joint statement",
            Fr => "Déclaration commune",
            Es => "Declaración conjunta",
            Ar => "بيان مشترك",
        }
    }

    /// `Release 2`.
    pub fn release(self, n: impl Count) -> String {
        let n = n.count();
        match self {
            En => format!("Release {n}"),
            Fr => format!("Édition {n}"),
            Es => format!("Edición {n}"),
            Ar => format!("الإصدار {n}"),
        }
    }

    pub fn published_by(self) -> &'static str {
        match self {
            En => "Published by",
            Fr => "Publiée par",
            Es => "Publicada por",
            Ar => "نشره",
        }
    }

    /// `1,234 signatories from 12 countries`.
    pub fn signatories_from(self, signatories: impl Count, countries: impl Count) -> String {
        let (signatories, countries) = (signatories.count(), countries.count());
        let (s, c) = (signatories, countries);
        match self {
            En => format!(
                "{} from {}",
                self.counted(s, "signatory", "signatories"),
                self.counted(c, "country", "countries")
            ),
            Fr => format!("{} de {}", self.counted(s, "signataire", "signataires"), self.counted(c, "pays", "pays")),
            Es => format!("{} de {}", self.counted(s, "firmante", "firmantes"), self.counted(c, "país", "países")),
            Ar => format!("عدد الموقّعين: {} · عدد البلدان: {}", self.number(s), self.number(c)),
        }
    }

    /// `1,234 signatories` (the footer).
    pub fn signatories(self, n: impl Count) -> String {
        let n = n.count();
        match self {
            En => self.counted(n, "signatory", "signatories"),
            Fr => self.counted(n, "signataire", "signataires"),
            Es => self.counted(n, "firmante", "firmantes"),
            Ar => format!("عدد الموقّعين: {}", self.number(n)),
        }
    }

    pub fn contents(self) -> &'static str {
        match self {
            En => "Contents",
            Fr => "Sommaire",
            Es => "Contenido",
            Ar => "المحتويات",
        }
    }

    pub fn statement(self) -> &'static str {
        match self {
            En => "Statement",
            Fr => "Déclaration",
            Es => "Declaración",
            Ar => "البيان",
        }
    }

    pub fn signatories_heading(self) -> &'static str {
        match self {
            En => "Signatories",
            Fr => "Signataires",
            Es => "Firmantes",
            Ar => "الموقّعون",
        }
    }

    pub fn withdrawn_heading(self) -> &'static str {
        match self {
            En => "Withdrawn",
            Fr => "Signatures retirées",
            Es => "Firmas retiradas",
            Ar => "التوقيعات المسحوبة",
        }
    }

    pub fn verify_this_list(self) -> &'static str {
        match self {
            En => "Verify this list",
            Fr => "Vérifier cette liste",
            Es => "Verificar esta lista",
            Ar => "تحقّق من هذه القائمة",
        }
    }

    /// The switch between the page's languages, before the languages' names.
    pub fn languages(self) -> &'static str {
        match self {
            En => "This page in:",
            Fr => "Cette page en\u{a0}:",
            Es => "Esta página en:",
            Ar => "هذه الصفحة بـ:",
        }
    }

    /// `Text of version 2 of the statement, in every language it was signed in.`
    pub fn text_of_version(self, version: impl Count, several_languages: bool) -> String {
        let version = version.count();
        let (text, every) = match self {
            En => (format!("Text of version {version} of the statement"), ", in every language it was signed in"),
            Fr => (
                format!("Texte de la version {version} de la déclaration"),
                ", dans toutes les langues où elle a été signée",
            ),
            Es => {
                (format!("Texto de la versión {version} de la declaración"), ", en todos los idiomas en que se firmó")
            }
            Ar => (format!("نص النسخة {version} من البيان"), "، بكل اللغات التي وُقّع بها"),
        };
        format!("{text}{}.", if several_languages { every } else { "" })
    }

    /// Followed by the digest.
    pub fn digest_is(self) -> &'static str {
        match self {
            En => "Its digest is",
            Fr => "Son empreinte est",
            Es => "Su huella es",
            Ar => "بصمته",
        }
    }

    /// `1,200 organizations and 34 individuals from 12 countries; 3 withdrawn.`
    pub fn summary(
        self,
        organizations: Option<u64>,
        individuals: Option<u64>,
        countries: u64,
        withdrawn: u64,
    ) -> String {
        if self == Ar {
            let mut parts = Vec::new();
            if let Some(n) = organizations {
                parts.push(format!("عدد المنظمات: {}", self.number(n)));
            }
            if let Some(n) = individuals {
                parts.push(format!("عدد الأفراد: {}", self.number(n)));
            }
            parts.push(format!("عدد البلدان: {}", self.number(countries)));
            if withdrawn > 0 {
                parts.push(format!("عدد التوقيعات المسحوبة: {}", self.number(withdrawn)));
            }
            return format!("{}.", parts.join(" · "));
        }
        let (org, ind, and) = match self {
            En => (("organization", "organizations"), ("individual", "individuals"), "and"),
            Fr => (("organisation", "organisations"), ("personne", "personnes"), "et"),
            _ => (("organización", "organizaciones"), ("persona", "personas"), "y"),
        };
        let kinds: Vec<String> = [(organizations, org), (individuals, ind)]
            .into_iter()
            .filter_map(|(n, (one, other))| n.map(|n| self.counted(n, one, other)))
            .collect();
        let from = match self {
            En => format!("from {}", self.counted(countries, "country", "countries")),
            Fr => format!("de {}", self.counted(countries, "pays", "pays")),
            _ => format!("de {}", self.counted(countries, "país", "países")),
        };
        let gone = match (self, withdrawn) {
            (_, 0) => String::new(),
            (En, n) => format!("; {} withdrawn", self.number(n)),
            (Fr, n) => format!(" ; {}", self.counted(n, "signature retirée", "signatures retirées")),
            (_, n) => format!("; {}", self.counted(n, "firma retirada", "firmas retiradas")),
        };
        format!("{} {from}{gone}.", kinds.join(&format!(" {and} ")))
    }

    /// Around the mark `v1`: "Signatories marked [v1] signed an earlier version …".
    pub fn marked(self) -> (&'static str, &'static str) {
        match self {
            En => (
                "Signatories marked",
                "signed an earlier version of the text; each endorsement stays bound to the version it signed.",
            ),
            Fr => (
                "Les signataires marqués",
                "ont signé une version antérieure du texte ; chaque signature reste liée à la version signée.",
            ),
            Es => (
                "Los firmantes marcados con",
                "firmaron una versión anterior del texto; cada firma sigue ligada a la versión que firmó.",
            ),
            Ar => ("الموقّعون المميَّزون بالعلامة", "وقّعوا نسخة سابقة من النص؛ ويبقى كل توقيع مرتبطًا بالنسخة التي وُقّعت."),
        }
    }

    /// The mark's tooltip: `signed version 1`.
    pub fn signed_version(self, n: impl Count) -> String {
        let n = n.count();
        match self {
            En => format!("signed version {n}"),
            Fr => format!("a signé la version {n}"),
            Es => format!("firmó la versión {n}"),
            Ar => format!("وقّع النسخة {n}"),
        }
    }

    pub fn organizations(self) -> &'static str {
        match self {
            En => "Organizations",
            Fr => "Organisations",
            Es => "Organizaciones",
            Ar => "المنظمات",
        }
    }

    pub fn individuals(self) -> &'static str {
        match self {
            En => "Individuals",
            Fr => "Personnes",
            Es => "Personas",
            Ar => "الأفراد",
        }
    }

    pub fn identification_only(self) -> &'static str {
        match self {
            En => "Titles and affiliations are given for identification only.",
            Fr => "Les fonctions et affiliations sont indiquées à titre d’identification seulement.",
            Es => "Los cargos y afiliaciones se indican solo a efectos de identificación.",
            Ar => "تُذكر المناصب والانتماءات لغرض التعريف فقط.",
        }
    }

    pub fn withdrawn_note(self) -> &'static str {
        match self {
            En => "These signed the statement and later withdrew with a withdrawal signed by the same key. They are not counted as signatories. The list keeps them so that nobody disappears from it silently.",
            Fr => "Ces signataires ont signé la déclaration, puis se sont retirés par un retrait signé avec la même clé. Ils ne sont pas comptés parmi les signataires. La liste les garde pour que personne n’en disparaisse en silence.",
            Es => "Firmaron la declaración y después se retiraron con una retirada firmada con la misma clave. No se cuentan como firmantes. La lista los conserva para que nadie desaparezca de ella en silencio.",
            Ar => "وقّع هؤلاء البيان ثم سحبوا توقيعهم بسحبٍ موقَّع بالمفتاح نفسه. لا يُحتسبون ضمن الموقّعين، وتُبقيهم القائمة حتى لا يختفي أحد منها دون أثر.",
        }
    }

    /// `Individual, Kenya · withdrawn on 1 October 2026`.
    pub fn withdrawn_status(self, individual: bool, country: &str, withdrawn_at: Option<&str>) -> String {
        let when = withdrawn_at.map(|t| self.date(t)).unwrap_or_default();
        let country = self.country(country);
        let (kind, on) = match (self, individual) {
            (En, true) => ("Individual", "withdrawn on"),
            (En, false) => ("Organization", "withdrawn on"),
            (Fr, true) => ("Personne", "retrait le"),
            (Fr, false) => ("Organisation", "retrait le"),
            (Es, true) => ("Persona", "retirada el"),
            (Es, false) => ("Organización", "retirada el"),
            (Ar, true) => ("فرد", "سُحب التوقيع في"),
            (Ar, false) => ("منظمة", "سُحب التوقيع في"),
        };
        let comma = if self == Ar { "،" } else { "," };
        format!("{kind}{comma} {country} · {on} {when}")
    }

    /// The proof paragraph, around the link to verify.html and the command: three parts.
    pub fn proof(self, lead: &str, release: u64) -> [String; 3] {
        match self {
            En => [
                format!("Every name above signed the statement with its own key, and {lead} signed this list as release {release}. Anyone can check this without trusting this page: open"),
                "(it works offline, in any modern browser), or run".into(),
                format!(". Compare the lead’s key fingerprint with one obtained from {lead} directly."),
            ],
            Fr => [
                format!("Chaque nom ci-dessus a signé la déclaration avec sa propre clé, et {lead} a signé cette liste comme édition {release}. Chacun peut le vérifier sans faire confiance à cette page : ouvrez"),
                "(elle fonctionne hors ligne, dans tout navigateur récent) ou lancez".into(),
                format!(". Comparez l’empreinte de la clé de la coalition avec celle obtenue directement auprès de {lead}."),
            ],
            Es => [
                format!("Cada nombre de arriba firmó la declaración con su propia clave, y {lead} firmó esta lista como edición {release}. Cualquiera puede comprobarlo sin confiar en esta página: abra"),
                "(funciona sin conexión, en cualquier navegador moderno) o ejecute".into(),
                format!(". Compare la huella de la clave de la coalición con la que obtenga directamente de {lead}."),
            ],
            Ar => [
                format!("وقّع كل اسم أعلاه البيان بمفتاحه الخاص، ووقّع {} هذه القائمة بوصفها الإصدار {release}. يمكن لأي شخص التحقق من ذلك دون الوثوق بهذه الصفحة: افتح", iso(lead)),
                "(تعمل دون اتصال، في أي متصفح حديث) أو شغّل".into(),
                format!(". قارن بصمة مفتاح التحالف بالبصمة التي تحصل عليها من {} مباشرة.", iso(lead)),
            ],
        }
    }

    /// The facts' labels: release, lead, fingerprint, statement id, log, release id, previous.
    pub fn facts(self) -> Facts {
        match self {
            En => Facts {
                release: "Release",
                lead: "Lead",
                fingerprint: "Lead key fingerprint",
                statement_id: "Statement id",
                log: "Log",
                root: "root",
                release_id: "Release id",
                previous: "Previous release",
                id: "id",
            },
            Fr => Facts {
                release: "Édition",
                lead: "Coalition",
                fingerprint: "Empreinte de la clé de la coalition",
                statement_id: "Identifiant de la déclaration",
                log: "Journal",
                root: "racine",
                release_id: "Identifiant de l’édition",
                previous: "Édition précédente",
                id: "identifiant",
            },
            Es => Facts {
                release: "Edición",
                lead: "Coalición",
                fingerprint: "Huella de la clave de la coalición",
                statement_id: "Identificador de la declaración",
                log: "Registro",
                root: "raíz",
                release_id: "Identificador de la edición",
                previous: "Edición anterior",
                id: "identificador",
            },
            Ar => Facts {
                release: "الإصدار",
                lead: "التحالف",
                fingerprint: "بصمة مفتاح التحالف",
                statement_id: "معرّف البيان",
                log: "السجل",
                root: "الجذر",
                release_id: "معرّف الإصدار",
                previous: "الإصدار السابق",
                id: "المعرّف",
            },
        }
    }

    /// `2, issued 1 October 2026, 12:00 UTC`.
    pub fn issued(self, release: impl Count, time: &str) -> String {
        let release = release.count();
        match self {
            En => format!("{release}, issued {time}"),
            Fr => format!("{release}, publiée le {time}"),
            Es => format!("{release}, publicada el {time}"),
            Ar => format!("{release}، صدر في {time}"),
        }
    }

    /// `Digest of version 2`.
    pub fn digest_of_version(self, n: impl Count) -> String {
        let n = n.count();
        match self {
            En => format!("Digest of version {n}"),
            Fr => format!("Empreinte de la version {n}"),
            Es => format!("Huella de la versión {n}"),
            Ar => format!("بصمة النسخة {n}"),
        }
    }

    /// `1,235 entries`.
    pub fn entries(self, n: u64) -> String {
        match self {
            En => self.counted(n, "entry", "entries"),
            Fr => self.counted(n, "entrée", "entrées"),
            Es => self.counted(n, "entrada", "entradas"),
            Ar => format!("عدد القيود: {}", self.number(n)),
        }
    }

    /// The files paragraph: its start, then what each of the three files is.
    pub fn files(self) -> [&'static str; 4] {
        match self {
            En => [
                "Files of this publication:",
                "(the signed bundle),",
                "(a spreadsheet of the signatories),",
                "(the offline verifier).",
            ],
            Fr => [
                "Fichiers de cette publication :",
                "(la liste signée),",
                "(un tableur des signataires),",
                "(le vérificateur hors ligne).",
            ],
            Es => [
                "Archivos de esta publicación:",
                "(la lista firmada),",
                "(una hoja de cálculo de los firmantes),",
                "(el verificador sin conexión).",
            ],
            Ar => ["ملفات هذا النشر:", "(القائمة الموقَّعة)،", "(جدول بالموقّعين)،", "(أداة التحقق دون اتصال)."],
        }
    }

    /// `Release 2 of “Title”, published with Undersigned.`
    pub fn footer(self, release: impl Count, title: &str) -> String {
        let release = release.count();
        match self {
            En => format!("Release {release} of “{title}”, published with Undersigned."),
            Fr => format!("Édition {release} de « {title} », publiée avec Undersigned."),
            Es => format!("Edición {release} de «{title}», publicada con Undersigned."),
            Ar => format!("الإصدار {release} من «{}»، نُشر باستخدام Undersigned.", iso(title)),
        }
    }
}

/// The labels of the facts list (see [`Lang::facts`]).
pub struct Facts {
    pub release: &'static str,
    pub lead: &'static str,
    pub fingerprint: &'static str,
    pub statement_id: &'static str,
    pub log: &'static str,
    pub root: &'static str,
    pub release_id: &'static str,
    pub previous: &'static str,
    pub id: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_dates_and_counts_in_each_language() {
        // As Node's Intl (ICU 78.2, CLDR 48) writes them.
        let n = |l: Lang, x| l.number(x);
        assert_eq!(
            [n(En, 1234567), n(Fr, 1234567), n(Es, 1234567), n(Ar, 1234567)],
            ["1,234,567", "1\u{202f}234\u{202f}567", "1.234.567", "1,234,567"]
        );
        assert_eq!([n(Es, 1234), n(Es, 12345), n(Fr, 999), n(En, 0)], ["1234", "12.345", "999", "0"]);
        let d = "2026-12-04T08:05:00Z";
        assert_eq!(
            Lang::ALL.map(|l| l.date(d)),
            ["4 December 2026", "4 décembre 2026", "4 de diciembre de 2026", "4 ديسمبر 2026"]
        );
        assert_eq!(Fr.time(d), "4 décembre 2026 à 08:05 UTC");
        assert_eq!(En.time("2026-12-04T08:05:00.5Z"), "2026-12-04T08:05:00.5Z");
        assert_eq!(En.date("not a date"), "not a date");
        assert_eq!(En.signatories_from(1, 1), "1 signatory from 1 country");
        assert_eq!(En.signatories_from(1234, 12), "1,234 signatories from 12 countries");
        assert_eq!(Fr.signatories_from(0, 1), "0 signataire de 1 pays");
        assert_eq!(Fr.signatories_from(1_000_000, 2), "1\u{202f}000\u{202f}000 de signataires de 2 pays");
        assert_eq!(Es.signatories_from(2_000_000, 1), "2.000.000 de firmantes de 1 país");
        assert_eq!(Ar.signatories_from(12, 3), "عدد الموقّعين: 12 · عدد البلدان: 3");
        assert_eq!(
            En.summary(Some(1200), Some(1), 12, 3),
            "1,200 organizations and 1 individual from 12 countries; 3 withdrawn."
        );
        assert_eq!(Fr.summary(Some(2), None, 1, 1), "2 organisations de 1 pays ; 1 signature retirée.");
        assert_eq!(Ar.summary(None, Some(5), 2, 0), "عدد الأفراد: 5 · عدد البلدان: 2.");
    }

    #[test]
    fn countries_are_named_in_each_language() {
        assert_eq!(Lang::ALL.map(|l| l.country("SN")), ["Senegal", "Sénégal", "Senegal", "السنغال"]);
        assert_eq!(Es.country("KE"), "Kenia");
        // Every code core accepts has a name in every language.
        for (code, english) in country::all() {
            assert_eq!(En.country(code), *english);
            for l in [Fr, Es, Ar] {
                assert!(country_names().get(code).is_some_and(|n| !n[l as usize - 1].is_empty()), "{code} in {l:?}");
            }
        }
        assert_eq!(country_names().len(), country::all().len());
    }

    #[test]
    fn languages_by_tag_and_files() {
        assert_eq!([Lang::of("fr-CA"), Lang::of("AR"), Lang::of("pt"), Lang::of("")], [Some(Fr), Some(Ar), None, None]);
        assert_eq!(
            (Fr.index_file(En), En.index_file(En), Ar.dir()),
            ("index.fr.html".into(), "index.html".into(), "rtl")
        );
        // An Arabic sentence isolates the names inside it.
        assert!(Ar.footer(2, "Rivers Now!").contains("\u{2068}Rivers Now!\u{2069}"));
    }
}
