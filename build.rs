//! Rebuild when the default theme changes: it is embedded in the binary with
//! `include_dir!`, which cannot tell cargo about the files it read on stable Rust.

fn main() {
    // A directory here makes cargo watch every file below it, added ones included.
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=build.rs");
}
