//! The `passwords` extension: hashing and verifying passwords.
//!
//! New hashes are Argon2id with the configured cost. Verification accepts
//! every kind found in OpenML's users table: Argon2id and Argon2i PHC
//! strings, bcrypt (`$2y$`, `$2a$`, `$2b$`) and unsalted MD5 from the oldest
//! accounts. Anything else (a social sign-in marker, a truncated hash)
//! verifies against nothing. A match on anything but a current Argon2id hash
//! says `needs_rehash`, so the caller can store a fresh hash.
//!
//! Hashing is slow on purpose. It runs on tokio's blocking pool, at most
//! `auth.hashing_concurrency` at a time, so a flood of logins waits its turn
//! instead of stalling the async workers that serve other requests.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use md5::{Digest, Md5};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::config::Argon2Config;
use crate::error::{ApiError, StartupError};
use crate::extension::{Extension, ExtensionContext};

/// Hashes and verifies passwords.
pub struct Passwords {
    params: Params,
    limiter: Arc<Semaphore>,
    decoy_hash: String,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    /// The password is right.
    pub matches: bool,
    /// The stored hash is not a current Argon2id hash and should be
    /// replaced.
    pub needs_rehash: bool,
}

#[openml_front_macros::extension(name = "passwords")]
impl Extension for Passwords {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        let auth = &ctx.settings.app.auth;
        let concurrency = auth
            .hashing_concurrency
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
        Passwords::new(&auth.argon2, concurrency)
    }
}

impl Passwords {
    /// A hasher with the given cost and at most `concurrency` hashes at once.
    pub fn new(cost: &Argon2Config, concurrency: usize) -> Result<Self, StartupError> {
        let params = Params::new(cost.memory_kib, cost.time_cost, cost.parallelism, None)
            .map_err(|err| StartupError::Config(format!("key `auth.argon2`: {err}")))?;
        let decoy_hash = hash_with(&params, "a password nobody has")
            .map_err(|err| StartupError::Config(format!("key `auth.argon2`: {err}")))?;

        Ok(Self {
            params,
            limiter: Arc::new(Semaphore::new(concurrency.max(1))),
            decoy_hash,
        })
    }

    /// A fresh Argon2id hash of `password`.
    pub async fn hash(&self, password: &str) -> Result<String, ApiError> {
        let params = self.params.clone();
        let password = password.to_string();
        self.run_limited(move || hash_with(&params, &password))
            .await?
            .map_err(ApiError::internal)
    }

    /// Checks `password` against a stored value of any kind.
    pub async fn verify(&self, password: &str, stored: &str) -> Result<Verification, ApiError> {
        let params = self.params.clone();
        let password = password.to_string();
        let stored = stored.to_string();
        self.run_limited(move || verify_with(&params, &password, &stored))
            .await
    }

    /// Spends as long as verifying a current hash, and matches nothing:
    /// for unknown users, so that they cannot be told from wrong passwords
    /// by timing.
    pub async fn verify_decoy(&self, password: &str) -> Result<(), ApiError> {
        let decoy = self.decoy_hash.clone();
        self.verify(password, &decoy).await.map(|_| ())
    }

    /// Checks `password` on the calling thread, without the concurrency
    /// limit (for benchmarks and tools).
    pub fn verify_blocking(&self, password: &str, stored: &str) -> Verification {
        verify_with(&self.params, password, stored)
    }

    async fn run_limited<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.limiter.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(ApiError::internal)
    }
}

fn hash_with(params: &Params, password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    Ok(argon2
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// The kind of a stored password value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredKind {
    /// An Argon2 PHC string (`$argon2id$`, `$argon2i$`, `$argon2d$`).
    Argon2,
    /// A bcrypt hash.
    Bcrypt,
    /// Unsalted MD5 as 32 hex digits.
    Md5,
    /// Not a password hash at all.
    NotAHash,
}

/// Tells what kind of value is stored.
pub fn stored_kind(stored: &str) -> StoredKind {
    if stored.starts_with("$argon2") {
        StoredKind::Argon2
    } else if ["$2a$", "$2b$", "$2x$", "$2y$"]
        .iter()
        .any(|p| stored.starts_with(p))
    {
        StoredKind::Bcrypt
    } else if stored.len() == 32 && stored.bytes().all(|b| b.is_ascii_hexdigit()) {
        StoredKind::Md5
    } else {
        StoredKind::NotAHash
    }
}

fn verify_with(params: &Params, password: &str, stored: &str) -> Verification {
    let refused = Verification {
        matches: false,
        needs_rehash: false,
    };

    match stored_kind(stored) {
        StoredKind::Argon2 => {
            let Ok(parsed) = PasswordHash::new(stored) else {
                return refused;
            };
            let matches = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Verification {
                matches,
                needs_rehash: matches && !is_current(&parsed, params),
            }
        }
        StoredKind::Bcrypt => Verification {
            matches: bcrypt::verify(password, stored).unwrap_or(false),
            needs_rehash: true,
        },
        StoredKind::Md5 => {
            let digest = hex::encode(Md5::digest(password.as_bytes()));
            let matches: bool = digest
                .as_bytes()
                .ct_eq(stored.to_ascii_lowercase().as_bytes())
                .into();
            Verification {
                matches,
                needs_rehash: true,
            }
        }
        StoredKind::NotAHash => refused,
    }
}

fn is_current(parsed: &PasswordHash<'_>, params: &Params) -> bool {
    let Ok(stored_params) = Params::try_from(parsed) else {
        return false;
    };
    parsed.algorithm.as_str() == "argon2id"
        && stored_params.m_cost() == params.m_cost()
        && stored_params.t_cost() == params.t_cost()
        && stored_params.p_cost() == params.p_cost()
}
