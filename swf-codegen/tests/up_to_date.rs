//! The checked-in generated code is exactly what the generator writes from the model.

#[test]
fn generated_files_are_up_to_date() {
    let core = swf_codegen::swf_core_dir();
    for (path, expected) in swf_codegen::generate(&core).expect("generate") {
        let actual = std::fs::read_to_string(core.join(&path)).unwrap_or_default();
        assert!(
            actual == expected,
            "{} is stale: run `cargo run -p swf-codegen` and commit the result",
            path.display()
        );
    }
}
