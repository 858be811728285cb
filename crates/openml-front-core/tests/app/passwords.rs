//! Every hash kind of OpenML's users table, from the real libraries.

use openml_front_core::config::Argon2Config;
use openml_front_core::extensions::passwords::Passwords;

use super::support::fixtures;

#[test]
fn every_hash_in_the_fixture_verifies_as_it_says() {
    let path = fixtures().join("openml/hashes.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let passwords = Passwords::new(
        &Argon2Config {
            time_cost: 4,
            memory_kib: 16384,
            parallelism: 2,
        },
        2,
    )
    .unwrap();

    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (scheme, password, hash) = (fields[0], fields[2], fields.get(3).copied().unwrap_or(""));

        let right = passwords.verify_blocking(password, hash);
        let wrong = passwords.verify_blocking("not the password", hash);
        if scheme == "not-a-hash" {
            assert!(
                !right.matches,
                "{hash:?} is not a hash and must match nothing"
            );
        } else {
            assert!(right.matches, "{scheme} hash of {password:?} must verify");
            let current = scheme == "argon2id" && hash.contains("m=16384,t=4,p=2");
            assert_eq!(right.needs_rehash, !current, "{scheme}: {hash}");
        }
        assert!(!wrong.matches, "{scheme} must refuse a wrong password");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} lines were checked");
}

#[tokio::test]
async fn new_hashes_are_argon2id_with_the_configured_cost() {
    let passwords = Passwords::new(
        &Argon2Config {
            time_cost: 2,
            memory_kib: 256,
            parallelism: 1,
        },
        1,
    )
    .unwrap();
    let hash = passwords.hash("a-password").await.unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=256,t=2,p=1$"), "{hash}");
    let check = passwords.verify("a-password", &hash).await.unwrap();
    assert!(check.matches && !check.needs_rehash);
}
