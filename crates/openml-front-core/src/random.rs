//! Secrets from the operating system's secure random source.

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// `bytes` random bytes as lower-case hex (twice as many digits).
pub fn hex_token(bytes: usize) -> String {
    let mut buffer = vec![0_u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    hex::encode(buffer)
}
