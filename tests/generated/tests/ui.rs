//! trybuild: what the `api!` macro accepts and the errors it gives (committed `.stderr`).
//!
//! trybuild compiles each case in its own project under `<target>/tests/trybuild/<crate>/`,
//! which is then the `CARGO_MANIFEST_DIR` the macro resolves spec paths against; the
//! contracts the cases use are copied there first.

use std::path::PathBuf;

fn copy_contracts() {
    let exe = std::env::current_exe().expect("test executable path");
    // <target>/debug/deps/ui-<hash>
    let Some(target) = exe.ancestors().nth(3) else {
        return;
    };
    let project = target.join("tests/trybuild/pactum-generated-check/tests/ui");
    std::fs::create_dir_all(&project).expect("trybuild project folder");
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    for entry in std::fs::read_dir(&here).expect("tests/ui").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path.file_name().expect("file name");
            std::fs::copy(&path, project.join(name)).expect("copy contract");
        }
    }
}

#[test]
fn ui() {
    copy_contracts();
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_*.rs");
    t.compile_fail("tests/ui/missing_spec.rs");
    t.compile_fail("tests/ui/invalid_spec.rs");
    t.compile_fail("tests/ui/unknown_operation.rs");
    t.compile_fail("tests/ui/bad_pattern.rs");
    t.compile_fail("tests/ui/unknown_argument.rs");
    t.compile_fail("tests/ui/receiver_without_webhooks.rs");
    t.compile_fail("tests/ui/derive_*.rs");
}
