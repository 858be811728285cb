//! Access tokens: the old backend's claims and replies.

use jsonwebtoken::{EncodingKey, Header};
use serde_json::json;

use super::support::TestApp;

fn sign(claims: serde_json::Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// Claims shaped like Flask-JWT-Extended's.
fn flask_claims(sub: &str, exp_offset: i64) -> serde_json::Value {
    let now = openml_front_core::clock::unix_now();
    json!({
        "fresh": false, "iat": now, "jti": "0f4d2c6e-1111-4a8b-9c3d-5e6f7a8b9c0d",
        "type": "access", "sub": sub, "nbf": now, "csrf": "3a1b2c3d-2222-4e5f-8a9b-0c1d2e3f4a5b",
        "exp": now + exp_offset
    })
}

#[tokio::test]
async fn old_backend_tokens_are_accepted_with_either_secret() {
    let app = TestApp::sqlite(&[
        ("auth.jwt_secret", json!("app-secret")),
        ("auth.accepted_secrets", json!(["jwt-secret"])),
    ])
    .await;
    app.signed_up_user("old@example.org", "a-password").await;

    for secret in ["app-secret", "jwt-secret"] {
        let token = sign(flask_claims("old@example.org", 600), secret);
        let (status, body) = app.get("/profile", Some(&token)).await;
        assert_eq!(status, 200, "signed with {secret}: {body}");
        assert_eq!(body["username"], "old@example.org");
    }

    let ours = app.login("old@example.org", "a-password").await;
    let key = jsonwebtoken::DecodingKey::from_secret(b"app-secret");
    let mut validation = jsonwebtoken::Validation::default();
    validation.validate_nbf = true;
    let decoded = jsonwebtoken::decode::<serde_json::Value>(&ours, &key, &validation).unwrap();
    for claim in ["sub", "jti", "type", "fresh", "iat", "nbf", "exp", "csrf"] {
        assert!(
            decoded.claims.get(claim).is_some(),
            "claim {claim} is missing"
        );
    }
    assert_eq!(decoded.claims["type"], "access");
    assert_eq!(
        decoded.claims["exp"].as_i64().unwrap() - decoded.claims["iat"].as_i64().unwrap(),
        7200
    );
}

#[tokio::test]
async fn failures_get_the_old_replies() {
    let app = TestApp::sqlite(&[]).await;
    app.signed_up_user("t@example.org", "a-password").await;

    let cases = [
        (None, 401, "Missing Authorization Header"),
        (
            Some("Basic abc".to_string()),
            401,
            "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
        ),
        (
            Some("Bearer not-a-jwt".to_string()),
            422,
            "Not enough segments",
        ),
        (
            Some(format!(
                "Bearer {}",
                sign(flask_claims("t@example.org", 600), "other")
            )),
            422,
            "Signature verification failed",
        ),
        (
            Some(format!(
                "Bearer {}",
                sign(flask_claims("t@example.org", -60), "test-secret")
            )),
            401,
            "Token has expired",
        ),
    ];
    for (header, status, msg) in cases {
        let mut request = app.client.get("/profile");
        if let Some(header) = &header {
            request = request.header("authorization", header.clone());
        }
        let (got_status, body) = super::support::read(request.send().await).await;
        assert_eq!(
            (got_status, body),
            (status, json!({"msg": msg})),
            "header {header:?}"
        );
    }

    let mut refresh = flask_claims("t@example.org", 600);
    refresh["type"] = json!("refresh");
    let (status, body) = app
        .get("/profile", Some(&sign(refresh, "test-secret")))
        .await;
    assert_eq!(
        (status, body),
        (422, json!({"msg": "Only non-refresh tokens are allowed"}))
    );
}

#[tokio::test]
async fn verifytoken_answers_401_for_every_bad_token() {
    let app = TestApp::sqlite(&[]).await;
    let response = app
        .client
        .get("/verifytoken")
        .header("authorization", "Bearer x.y.z")
        .send()
        .await;
    response.assert_status(openml_front_core::reexports::poem::http::StatusCode::UNAUTHORIZED);
    let response = app.client.get("/verifytoken").send().await;
    response.assert_status(openml_front_core::reexports::poem::http::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn revocations_survive_a_restart_and_are_shared() {
    let first = TestApp::sqlite(&[]).await;
    let token = first.signed_up_user("r@example.org", "a-password").await;
    let url = first.app.settings().app.database.url.clone();

    let dir = tempfile::tempdir().unwrap();
    let second = TestApp::on(dir, &url, &[]).await;
    let (status, _) = second.get("/profile", Some(&token)).await;
    assert_eq!(status, 200, "the second instance accepts the token");

    first.post("/logout", json!({}), Some(&token)).await;
    let (status, body) = second.get("/profile", Some(&token)).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has been revoked"}))
    );
}

#[tokio::test]
async fn expired_revocations_are_purged() {
    use openml_front_core::db::revoked_tokens;
    use openml_front_core::extensions::tokens::Tokens;
    use sea_orm::{EntityTrait, PaginatorTrait};

    let app = TestApp::sqlite(&[]).await;
    let tokens = app.app.extensions().get::<Tokens>().unwrap();
    let database = app
        .app
        .extensions()
        .get::<openml_front_core::extensions::database::Database>()
        .unwrap();
    let now = openml_front_core::clock::unix_now();

    tokens.revoke_jti("long-gone", now - 10).await.unwrap();
    tokens.revoke_jti("still-valid", now + 600).await.unwrap();

    let left: Vec<String> = revoked_tokens::Entity::find()
        .all(database.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.jti)
        .collect();
    assert_eq!(left, vec!["still-valid".to_string()]);
    assert_eq!(
        revoked_tokens::Entity::find()
            .count(database.conn())
            .await
            .unwrap(),
        1
    );
}
