//! `println!` and `print!` for an output that may be closed early, as in
//! `undersigned verify bundle.json | head`: instead of panicking, the command stops quietly with
//! status 141 (128 + SIGPIPE), as a command killed by the closed pipe would. Declared first in
//! `main.rs` (`#[macro_use]`), so that every module of the CLI uses these.

macro_rules! println {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($t)*) {
            $crate::output::output_failed(e)
        }
    }};
}
macro_rules! print {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($t)*) {
            $crate::output::output_failed(e)
        }
    }};
}

/// The standard output could not be written: closed by its reader (status 141), or failing.
pub fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    eprintln!("error: cannot write the output: {e}");
    std::process::exit(2)
}
