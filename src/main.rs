//! leadbench: parse the command line, hand over to the library.

use std::io::Write;
use std::process::ExitCode;

use leadbench::cli::{self, Launch};

fn main() -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match cli::launch(&mut out, &mut err) {
        Launch::Exit(code) => code,
        Launch::Tui(ctx) => tui(*ctx, &mut err),
        Launch::Demo(ctx, dir) => {
            let code = tui(*ctx, &mut err);
            drop(dir);
            code
        }
    };
    let _ = out.flush();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn tui(ctx: leadbench::cli::Context, err: &mut impl Write) -> i32 {
    match leadbench::tui::run(ctx) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "leadbench: {e}");
            1
        }
    }
}
