//! Reading text files: UTF-8 with or without a byte-order mark, or a clear error.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};

/// Reads `root/relative` as UTF-8 text, dropping a leading byte-order mark.
pub fn read_text(root: &Path, relative: &Path, limit: u64) -> Result<String, Diagnostic> {
    decode_text(read_bytes(root, relative, limit)?, relative)
}

/// Reads `root/relative` whole, if it is no larger than `limit` bytes.
pub fn read_bytes(root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |error: std::io::Error| {
        Diagnostic::error(relative, format!("cannot read this file: {error}"))
            .with_help("check that the file exists and that you may read it")
    };
    let path = root.join(relative);
    let size = std::fs::metadata(&path).map_err(cannot)?.len();
    if size > limit {
        return Err(Diagnostic::error(
            relative,
            format!(
                "this file is {}, more than the {} auditpress reads",
                megabytes(size),
                megabytes(limit)
            ),
        )
        .with_help("check that it is the right file; see \"Limits and safety\" in the README"));
    }
    std::fs::read(path).map_err(cannot)
}

fn megabytes(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{} MB", bytes / (1024 * 1024))
    }
}

/// Decodes `bytes` as UTF-8, or says where the first byte that is not UTF-8 is.
pub fn decode_text(bytes: Vec<u8>, relative: &Path) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        // The valid prefix is text, so positions in it are well defined.
        let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
        let position = Position::of_offset(&prefix, prefix.len());
        Diagnostic::error(
            relative,
            format!(
                "this file is not UTF-8 text (byte 0x{:02X} cannot be read)",
                bytes[valid_up_to]
            ),
        )
        .at(position.line, Some(position.column))
        .with_help("save it as UTF-8: in Excel choose \"CSV UTF-8\", in most editors \"Save with encoding: UTF-8\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_byte_order_mark() {
        let text = decode_text(b"\xEF\xBB\xBFtitle: x".to_vec(), Path::new("a.yaml")).unwrap();
        assert_eq!(text, "title: x");
    }

    #[test]
    fn points_at_the_first_bad_byte() {
        // "Caf\xe9" is Latin-1, as older Windows tools save it.
        let error =
            decode_text(b"title: x\nname: Caf\xe9\n".to_vec(), Path::new("a.yaml")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.yaml:2:10: this file is not UTF-8 text (byte 0xE9 cannot be read)\n  help: save it as UTF-8: in Excel choose \"CSV UTF-8\", in most editors \"Save with encoding: UTF-8\""
        );
    }
}
