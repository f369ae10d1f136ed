//! `undersigned`: the command line over undersigned-store. Exit codes: 0 success, 1 a
//! verification or validation failure, 2 a usage error or unreadable input.
//!
//! One module per subcommand, each `run(args, db) -> Result<u8, Fail>` (the exit code); `cli`
//! holds the flags, `common` what they share, `output` the `println!` that survives a closed pipe.

#[macro_use]
mod output;
mod cli;
mod common;

mod attest;
mod backup;
mod check;
mod cosign;
mod demo;
mod export;
mod import;
mod key;
mod publish;
mod release;
mod restore;
mod review;
mod sign;
mod signed;
mod statement;
mod unnamed;
mod verify;
mod vetting;
mod withdraw;
mod witness;

use clap::Parser;
use cli::{Cli, Command};
use common::Fail;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("error: {:#}", f.err);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Fail> {
    let db = cli.db.as_deref();
    match cli.command {
        Command::Key(cmd) => key::run(cmd),
        Command::Statement(cmd) => statement::run(cmd, db),
        Command::Sign(args) => sign::run(args, db),
        Command::Withdraw(args) => withdraw::run(args, db),
        Command::Reveal(args) => unnamed::reveal(args, db),
        Command::Vouch(args) => unnamed::vouch(args),
        Command::Vetting(cmd) => vetting::run(cmd, db),
        Command::Import(args) => import::run(args, db),
        Command::Review(cmd) => review::run(cmd, db),
        Command::Attest(cmd) => attest::run(cmd, db),
        Command::Release(args) => release::run(args, db),
        Command::Export(args) => export::run(args, db),
        Command::RequestCosignature(args) => cosign::request(args, db),
        Command::AddCosignatures(args) => cosign::add(args, db),
        Command::Verify(args) => verify::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Demo(args) => demo::run(args, db),
        Command::Check(args) => check::run(args),
        Command::Backup(args) => backup::run(args, db),
        Command::Restore(args) => restore::run(args, db),
        Command::Signed => signed::run(db),
        Command::Witness(cmd) => witness::run(cmd, db),
    }
}
