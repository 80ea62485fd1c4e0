//! Runs the boto3 suite (`tests/python`, pytest) against the built binary, so `cargo test`
//! covers a client nobody here wrote. Without Python, boto3 or pytest it is skipped with a note,
//! unless CI asks for it (`SWF_TEST_REQUIRE_MOTO` or `SWF_TEST_REQUIRE_PYTHON` set).

use std::process::Command;

#[test]
fn boto3_suite_passes() {
    let required = std::env::var_os("SWF_TEST_REQUIRE_MOTO").is_some()
        || std::env::var_os("SWF_TEST_REQUIRE_PYTHON").is_some();
    let available = Command::new("python3")
        .args(["-c", "import boto3, pytest"])
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        assert!(
            !required,
            "python3 with boto3 and pytest is required (pip install boto3 pytest)"
        );
        eprintln!("skipping the boto3 suite: python3 with boto3 and pytest not found");
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python");
    let output = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", dir])
        .env("SWF_LOCAL_BIN", env!("CARGO_BIN_EXE_swf-local"))
        .current_dir(dir)
        .output()
        .expect("pytest runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the boto3 suite failed:\n{text}");
    eprintln!("{}", text.lines().last().unwrap_or_default());
}
