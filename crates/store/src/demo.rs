//! A synthetic coalition for trying the app and for benchmarks: a lead, an open statement and
//! N signatories with realistic names from many countries, all from one seed. The coalition has
//! checked who is behind the keys of its first signatories (FORMAT.md §14.7), so that its
//! release, of format 1.1, shows all three tiers; with `evidence: false` it checks none and its
//! release is of format 1 (the benchmarks').

use crate::{keys, Error, Result, Store};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::path::{Path, PathBuf};
use undersigned_core::endorsement::{self, SignerDetails, SignerKind};
use undersigned_core::fields::format_timestamp;
use undersigned_core::{FileKind, SecretKey};

/// The most signatories a demo makes.
pub const MAX_SIGNATORIES: usize = 1_000_000;

/// Refuses a demo larger than [`MAX_SIGNATORIES`].
pub fn check_size(signatories: usize) -> Result<()> {
    if signatories > MAX_SIGNATORIES {
        return Err(Error::Invalid(format!("a demo makes at most {MAX_SIGNATORIES} signatories")));
    }
    Ok(())
}

pub struct DemoOptions<'a> {
    pub dir: &'a Path,
    pub signatories: usize,
    pub files: bool,
    pub pending: bool,
    pub seed: u64,
    pub passphrase: &'a str,
    /// Record the coalition's checks of its first [`CHECKED`] signatories, which makes release 1
    /// of format 1.1; without them it is of format 1.
    pub evidence: bool,
}

/// How many of its first signatories the demo coalition checked: the organizations and people
/// it works with, not every one of a petition's million.
pub const CHECKED: usize = 1_000;

pub struct DemoResult {
    pub statement_id: String,
    pub lead_key: PathBuf,
    pub invitation: PathBuf,
    pub bundle: Option<PathBuf>,
    pub imported: usize,
    /// Release 1's signatories per tier (`website`, `attested`, `self-declared`; empty for a
    /// release of format 1 and when nothing was released).
    pub by_tier: std::collections::BTreeMap<String, u64>,
}

/// How the demo coalition checked who holds the key of signatory `i` (FORMAT.md §14.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// It fetched the organization's well-known file: found listing the key, or not found.
    Website {
        listed: bool,
    },
    /// Out of band, by a method of §14.7 with an optional note.
    ByHand(&'static str, Option<&'static str>),
    Unchecked,
}

/// The check of signatory `i` with `details`: most organizations have their key on their
/// website (a few have not published the file yet, a few were checked by a call or a known
/// e-mail thread), most individuals were checked by hand, the rest self-declared; spread over
/// the list by a fixed mixing of `i`.
fn check_of(i: usize, details: &SignerDetails) -> Check {
    if i >= CHECKED {
        return Check::Unchecked;
    }
    let h = ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) % 10;
    match (details.website.is_some(), h) {
        (true, 0..=5) => Check::Website { listed: true },
        (true, 6) => Check::Website { listed: false },
        (true, 7) => Check::ByHand("call", Some("Video call with the organization's director")),
        (true, 8) => Check::ByHand("email-thread", None),
        (true, _) => Check::Unchecked,
        (false, 0..=1) => Check::ByHand("in-person", Some("Met at the coalition's regional consultation")),
        (false, 2..=3) => Check::ByHand("call", None),
        (false, 4) => Check::ByHand("email-thread", None),
        (false, 5) => Check::ByHand("other", Some("Recommended by two member organizations")),
        (false, _) => Check::Unchecked,
    }
}

/// Records the check of signatory `i`, whose key is `key` and whose entry is `entry`. A website
/// check records what the organization's (fictitious, `.example.org`) site would have served on
/// `now`: its well-known file naming the key and the statement, or a 404.
fn record_check(
    store: &mut Store,
    statement_id: &str,
    entry: &str,
    i: usize,
    key: &undersigned_core::PublicKey,
    now: &str,
) -> Result<()> {
    let details = signatory(i as u64);
    match check_of(i, &details) {
        Check::Website { listed } => {
            let host = details
                .website
                .as_deref()
                .and_then(undersigned_core::tier::website_host)
                .ok_or_else(|| Error::Invalid(format!("the demo website of {} has no host", details.name)))?;
            let (status, body) = if listed {
                let file = undersigned_core::well_known::WellKnown::new(
                    &details.name,
                    vec![key.to_hex()],
                    vec![statement_id.to_owned()],
                );
                (200, file.to_json())
            } else {
                (404, Vec::new())
            };
            let snapshot = undersigned_core::attestation::snapshot(&host, now, status, &body);
            store.attest_website(entry, snapshot, now)?;
        }
        Check::ByHand(method, note) => {
            store.attest(entry, method, now.get(..10).unwrap_or(now), note, now)?;
        }
        Check::Unchecked => {}
    }
    Ok(())
}

const TEXT: &str = "We, the undersigned organizations and individuals, call on the States negotiating the \
draft treaty to guarantee the meaningful participation of civil society at every stage.\n\n\
## Our requests\n\n1. Publish every draft of the treaty text within seven days.\n2. Open the plenary sessions \
to accredited observers.\n3. Protect those who take part from reprisals.\n\nWe will follow the negotiations \
closely and report on them to the public.";

/// (country, given names, family names, an organization pattern language)
const PEOPLE: &[(&str, &[&str], &[&str], &str)] = &[
    (
        "KE",
        &["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Mwangi"],
        &["Odhiambo", "Kariuki", "Wambui", "Mutua", "Chebet"],
        "en",
    ),
    (
        "NG",
        &["Chinonso", "Aisha", "Emeka", "Funmilayo", "Ibrahim", "Ngozi"],
        &["Okafor", "Bello", "Adeyemi", "Eze", "Abubakar"],
        "en",
    ),
    (
        "SN",
        &["Amina", "Moussa", "Fatou", "Cheikh", "Awa", "Ousmane"],
        &["Diallo", "Ndiaye", "Sow", "Fall", "Diop"],
        "fr",
    ),
    (
        "ZA",
        &["Thandiwe", "Sipho", "Lerato", "Pieter", "Naledi", "Johan"],
        &["Nkosi", "Dlamini", "van der Merwe", "Mokoena", "Botha"],
        "en",
    ),
    (
        "EG",
        &["Nour", "Karim", "Yasmin", "Omar", "Mona", "Tarek"],
        &["Hassan", "El-Sayed", "Mahmoud", "Farouk", "Abdelrahman"],
        "en",
    ),
    (
        "MA",
        &["Salma", "Youssef", "Khadija", "Hamza", "Imane", "Mehdi"],
        &["Benali", "El Amrani", "Tazi", "Alaoui", "Berrada"],
        "fr",
    ),
    (
        "LB",
        &["Rania", "Georges", "Maya", "Ziad", "Lina", "Rami"],
        &["Khoury", "Haddad", "Nassar", "Saade", "Karam"],
        "en",
    ),
    (
        "JO",
        &["Dana", "Ahmad", "Ruba", "Khaled", "Hala", "Samer"],
        &["Al-Masri", "Haddad", "Qasem", "Odeh", "Nasser"],
        "en",
    ),
    ("TR", &["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Can"], &["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik"], "en"),
    (
        "IN",
        &["Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram"],
        &["Sharma", "Iyer", "Banerjee", "Reddy", "Menon"],
        "en",
    ),
    (
        "BD",
        &["Farhana", "Rafiq", "Nusrat", "Tanvir", "Shirin", "Arif"],
        &["Rahman", "Hossain", "Chowdhury", "Akter", "Islam"],
        "en",
    ),
    (
        "PH",
        &["Maria", "Jose", "Angelica", "Paolo", "Cristina", "Ramon"],
        &["Santos", "Reyes", "Cruz", "Bautista", "Garcia"],
        "en",
    ),
    (
        "ID",
        &["Dewi", "Budi", "Sari", "Agus", "Putri", "Rizky"],
        &["Santoso", "Wijaya", "Hidayat", "Lestari", "Saputra"],
        "en",
    ),
    (
        "JP",
        &["Yuki", "Haruto", "Aiko", "Kenji", "Sakura", "Takeshi"],
        &["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe"],
        "en",
    ),
    (
        "BR",
        &["Ana", "João", "Beatriz", "Lucas", "Camila", "Rafael"],
        &["Silva", "Souza", "Oliveira", "Pereira", "Costa"],
        "pt",
    ),
    (
        "MX",
        &["Sofía", "Diego", "Valentina", "Alejandro", "Lucía", "Mateo"],
        &["Hernández", "López", "Martínez", "González", "Ramírez"],
        "es",
    ),
    (
        "CO",
        &["Daniela", "Santiago", "Mariana", "Andrés", "Paula", "Felipe"],
        &["Rodríguez", "Gómez", "Vargas", "Castro", "Rojas"],
        "es",
    ),
    (
        "AR",
        &["Martina", "Joaquín", "Florencia", "Tomás", "Agustina", "Nicolás"],
        &["Fernández", "Romero", "Sosa", "Díaz", "Álvarez"],
        "es",
    ),
    (
        "US",
        &["Emily", "Michael", "Jessica", "David", "Sarah", "James"],
        &["Johnson", "Williams", "Brown", "Miller", "Davis"],
        "en",
    ),
    (
        "CA",
        &["Olivia", "Liam", "Chloé", "Noah", "Émilie", "Ethan"],
        &["Tremblay", "Roy", "Gagnon", "Smith", "Wilson"],
        "en",
    ),
    (
        "GB",
        &["Charlotte", "Oliver", "Amelia", "Harry", "Isla", "George"],
        &["Taylor", "Evans", "Thomas", "Roberts", "Walker"],
        "en",
    ),
    (
        "FR",
        &["Camille", "Louis", "Léa", "Hugo", "Manon", "Théo"],
        &["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau"],
        "fr",
    ),
    (
        "DE",
        &["Lena", "Jonas", "Mia", "Lukas", "Hannah", "Felix"],
        &["Müller", "Schmidt", "Schneider", "Fischer", "Weber"],
        "en",
    ),
    (
        "ES",
        &["Carmen", "Pablo", "Lucía", "Javier", "Elena", "Sergio"],
        &["García", "Fernández", "Ruiz", "Moreno", "Jiménez"],
        "es",
    ),
    (
        "IT",
        &["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo"],
        &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"],
        "en",
    ),
    (
        "PL",
        &["Zofia", "Jakub", "Maja", "Kacper", "Julia", "Szymon"],
        &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska"],
        "en",
    ),
    (
        "SE",
        &["Astrid", "Erik", "Ingrid", "Lars", "Saga", "Oskar"],
        &["Andersson", "Johansson", "Karlsson", "Nilsson", "Lindqvist"],
        "en",
    ),
    (
        "UA",
        &["Oksana", "Andriy", "Iryna", "Dmytro", "Olena", "Taras"],
        &["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko"],
        "en",
    ),
    (
        "GH",
        &["Akosua", "Kwame", "Abena", "Kofi", "Ama", "Yaw"],
        &["Mensah", "Owusu", "Boateng", "Asante", "Appiah"],
        "en",
    ),
    (
        "TN",
        &["Ines", "Skander", "Amel", "Walid", "Sarra", "Mehdi"],
        &["Ben Ali", "Trabelsi", "Gharbi", "Jaziri", "Bouazizi"],
        "fr",
    ),
];

const ORG_EN: (&[&str], &[&str], &[&str]) = (
    &[
        "Women's",
        "Youth",
        "Human Rights",
        "Environmental",
        "Indigenous Peoples'",
        "Press Freedom",
        "Land Rights",
        "Migrant Workers'",
        "Disability Rights",
        "Digital Rights",
        "Clean Water",
        "Climate Justice",
        "Legal Aid",
        "Health Access",
        "Open Government",
    ],
    &[
        "Network",
        "Alliance",
        "Coalition",
        "Forum",
        "Initiative",
        "Centre",
        "Foundation",
        "Association",
        "Collective",
        "Institute",
        "Watch",
        "Council",
    ],
    &[
        "",
        " for Change",
        " for Justice",
        " for Accountability",
        " in Action",
        " for Dignity",
        " International",
        " Trust",
    ],
);
const ORG_FR: (&[&str], &[&str], &[&str]) = (
    &[
        "Réseau",
        "Association",
        "Collectif",
        "Ligue",
        "Observatoire",
        "Forum",
        "Fondation",
        "Centre",
        "Coalition",
        "Mouvement",
        "Institut",
        "Alliance",
    ],
    &[
        "des femmes",
        "de la jeunesse",
        "des droits humains",
        "pour l'environnement",
        "pour l'eau",
        "pour la justice climatique",
        "pour la liberté de la presse",
        "des juristes",
        "pour la santé",
        "pour la transparence",
        "des travailleurs migrants",
        "pour l'accès à l'information",
    ],
    &["", " solidaires", " en action", " pour la dignité", " citoyenne", " et développement"],
);
const ORG_ES: (&[&str], &[&str], &[&str]) = (
    &[
        "Red",
        "Asociación",
        "Colectivo",
        "Fundación",
        "Centro",
        "Alianza",
        "Observatorio",
        "Coalición",
        "Movimiento",
        "Instituto",
        "Foro",
        "Liga",
    ],
    &[
        "de Mujeres",
        "de Jóvenes",
        "por los Derechos Humanos",
        "Ambiental",
        "por el Agua",
        "por la Justicia Climática",
        "por la Libertad de Prensa",
        "de Abogados",
        "por la Salud",
        "por la Transparencia",
        "de Pueblos Indígenas",
        "por la Tierra",
    ],
    &["", " en Acción", " por la Dignidad", " Ciudadana", " y Desarrollo", " Solidaria"],
);
const ORG_PT: (&[&str], &[&str], &[&str]) = (
    &[
        "Rede",
        "Associação",
        "Coletivo",
        "Fundação",
        "Centro",
        "Aliança",
        "Observatório",
        "Coalizão",
        "Movimento",
        "Instituto",
        "Fórum",
        "Articulação",
    ],
    &[
        "de Mulheres",
        "da Juventude",
        "pelos Direitos Humanos",
        "Ambiental",
        "pela Água",
        "pela Justiça Climática",
        "pela Liberdade de Imprensa",
        "de Advogados Populares",
        "pela Saúde",
        "pela Transparência",
        "dos Povos Indígenas",
        "pela Terra",
    ],
    &["", " em Ação", " pela Dignidade", " Cidadã", " e Desenvolvimento", " Solidária"],
);
const TITLES: &[&str] = &[
    "Professor of International Law",
    "Researcher",
    "Lawyer",
    "Journalist",
    "Former Special Rapporteur",
    "Doctor",
    "Lecturer in Human Rights",
    "Independent expert",
];
const AFFILIATIONS: &[&str] = &[
    "University of Nairobi",
    "Sciences Po",
    "Universidad de los Andes",
    "University of Cape Town",
    "Jawaharlal Nehru University",
    "Universidade de São Paulo",
    "American University of Beirut",
    "University of Oxford",
    "Ateneo de Manila University",
    "Cairo University",
];

/// The name, details and website of signatory `i` (unique for every `i` below 10 million).
pub fn signatory(i: u64) -> SignerDetails {
    let (country, given, family, lang) = PEOPLE[(i % PEOPLE.len() as u64) as usize];
    let j = i / PEOPLE.len() as u64;
    if j % 3 == 2 {
        // Individuals: given × initial × family, then a distinguishing number only far out.
        let g = given[(j % given.len() as u64) as usize];
        let k = j / given.len() as u64;
        let f = family[(k % family.len() as u64) as usize];
        let k = k / family.len() as u64;
        // Initials that no other letter imitates (I and L share a skeleton, as do O and 0).
        const INITIALS: &[u8] = b"ABCDEFGHJKMNPRSTUVWY";
        let initial = INITIALS[(k % INITIALS.len() as u64) as usize] as char;
        let k = k / INITIALS.len() as u64;
        let name = if k == 0 { format!("{g} {initial}. {f}") } else { format!("{g} {initial}. {f} {}", romanish(k)) };
        SignerDetails {
            name,
            kind: SignerKind::Individual,
            country: country.into(),
            website: None,
            title: Some(TITLES[(i % TITLES.len() as u64) as usize].into()),
            affiliation: i.is_multiple_of(2).then(|| AFFILIATIONS[(i / 2 % AFFILIATIONS.len() as u64) as usize].into()),
        }
    } else {
        let (a, b, c) = match lang {
            "fr" => ORG_FR,
            "es" => ORG_ES,
            "pt" => ORG_PT,
            _ => ORG_EN,
        };
        let x = a[(j % a.len() as u64) as usize];
        let k = j / a.len() as u64;
        let y = b[(k % b.len() as u64) as usize];
        let k = k / b.len() as u64;
        let z = c[(k % c.len() as u64) as usize];
        let k = k / c.len() as u64;
        let place = crate::demo::country_name(country);
        let base = format!("{x} {y}{z}");
        let name = if k == 0 { format!("{base} ({place})") } else { format!("{base} ({place}, chapter {})", k + 1) };
        let slug: String =
            name.chars().filter(|c| c.is_ascii_alphanumeric()).take(24).collect::<String>().to_lowercase();
        SignerDetails {
            name,
            kind: SignerKind::Organization,
            country: country.into(),
            website: Some(format!("https://{slug}{i}.example.org")),
            title: None,
            affiliation: None,
        }
    }
}

fn romanish(k: u64) -> String {
    format!("({})", k + 1)
}

fn country_name(code: &str) -> &'static str {
    undersigned_core::country::name(code).unwrap_or("")
}

/// The name of release 1's bundle in the demo's folder: a release as the app's "Export bundle…"
/// names it (the name `bundle.json` is for a bundle published beside its pages, FORMAT.md §15).
pub const BUNDLE: &str = "signatories-release-1.undersigned-bundle";

/// `stem` with the extension of files of `kind` (FORMAT.md §15).
fn file_name(stem: &str, kind: FileKind) -> String {
    format!("{stem}.{}", kind.extension().unwrap_or("json"))
}

/// Endorsements signed, then imported, at a time.
const DEMO_CHUNK: usize = 8192;

/// Makes the demo coalition in `store` and `opts.dir`; returns the statement id and paths.
pub fn run(
    store: &mut Store,
    opts: &DemoOptions<'_>,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<DemoResult> {
    check_size(opts.signatories)?;
    let dir = opts.dir;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let lead_key = dir.join(file_name("lead", FileKind::Key));
    let invitation_path = dir.join(file_name("invitation", FileKind::Invitation));
    let bundle_path = dir.join(BUNDLE);
    for p in [&lead_key, &invitation_path, &bundle_path] {
        if p.exists() {
            return Err(Error::Conflict(format!("{} already exists; give demo an empty folder", p.display())));
        }
    }
    let mut rng = ChaCha20Rng::seed_from_u64(opts.seed);
    let kf = keys::create(&lead_key, opts.passphrase, Some("Coalition for an Open Treaty Process".into()), &mut rng)?;
    let lead = kf.unlock(opts.passphrase)?;
    let opened = chrono::DateTime::from_timestamp(1_772_355_600, 0).unwrap_or_default(); // 2026-03-01T09:00:00Z
    let now = format_timestamp(opened);
    let mut id_bytes = [0u8; 16];
    rng.fill_bytes(&mut id_bytes);
    let id = store.create_statement(
        &lead.public_key(),
        "Coalition for an Open Treaty Process",
        "Joint statement on civil society participation in the treaty negotiations",
        TEXT,
        "en",
        &now,
        id_bytes,
    )?;
    store.edit_statement(
        &id,
        Some("Nous, organisations et personnes soussignées, appelons les États qui négocient le projet de traité à garantir la participation effective de la société civile à chaque étape."),
        Some("Déclaration commune sur la participation de la société civile aux négociations du traité"),
        Some("fr"),
        &now,
    )?;
    store.edit_statement(
        &id,
        Some("Nosotras, las organizaciones y personas abajo firmantes, pedimos a los Estados que negocian el proyecto de tratado que garanticen la participación efectiva de la sociedad civil en cada etapa."),
        Some("Declaración conjunta sobre la participación de la sociedad civil en las negociaciones del tratado"),
        Some("es"),
        &now,
    )?;
    store.edit_statement(
        &id,
        Some("نحن، المنظمات والأفراد الموقّعين أدناه، ندعو الدول التي تتفاوض على مشروع المعاهدة إلى ضمان المشاركة الفعلية للمجتمع المدني في كل مرحلة."),
        Some("بيان مشترك بشأن مشاركة المجتمع المدني في مفاوضات المعاهدة"),
        Some("ar"),
        &now,
    )?;
    let version = store.open_statement(&id, &lead, None, &now)?;
    let invitation = undersigned_core::AnyInvitation(version.clone());
    crate::files::write_atomic(&invitation_path, &invitation.to_json(), false)?;

    let endorsements_dir = dir.join("endorsements");
    if opts.files {
        std::fs::create_dir_all(&endorsements_dir)
            .map_err(|e| Error::io("cannot create the endorsements folder", e))?;
    }
    // Signed on every core and imported a chunk at a time, so that memory does not grow with N.
    // The keys come from the seeded generator in order, exactly as one after the other.
    let n = opts.signatories;
    let import_time = format_timestamp(opened + chrono::Duration::days(121));
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let mut imported = 0;
    let mut done = 0;
    let stage = if opts.pending { "signing" } else { "signing and importing" };
    while done < n {
        let count = DEMO_CHUNK.min(n - done);
        let seeds: Vec<[u8; 32]> = (0..count)
            .map(|_| {
                let mut s = [0u8; 32];
                rng.fill_bytes(&mut s);
                s
            })
            .collect();
        let per = count.div_ceil(threads);
        let signed: Vec<Result<(String, Vec<u8>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = seeds
                .chunks(per)
                .enumerate()
                .map(|(c, chunk)| {
                    let (version, dir) = (&version, &endorsements_dir);
                    s.spawn(move || {
                        chunk
                            .iter()
                            .enumerate()
                            .map(|(k, seed)| {
                                let i = done + c * per + k;
                                let sk = SecretKey::from_seed(seed);
                                let details = signatory(i as u64);
                                let at = opened + chrono::Duration::seconds(3600 + (i as i64 * 7919) % (120 * 86400));
                                let e = endorsement::sign(version, &details, &sk, format_timestamp(at))
                                    .map_err(Error::Verification)?;
                                let bytes = e.to_json();
                                let name = file_name(&format!("endorsement-{:07}", i + 1), FileKind::Endorsement);
                                if opts.files {
                                    // Demo files: written plainly (the store, not these, is crash-safe).
                                    let p = dir.join(&name);
                                    std::fs::write(&p, &bytes)
                                        .map_err(|e| Error::io(format!("cannot write {}", p.display()), e))?;
                                }
                                Ok((name, bytes))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(v) => v,
                    Err(p) => std::panic::resume_unwind(p),
                })
                .collect()
        });
        let files = signed.into_iter().collect::<Result<Vec<_>>>()?;
        if !opts.pending {
            let results = store.import(files, &import_time, &mut |_, _, _| {})?;
            for r in &results {
                let crate::Outcome::Accepted { entry, .. } = &r.outcome else { continue };
                imported += 1;
                // The signatory's number, from its file's name ("endorsement-0000001…" is 0).
                let i = r.file.get(12..19).and_then(|d| d.parse::<usize>().ok()).map(|n| n - 1);
                if let Some(i) = i.filter(|&i| opts.evidence && i < CHECKED && i >= done) {
                    let key = SecretKey::from_seed(&seeds[i - done]).public_key();
                    record_check(store, &id, entry, i, &key, &import_time)?;
                }
            }
        }
        done += count;
        progress(stage, done, n);
    }
    let mut bundle_out = None;
    let mut by_tier = Default::default();
    if !opts.pending {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        progress("publishing release 1", n, n);
        let (bundle, summary) = store.release(&id, &lead, &import_time, &seed)?;
        crate::files::write_atomic_with(&bundle_path, false, |w| bundle.write_json(w))?;
        bundle_out = Some(bundle_path);
        by_tier = summary.by_tier;
    }
    Ok(DemoResult { statement_id: id, lead_key, invitation: invitation_path, bundle: bundle_out, imported, by_tier })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_valid() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..20_000 {
            let d = signatory(i);
            assert!(undersigned_core::fields::name("name", &d.name, 200).is_ok(), "{}", d.name);
            assert!(undersigned_core::fields::country(&d.country).is_ok());
            assert!(seen.insert(crate::workflows::skeleton(&d.name)), "duplicate skeleton at {i}: {}", d.name);
        }
    }

    #[test]
    fn files_are_named_by_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.db")).unwrap();
        let out = dir.path().join("demo");
        let opts = DemoOptions {
            dir: &out,
            signatories: 3,
            files: true,
            pending: false,
            seed: 1,
            passphrase: "demo pass",
            evidence: false,
        };
        let r = run(&mut store, &opts, &mut |_, _, _| {}).unwrap();
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name(&r.lead_key), "lead.undersigned-key");
        assert_eq!(name(&r.invitation), "invitation.undersigned-invitation");
        assert_eq!(r.bundle.as_deref().map(name).as_deref(), Some(BUNDLE));
        for (p, kind) in [(&r.lead_key, FileKind::Key), (&r.invitation, FileKind::Invitation)] {
            assert_eq!(crate::files::kind_of(p), kind);
        }
        assert_eq!(crate::files::kind_of(r.bundle.as_deref().unwrap()), FileKind::Bundle);
        let mut endorsements: Vec<String> =
            std::fs::read_dir(out.join("endorsements")).unwrap().map(|e| name(&e.unwrap().path())).collect();
        endorsements.sort();
        assert_eq!(
            endorsements,
            (1..=3).map(|i| format!("endorsement-{i:07}.undersigned-endorsement")).collect::<Vec<_>>()
        );
        assert_eq!(crate::files::kind_of(&out.join("endorsements").join(&endorsements[0])), FileKind::Endorsement);
        // A second demo into the same folder is refused: nothing is overwritten.
        assert!(matches!(run(&mut store, &opts, &mut |_, _, _| {}), Err(Error::Conflict(_))));
    }

    /// Release 1 of a demo of `n` signatories, with or without the coalition's checks.
    fn demo(n: usize, evidence: bool) -> (tempfile::TempDir, Store, DemoResult, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.db")).unwrap();
        let out = dir.path().join("demo");
        let opts =
            DemoOptions { dir: &out, signatories: n, files: false, pending: false, seed: 5, passphrase: "p", evidence };
        let r = run(&mut store, &opts, &mut |_, _, _| {}).unwrap();
        let bytes = std::fs::read(r.bundle.as_deref().unwrap()).unwrap();
        (dir, store, r, bytes)
    }

    #[test]
    fn the_demo_shows_all_three_tiers_as_the_verifier_computes_them() {
        // Even a small demo (all organizations: its first individual is signatory 62).
        for n in [12, 200] {
            let (_dir, store, r, bytes) = demo(n, true);
            let v = undersigned_core::verify::verify_bundle(&bytes[..], None, &[1; 32], &Default::default());
            assert!(v.report.valid, "{:?}", v.report.errors);
            let x = v.report.format_1_1.as_ref().expect("release 1 is of format 1.1");
            assert_eq!(x.by_tier, r.by_tier, "the demo reports the verifier's counts");
            for tier in ["website", "attested", "self-declared"] {
                assert!(
                    r.by_tier.get(tier).copied().unwrap_or(0) > 0,
                    "{n} signatories: no {tier} tier in {:?}",
                    r.by_tier
                );
            }
            assert_eq!(r.by_tier.values().sum::<u64>(), n as u64);
            // Each signatory's tier is the one its check gives, by the verifier.
            let tiers = store.tiers(&r.statement_id).unwrap();
            let signatories = store.signatories(&r.statement_id).unwrap();
            assert_eq!(signatories.len(), n);
            let mut failed_sites = 0;
            for s in &signatories {
                let i = (0..n).find(|&i| signatory(i as u64).name == s.name).expect("a demo signatory");
                let got = tiers.get(&s.entry).map_or(undersigned_core::tier::Tier::SelfDeclared, |t| t.tier);
                let want = match check_of(i, &signatory(i as u64)) {
                    Check::Website { listed: true } => undersigned_core::tier::Tier::Website,
                    Check::ByHand(..) => undersigned_core::tier::Tier::Attested,
                    Check::Website { listed: false } => {
                        failed_sites += 1;
                        undersigned_core::tier::Tier::SelfDeclared
                    }
                    Check::Unchecked => undersigned_core::tier::Tier::SelfDeclared,
                };
                assert_eq!(got, want, "signatory {i}: {}", s.name);
            }
            if n == 200 {
                assert!(failed_sites > 0, "some website was found without the file");
            }
        }
    }

    #[test]
    fn without_evidence_the_demo_releases_format_1() {
        let (_dir, store, r, bytes) = demo(70, false);
        assert!(r.by_tier.is_empty());
        let v = undersigned_core::verify::verify_bundle(&bytes[..], None, &[1; 32], &Default::default());
        assert!(v.report.valid && v.report.format_1_1.is_none(), "release 1 is of format 1");
        assert!(store.attestations(&r.statement_id, None).unwrap().is_empty());
    }

    #[test]
    fn only_the_first_signatories_are_checked() {
        let checked = |range: std::ops::Range<usize>| {
            range.filter(|&i| check_of(i, &signatory(i as u64)) != Check::Unchecked).count()
        };
        assert!(checked(0..CHECKED) > CHECKED / 2);
        assert_eq!(checked(CHECKED..CHECKED + 5_000), 0);
    }
}
