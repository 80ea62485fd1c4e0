//! Writes swf-core's generated files from the service model.

fn main() {
    let core = swf_codegen::swf_core_dir();
    let files = swf_codegen::generate(&core).unwrap_or_else(|e| {
        eprintln!("swf-codegen: {e}");
        std::process::exit(1);
    });
    for (path, text) in files {
        let full = core.join(&path);
        std::fs::write(&full, text).unwrap_or_else(|e| {
            eprintln!("swf-codegen: writing {}: {e}", full.display());
            std::process::exit(1);
        });
        println!("wrote {}", full.display());
    }
}
