//! `auditpress serve`: the site served from memory on 127.0.0.1, rebuilt when the content
//! changes, with open pages reloaded and build errors shown over the page.
//!
//! Pages are served from the build in memory, so nothing is written to disk and what is served
//! is exactly what `build` would write. The reload script is added to each HTML page as it is
//! sent; a built site never holds it. A rebuild reuses what the last one made wherever its inputs
//! are unchanged ([`BuildCache`]), and equals a fresh build.

mod live;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::{BuildCache, BuildError, BuildOptions};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "cannot listen on 127.0.0.1:{port}: {message}\n  help: another program may be using the port: choose another with --port"
    )]
    Listen { port: u16, message: String },
    #[error("cannot watch {}: {message}", .path.display())]
    Watch {
        path: std::path::PathBuf,
        message: String,
    },
}

/// How long the content must be still before a change is built.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// What is being served: the latest good build, and the latest build's problems if it failed.
#[derive(Default)]
struct Served {
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Each problem of the last build, as `file:line:column: message`, if it failed.
    problems: Vec<String>,
    /// Goes up with every build, good or bad: a page waiting for it reloads.
    generation: u64,
}

struct Shared {
    served: Mutex<Served>,
    changed: Condvar,
    /// What the last build made, for the next to reuse.
    cache: BuildCache,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Served> {
        self.served.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Builds, serves and watches until the process is stopped. `log` is told what happens.
pub fn serve(options: &BuildOptions, port: u16, log: &dyn Fn(&str)) -> Result<(), ServeError> {
    let shared = Arc::new(Shared {
        served: Mutex::new(Served::default()),
        changed: Condvar::new(),
        cache: BuildCache::new(),
    });
    // Watching starts before the first build and before the address is announced, so that no
    // change made once a client can connect is missed.
    let (sender, events) = std::sync::mpsc::channel();
    // Reading the content to build it is an event too: only changes count.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, EventKind::Access(_))
        {
            let _ = sender.send(());
        }
    })
    .map_err(|e| ServeError::Watch {
        path: options.content.clone(),
        message: e.to_string(),
    })?;
    watcher
        .watch(&options.content, RecursiveMode::Recursive)
        .map_err(|e| ServeError::Watch {
            path: options.content.clone(),
            message: e.to_string(),
        })?;
    log(&rebuild(options, &shared));
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Listen {
        port,
        message: e.to_string(),
    })?;
    let server = Arc::new(server);
    let address = server
        .server_addr()
        .to_ip()
        .map_or_else(|| format!("127.0.0.1:{port}"), |a| a.to_string());
    log(&format!(
        "Serving {} at http://{address}/ (stop with Ctrl+C).",
        options.content.display()
    ));
    // Waiting pages each hold a thread, so there are a few more than cores.
    for _ in 0..8 {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                respond(request, &shared);
            }
        });
    }

    while events.recv().is_ok() {
        // An editor saves in several steps: wait until the changes stop, then build once.
        while events.recv_timeout(DEBOUNCE).is_ok() {}
        log(&rebuild(options, &shared));
    }
    Ok(())
}

/// Builds the site in memory and puts it (or its problems) in place, saying what happened.
fn rebuild(options: &BuildOptions, shared: &Shared) -> String {
    let started = Instant::now();
    let result = crate::rebuild_in_memory(options, &shared.cache);
    let took = started.elapsed().as_secs_f64() * 1000.0;
    let mut served = shared.lock();
    served.generation += 1;
    let said = match result {
        Ok(built) => {
            served.files = built
                .site
                .files
                .into_iter()
                .map(|f| (f.path, Arc::new(f.bytes)))
                .collect();
            served.problems.clear();
            format!("Built {} pages in {took:.0} ms.", built.site.page_count)
        }
        Err(BuildError::Content(diagnostics)) => {
            served.problems = diagnostics
                .into_sorted()
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.display_under(Path::new("")).to_string())
                .collect();
            let count = served.problems.len();
            format!(
                "The build failed ({count} {}); the browser shows {}. Still serving the last good build.",
                if count == 1 { "problem" } else { "problems" },
                if count == 1 { "it" } else { "them" },
            )
        }
        Err(error) => {
            served.problems = vec![error.to_string()];
            format!("The build failed: {error}")
        }
    };
    drop(served);
    shared.changed.notify_all();
    said
}

fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match path {
        live::SCRIPT_PATH => live::script(),
        live::WAIT_PATH => {
            let since: u64 = query
                .split('&')
                .find_map(|p| p.strip_prefix("since="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            wait(shared, since)
        }
        _ => page(shared, path),
    };
    let _ = request.respond(response);
}

/// Answers once the build is newer than `since` (or after a while, so connections do not pile
/// up): the generation, and the problems if the build failed.
fn wait(shared: &Shared, since: u64) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let served = shared.lock();
    let (served, _) = shared
        .changed
        .wait_timeout_while(served, Duration::from_secs(25), |s| s.generation <= since)
        .unwrap_or_else(|p| p.into_inner());
    let body = serde_json::json!({
        "generation": served.generation,
        "problems": served.problems,
    });
    live::respond(body.to_string().into_bytes(), "application/json")
}

fn page(shared: &Shared, path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let decoded = percent_decode(path.trim_start_matches('/'));
    let wanted = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    };
    let served = shared.lock();
    let (file, status) = match served.files.get(&wanted) {
        Some(file) => (Some(Arc::clone(file)), 200),
        None => (served.files.get(crate::layout::NOT_FOUND).cloned(), 404),
    };
    let generation = served.generation;
    drop(served);
    let Some(bytes) = file else {
        return live::respond(b"Not found".to_vec(), "text/plain; charset=utf-8")
            .with_status_code(404);
    };
    let kind = content_type(&wanted);
    let body = if kind.starts_with("text/html") {
        live::with_reload_script(&bytes, generation)
    } else {
        bytes.to_vec()
    };
    live::respond(body, kind).with_status_code(status)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("pdf") => "application/pdf",
        Some("ttf") => "font/ttf",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%20` and the like in a requested path, as the browser sends them.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_paths_are_decoded() {
        assert_eq!(
            percent_decode("tags/domestic%20violence/"),
            "tags/domestic violence/"
        );
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
