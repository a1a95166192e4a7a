//! The `pactum` command.

fn main() {
    std::process::exit(2);
}
