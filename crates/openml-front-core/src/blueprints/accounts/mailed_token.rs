//! Tokens sent by mail in confirmation and reset links.
//!
//! A token is `<selector>.<verifier>`: the selector finds the row (it is
//! stored as it is), and only a SHA-256 hash of the verifier is stored, so
//! a leaked users table holds no usable link. The old backend stored a
//! 64-digit code in clear; [`MailedToken::parse`] still reads those, as
//! [`ParsedToken::Legacy`].

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::random::hex_token;

/// A freshly made token: what goes into the link and what is stored.
#[derive(Debug, Clone)]
pub struct MailedToken {
    selector: String,
    verifier: String,
}

/// A token as it came back in a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedToken {
    /// `<selector>.<verifier>`, made by this backend.
    Split {
        /// Finds the row.
        selector: String,
        /// Proves the link is the one mailed.
        verifier: String,
    },
    /// A code the old backend stored in clear.
    Legacy(String),
}

impl MailedToken {
    /// A new random token.
    pub fn generate() -> Self {
        Self {
            selector: hex_token(16),
            verifier: hex_token(32),
        }
    }

    /// The value that goes after `?token=` in the link.
    pub fn as_link_value(&self) -> String {
        format!("{}.{}", self.selector, self.verifier)
    }

    /// The value stored in the `_selector` column.
    pub fn selector(&self) -> &str {
        &self.selector
    }

    /// The value stored in the `_code` column: a hash of the verifier.
    pub fn stored_code(&self) -> String {
        hash_verifier(&self.verifier)
    }

    /// Reads a token from a link; `None` if it has neither form.
    pub fn parse(value: &str) -> Option<ParsedToken> {
        let is_hex = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit());

        match value.split_once('.') {
            Some((selector, verifier)) if is_hex(selector) && is_hex(verifier) => {
                Some(ParsedToken::Split {
                    selector: selector.to_string(),
                    verifier: verifier.to_string(),
                })
            }
            None if is_hex(value) && value.len() >= 32 => {
                Some(ParsedToken::Legacy(value.to_string()))
            }
            _ => None,
        }
    }
}

/// Whether `verifier` hashes to the stored code, compared in constant time.
pub fn verifier_matches(verifier: &str, stored_code: &str) -> bool {
    hash_verifier(verifier)
        .as_bytes()
        .ct_eq(stored_code.as_bytes())
        .into()
}

fn hash_verifier(verifier: &str) -> String {
    format!(
        "sha256:{}",
        hex::encode(Sha256::digest(verifier.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let token = MailedToken::generate();
        let Some(ParsedToken::Split { selector, verifier }) =
            MailedToken::parse(&token.as_link_value())
        else {
            panic!("a generated token must parse");
        };
        assert_eq!(selector, token.selector());
        assert!(verifier_matches(&verifier, &token.stored_code()));
        assert!(!verifier_matches("00", &token.stored_code()));
    }

    #[test]
    fn legacy_and_junk() {
        let legacy = "5f1c0d8e2b7a4c6e9d3f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
        assert_eq!(
            MailedToken::parse(legacy),
            Some(ParsedToken::Legacy(legacy.into()))
        );
        assert_eq!(MailedToken::parse("../../etc"), None);
        assert_eq!(MailedToken::parse("abc.xyz"), None);
    }
}
