//! Throughput and latency of the account routes, measured in one run.
//!
//! ```sh
//! cargo bench -p openml-front-core --bench accounts
//! ```
//!
//! The app runs in-process on SQLite and is served on 127.0.0.1; a client
//! in the same process drives it. Printed, all from this one run:
//!
//! - requests/s of `GET /profile` next to `GET /healthz` (a route that does
//!   nothing), as a ratio: the cost of token checks and the user lookup;
//! - logins/s next to the rate of bare Argon2id verifications on all cores
//!   (the hashing limit of this machine), as a ratio;
//! - p50 and p99 latency of `GET /profile` alone and during a login flood:
//!   hashing runs on the blocking pool with bounded concurrency, so other
//!   requests should barely notice the flood.
//!
//! `BENCH_SECS` (default 5) sets the length of each phase and
//! `BENCH_CLIENTS` (default 16) the number of concurrent clients.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use openml_front_core::config::Argon2Config;
use openml_front_core::extensions::passwords::Passwords;
use openml_front_core::{Settings, create_app};
use serde_json::json;

struct Phase {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Phase {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).copied().unwrap_or_default()
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let secs = Duration::from_secs(env_number("BENCH_SECS", 5));
    let clients = env_number("BENCH_CLIENTS", 16) as usize;
    let dir = tempfile::tempdir().expect("a temp dir");
    let base = start_server(dir.path()).await;
    let http = reqwest::Client::new();

    let signup = json!({"email": "bench@example.org", "password": "bench-password", "first_name": "B", "last_name": "M"});
    http.post(format!("{base}/signup"))
        .json(&signup)
        .send()
        .await
        .expect("signup");
    let token = login(&http, &base).await;

    println!(
        "openml-front account benchmark: {clients} clients, {} s per phase",
        secs.as_secs()
    );
    let noop = run_phase(secs, clients, get(&http, &base, "/healthz", None)).await;
    let profile = run_phase(secs, clients, get(&http, &base, "/profile", Some(&token))).await;
    println!(
        "GET /healthz   {:>9.0} req/s\nGET /profile   {:>9.0} req/s   ratio profile/noop {:.2}",
        noop.per_second(),
        profile.per_second(),
        profile.per_second() / noop.per_second()
    );

    let hashes = bare_hash_rate(secs);
    let logins = run_phase(secs, clients, post_login(&http, &base)).await;
    println!(
        "argon2id       {:>9.1} verifications/s on all cores (t=4, m=16384, p=2)\nPOST /login    {:>9.1} logins/s   ratio logins/hash limit {:.2}",
        hashes,
        logins.per_second(),
        logins.per_second() / hashes
    );

    let flood_stop = Arc::new(AtomicBool::new(false));
    let flood = spawn_flood(&http, &base, clients, flood_stop.clone());
    let during = run_phase(secs, 4, get(&http, &base, "/profile", Some(&token))).await;
    flood_stop.store(true, Ordering::Relaxed);
    for task in flood {
        let _ = task.await;
    }
    let alone = run_phase(secs, 4, get(&http, &base, "/profile", Some(&token))).await;

    println!(
        "GET /profile alone        p50 {:>8.2} ms   p99 {:>8.2} ms\nGET /profile during flood p50 {:>8.2} ms   p99 {:>8.2} ms",
        ms(alone.percentile(0.5)),
        ms(alone.percentile(0.99)),
        ms(during.percentile(0.5)),
        ms(during.percentile(0.99)),
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

async fn start_server(dir: &std::path::Path) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = Settings::from_pairs([
        (
            "database.url",
            json!(format!(
                "sqlite://{}?mode=rwc",
                dir.join("bench.db").display()
            )),
        ),
        ("mail.dir", json!(dir.join("mail"))),
        ("mail.confirm_signups", json!(false)),
        ("server.image_dir", json!(dir.join("imgs"))),
        ("server.bind", json!(format!("127.0.0.1:{port}"))),
        ("auth.jwt_secret", json!("bench-secret")),
    ])
    .expect("bench settings");
    let app = create_app(settings).await.expect("the app builds");

    tokio::spawn(async move {
        let listener = openml_front_core::reexports::poem::listener::TcpListener::bind(format!(
            "127.0.0.1:{port}"
        ));
        let _ = openml_front_core::reexports::poem::Server::new(listener)
            .run(app.endpoint())
            .await;
    });
    let base = format!("http://127.0.0.1:{port}");
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    base
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    let reply: serde_json::Value = http
        .post(format!("{base}/login"))
        .json(&json!({"email": "bench@example.org", "password": "bench-password"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login reply");
    reply["access_token"].as_str().expect("a token").to_string()
}

type Request = Arc<dyn Fn() -> reqwest::RequestBuilder + Send + Sync>;

fn get(http: &reqwest::Client, base: &str, path: &str, token: Option<&str>) -> Request {
    let (http, url, token) = (
        http.clone(),
        format!("{base}{path}"),
        token.map(String::from),
    );
    Arc::new(move || {
        let request = http.get(&url);
        match &token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    })
}

fn post_login(http: &reqwest::Client, base: &str) -> Request {
    let (http, url) = (http.clone(), format!("{base}/login"));
    Arc::new(move || {
        http.post(&url)
            .json(&json!({"email": "bench@example.org", "password": "bench-password"}))
    })
}

/// Runs `clients` loops of `request` for `length`; collects latencies.
async fn run_phase(length: Duration, clients: usize, request: Request) -> Phase {
    let started = Instant::now();
    let deadline = started + length;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let ok = request()
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false);
                    if ok {
                        latencies.push(sent.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();

    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap_or_default());
    }
    Phase {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
    }
}

fn spawn_flood(
    http: &reqwest::Client,
    base: &str,
    clients: usize,
    stop: Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|_| {
            let (request, stop) = (post_login(http, base), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let _ = request().send().await;
                }
            })
        })
        .collect()
}

/// Bare Argon2id verifications per second, one thread per core.
fn bare_hash_rate(length: Duration) -> f64 {
    let cost = Argon2Config {
        time_cost: 4,
        memory_kib: 16384,
        parallelism: 2,
    };
    let passwords = Arc::new(Passwords::new(&cost, 1).expect("argon2 parameters"));
    let hash = "$argon2id$v=19$m=16384,t=4,p=2$JzMsuuQr4llyEqFLoWzIPg$Ad14rXD3kmT3zstOJNdY6TIekQZ6x1xqDqkvFbNKnnc";
    let threads = std::thread::available_parallelism().map_or(2, usize::from);

    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let passwords = passwords.clone();
            std::thread::spawn(move || {
                let mut count = 0_u64;
                while started.elapsed() < length {
                    passwords.verify_blocking("openml-rocks-42", hash);
                    count += 1;
                }
                count
            })
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap_or(0)).sum();
    total as f64 / started.elapsed().as_secs_f64()
}
