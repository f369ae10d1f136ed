//! The command line's flags and subcommands (clap); `main` dispatches each to its module.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "undersigned",
    version,
    about = "Joint statements that anyone can verify: sign, collect and publish endorsements"
)]
pub struct Cli {
    /// The store to use (default: $UNDERSIGNED_DB, else the platform data folder shared with the app).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create or inspect key files.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Draft, open and share statements (the coalition lead).
    #[command(subcommand)]
    Statement(StatementCmd),
    /// Sign the statement of an invitation (a member).
    Sign(SignArgs),
    /// Sign the withdrawal of an endorsement you signed (or of a hidden endorsement).
    Withdraw(WithdrawArgs),
    /// Name yourself on a list you signed without your name (format 1.1): from the release that
    /// carries this reveal on, the list shows your name.
    Reveal(RevealArgs),
    /// Vouch, as a named signatory, that you know a signer who is not named (format 1.1).
    Vouch(VouchArgs),
    /// The vetting packets of signers not named (the lead, format 1.1).
    #[command(subcommand)]
    Vetting(VettingCmd),
    /// Import endorsement and withdrawal files, or folders of them (the lead).
    Import(ImportArgs),
    /// The review queue: entries held because something about them needs a person's look.
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Who is behind a signatory's key (format 1.1): record how you checked it, as the lead.
    #[command(subcommand)]
    Attest(AttestCmd),
    /// Publish the next release of the signatory list, signed by the lead.
    Release(ReleaseArgs),
    /// Write the bundle of a published release again.
    Export(ExportArgs),
    /// Write the request a witness co-signs a release from (format 1.1, C2SP add-checkpoint): the
    /// witness answers with `undersigned witness add-checkpoint`.
    RequestCosignature(RequestCosignatureArgs),
    /// Add witnesses' cosignature files to a release (format 1.1); then export it again.
    AddCosignatures(AddCosignaturesArgs),
    /// Verify a bundle, and optionally that it keeps every entry of the previous release.
    Verify(VerifyArgs),
    /// Write the publication of a bundle into a folder: bundle.json, index.html (the statement and
    /// its signatories, printable), signatories.csv and verify.html (an offline verifier page).
    /// A bundle that does not verify is not published.
    Publish(PublishArgs),
    /// Make a demo coalition: a statement, N signatories, their import and release 1.
    Demo(DemoArgs),
    /// Check one endorsement, withdrawal, invitation or equivocation proof file (its kind is read
    /// from the file).
    Check(CheckArgs),
    /// Copy the store, while it is in use, to a new file (checked before it is kept).
    Backup(BackupArgs),
    /// Replace the store's content with a backup (checked before anything is replaced).
    Restore(RestoreArgs),
    /// What this store's user signed.
    Signed,
    /// Act as a witness: co-sign a lead's checkpoint only if it extends the last one you
    /// co-signed for that statement (C2SP add-checkpoint), and keep proof when it does not.
    #[command(subcommand)]
    Witness(WitnessCmd),
}

// The argument structs below carry no doc comment: the subcommand's help is its variant's.

#[derive(Args)]
pub struct SignArgs {
    pub invitation: PathBuf,
    #[arg(long)]
    pub key: PathBuf,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub country: String,
    #[arg(long, default_value = "organization", value_parser = ["organization", "individual"])]
    pub kind: String,
    #[arg(long)]
    pub website: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub affiliation: Option<String>,
    #[arg(long)]
    pub out: PathBuf,
    /// Sign without being named (FORMAT.md §14.9): the list counts you, the coalition's lead
    /// learns who you are from the vetting packet (written beside OUT, encrypted to the lead),
    /// and you may reveal yourself later (`undersigned reveal`). Only for an invitation that
    /// accepts signers not named.
    #[arg(long)]
    pub unnamed: bool,
    /// With --unnamed: the region the list may show you in (africa, americas, asia, europe,
    /// oceania); none by default, as a country could identify you.
    #[arg(long, requires = "unnamed", value_parser = ["africa", "americas", "asia", "europe", "oceania"])]
    pub region: Option<String>,
    /// With --unnamed: how the lead may check with you out of band, for the lead's eyes only.
    #[arg(long, requires = "unnamed")]
    pub contact: Option<String>,
}

#[derive(Args)]
pub struct RevealArgs {
    /// The hidden endorsement file you signed (`sign --unnamed`).
    pub hidden: PathBuf,
    #[arg(long)]
    pub key: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct VouchArgs {
    /// The entry id of the signer not named you vouch for (64 hex digits, from the lead).
    pub entry: String,
    /// The invitation of the statement you signed by name.
    #[arg(long)]
    pub invitation: PathBuf,
    #[arg(long)]
    pub key: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Subcommand)]
pub enum VettingCmd {
    /// Open a signer's vetting packet with your lead key: who is behind its hidden endorsement
    /// (for your eyes only), which is imported and held until you record your check.
    Open {
        packet: PathBuf,
        #[arg(long)]
        key: PathBuf,
    },
    /// Show again who is behind a hidden entry, from the vetting packets kept for it.
    Show {
        entry: String,
        #[arg(long)]
        key: PathBuf,
    },
    /// The statement's signers not named (an id or its first digits): each one's entry id,
    /// region, whether you checked it, and who vouches for it. Never who they are.
    List { statement: String },
}

#[derive(Args)]
pub struct WithdrawArgs {
    pub endorsement: PathBuf,
    #[arg(long)]
    pub key: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ReleaseArgs {
    pub id: String,
    #[arg(long)]
    pub key: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct RequestCosignatureArgs {
    pub id: String,
    /// The size of the last release this witness co-signed for this statement (0 the first
    /// time; a witness that refuses with "409 Conflict" says which).
    #[arg(long, default_value_t = 0)]
    pub old: u64,
    /// The release to have co-signed (the latest by default).
    #[arg(long)]
    pub release: Option<u64>,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct AddCosignaturesArgs {
    pub id: String,
    /// Cosignature files, as witnesses wrote them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The release they co-sign (the latest by default).
    #[arg(long)]
    pub release: Option<u64>,
}

#[derive(Args)]
pub struct ExportArgs {
    pub id: String,
    #[arg(long)]
    pub out: PathBuf,
    /// The release number (default: the latest).
    #[arg(long)]
    pub release: Option<u64>,
}

#[derive(Args)]
pub struct VerifyArgs {
    pub bundle: PathBuf,
    #[arg(long, value_name = "OLDER_BUNDLE")]
    pub previous: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also list every entry: its verdict and, in format 1.1, who is behind its key.
    #[arg(long)]
    pub entries: bool,
    /// A witness of your own (format 1.1): KEY_NAME,PUBLIC_KEY or its verifier key
    /// NAME+ID+KEY. Which of yours co-signed is reported apart; it never changes the verdict.
    #[arg(long = "witness", value_name = "KEY")]
    pub witnesses: Vec<String>,
    /// How many of your own witnesses you want to have co-signed (default: all of them).
    #[arg(long, value_name = "K", requires = "witnesses")]
    pub witness_quorum: Option<u64>,
    /// Also fetch again each website the lead reported (format 1.1) and say whether it still
    /// serves the same file, serves another, or is gone: checked by this computer, never part
    /// of the verdict or the exit code.
    #[arg(long)]
    pub online: bool,
}

#[derive(Args)]
pub struct PublishArgs {
    pub bundle: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    /// The previous release's bundle: checked against it, and carried in verify.html.
    #[arg(long, value_name = "OLDER_BUNDLE")]
    pub previous: Option<PathBuf>,
}

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long)]
    pub signatories: usize,
    #[arg(long)]
    pub out: PathBuf,
    /// Also write each endorsement as a file in OUT/endorsements/.
    #[arg(long)]
    pub files: bool,
    /// Leave the endorsements unimported (and publish no release).
    #[arg(long)]
    pub pending: bool,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The format of release 1: 1.1 (the default) carries the coalition's checks of who is
    /// behind the keys of its first 1,000 signatories, so that the list shows all three tiers;
    /// 1 records no checks (what the benchmarks measure).
    #[arg(long, default_value = "1.1", value_parser = ["1", "1.1"])]
    pub format: String,
}

#[derive(Args)]
pub struct CheckArgs {
    pub file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct BackupArgs {
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    pub file: PathBuf,
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Create a key file, encrypted under a passphrase.
    New {
        #[arg(long)]
        out: PathBuf,
        /// A label kept in the key file, e.g. your organization's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Show a key file's public key and fingerprint (no passphrase needed).
    Show { file: PathBuf },
    /// Write the file your organization's website serves to show this key is yours
    /// (https://YOUR-HOST/.well-known/undersigned.json; FORMAT.md §14.7). No passphrase needed.
    WellKnown {
        /// The key file.
        file: PathBuf,
        /// Where to write it; put it, unchanged, at /.well-known/undersigned.json on your website.
        #[arg(long)]
        out: PathBuf,
        /// Your organization's name (default: the key file's label).
        #[arg(long)]
        name: Option<String>,
        /// Your website, to print the address the file must be served at.
        #[arg(long)]
        website: Option<String>,
        /// Speak for this statement only (a statement id; repeat for several). Default: every statement.
        #[arg(long = "statement")]
        statements: Vec<String>,
    },
    /// Check that your website serves your well-known file, listing this key, as a coalition's
    /// lead will check it. No passphrase needed.
    CheckWebsite {
        /// The key file.
        file: PathBuf,
        /// Your website (https://…).
        #[arg(long)]
        website: String,
    },
}

#[derive(Subcommand)]
pub enum StatementCmd {
    /// Start a statement; prints its id as the last line.
    New {
        #[arg(long)]
        title: String,
        #[arg(long)]
        text: PathBuf,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long)]
        key: PathBuf,
        /// The coalition's name as members will see it (default: the key file's label).
        #[arg(long)]
        lead_name: Option<String>,
    },
    /// Change the draft; after a version is open, this starts the next version.
    Edit {
        id: String,
        #[arg(long)]
        text: Option<PathBuf>,
        #[arg(long)]
        title: Option<String>,
        /// Edit (or add) the text in this language.
        #[arg(long)]
        language: Option<String>,
    },
    /// Freeze the draft as the next version and sign it.
    Open {
        id: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long, value_name = "YYYY-MM-DD")]
        closes: Option<String>,
        /// A witness who will co-sign each release (FORMAT.md §14.8), as
        /// KEY_NAME,PUBLIC_KEY,NAME[,WEBSITE]: its C2SP key name, its Ed25519 key in hex, its
        /// name as shown. With witnesses the version, and every release from then on, is of
        /// format 1.1.
        #[arg(long = "witness", value_name = "KEY_NAME,PUBLIC_KEY,NAME[,WEBSITE]")]
        witnesses: Vec<String>,
        /// How many of the witnesses must co-sign each release (more than half of them; by
        /// default, the smallest such number).
        #[arg(long)]
        quorum: Option<u64>,
        /// Let signers at risk sign without being named (FORMAT.md §14.9): the version names
        /// the age recipient their vetting packets are encrypted to (derived from your key), and
        /// it is of format 1.1.
        #[arg(long)]
        unnamed: bool,
    },
    /// The statements in this store.
    List,
    /// Write the invitation members sign from.
    Invite {
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum WitnessCmd {
    /// Handle one add-checkpoint request (a file: `old <size>`, the consistency proof, an empty
    /// line, the checkpoint signed by the lead), or a release's bundle (of format 1.1: verified
    /// in full, then asked for from the size you co-signed last). Writes the cosignature file for
    /// the lead; on a refusal exits 1 and, when the request proves that the lead signed two
    /// logs, writes the equivocation proof.
    AddCheckpoint(AddCheckpointArgs),
    /// The logs you follow as a witness: the last size you co-signed, the refusals, the proofs kept.
    List,
    /// Write a kept equivocation proof (its number, from `witness list`) to a file.
    Proof {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct AddCheckpointArgs {
    /// The request, or the release's bundle.
    #[arg(value_name = "REQUEST_OR_BUNDLE")]
    pub request: PathBuf,
    /// Your key file: the key you co-sign with.
    #[arg(long)]
    pub key: PathBuf,
    /// Your key name, as the statement lists you (C2SP: no spaces, no '+'), e.g.
    /// example.org/witness. Needed for a request; a bundle whose version lists your key gives it.
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the cosignature file for the lead.
    #[arg(long)]
    pub out: PathBuf,
    /// Where to write the equivocation proof, if the request shows one.
    #[arg(long, value_name = "FILE")]
    pub proof_out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum AttestCmd {
    /// Record that you checked, out of band, who holds the key of an entry (an id or its first
    /// digits): the next release carries it, signed by you, and shows the entry as checked.
    Check {
        entry: String,
        /// How: in-person, call (to a contact you knew before), email-thread (one you knew
        /// before) or other (say how in --note).
        #[arg(long, value_parser = ["in-person", "call", "email-thread", "other"])]
        method: String,
        /// The day you checked (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// What you did, in a sentence (published with the release).
        #[arg(long)]
        note: Option<String>,
    },
    /// Fetch the well-known file (https://HOST/.well-known/undersigned.json) of each signatory
    /// that gave a website, or of one entry, and record what each site showed: the next release
    /// shows the signatory as "website" where the file lists its key.
    Websites {
        statement: String,
        /// Only this entry (an id or its first digits).
        #[arg(long)]
        entry: Option<String>,
    },
    /// The attestations recorded for a statement (an id or its first digits).
    List { statement: String },
}

#[derive(Subcommand)]
pub enum ReviewCmd {
    /// Entries waiting for review, with the reason for each.
    List,
    /// Accept an entry (an id or its first digits).
    Accept { entry: String },
    /// Reject an entry, with a reason that is kept.
    Reject {
        entry: String,
        #[arg(long)]
        reason: String,
    },
}
