//! `dossier serve`: build the site in memory, serve it on 127.0.0.1, rebuild
//! when the journal changes and reload the open pages.
//!
//! - [`site`]: the site held in memory, request paths mapped onto it, the
//!   overlay listing the journal's errors.
//! - [`host`]: which requests are answered (loopback host names only).
//! - [`watch`]: which folders are watched, and which changed paths call for
//!   a rebuild.
//!
//! The server is axum on a single-threaded tokio runtime; `tower-livereload`
//! injects its reload script into HTML responses as they are served, so the
//! site itself stays free of JavaScript. Every request, the live-reload
//! stream's included, first goes through the [`host`] check. The watcher
//! (`notify`, debounced) runs on its own thread and rebuilds there; a failed
//! build keeps the last good site and adds the overlay. Nothing is written
//! to disk.

pub mod host;
pub mod site;
pub mod watch;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use notify_debouncer_full::notify::EventKind;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use tower_livereload::LiveReloadLayer;

use crate::commands::cli::ServeArgs;
use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use site::{Problem, Reply, Served};

/// How long changes must settle before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// How long open connections (the pages' live-reload streams) may take to
/// close after Ctrl-C before they are dropped.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

type Shared = Arc<RwLock<Served>>;

/// Runs the command until Ctrl-C (or SIGTERM); exits 0 then.
pub fn run(args: &ServeArgs, quiet: bool, color: bool) -> Result<ExitCode> {
    let located = args.journal.locate()?;
    let root = &located.root;
    if let Err(error) = crate::resolve_today(args.journal.today.as_deref()) {
        crate::errln!("error: {error}");
        return Ok(ExitCode::from(2));
    }
    let builder = Builder {
        session: crate::Session::default(),
        root: root.clone(),
        today: args.journal.today.clone(),
        require_history: args.journal.require_history,
        history_cache: !args.journal.no_cache,
        include_private: args.include_private,
        allow_raw_html: args.allow_raw_html,
        quiet,
        color,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::io("start the server for", root))?;
    runtime.block_on(serve(builder, args.port))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(builder: Builder, port: Option<u16>) -> Result<()> {
    let wanted = SocketAddr::from(([127, 0, 0, 1], port.unwrap_or(0)));
    let listener = tokio::net::TcpListener::bind(wanted)
        .await
        .map_err(Error::io("listen on", wanted.to_string()))?;
    let address = listener
        .local_addr()
        .map_err(Error::io("listen on", wanted.to_string()))?;
    let stop = Stop::register().map_err(Error::io("handle Ctrl-C for", &builder.root))?;

    let mut builder = builder;
    let state: Shared = Arc::default();
    builder.build(true).apply(&state);

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    // The host check last, so that it runs first: before the live-reload
    // layer answers its own endpoint, and before any page.
    let app = axum::Router::new()
        .fallback(respond)
        .with_state(Arc::clone(&state))
        .layer(livereload)
        .layer(axum::middleware::from_fn_with_state(address, check_host));
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .await
    });

    let root = builder
        .root
        .canonicalize()
        .map_err(Error::io("watch", &builder.root))?;
    let output = crate::default_output(&root);
    let (events, received) = std::sync::mpsc::channel();
    let mut watches = watch::Watches::start(
        root.clone(),
        output.clone(),
        watch::MAX_WATCHED_FOLDERS,
        DEBOUNCE,
        events,
    )?;
    let builder_quiet = builder.quiet;
    let shown_root = builder.root.clone();
    let watched = Arc::clone(&state);
    std::thread::spawn(move || {
        for result in received {
            match result {
                Ok(events) => {
                    // New folders watched before the rebuild, which reads
                    // whatever they got before their watch was in place.
                    if watches.needs_sync(&events) {
                        watches.sync();
                    }
                    let changed = events.iter().any(|event| {
                        is_change(&event.kind)
                            && event
                                .paths
                                .iter()
                                .any(|path| watch::is_relevant(&root, &output, path))
                    });
                    if changed {
                        builder.build(false).apply(&watched);
                        reloader.reload();
                    }
                }
                Err(errors) => {
                    for error in errors {
                        crate::errln!("warning: watching the journal: {error}");
                    }
                }
            }
        }
    });

    // The URL last, once changes are watched: a script may edit as soon as it reads it.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "http://{address}/").ok();
    stdout.flush().ok();
    drop(stdout);
    if !builder_quiet {
        crate::errln!(
            "serving {} at http://{address}/ and watching it for changes (Ctrl-C to stop)",
            shown_root.display()
        );
    }

    stop.wait().await;
    stop_server.send(()).ok();
    // Past the grace period, open live-reload streams are dropped with the runtime.
    if let Ok(Ok(Err(error))) = tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        return Err(Error::io("serve", address.to_string())(error));
    }
    if !builder_quiet {
        crate::errln!("stopped");
    }
    Ok(())
}

/// Whether an event can change a file: anything but a read, the build's own
/// reads among them (a file closed after writing is a change: editors that
/// write in place end with it).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Refuses a request that is not addressed to this machine by a loopback
/// name (see [`host`]), before anything else looks at it.
async fn check_host(State(bound): State<SocketAddr>, request: Request, next: Next) -> Response {
    if host::request_allowed(request.headers(), request.uri(), bound) {
        return next.run(request).await;
    }
    let text = format!(
        "403 Forbidden: dossier serve answers only requests for localhost, 127.0.0.1 or [::1], \
         so that no other site can read this one. Open http://{bound}/ instead.\n"
    );
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text,
    )
        .into_response()
}

/// Answers one request from the site in memory.
async fn respond(State(state): State<Shared>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let reply = state
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .respond(uri.path());
    let no_store = (header::CACHE_CONTROL, "no-store");
    match reply {
        Reply::Found { content_type, body } => {
            ([(header::CONTENT_TYPE, content_type), no_store], body).into_response()
        }
        Reply::Redirect(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, encode_path(&location))],
        )
            .into_response(),
        Reply::NotFound(body) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8"), no_store],
            body,
        )
            .into_response(),
    }
}

/// Characters kept as they are in a path segment of a `Location`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `/a b/` as `/a%20b/`: a normalized, decoded site path back into a URL path.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Waits for Ctrl-C (and SIGTERM on Unix), with the handlers installed at
/// once, so that a signal sent right after the URL is printed is not lost.
struct Stop {
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl Stop {
    fn register() -> std::io::Result<Stop> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stop {
                signals: (
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                ),
            })
        }
        #[cfg(not(unix))]
        Ok(Stop {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        {
            let (interrupt, terminate) = &mut self.signals;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.ok();
        }
    }
}

/// Builds the site in memory and reports on the terminal.
struct Builder {
    /// What the last build made, for the next one to reuse.
    session: crate::Session,
    root: PathBuf,
    today: Option<String>,
    require_history: bool,
    history_cache: bool,
    include_private: bool,
    allow_raw_html: bool,
    quiet: bool,
    color: bool,
}

/// The result of one build.
enum Outcome {
    /// A new site to serve, and what to say once it is served (unless quiet).
    Built(crate::publish::Files, Option<Announce>),
    /// The journal has errors, or the site could not be rendered.
    Failed(Vec<Problem>),
}

/// The line printed once a new site is served: its time runs from the
/// start of the build to the moment the new pages are served.
struct Announce {
    started: Instant,
    first: bool,
    /// "3 pages rendered, 45 unchanged; " on a rebuild.
    pages: String,
    /// The diagnostics' summary.
    summary: String,
}

impl Outcome {
    /// Serves the new site, or keeps the last good one with the problems.
    fn apply(self, state: &Shared) {
        let mut served = state.write().unwrap_or_else(PoisonError::into_inner);
        match self {
            Outcome::Built(files, announce) => {
                let count = files.len();
                served.files = files;
                served.problems.clear();
                drop(served);
                if let Some(announce) = announce {
                    crate::errln!(
                        "{} {count} files in {} ms ({}{})",
                        if announce.first { "built" } else { "rebuilt" },
                        announce.started.elapsed().as_millis(),
                        announce.pages,
                        announce.summary
                    );
                }
            }
            Outcome::Failed(problems) => served.problems = problems,
        }
    }
}

impl Builder {
    fn shown_root(&self) -> &Path {
        &self.root
    }

    /// Loads and renders the journal, reusing what the session's last
    /// build made. The first build prints every diagnostic, as `check`
    /// does; rebuilds leave out the notes, which would repeat on every save.
    fn build(&mut self, first: bool) -> Outcome {
        let started = Instant::now();
        let today: Date = match crate::resolve_today(self.today.as_deref()) {
            Ok(today) => today,
            Err(error) => return self.failed(error.to_string()),
        };
        let mut session = std::mem::take(&mut self.session);
        let built = self.build_in(first, today, session.start());
        session.finish();
        let counts = session.counts();
        self.session = session;
        let (files, summary) = match built {
            Ok(built) => built,
            Err(outcome) => return outcome,
        };
        let announce = (!self.quiet).then(|| {
            let pages = if first {
                String::new()
            } else {
                format!(
                    "{} page{} rendered, {} unchanged; ",
                    counts.rendered,
                    if counts.rendered == 1 { "" } else { "s" },
                    counts.reused
                )
            };
            Announce {
                started,
                first,
                pages,
                summary,
            }
        });
        Outcome::Built(files, announce)
    }

    /// The site and the summary of its diagnostics, or the outcome to serve
    /// instead.
    fn build_in(
        &self,
        first: bool,
        today: Date,
        reuse: crate::Reuse<'_>,
    ) -> std::result::Result<(crate::publish::Files, String), Outcome> {
        let output = crate::default_output(&self.root);
        let options = crate::LoadOptions {
            today,
            exclude: Some(&output),
            require_history: self.require_history,
            history_cache: self.history_cache,
            staged: false,
        };
        let loaded = crate::load(&self.root, &options, reuse)
            .map_err(|error| self.failed(error.to_string()))?;
        let minimum = if self.quiet {
            Severity::Error
        } else if first {
            Severity::Note
        } else {
            Severity::Warning
        };
        let mut err = std::io::stderr().lock();
        loaded
            .report
            .emit_text_filtered(&mut err, self.color, minimum)
            .ok();
        drop(err);
        if loaded.report.has_errors() {
            crate::errln!(
                "error: {} in {}: still serving the last site that built",
                loaded.report.summary(),
                self.shown_root().display()
            );
            return Err(Outcome::Failed(Problem::from_report(&loaded.report)));
        }
        let options = crate::BuildOptions {
            include_private: self.include_private,
            today,
            allow_raw_html: self.allow_raw_html,
            packet: crate::packet::PacketOptions::default(),
        };
        let files = crate::site(&loaded, &options, reuse)
            .map_err(|error| self.failed(error.to_string()))?;
        Ok((files, loaded.report.summary()))
    }

    fn failed(&self, message: String) -> Outcome {
        crate::errln!("error: {message}: still serving the last site that built");
        Outcome::Failed(vec![Problem::global("build", message)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_not_changes() {
        use notify_debouncer_full::notify::event::{CreateKind, ModifyKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn redirect_locations_are_encoded() {
        assert_eq!(encode_path("/goals/"), "/goals/");
        assert_eq!(encode_path("/a b/"), "/a%20b/");
        assert_eq!(encode_path("/é/"), "/%C3%A9/");
    }
}
