//! The command line, run as a user would: in a fresh folder, no config.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_personal-frontend"));
    command
        .current_dir(dir)
        .env_remove("DATABASE_URI")
        .env_remove("APP_SECRET_KEY")
        .env("OPENML_FRONT_AUTH__ARGON2__MEMORY_KIB", "64")
        .env("OPENML_FRONT_AUTH__ARGON2__TIME_COST", "1");
    command
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"], "");
    assert!(out.status.success());
    let help = text(&out.stdout);
    for word in [
        "serve",
        "routes",
        "config",
        "migrate",
        "user",
        "--config",
        "OPENML_FRONT_",
    ] {
        assert!(help.contains(word), "--help should mention {word}:\n{help}");
    }
}

#[test]
fn routes_config_and_migrate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "APP_SECRET_KEY=from-dotenv\nSMTP_PASS=hunter22\n",
    )
    .unwrap();

    let out = run(dir.path(), &["routes"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let routes = text(&out.stdout);
    assert!(
        routes.contains("POST") && routes.contains("/signup") && routes.contains("public"),
        "{routes}"
    );

    let out = run(dir.path(), &["config"], "");
    let config = text(&out.stdout);
    assert!(
        config.contains("auth.jwt_secret = \"********\""),
        "{config}"
    );
    assert!(
        !config.contains("from-dotenv") && !config.contains("hunter22"),
        "secrets are masked:\n{config}"
    );
    assert!(config.contains(".env"), "the source is named:\n{config}");
    assert!(
        config.contains("server.bind = \"127.0.0.1:5000\""),
        "{config}"
    );

    let out = run(dir.path(), &["migrate"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("openml-front.db").exists());
}

#[test]
fn bad_configuration_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openml-front.toml"),
        "[auth]\naccess_token_ttl_secs = \"soon\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["routes"], "");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("auth.access_token_ttl_secs") && err.contains("openml-front.toml"),
        "{err}"
    );

    let out = run(dir.path(), &["--config", "missing.toml", "routes"], "");
    assert!(text(&out.stderr).contains("missing.toml"));

    std::fs::write(
        dir.path().join("typo.toml"),
        "[sever]\nbind = \"127.0.0.1:6000\"\n",
    )
    .unwrap();
    let out = command(dir.path())
        .args(["--config", "typo.toml", "routes"])
        .env("OPENML_FRONT_SERVER_BIND", "127.0.0.1:7000")
        .output()
        .unwrap();
    let log = text(&out.stderr);
    assert!(log.contains("`sever`") && log.contains("typo"), "{log}");
    assert!(log.contains("`server_bind`"), "{log}");
}

#[test]
fn user_commands_then_serve_and_stop_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["user", "create", "admin@example.org", "--first-name", "Ada"],
        "a-good-password\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        dir.path(),
        &["user", "create", "admin@example.org"],
        "a-good-password\n",
    );
    assert!(
        !out.status.success(),
        "a second account with one address is refused"
    );
    let out = run(
        dir.path(),
        &["user", "set-password", "admin@example.org"],
        "short\n",
    );
    assert!(text(&out.stderr).contains("at least 8 characters"));
    let out = run(
        dir.path(),
        &["user", "set-password", "admin@example.org"],
        "another-password\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(dir.path(), &["user", "activate", "nobody@example.org"], "");
    assert!(text(&out.stderr).contains("no account"));

    let port = free_port();
    let mut server = command(dir.path())
        .arg("serve")
        .env("OPENML_FRONT_SERVER__BIND", format!("127.0.0.1:{port}"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_listening(port);

    let body = r#"{"email":"admin@example.org","password":"another-password"}"#;
    let reply = http(
        port,
        &format!(
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(reply.contains("access_token"), "{reply}");

    let pid = server.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = server.wait().unwrap();
    assert!(status.success(), "SIGTERM ends the server cleanly");
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.contains("listening on http://127.0.0.1"), "{log}");
    assert!(log.contains("blueprints"), "{log}");
    assert!(!log.contains("another-password"), "no password in the log");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_listening(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn http(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn json_logs_are_one_object_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = command(dir.path())
        .arg("migrate")
        .env("OPENML_FRONT_SERVER__LOG_FORMAT", "json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = text(&out.stderr);
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in lines {
        let event: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(
            event["level"].is_string() && event["message"].is_string(),
            "{line}"
        );
    }
}

#[test]
fn requests_in_flight_finish_after_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let search = slow_search_stand_in(Duration::from_millis(1500));

    let port = free_port();
    let mut server = command(dir.path())
        .arg("serve")
        .env("OPENML_FRONT_SERVER__BIND", format!("127.0.0.1:{port}"))
        .env(
            "OPENML_FRONT_ELASTICSEARCH__URL",
            format!("http://127.0.0.1:{search}/"),
        )
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_listening(port);

    let request = "GET /es/data/_search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let search_reply = std::thread::spawn(move || http(port, request));
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();

    let reply = search_reply.join().unwrap();
    assert!(
        reply.starts_with("HTTP/1.1 200 OK") && reply.contains("{\"hits\":{}}"),
        "{reply}"
    );
    assert!(server.wait().unwrap().success());
}

/// An Elasticsearch stand-in on 127.0.0.1 that answers one request after
/// `delay`; returns its port.
fn slow_search_stand_in(delay: Duration) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buffer = [0_u8; 4096];
        let _ = stream.read(&mut buffer);
        std::thread::sleep(delay);
        let body = r#"{"hits":{}}"#;
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(reply.as_bytes());
    });
    port
}
