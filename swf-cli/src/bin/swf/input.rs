//! Payloads from the command line: an argument, a file (`--input-file`), or stdin (`--input -`).
//!
//! SWF payloads are text of at most 32,768 characters; the text is sent exactly as read (a file's
//! trailing newline included), so that what a workflow receives is what the file holds. The size
//! bound is checked by `swf-core` before anything is sent, with an error naming the field.

use std::io::Read;

use crate::args::InputArgs;
use crate::error::CliError;

/// Reads the payload the arguments name, or `None` when none was given.
pub(crate) fn read(args: &InputArgs) -> Result<Option<String>, CliError> {
    match (&args.input, &args.input_file) {
        (Some(text), _) if text == "-" => read_stdin().map(Some),
        (Some(text), _) => Ok(Some(text.clone())),
        (None, Some(path)) => std::fs::read(path)
            .map_err(|source| CliError::ReadFile {
                path: path.clone(),
                source,
            })
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| CliError::NotText {
                    from: path.display().to_string(),
                })
            })
            .map(Some),
        (None, None) => Ok(None),
    }
}

fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(CliError::ReadStdin)?;
    String::from_utf8(bytes).map_err(|_| CliError::NotText {
        from: "standard input".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn args(input: Option<&str>, file: Option<PathBuf>) -> InputArgs {
        InputArgs {
            input: input.map(str::to_string),
            input_file: file,
        }
    }

    #[test]
    fn argument_or_nothing() {
        assert_eq!(
            read(&args(Some("{}"), None)).unwrap().as_deref(),
            Some("{}")
        );
        assert_eq!(read(&args(None, None)).unwrap(), None);
    }

    #[test]
    fn file_is_read_exactly() {
        let path = std::env::temp_dir().join(format!("swf-cli-input-{}.json", std::process::id()));
        std::fs::write(&path, "{\"a\": 1}\n").unwrap();
        let text = read(&args(None, Some(path.clone()))).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(text.as_deref(), Some("{\"a\": 1}\n"));
    }

    #[test]
    fn missing_file_names_the_file() {
        let err = read(&args(None, Some("/nonexistent/input.json".into()))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read /nonexistent/input.json: "),
            "{err}"
        );
    }
}
