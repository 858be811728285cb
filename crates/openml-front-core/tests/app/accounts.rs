//! The whole account flow over HTTP, as the React app drives it.

use serde_json::json;

use super::support::TestApp;

/// Signup, mailed confirmation, login, profile, image, API key, logout,
/// forgotten password and reset, login with the new password, delete.
pub async fn full_flow(app: &TestApp, email: &str) {
    let token = app.signed_up_user(email, "first-password").await;

    let (status, profile) = app.get("/profile", Some(&token)).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["username"], email);
    assert_eq!(profile["email"], email);
    assert_eq!(profile["first_name"], "Ada");
    assert_eq!(profile["bio"], "");
    assert_eq!(profile["image"], "");

    let edit =
        json!({"bio": "Likes datasets.", "first_name": "Ada", "last_name": "King", "email": email});
    let (status, body) = app.post("/profile", edit, Some(&token)).await;
    assert_eq!(
        (status, body),
        (200, json!({"msg": "User information changed"}))
    );
    let (_, profile) = app.get("/profile", Some(&token)).await;
    assert_eq!(profile["bio"], "Likes datasets.");
    assert_eq!(profile["last_name"], "King");

    upload_and_fetch_image(app, &token).await;
    api_key_read_and_reset(app, &token).await;

    let response = app
        .client
        .get("/verifytoken")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    response.assert_status_is_ok();
    response.assert_text("token-valid").await;

    let (status, body) = app.post("/logout", json!({}), Some(&token)).await;
    assert_eq!(
        (status, body),
        (200, json!({"msg": "Successfully logged out"}))
    );
    let (status, body) = app.get("/profile", Some(&token)).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has been revoked"}))
    );

    let (status, body) = app
        .post("/forgotpassword", json!({"email": email}), None)
        .await;
    assert_eq!((status, body), (200, json!({"msg": "Token sent"})));
    let link = app.last_link("reset-page");
    let (status, body) = app.post("/forgot-token", json!({"url": link}), None).await;
    assert_eq!((status, body), (200, json!({"msg": "token confirmed"})));
    let (status, body) = app
        .post(
            "/resetpassword",
            json!({"url": link, "password": "second-password"}),
            None,
        )
        .await;
    assert_eq!((status, body), (200, json!({"msg": "password changed"})));

    let (status, body) = app
        .post(
            "/resetpassword",
            json!({"url": link, "password": "third-password"}),
            None,
        )
        .await;
    assert_eq!(status, 400, "a reset link works once: {body}");

    let (_, body) = app
        .post(
            "/login",
            json!({"email": email, "password": "first-password"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "wrong password"}));
    let token = app.login(email, "second-password").await;
    let (status, _) = app.get("/profile", Some(&token)).await;
    assert_eq!(status, 200);
    let (status, body) = app.post("/delete", json!({}), Some(&token)).await;
    assert_eq!((status, body), (200, json!({"msg": "User deleted"})));
    let (status, body) = app.get("/profile", Some(&token)).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has been revoked"}))
    );
}

async fn upload_and_fetch_image(app: &TestApp, token: &str) {
    let (status, body) = app
        .upload_image(token, tiny_png(), "../../etc/passwd.png")
        .await;
    assert_eq!((status, body), (200, json!({"msg": "User image changed"})));

    let (_, profile) = app.get("/profile", Some(token)).await;
    let image = profile["image"].as_str().unwrap().to_string();
    assert!(image.starts_with("/imgs/dev_data/"), "{image}");
    assert!(
        !image.contains(".."),
        "the user does not pick the name: {image}"
    );

    let response = app.client.get(&image).send().await;
    response.assert_status_is_ok();
    response.assert_content_type("image/jpeg");
    let bytes = response.0.into_body().into_vec().await.unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
}

async fn api_key_read_and_reset(app: &TestApp, token: &str) {
    let (status, body) = app.get("/api-key", Some(token)).await;
    assert_eq!(status, 200);
    let first = body["apikey"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 32);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));

    let (status, body) = app
        .post("/api-key", json!({"resetapikey": true}), Some(token))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["msg"], "API Key updated");
    let second = body["apikey"].as_str().unwrap().to_string();
    assert_ne!(first, second);

    let (_, body) = app.get("/api-key", Some(token)).await;
    assert_eq!(body["apikey"], second);
}

/// A 2x2 PNG.
pub fn tiny_png() -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(2, 2, image::Rgb([200, 30, 30]))
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn full_flow_on_sqlite() {
    let app = TestApp::sqlite(&[]).await;
    full_flow(&app, "ada@example.org").await;
}

#[tokio::test]
async fn confirmation_mail_is_needed_before_login() {
    let app = TestApp::sqlite(&[]).await;
    let signup = json!({"email": "b@example.org", "password": "a-password", "first_name": "B", "last_name": "C"});
    app.post("/signup", signup.clone(), None).await;

    let (_, body) = app
        .post(
            "/login",
            json!({"email": "b@example.org", "password": "a-password"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "NotConfirmed"}));
    let (_, body) = app.post("/signup", signup, None).await;
    assert_eq!(body, json!({"msg": "User already exists"}));

    let (status, body) = app
        .post(
            "/send-confirmation-token",
            json!({"email": "b@example.org"}),
            None,
        )
        .await;
    assert_eq!(
        (status, body),
        (200, json!({"msg": "User confirmation token sent"}))
    );
    let link = app.last_link("confirm-page");
    let (status, _) = app.post("/confirmation", json!({"url": link}), None).await;
    assert_eq!(status, 200);
    let (status, body) = app.post("/confirmation", json!({"url": link}), None).await;
    assert_eq!(status, 400, "a used link is refused: {body}");
}

#[tokio::test]
async fn signups_without_confirmation_log_in_at_once() {
    let app = TestApp::sqlite(&[("mail.confirm_signups", json!(false))]).await;
    let signup = json!({"email": "c@example.org", "password": "a-password", "first_name": "C", "last_name": "D"});
    let (_, body) = app.post("/signup", signup, None).await;
    assert_eq!(body, json!({"msg": "User created"}));
    assert!(app.mails().is_empty());
    app.login("c@example.org", "a-password").await;
}

#[tokio::test]
async fn register_derives_free_usernames() {
    let app = TestApp::sqlite(&[]).await;
    let form = |email: &str| json!({"email": email, "password": "a-password", "first_name": "E", "last_name": "F"});

    let (status, body) = app.post("/register", form("sam@one.org"), None).await;
    assert_eq!(
        (status, body),
        (
            201,
            json!({"msg": "User created", "username": "sam", "email": "sam@one.org"})
        )
    );
    let (status, body) = app.post("/register", form("sam@two.org"), None).await;
    assert_eq!((status, body["username"].clone()), (201, json!("sam1")));
    let (status, body) = app.post("/register", form("sam@two.org"), None).await;
    assert_eq!(
        (status, body),
        (400, json!({"msg": "Email already registered"}))
    );
    let (status, body) = app
        .post("/register", json!({"email": "x@y.org"}), None)
        .await;
    assert_eq!(
        (status, body),
        (400, json!({"msg": "password is required"}))
    );
}

#[tokio::test]
async fn unknown_addresses_get_the_same_replies() {
    let app = TestApp::sqlite(&[]).await;
    let (status, body) = app
        .post(
            "/forgotpassword",
            json!({"email": "nobody@example.org"}),
            None,
        )
        .await;
    assert_eq!((status, body), (200, json!({"msg": "Token sent"})));
    let (_, body) = app
        .post(
            "/login",
            json!({"email": "nobody@example.org", "password": "whatever1"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "Wrong username or password"}));
    assert!(app.mails().is_empty());
}

#[tokio::test]
async fn feedback_is_mailed() {
    let app = TestApp::sqlite(&[("mail.feedback_to", json!("team@openml.test"))]).await;
    let (status, body) = app
        .post(
            "/feedback",
            json!({"email": "fan@example.org", "feedback": "Great site"}),
            None,
        )
        .await;
    assert_eq!((status, body), (200, json!({"msg": "Email sent"})));
    let mail = app.mails().pop().unwrap();
    assert!(mail.contains("To: team@openml.test"), "{mail}");
    assert!(mail.contains("Reply-To: fan@example.org"), "{mail}");
    assert!(mail.contains("Great site"));
}

#[tokio::test]
async fn delete_deactivates_and_revokes() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.signed_up_user("gone@example.org", "a-password").await;
    let (status, body) = app.post("/delete", json!({}), Some(&token)).await;
    assert_eq!((status, body), (200, json!({"msg": "User deleted"})));

    let (status, _) = app.get("/profile", Some(&token)).await;
    assert_eq!(status, 401);
    let (_, body) = app
        .post(
            "/login",
            json!({"email": "gone@example.org", "password": "a-password"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "Wrong username or password"}));
    app.post(
        "/forgotpassword",
        json!({"email": "gone@example.org"}),
        None,
    )
    .await;
    assert_eq!(app.mails().len(), 1, "no reset mail for a deleted account");
}

#[tokio::test]
async fn concurrent_signups_with_one_address_make_one_account() {
    let app = TestApp::sqlite(&[("mail.confirm_signups", json!(false))]).await;
    let signup = json!({"email": "race@example.org", "password": "a-password", "first_name": "R", "last_name": "C"});

    let attempts = (0..8).map(|_| app.post("/signup", signup.clone(), None));
    let replies = futures_util::future::join_all(attempts).await;

    let created = replies
        .iter()
        .filter(|(_, body)| body["msg"] == "User created")
        .count();
    let refused = replies
        .iter()
        .filter(|(_, body)| body["msg"] == "User already exists")
        .count();
    assert_eq!((created, refused), (1, 7), "{replies:?}");
}

#[tokio::test]
async fn reset_links_expire() {
    use openml_front_core::extensions::database::Database;
    use sea_orm::ConnectionTrait;

    let app = TestApp::sqlite(&[("auth.reset_token_ttl_secs", json!(3600))]).await;
    app.signed_up_user("late@example.org", "a-password").await;
    app.post(
        "/forgotpassword",
        json!({"email": "late@example.org"}),
        None,
    )
    .await;
    let link = app.last_link("reset-page");

    let two_hours_ago = openml_front_core::clock::unix_now() - 7200;
    let database = app.app.extensions().get::<Database>().unwrap();
    database
        .conn()
        .execute_unprepared(&format!(
            "UPDATE users SET forgotten_password_time = {two_hours_ago} WHERE username = 'late@example.org'"
        ))
        .await
        .unwrap();

    let (status, body) = app.post("/forgot-token", json!({"url": link}), None).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = app
        .post(
            "/resetpassword",
            json!({"url": link, "password": "new-password"}),
            None,
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["msg"].as_str().unwrap().contains("expired"), "{body}");
    app.login("late@example.org", "a-password").await;
}

#[tokio::test]
async fn a_failed_mail_leaves_nothing_half_written() {
    let app = TestApp::sqlite(&[
        ("mail.transport", json!("smtp")),
        ("mail.smtp.host", json!("127.0.0.1")),
        ("mail.smtp.port", json!(closed_port())),
        ("mail.smtp.security", json!("none")),
    ])
    .await;
    let signup = json!({"email": "nomail@example.org", "password": "a-password", "first_name": "N", "last_name": "M"});
    let (status, body) = app.post("/signup", signup.clone(), None).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("nothing was changed"),
        "{body}"
    );

    let (_, body) = app
        .post(
            "/login",
            json!({"email": "nomail@example.org", "password": "a-password"}),
            None,
        )
        .await;
    assert_eq!(
        body,
        json!({"msg": "Wrong username or password"}),
        "the account was not stored"
    );
}

fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_password_reset_voids_older_tokens() {
    let app = TestApp::sqlite(&[]).await;
    let old_token = app.signed_up_user("reset@example.org", "a-password").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    app.post(
        "/forgotpassword",
        json!({"email": "reset@example.org"}),
        None,
    )
    .await;
    let link = app.last_link("reset-page");
    app.post(
        "/resetpassword",
        json!({"url": link, "password": "new-password"}),
        None,
    )
    .await;

    let (status, body) = app.get("/profile", Some(&old_token)).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has been revoked"}))
    );
    let new_token = app.login("reset@example.org", "new-password").await;
    let (status, _) = app.get("/profile", Some(&new_token)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn replaced_and_deleted_images_are_removed() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.signed_up_user("pics@example.org", "a-password").await;

    app.upload_image(&token, tiny_png(), "a.png").await;
    let (_, profile) = app.get("/profile", Some(&token)).await;
    let first = profile["image"].as_str().unwrap().to_string();
    app.upload_image(&token, tiny_png(), "b.png").await;
    let (_, profile) = app.get("/profile", Some(&token)).await;
    let second = profile["image"].as_str().unwrap().to_string();

    let (status, _) = app.get(&first, None).await;
    assert_eq!(status, 404, "the replaced image is gone");
    let response = app.client.get(&second).send().await;
    response.assert_status_is_ok();

    app.post("/delete", json!({}), Some(&token)).await;
    let (status, _) = app.get(&second, None).await;
    assert_eq!(status, 404, "a deleted account's image is gone");
}
