//! Nothing private leaks: private entries and ```` ```private ```` blocks
//! carry unique markers in every field, body and file name; the site and
//! every packet variant are scanned byte by byte for them, and for the
//! journal's absolute path.

use crate::sanitize::build_everything;
use crate::support::{TestJournal, TestRepo};

/// Markers in private entries: in the site only with `--include-private`.
const ENTRY_MARKERS: &[&str] = &[
    "privmarker01", // private goal: file name (slug)
    "privmarker02", // private goal: title
    "privmarker03", // private goal: impact
    "privmarker04", // private goal: stakeholders
    "privmarker05", // private goal: tags
    "privmarker06", // private goal: body
    "privmarker07", // private update: file name (slug)
    "privmarker08", // private update: title
    "privmarker09", // private update: to
    "privmarker10", // private update: tags
    "privmarker11", // private update: body
    "privmarker12", // private meeting: file name (slug)
    "privmarker13", // private meeting: title
    "privmarker14", // private meeting: with name (a person met only there)
    "privmarker15", // private meeting: with role
    "privmarker16", // private meeting: with org
    "privmarker17", // private meeting: org
    "privmarker18", // private meeting: problems
    "privmarker19", // private meeting: tags
    "privmarker20", // private meeting: body
    "privmarker21", // private meeting: a person in a role
    "privmarker22", // private summary: body
    "privmarker23", // feedback without consent: file name (slug)
    "privmarker24", // feedback without consent: from name
    "privmarker25", // feedback without consent: from role
    "privmarker26", // feedback without consent: from org
    "privmarker27", // feedback without consent: body
    "privmarker28", // feedback without consent: tags
    "privmarker29", // private feedback with consent: body
];

/// Markers in ```` ```private ```` blocks of public entries: never shown,
/// whatever the flags.
const BLOCK_MARKERS: &[&str] = &[
    "privmarker31", // public goal body
    "privmarker32", // public update body
    "privmarker33", // public meeting body
    "privmarker34", // a tilde fence with more info
    "privmarker35", // public summary body
];

/// Text in an ordinary code block next to the private ones: always shown.
const CONTROL: &str = "publiccontrol";

fn write_journal(j: &TestJournal) {
    j.file(
        "dossier.toml",
        "owner = \"Ada Park\"\nrole = \"Senior\"\ntarget_role = \"Staff\"\n\
         [periods]\nH1 = { from = 2026-01-01, to = 2026-06-30 }\n\
         H2 = { from = 2026-07-01, to = 2026-12-31 }\n",
    );
    // The packet of H1 opens with its public summary (a private block left
    // out); H2's summary is private, so its own page stays out of the site.
    j.file(
        "summaries/H1.md",
        "---\ndate: 2026-03-01\nperiod: H1\n---\nMy case, with [[2026-02-10-privmarker12]].\n\n\
         ```private\nprivmarker35\n```\n",
    );
    j.file(
        "summaries/H2.md",
        "---\ndate: 2026-03-01\nperiod: H2\nprivate: true\n---\nDraft privmarker22.\n",
    );
    j.file(
        "goals/public-goal.md",
        "---\ntitle: Public goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n\
         tags: [shared]\n---\nWhy it matters.\n\n```private\nprivmarker31\n```\n\n\
         ```text\npubliccontrol\n```\n",
    );
    j.file(
        "goals/secret-privmarker01.md",
        "---\ntitle: Goal privmarker02\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-03-01\n\
         leverage: [strategic]\nimpact: Saved privmarker03\nstakeholders: [Someone privmarker04]\n\
         tags: [privmarker05, shared]\nprivate: true\n---\nBody privmarker06.\n",
    );
    j.file(
        "updates/2026-02-13.md",
        "---\ndate: 2026-02-13\nto: [Sam Ortiz (Engineering Manager)]\n\
         goals: [public-goal, secret-privmarker01]\ntags: [shared]\n---\n\
         Worked on [[secret-privmarker01]] and [[goals/secret-privmarker01#Plan]], see \
         [the plan](../goals/secret-privmarker01.md) and [[secret-privmarker01|the other goal]]; \
         also [[2026-02-10-privmarker12]].\n\n```private\nprivmarker32\n```\n",
    );
    j.file(
        "updates/2026-02-27-privmarker07.md",
        "---\ntitle: Update privmarker08\ndate: 2026-02-27\nto: [Boss privmarker09]\n\
         goals: [public-goal]\ntags: [privmarker10]\nprivate: true\n---\nBody privmarker11.\n",
    );
    j.file(
        "meetings/2026-02-10-privmarker12.md",
        "---\ntitle: Meeting privmarker13\ndate: 2026-02-10\n\
         with: [{ name: Person privmarker14, role: Role privmarker15, org: Org privmarker16 }, \
         \"Other privmarker21 (Director)\"]\ntype: senior-leader\norg: Org privmarker17\n\
         problems: [Problem privmarker18]\ngoals: [public-goal]\ntags: [privmarker19]\n\
         private: true\n---\nBody privmarker20.\n",
    );
    // Feedback: one without consent (a private note wherever it is read
    // from), one private with consent, and one that may be quoted.
    j.file(
        "feedback/2026-02-15-privmarker23.md",
        "---\ndate: 2026-02-15\nfrom: Candid privmarker24 (Role privmarker25, Org privmarker26)\n\
         consent: false\ngoals: [public-goal]\ntags: [privmarker28, shared]\n---\n\
         Said privmarker27.\n",
    );
    j.file(
        "feedback/2026-02-16-private.md",
        "---\ndate: 2026-02-16\nfrom: Pat Public (VP Sales)\nconsent: true\nprivate: true\n---\n\
         Said privmarker29.\n",
    );
    j.file(
        "feedback/2026-02-17-quinn.md",
        "---\ndate: 2026-02-17\nfrom: { name: Quinn Quoted, role: CFO, org: Finance }\n\
         consent: true\nreference: true\ngoals: [public-goal]\n---\n\
         Consentedwords, and [[2026-02-15-privmarker23]].\n",
    );
    j.file(
        "meetings/2026-02-11-public.md",
        "---\ndate: 2026-02-11\nwith: [Pat Public (VP Sales)]\norg: Sales\n\
         problems: [Quotes are slow]\ngoals: [public-goal]\n---\nNotes.\n\n\
         ```private\nprivmarker33\n```\n\n~~~private notes\nprivmarker34\n~~~\n",
    );
}

/// The markers found in `files`, case-insensitively, with where.
fn found(files: &[(String, Vec<u8>)], markers: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for marker in markers {
            if text.contains(marker) {
                hits.push(format!("{marker} in {path}"));
            }
        }
    }
    hits
}

/// The absolute paths an output must not hold: the journal's (as given and
/// canonical) and the home folder.
fn machine_paths(j: &TestJournal) -> Vec<String> {
    let mut paths = vec![
        j.path().to_string_lossy().into_owned(),
        j.path()
            .canonicalize()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = home.to_string_lossy().trim_end_matches('/').to_string();
        if home.len() > 1 {
            paths.push(home);
        }
    }
    paths
}

fn check_no_leaks(j: &TestJournal) -> usize {
    let out = tempfile::tempdir().unwrap();
    let files = build_everything(j.path(), out.path(), "H1", &[]);
    let markers: Vec<&str> = ENTRY_MARKERS.iter().chain(BLOCK_MARKERS).copied().collect();
    let hits = found(&files, &markers);
    assert!(hits.is_empty(), "private text leaked:\n{}", hits.join("\n"));
    let paths = machine_paths(j);
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let hits = found(&files, &paths);
    assert!(
        hits.is_empty(),
        "a path of this machine leaked:\n{}",
        hits.join("\n")
    );
    assert!(
        !found(&files, &[CONTROL]).is_empty(),
        "the public code block is shown"
    );
    // The public side still works: H1's summary in its packet, the public
    // goal, and Pat on the people page.
    assert!(
        !found(&files, &["my case, with"]).is_empty(),
        "the public summary is shown"
    );
    let people = files.iter().find(|(p, _)| p == "site/people.html").unwrap();
    assert!(String::from_utf8_lossy(&people.1).contains("Pat Public"));
    // Feedback with consent is quoted, by name, in the site and in the
    // packets of its period (HTML and JSON), so the scan above can fail.
    let packets: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("period"))
        .collect();
    assert_eq!(packets.len(), 2);
    for (path, bytes) in packets {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("Consentedwords"), "{path}");
        assert!(text.contains("Quinn Quoted"), "{path}");
    }
    assert!(String::from_utf8_lossy(&people.1).contains("Quinn Quoted"));
    assert!(!found(&files, &["feedback/2026-02-17-quinn.html"]).is_empty());
    files.len()
}

#[test]
fn private_entries_and_blocks_never_leak() {
    let repo = TestRepo::new();
    write_journal(&repo.journal);
    repo.commit("2026-03-02", "notes");
    let scanned = check_no_leaks(&repo.journal);

    // Without git history too: the no-history message must not name the folder.
    let plain = TestJournal::bare();
    write_journal(&plain);
    let scanned = scanned + check_no_leaks(&plain);

    // With --include-private the entries' markers do appear (so the scan
    // above can fail), and so do private blocks, in the site only.
    let out = tempfile::tempdir().unwrap();
    let files = build_everything(
        repo.journal.path(),
        out.path(),
        "H1",
        &["--include-private"],
    );
    let site: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("site/") && p != "site/packet.html")
        .cloned()
        .collect();
    let hits = found(&site, ENTRY_MARKERS);
    let missing: Vec<&&str> = ENTRY_MARKERS
        .iter()
        .filter(|m| !hits.iter().any(|h| h.starts_with(**m)))
        .collect();
    assert!(missing.is_empty(), "not in the private site: {missing:?}");
    let hits = found(&site, BLOCK_MARKERS);
    let missing_blocks: Vec<&&str> = BLOCK_MARKERS
        .iter()
        .filter(|m| !hits.iter().any(|h| h.starts_with(**m)))
        .collect();
    assert!(
        missing_blocks.is_empty(),
        "private blocks not in the private site: {missing_blocks:?}"
    );
    let packets: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| !p.starts_with("site/") || p == "site/packet.html")
        .cloned()
        .collect();
    assert!(
        found(&packets, ENTRY_MARKERS).is_empty(),
        "packets stay public"
    );
    assert!(
        found(&packets, BLOCK_MARKERS).is_empty(),
        "packets never show private blocks"
    );

    eprintln!(
        "{} markers planted ({} in private entries, {} in private blocks); \
         {scanned} output files scanned, 0 found; {} of {} entry markers found with --include-private",
        ENTRY_MARKERS.len() + BLOCK_MARKERS.len(),
        ENTRY_MARKERS.len(),
        BLOCK_MARKERS.len(),
        ENTRY_MARKERS.len() - missing.len(),
        ENTRY_MARKERS.len()
    );
}

#[test]
fn a_link_to_a_private_note_shows_neither_its_title_nor_its_slug() {
    let j = TestJournal::new();
    write_journal(&j);
    let out = tempfile::tempdir().unwrap();
    build_everything(j.path(), out.path(), "H1", &[]);
    let update = std::fs::read_to_string(out.path().join("site/updates/2026-02-13.html")).unwrap();
    // A labelled link keeps its label, as text.
    assert!(update.contains("the other goal"), "{update}");
    assert!(update.contains("the plan"), "{update}");
    assert!(!update.contains("secret-privmarker01\""), "{update}");
}

/// The site's file at `path` in `files`, as text.
fn page<'f>(files: &'f [(String, Vec<u8>)], path: &str) -> std::borrow::Cow<'f, str> {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8_lossy(bytes)
}

#[test]
fn a_private_build_shows_private_blocks_marked_and_a_public_one_never() {
    let j = TestJournal::new();
    write_journal(&j);
    let private = tempfile::tempdir().unwrap();
    let files = build_everything(j.path(), private.path(), "H1", &["--include-private"]);
    // Each block in a box labelled "Private", its text as written.
    let boxed = |marker: &str, info: &str| {
        format!(
            "<div class=\"private-block\">\n<div class=\"private-label\">Private</div>\n\
             <pre><code class=\"language-{info}\">{marker}\n</code></pre>\n</div>"
        )
    };
    let goal = page(&files, "site/goals/public-goal.html");
    assert!(goal.contains(&boxed("privmarker31", "private")), "{goal}");
    assert!(goal.contains("publiccontrol"), "{goal}");
    assert_eq!(goal.matches("class=\"private-block\"").count(), 1, "{goal}");
    let meeting = page(&files, "site/meetings/2026-02-11-public.html");
    assert!(
        meeting.contains(&boxed("privmarker33", "private")),
        "{meeting}"
    );
    assert!(
        meeting.contains(&boxed("privmarker34", "private")),
        "{meeting}"
    );
    let summary = page(&files, "site/summaries/H1.html");
    assert!(
        summary.contains(&boxed("privmarker35", "private")),
        "{summary}"
    );
    // The footer says so.
    assert!(
        goal.contains("the private blocks of every note (boxed and labelled “Private”) are shown"),
        "{goal}"
    );
    // Lists show excerpts, never a private block; the packet beside the
    // site and every packet on its own never show one.
    let lists: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| {
            p.ends_with("index.html") || p == "site/timeline.html" || p == "site/tags.html"
        })
        .cloned()
        .collect();
    assert!(found(&lists, BLOCK_MARKERS).is_empty());
    let packets: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| !p.starts_with("site/") || p == "site/packet.html")
        .cloned()
        .collect();
    assert_eq!(packets.len(), 7, "every packet variant was scanned");
    assert!(found(&packets, BLOCK_MARKERS).is_empty());
    assert!(found(&packets, &["private-block"]).is_empty());

    // The public build: no block, no box.
    let public = tempfile::tempdir().unwrap();
    let files = build_everything(j.path(), public.path(), "H1", &[]);
    assert!(found(&files, BLOCK_MARKERS).is_empty());
    let pages: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".css"))
        .collect();
    assert!(found(&pages, &["private-block", "private-label"]).is_empty());
}
