//! Writes the benchmark content folders (see BENCHMARKS.md):
//!
//!     cargo run --release --example generate_benchmark_content -- national DIR
//!     cargo run --release --example generate_benchmark_content -- plain DIR [COUNT]

mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [kind, dir] if kind == "national" => {
            synthetic::projects::write_national(&PathBuf::from(dir))
        }
        [kind, dir] if kind == "plain" => {
            synthetic::projects::write_plain(&PathBuf::from(dir), 2000)
        }
        [kind, dir, count] if kind == "plain" => match count.parse() {
            Ok(n) => synthetic::projects::write_plain(&PathBuf::from(dir), n),
            Err(_) => {
                eprintln!("COUNT must be a number");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("usage: generate_benchmark_content (national DIR | plain DIR [COUNT])");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
