//! The hostile corpus for what a site publishes (issue classes 1 to 3):
//! raw files beside the pages, script in published files, and templates,
//! config and caches from outside the journal. Every case builds a real
//! site and checks that it holds only the pages dossier generated and the
//! assets the policy allows, and that no marker of a private or foreign
//! file appears in any output byte.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{TODAY, TestJournal, TestRepo, read_tree};

const GOAL_HEAD: &str =
    "---\ntitle: Public goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\n";

/// Builds the site into `out` (inside the journal) and returns it.
fn build(journal: &TestJournal) -> crate::support::Run {
    journal.run(&["build", "-o", "out", "--today", TODAY])
}

/// True for a path dossier generates in every site, or for an entry page.
fn is_generated(path: &str) -> bool {
    const FIXED: [&str; 10] = [
        ".dossier-output",
        "index.html",
        "timeline.html",
        "tags.html",
        "people.html",
        "style.css",
        "packet.html",
        "goals/index.html",
        "updates/index.html",
        "meetings/index.html",
    ];
    if FIXED.contains(&path) {
        return true;
    }
    let mut parts = path.split('/');
    let (Some(folder), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(folder, "goals" | "updates" | "meetings") && name.ends_with(".html")
}

/// The site in `out` holds only generated pages and exactly `assets`, and
/// none of `markers` in any file.
fn assert_site(journal: &TestJournal, assets: &[&str], markers: &[&str]) {
    let files = read_tree(&journal.path().join("out"));
    assert!(!files.is_empty(), "no site was written");
    let mut published: Vec<&str> = files
        .iter()
        .map(|(path, _)| path.as_str())
        .filter(|path| !is_generated(path))
        .collect();
    published.sort();
    let mut expected = assets.to_vec();
    expected.sort();
    assert_eq!(published, expected, "files published beside the pages");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for marker in markers {
            assert!(!text.contains(marker), "`{marker}` published in {path}");
        }
    }
}

/// The diagnostics of `rule` about `path`, as (line, message).
fn diagnostics_of(journal: &TestJournal, rule: &str, path: &str) -> Vec<(u64, String)> {
    journal
        .diagnostics()
        .into_iter()
        .filter(|d| d["rule"] == rule && d["path"].as_str().is_some_and(|p| p.ends_with(path)))
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn page(journal: &TestJournal, path: &str) -> String {
    std::fs::read_to_string(journal.path().join("out").join(path)).unwrap()
}

#[test]
fn raw_files_beside_the_pages_private_notes_are_never_copied() {
    let journal = TestJournal::new();
    journal.file(
        "goals/secret.md",
        "---\ntitle: Secret privmarkerA\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\nprivate: true\n---\nprivmarkerB\n",
    );
    // A private entry outside the kind folders, linked by its path.
    journal.file(
        "notes/hidden.md",
        "---\nkind: goal\ntitle: privmarkerC\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\nprivate: true\n---\nprivmarkerD\n",
    );
    journal.file(
        "goals/public.md",
        &format!(
            "{GOAL_HEAD}Embeds ![[secret.md]], ![[secret]], links [the note](../notes/hidden.md), \
             [[secret]] and ![image](secret.md).\n"
        ),
    );
    assert_eq!(
        diagnostics_of(&journal, "unpublished-link", "goals/public.md"),
        []
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        &journal,
        &[],
        &[
            "privmarkerA",
            "privmarkerB",
            "privmarkerC",
            "privmarkerD",
            "hidden.md",
        ],
    );
    let public = page(&journal, "goals/public.html");
    assert!(public.contains("(private note)"), "{public}");
    assert!(!public.contains("secret.md"), "{public}");
}

#[test]
fn raw_files_beside_the_pages_private_blocks_stay_out_of_embeds() {
    let journal = TestJournal::new();
    journal.file(
        "goals/other.md",
        &format!("{GOAL_HEAD}Public text.\n\n```private\nprivmarkerE\n```\n"),
    );
    journal.file(
        "goals/public.md",
        &format!("{GOAL_HEAD}![[other.md]] and ![[other]] and [file](other.md#top)\n"),
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(&journal, &[], &["privmarkerE", "---\ntitle"]);
    // The embed of a note is a link to its page.
    let public = page(&journal, "goals/public.html");
    assert!(public.contains("href=\"../goals/other.html\""), "{public}");
    assert!(!public.contains("<img"), "{public}");
}

#[test]
fn raw_files_beside_the_pages_markdown_in_any_case_is_a_note_or_nothing() {
    let journal = TestJournal::new();
    // `.MD` and `.Markdown` notes are entries, with pages.
    journal.file("goals/Upper.MD", &format!("{GOAL_HEAD}privmarkerF upper\n"));
    journal.file("goals/Long.Markdown", &format!("{GOAL_HEAD}Long body.\n"));
    // Markdown that is no note (no kind folder, no `kind:`).
    journal.file("README.MD", "privmarkerG readme\n");
    journal.file("assets/notes.markdown", "privmarkerH notes\n");
    journal.file(
        "goals/public.md",
        &format!(
            "{GOAL_HEAD}[u](Upper.MD) [l](Long.Markdown) [r](../README.MD) ![[notes.markdown]]\n"
        ),
    );
    let refused = diagnostics_of(&journal, "unpublished-link", "goals/public.md");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused
            .iter()
            .all(|(line, m)| *line == 7 && m.contains("Markdown")),
        "{refused:?}"
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(&journal, &[], &["privmarkerG", "privmarkerH", "---\ntitle"]);
    assert!(journal.path().join("out/goals/Upper.html").is_file());
    assert!(journal.path().join("out/goals/Long.html").is_file());
    let public = page(&journal, "goals/public.html");
    assert!(public.contains("href=\"../goals/Upper.html\""), "{public}");
}

#[test]
fn raw_files_beside_the_pages_nothing_under_git_or_hidden() {
    let repo = TestRepo::new();
    let journal = &repo.journal;
    journal.file("goals/a.md", &format!("{GOAL_HEAD}Body.\n"));
    repo.commit("2026-01-05", "first");
    let config = journal.path().join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[remote \"origin\"]\n\turl = https://privmarkerI.example/journal.git\n");
    std::fs::write(&config, text).unwrap();
    journal.file(".env", "TOKEN=privmarkerJ\n");
    journal.file("assets/.secret.txt", "privmarkerK\n");
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}[c](../.git/config) [h](../.git/HEAD) [e](../.env) \
             ![[.git/config]] [s](../assets/.secret.txt) [d](/.git/config)\n"
        ),
    );
    let refused = diagnostics_of(journal, "unpublished-link", "goals/a.md");
    assert_eq!(refused.len(), 6, "{refused:?}");
    assert!(
        refused.iter().all(|(_, m)| m.contains("hidden")),
        "{refused:?}"
    );
    let run = build(journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        journal,
        &[],
        &["privmarkerI", "privmarkerJ", "privmarkerK", "[core]"],
    );
    let page = page(journal, "goals/a.html");
    assert!(!page.contains(".git/config\""), "{page}");
}

#[cfg(unix)]
#[test]
fn raw_files_beside_the_pages_never_through_a_symlink() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("foreign.txt"), "privmarkerL").unwrap();
    std::fs::write(outside.path().join("foreign.png"), "privmarkerM").unwrap();
    let journal = TestJournal::new();
    journal.file(
        "goals/secret.md",
        "---\ntitle: S\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\nprivate: true\n---\nprivmarkerN\n",
    );
    journal.file("real/plan.png", "png");
    let root = journal.path();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    symlink(root.join("goals/secret.md"), root.join("assets/x.txt")).unwrap();
    symlink(
        outside.path().join("foreign.txt"),
        root.join("assets/y.txt"),
    )
    .unwrap();
    symlink(outside.path(), root.join("linked")).unwrap();
    symlink(root.join("real"), root.join("inner")).unwrap();
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}[x](../assets/x.txt) ![[y.txt]] ![f](../linked/foreign.png) \
             ![p](../inner/plan.png) ![ok](../real/plan.png)\n"
        ),
    );
    let refused = diagnostics_of(&journal, "unpublished-link", "goals/a.md");
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert!(
        refused.iter().all(|(_, m)| m.contains("symbolic link")),
        "{refused:?}"
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        &journal,
        &["real/plan.png"],
        &["privmarkerL", "privmarkerM", "privmarkerN"],
    );
}

#[test]
fn raw_files_beside_the_pages_only_allowed_types_under_the_size_limit() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"T\"\nmax_asset_size = \"1 KB\"\n");
    for (path, text) in [
        ("assets/a.png", "png"),
        ("assets/b.JPG", "jpg"),
        ("assets/c.pdf", "pdf"),
        ("assets/d.csv", "a,b"),
        ("assets/e.txt", "text"),
        ("assets/f.docx", "privmarkerO"),
        ("assets/g.js", "privmarkerP"),
        ("assets/h.json", "privmarkerQ"),
        ("assets/i", "privmarkerR"),
    ] {
        journal.file(path, text);
    }
    journal.file("assets/big.png", &"privmarkerS".repeat(200));
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}![a](../assets/a.png) ![[b.JPG]] [c](../assets/c.pdf) [d](../assets/d.csv)\n\
             [e](../assets/e.txt)\n[f](../assets/f.docx) [g](../assets/g.js) [h](../assets/h.json) \
             [i](../assets/i) ![[big.png]]\n"
        ),
    );
    let refused = diagnostics_of(&journal, "unpublished-link", "goals/a.md");
    assert_eq!(refused.len(), 5, "{refused:?}");
    assert!(refused.iter().all(|(line, _)| *line == 9), "{refused:?}");
    assert!(
        refused.iter().any(|(_, m)| m.contains("max_asset_size")),
        "{refused:?}"
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        &journal,
        &[
            "assets/a.png",
            "assets/b.JPG",
            "assets/c.pdf",
            "assets/d.csv",
            "assets/e.txt",
        ],
        &[
            "privmarkerO",
            "privmarkerP",
            "privmarkerQ",
            "privmarkerR",
            "privmarkerS",
        ],
    );
    // The refused links are their text: no dangling href.
    let page = page(&journal, "goals/a.html");
    assert!(!page.contains("f.docx"), "{page}");
    assert!(page.contains("\nf g h i big.png</p>"), "{page}");
}

#[test]
fn script_in_published_files_no_file_takes_a_generated_page() {
    let journal = TestJournal::new();
    let script = "<script>alert('privmarkerT')</script>";
    for path in [
        "index.html",
        "style.css",
        "packet.html",
        "goals/a.html",
        "timeline.html",
    ] {
        journal.file(path, script);
    }
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}[i](../index.html) [s](../style.css) [p](../packet.html) [g](a.html) \
             [t](/timeline.html)\n"
        ),
    );
    let refused = diagnostics_of(&journal, "unpublished-link", "goals/a.md");
    assert_eq!(refused.len(), 5, "{refused:?}");
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(&journal, &[], &["privmarkerT"]);
    assert!(page(&journal, "index.html").contains("Dashboard"));
}

#[test]
fn script_in_published_files_html_is_never_an_asset() {
    let journal = TestJournal::new();
    for path in [
        "assets/x.html",
        "assets/x.HTM",
        "assets/x.xhtml",
        "assets/x.shtml",
        "assets/x.svgz",
    ] {
        journal.file(path, "<script>privmarkerU</script>");
    }
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}[a](../assets/x.html) [b](../assets/x.HTM) ![[x.xhtml]] \
             [d](../assets/x.shtml) ![e](../assets/x.svgz)\n"
        ),
    );
    assert_eq!(
        diagnostics_of(&journal, "unpublished-link", "goals/a.md").len(),
        5
    );
    let run = build(&journal);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(&journal, &[], &["privmarkerU"]);
}

#[test]
fn script_in_published_files_svg_is_published_sanitized() {
    let journal = TestJournal::new();
    journal.file(
        "assets/evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload=\"privmarkerV()\">\
         <script>privmarkerW()</script>\
         <foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\" onclick=\"privmarkerX()\">x</div></foreignObject>\
         <a href=\"javascript:privmarkerY()\"><rect width=\"5\" height=\"5\" onmouseover=\"privmarkerZ()\"/></a>\
         <image xlink:href=\"https://tracker.privmarker1.example/p.png\"/>\
         <text>drawn text</text></svg>",
    );
    journal.file(
        "assets/deep.svg",
        &format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(5000),
            "</g>".repeat(5000)
        ),
    );
    journal.file("assets/broken.svg", "<svg><g></svg");
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}![[evil.svg]]\n\n![d](../assets/deep.svg) ![b](../assets/broken.svg)\n"
        ),
    );
    let refused = diagnostics_of(&journal, "unpublished-link", "goals/a.md");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused.iter().any(|(_, m)| m.contains("nested 5001 deep")),
        "{refused:?}"
    );
    let started = Instant::now();
    let run = build(&journal);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        &journal,
        &["assets/evil.svg"],
        &[
            "privmarkerV",
            "privmarkerW",
            "privmarkerX",
            "privmarkerY",
            "privmarkerZ",
            "privmarker1",
            "<script",
            "foreignObject",
        ],
    );
    let svg = page(&journal, "assets/evil.svg");
    assert!(svg.contains("drawn text"), "{svg}");
    assert!(!svg.contains(" on"), "{svg}");
}

#[test]
fn script_in_published_files_names_that_collide_with_pages_are_diagnosed() {
    let journal = TestJournal::new();
    journal.file("goals/index.md", &format!("{GOAL_HEAD}Body.\n"));
    journal.file(
        "updates/Index.md",
        "---\ndate: 2026-01-06\ngoals: []\n---\nBody.\n",
    );
    journal.file("goals/plan.md", &format!("{GOAL_HEAD}Body.\n"));
    journal.file("goals/Plan.md", &format!("{GOAL_HEAD}Body.\n"));
    let names = diagnostics_of(&journal, "invalid-name", ".md");
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().all(|(_, m)| m.contains("list page")),
        "{names:?}"
    );
    let case = diagnostics_of(&journal, "duplicate-slug", "goals/plan.md");
    assert_eq!(case.len(), 1, "{case:?}");
    assert!(case[0].1.contains("letter case"), "{case:?}");
    assert_eq!(build(&journal).code, 1);
}

#[cfg(unix)]
#[test]
fn templates_config_and_caches_from_outside_are_never_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("style.css"), "/* privmarker2 */").unwrap();
    std::fs::create_dir(outside.path().join("templates")).unwrap();
    std::fs::write(
        outside.path().join("templates/dashboard.html"),
        "privmarker3",
    )
    .unwrap();
    std::fs::write(
        outside.path().join("dossier.toml"),
        "owner = \"privmarker4\"\n",
    )
    .unwrap();

    // A template that is a link.
    let journal = TestJournal::new();
    journal.goal("a");
    std::fs::create_dir(journal.path().join("templates")).unwrap();
    symlink(
        outside.path().join("style.css"),
        journal.path().join("templates/style.css"),
    )
    .unwrap();
    let warned = diagnostics_of(&journal, "symlink", "templates/style.css");
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].1.contains("default template"), "{warned:?}");
    assert_eq!(build(&journal).code, 0);
    assert_site(&journal, &[], &["privmarker2"]);

    // The templates folder as a link.
    let journal = TestJournal::new();
    journal.goal("a");
    symlink(
        outside.path().join("templates"),
        journal.path().join("templates"),
    )
    .unwrap();
    assert_eq!(diagnostics_of(&journal, "symlink", "templates").len(), 1);
    assert_eq!(build(&journal).code, 0);
    assert_site(&journal, &[], &["privmarker3"]);

    // dossier.toml as a link: said, and not read.
    let journal = TestJournal::bare();
    journal.goal("a");
    symlink(
        outside.path().join("dossier.toml"),
        journal.path().join("dossier.toml"),
    )
    .unwrap();
    let all = journal.diagnostics();
    let links: Vec<_> = all.iter().filter(|d| d["rule"] == "symlink").collect();
    assert_eq!(links.len(), 1, "{all:#?}");
    assert!(
        links[0]["message"]
            .as_str()
            .unwrap()
            .contains("dossier.toml")
    );
    assert_eq!(build(&journal).code, 0);
    assert_site(&journal, &[], &["privmarker4"]);
}

#[cfg(unix)]
#[test]
fn templates_config_and_caches_special_files_are_never_opened() {
    let mkfifo = |path: &Path| {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    let journal = TestJournal::new();
    journal.goal("a");
    std::fs::create_dir(journal.path().join("templates")).unwrap();
    mkfifo(&journal.path().join("templates/goal.html"));
    let started = Instant::now();
    let diagnostics = journal.diagnostics();
    let unread: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("default template"))
        .collect();
    assert_eq!(unread.len(), 1, "{diagnostics:#?}");
    assert_eq!(unread[0]["rule"], "unreadable");
    // What check says, build does: the same error, and nothing written.
    let run = build(&journal);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!journal.path().join("out").exists());
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "a FIFO was opened"
    );
}

/// The history cache files of a repository (walk and facts), made by one
/// cached check.
fn cache_files(repo: &TestRepo) -> Vec<std::path::PathBuf> {
    let run = repo.journal.run(&["check", "--today", TODAY]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let run = repo.journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<_> = walkdir::WalkDir::new(repo.journal.path().join(".git/dossier"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    files
}

#[cfg(unix)]
#[test]
fn templates_config_and_caches_a_cache_that_is_no_file_is_ignored() {
    use std::os::unix::fs::symlink;
    let repo = TestRepo::new();
    repo.journal
        .file("goals/a.md", &format!("{GOAL_HEAD}Body.\n"));
    repo.commit("2026-01-05", "first");
    let expected = {
        cache_files(&repo);
        read_tree(&repo.journal.path().join("out"))
    };
    for damage in ["fifo", "dev-zero", "sparse", "symlink"] {
        for file in cache_files(&repo) {
            std::fs::remove_file(&file).unwrap();
            match damage {
                "fifo" => {
                    let status = std::process::Command::new("mkfifo")
                        .arg(&file)
                        .status()
                        .unwrap();
                    assert!(status.success());
                }
                "dev-zero" => symlink("/dev/zero", &file).unwrap(),
                "sparse" => std::fs::File::create(&file)
                    .unwrap()
                    .set_len(1 << 40)
                    .unwrap(),
                _ => {
                    let elsewhere = repo.journal.path().join("elsewhere.bin");
                    std::fs::write(&elsewhere, "junk").unwrap();
                    symlink(&elsewhere, &file).unwrap();
                }
            }
        }
        let started = Instant::now();
        let run = repo.journal.run(&["build", "-o", "out", "--today", TODAY]);
        assert_eq!(run.code, 0, "{damage}: {}", run.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{damage}: hung"
        );
        assert_eq!(
            read_tree(&repo.journal.path().join("out")),
            expected,
            "{damage}"
        );
        // Clean the damage for the next round (the cache is written anew).
        for file in walkdir::WalkDir::new(repo.journal.path().join(".git/dossier"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
        {
            let _ = std::fs::remove_file(file.path());
        }
    }
}
