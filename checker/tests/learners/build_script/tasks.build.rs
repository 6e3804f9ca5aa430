// A learner's build script: it would run on the grader's machine at build time.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
