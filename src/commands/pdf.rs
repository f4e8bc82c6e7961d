//! `dossier packet --pdf`: print the packet through a local Chromium or Chrome.
//!
//! dossier does not lay out PDF itself: the packet's stylesheet already says
//! how it prints (`@page`, a section per page), and a browser is the program
//! that honours it. [`find_browser`] picks the executable (the `--chrome`
//! flag, else the first known name on `PATH`, else, on macOS, the usual
//! application bundles); [`print()`] runs it headless with a fresh profile,
//! no network chatter and a time limit, has it write into a temporary file
//! next to the target, checks that a PDF came out, and renames it into place.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The executable names looked for on `PATH`, in order.
pub const BROWSER_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Where macOS installs the browsers (`brew install --cask google-chrome`
/// puts Chrome there, not on `PATH`).
#[cfg(target_os = "macos")]
const WELL_KNOWN: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
];
#[cfg(not(target_os = "macos"))]
const WELL_KNOWN: &[&str] = &[];

/// How long the browser may take to print before it is stopped.
pub const TIMEOUT: Duration = Duration::from_secs(90);

/// Prints the HTML file `html` to the PDF file `pdf` with the browser given
/// by `chrome`, or found on `PATH`.
pub fn print(html: &Path, pdf: &Path, chrome: Option<&Path>) -> Result<()> {
    let path_var = std::env::var_os("PATH");
    let well_known: Vec<PathBuf> = WELL_KNOWN.iter().map(PathBuf::from).collect();
    let browser = find_browser(chrome, path_var.as_deref(), &well_known)?;
    print_with(&browser, html, pdf, TIMEOUT)
}

/// The browser to print with: `explicit` if given (it must be an executable
/// file), else the first of [`BROWSER_NAMES`] found in the folders of
/// `path_var` (a `PATH` value), else the first of `well_known` that exists.
pub fn find_browser(
    explicit: Option<&Path>,
    path_var: Option<&OsStr>,
    well_known: &[PathBuf],
) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if is_executable(path) {
            return Ok(path.to_path_buf());
        }
        // A bare name such as `--chrome chromium` is looked up on PATH.
        if path.components().count() == 1
            && let Some(found) = search_path(path.as_os_str(), path_var)
        {
            return Ok(found);
        }
        return Err(Error::BrowserNotExecutable(path.to_path_buf()));
    }
    BROWSER_NAMES
        .iter()
        .find_map(|name| search_path(OsStr::new(name), path_var))
        .or_else(|| well_known.iter().find(|p| is_executable(p)).cloned())
        .ok_or_else(|| Error::BrowserNotFound {
            looked_for: BROWSER_NAMES.join(", "),
        })
}

/// The first executable called `name` in the folders of `path_var`.
fn search_path(name: &OsStr, path_var: Option<&OsStr>) -> Option<PathBuf> {
    let path_var = path_var?;
    std::env::split_paths(path_var)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| {
            let plain = dir.join(name);
            let mut exe = OsString::from(plain.as_os_str());
            exe.push(".exe");
            [plain, PathBuf::from(exe)]
        })
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The `file://` URL of an absolute path, percent-encoding every byte
/// outside the unreserved set and `/`.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        // A Windows path (C:/...) takes a third slash.
        url.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// The command line that prints `url` into `output` with a fresh profile in
/// `profile`.
pub fn browser_args(url: &str, output: &Path, profile: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-pdf-header-footer",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    let mut profile_arg = OsString::from("--user-data-dir=");
    profile_arg.push(profile);
    args.push(profile_arg);
    let mut output_arg = OsString::from("--print-to-pdf=");
    output_arg.push(output);
    args.push(output_arg);
    args.push(OsString::from(url));
    args
}

/// Prints `html` to `pdf` with `browser`, stopping it after `timeout`.
pub fn print_with(browser: &Path, html: &Path, pdf: &Path, timeout: Duration) -> Result<()> {
    let html = html
        .canonicalize()
        .map_err(Error::io("find the HTML packet", html))?;
    let pdf = std::path::absolute(pdf).map_err(Error::io("resolve", pdf))?;
    if pdf.is_dir() {
        return Err(Error::OutputRefused {
            path: pdf,
            reason: "it is a folder".into(),
        });
    }
    let parent = pdf.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(Error::io("create folder", parent))?;
    let name = pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The browser writes into a temporary sibling (removed if anything goes
    // wrong), which is renamed over the target once it holds a whole PDF.
    let prefix = format!(".{name}.dossier-new-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".pdf");
    #[cfg(unix)]
    {
        // The mode of a file the user writes (0666 less the umask), not a
        // temporary file's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let staging = builder
        .tempfile_in(parent)
        .map_err(Error::io("create a temporary file in", parent))?;
    let profile = tempfile::Builder::new()
        .prefix("dossier-chrome-")
        .tempdir()
        .map_err(Error::io(
            "create a temporary folder in",
            std::env::temp_dir(),
        ))?;

    let failed = |message: String| Error::Browser {
        program: browser.to_path_buf(),
        message,
    };
    let mut command = Command::new(browser);
    command
        .args(browser_args(
            &file_url(&html),
            staging.path(),
            profile.path(),
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // A just-written executable can be briefly "busy" on Linux while another
    // thread forks: try again a few times before giving up.
    let mut tries = 0;
    let mut child = loop {
        match command.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 5 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            spawned => break spawned.map_err(|e| failed(format!("could not start it: {e}")))?,
        }
    };
    // Read what it says on a thread, so that a chatty browser never blocks
    // on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (said_tx, said_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = said_tx.send(text);
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "it did not finish within {} seconds and was stopped",
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("could not wait for it: {e}"))),
        }
    };
    // A helper process the browser started may outlive it and keep the pipe
    // open: wait for its words only briefly.
    let said = said_rx
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_default();
    let tail = last_lines(&said, 5);
    if !status.success() {
        return Err(failed(format!("it exited with {status}{tail}")));
    }
    let mut head = [0u8; 5];
    let whole = std::fs::File::open(staging.path())
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"%PDF-";
    if !whole {
        return Err(failed(format!("it exited without writing a PDF{tail}")));
    }
    staging
        .persist(&pdf)
        .map_err(|e| Error::io("rename into place", &pdf)(e.error))?;
    Ok(())
}

/// The last `n` non-empty lines of `text`, indented after a colon, or nothing.
fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return String::new();
    }
    let start = lines.len().saturating_sub(n);
    let mut out = String::from("; it said:");
    for line in &lines[start..] {
        out.push_str("\n    ");
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding an executable script for each name.
    fn bin(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            let path = dir.path().join(name);
            std::fs::write(&path, "#!/bin/sh\n").unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        dir
    }

    fn path_of(dirs: &[&Path]) -> OsString {
        std::env::join_paths(dirs).unwrap()
    }

    #[test]
    fn the_first_known_name_on_path_wins_in_the_order_of_the_list() {
        let a = bin(&["google-chrome"]);
        let b = bin(&["chromium-browser", "chrome"]);
        let path = path_of(&[a.path(), b.path()]);
        // chromium-browser comes before google-chrome in the list, even
        // though google-chrome is in an earlier folder.
        let found = find_browser(None, Some(&path), &[]).unwrap();
        assert_eq!(found, b.path().join("chromium-browser"));
    }

    #[test]
    fn an_earlier_folder_wins_for_the_same_name() {
        let a = bin(&["chromium"]);
        let b = bin(&["chromium"]);
        let path = path_of(&[a.path(), b.path()]);
        let found = find_browser(None, Some(&path), &[]).unwrap();
        assert_eq!(found, a.path().join("chromium"));
    }

    #[test]
    fn unknown_names_and_folders_are_not_browsers() {
        let a = bin(&["firefox", "chromedriver"]);
        std::fs::create_dir(a.path().join("chromium")).unwrap();
        let path = path_of(&[a.path()]);
        let error = find_browser(None, Some(&path), &[]).unwrap_err();
        assert!(matches!(error, Error::BrowserNotFound { .. }), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_is_not_executable_is_skipped() {
        let a = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("chromium"), "").unwrap();
        let b = bin(&["google-chrome-stable"]);
        let path = path_of(&[a.path(), b.path()]);
        let found = find_browser(None, Some(&path), &[]).unwrap();
        assert_eq!(found, b.path().join("google-chrome-stable"));
    }

    #[test]
    fn well_known_locations_come_after_path() {
        let apps = bin(&["Google Chrome"]);
        let chrome = apps.path().join("Google Chrome");
        let missing = apps.path().join("Chromium");
        let well_known = [missing, chrome.clone()];
        let found = find_browser(None, Some(OsStr::new("")), &well_known).unwrap();
        assert_eq!(found, chrome);
        let on_path = bin(&["chrome"]);
        let path = path_of(&[on_path.path()]);
        let found = find_browser(None, Some(&path), &well_known).unwrap();
        assert_eq!(found, on_path.path().join("chrome"));
    }

    #[test]
    fn the_flag_wins_over_path() {
        let a = bin(&["chromium", "my-chrome"]);
        let path = path_of(&[a.path()]);
        let explicit = a.path().join("my-chrome");
        let found = find_browser(Some(&explicit), Some(&path), &[]).unwrap();
        assert_eq!(found, explicit);
    }

    #[test]
    fn the_flag_may_name_a_program_on_path() {
        let a = bin(&["chromium-dev"]);
        let path = path_of(&[a.path()]);
        let found = find_browser(Some(Path::new("chromium-dev")), Some(&path), &[]).unwrap();
        assert_eq!(found, a.path().join("chromium-dev"));
    }

    #[test]
    fn a_flag_that_names_nothing_is_an_error_even_with_a_browser_on_path() {
        let a = bin(&["chromium"]);
        let path = path_of(&[a.path()]);
        let missing = a.path().join("nope");
        let error = find_browser(Some(&missing), Some(&path), &[]).unwrap_err();
        assert!(matches!(&error, Error::BrowserNotExecutable(p) if *p == missing));
        assert!(error.to_string().contains("--chrome"), "{error}");
    }

    #[test]
    fn nothing_found_says_how_to_install_one() {
        let empty = tempfile::tempdir().unwrap();
        let path = path_of(&[empty.path()]);
        let message = find_browser(None, Some(&path), &[])
            .unwrap_err()
            .to_string();
        for needle in [
            "apt install chromium",
            "brew install --cask google-chrome",
            "--chrome",
            "chromium-browser",
        ] {
            assert!(message.contains(needle), "{needle:?} missing in: {message}");
        }
        // No PATH at all is the same as an empty one.
        assert!(find_browser(None, None, &[]).is_err());
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my packet/100%#x.html")),
            "file:///tmp/my%20packet/100%25%23x.html"
        );
        assert_eq!(file_url(Path::new("/a/é.html")), "file:///a/%C3%A9.html");
        assert_eq!(
            file_url(Path::new(r"C:\Users\ada\packet.html")),
            "file:///C:/Users/ada/packet.html"
        );
    }

    #[test]
    fn the_command_line_is_headless_with_a_fresh_profile() {
        let args = browser_args(
            "file:///p.html",
            Path::new("/out/.p.pdf"),
            Path::new("/tmp/prof"),
        );
        let args: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        for flag in [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--user-data-dir=/tmp/prof",
            "--print-to-pdf=/out/.p.pdf",
        ] {
            assert!(args.iter().any(|a| a == flag), "{flag} missing: {args:?}");
        }
        assert_eq!(args.last().unwrap(), "file:///p.html");
    }

    #[cfg(unix)]
    #[test]
    fn a_browser_that_fails_leaves_no_file_and_its_words_are_shown() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("chromium");
        std::fs::write(&fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let html = dir.path().join("p.html");
        std::fs::write(&html, "<!doctype html><title>x</title>").unwrap();
        let pdf = dir.path().join("out").join("p.pdf");
        let error = print_with(&fake, &html, &pdf, Duration::from_secs(20)).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("cannot open display"), "{message}");
        assert!(!pdf.exists());
        let left: Vec<_> = std::fs::read_dir(pdf.parent().unwrap())
            .unwrap()
            .collect::<std::io::Result<_>>()
            .unwrap();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_browser_that_hangs_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("chromium");
        std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let html = dir.path().join("p.html");
        std::fs::write(&html, "<!doctype html><title>x</title>").unwrap();
        let pdf = dir.path().join("p.pdf");
        let started = Instant::now();
        let error = print_with(&fake, &html, &pdf, Duration::from_millis(300)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(error.to_string().contains("did not finish"), "{error}");
        assert!(!pdf.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_pdf_is_renamed_into_place_over_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("chromium");
        // Writes a tiny "PDF" where --print-to-pdf= says.
        std::fs::write(
            &fake,
            "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let html = dir.path().join("p.html");
        std::fs::write(&html, "<!doctype html><title>x</title>").unwrap();
        let pdf = dir.path().join("p.pdf");
        std::fs::write(&pdf, "old").unwrap();
        print_with(&fake, &html, &pdf, Duration::from_secs(20)).unwrap();
        assert_eq!(std::fs::read(&pdf).unwrap(), b"%PDF-1.4 fake");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains("dossier-new")),
            "{names:?}"
        );
    }
}
