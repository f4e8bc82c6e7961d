//! A synthetic journal with a long git history, for benchmarks and tests.
//!
//! Everything follows from [`Params`]: the same entries, commits and seed give
//! a byte-identical `git fast-import` stream, hence the same commit ids. The
//! stream is written commit by commit (nothing is held but the notes' current
//! text), and `git fast-import` turns it into a repository far faster than
//! committing through a work tree: 20,000 commits take seconds.
//!
//! The journal sits at the repository root. Notes are about 5% goals, 30%
//! meetings and the rest updates, all updates in one flat `updates/` folder
//! (the pessimistic case for tree diffs). Commit dates run from 2016-01-04 to
//! 2026-11-16, in UTC; every note's own date is the day of the commit that
//! adds it, so `backdated` never fires. Each commit adds or edits 1 to 5
//! notes: most edits revise recent notes, and about a third touch an open goal,
//! whose status moves proposed -> active (-> blocked -> active) -> done or
//! dropped over the years. Bodies are 1 to 3 KB of Markdown with headings,
//! lists, task lists, tables, fenced code, relative links and wikilinks to
//! earlier notes; updates and meetings list the open goals they report on.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Notes in the final tree (goals, updates and meetings).
    pub entries: usize,
    /// Commits in the history.
    pub commits: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Goals written.
    pub goals: usize,
    /// Updates written.
    pub updates: usize,
    /// Meetings written.
    pub meetings: usize,
    /// Commits written.
    pub commits: usize,
    /// File versions written (adds plus edits, `dossier.toml` included).
    pub file_versions: usize,
    /// Bytes of the fast-import stream.
    pub stream_bytes: u64,
}

impl Params {
    /// Refuses sizes the generator cannot honour.
    pub fn check(&self) -> Result<(), String> {
        if self.entries == 0 || self.commits == 0 {
            return Err("--entries and --commits must be at least 1".into());
        }
        if self.entries > self.commits * MAX_FILES {
            return Err(format!(
                "{} entries cannot be added in {} commits of at most {MAX_FILES} files",
                self.entries, self.commits
            ));
        }
        Ok(())
    }
}

/// Most files one commit adds or edits.
const MAX_FILES: usize = 5;
/// 2016-01-04 00:00:00 UTC.
const START: i64 = 1_451_865_600;
/// 2026-11-16 00:00:00 UTC.
const END: i64 = 1_794_787_200;
const DAY: i64 = 86_400;
const AUTHOR: &str = "Ada Park <ada@example.com>";

/// Creates a repository at `dir` (which must not exist or be empty), imports
/// the generated history into it and checks out `main`.
pub fn generate(params: &Params, dir: &Path) -> io::Result<Summary> {
    params.check().map_err(io::Error::other)?;
    std::fs::create_dir_all(dir)?;
    if std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} is not empty: give a new folder",
            dir.display()
        )));
    }
    git(dir, &["init", "--quiet", "--initial-branch=main"])?;
    let mut child = git_command(dir)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()?;
    let stdin = child.stdin.take().expect("piped stdin");
    let mut out = BufWriter::with_capacity(1 << 20, stdin);
    let written = write_stream(params, &mut out).and_then(|s| out.flush().map(|()| s));
    drop(out);
    let status = child.wait()?;
    let summary = written?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "git fast-import failed: {status}"
        )));
    }
    git(dir, &["reset", "--quiet", "--hard"])?;
    Ok(summary)
}

/// Writes the `git fast-import` stream of the whole history to `out`.
pub fn write_stream(params: &Params, out: &mut impl Write) -> io::Result<Summary> {
    params.check().map_err(io::Error::other)?;
    let mut journal = Journal::new(params.seed);
    let mut out = Counting {
        inner: out,
        bytes: 0,
    };
    let slot = (END - START) / params.commits as i64;
    let mut added = 0;
    for i in 0..params.commits {
        let time = START + i as i64 * slot + journal.rng.below(slot.max(1) as usize) as i64;
        let day = time.div_euclid(DAY);
        // Notes due by the end of this commit, spread evenly over the commits.
        let due = ((params.entries as u128 * (i as u128 + 1)) / params.commits as u128) as usize;
        let adds = due.max(1).min(params.entries) - added;
        let files = journal.files_in_commit().max(adds);
        let mut touched: Vec<usize> = Vec::with_capacity(files);
        for _ in 0..adds {
            touched.push(journal.add(day));
        }
        added += adds;
        let mut tries = 0;
        while touched.len() < files && tries < 20 && !journal.entries.is_empty() {
            tries += 1;
            let index = journal.pick_edit();
            if !touched.contains(&index) {
                journal.edit(index, day);
                touched.push(index);
            }
        }
        let mut changes: Vec<(String, String)> = Vec::with_capacity(touched.len() + 1);
        if i == 0 {
            changes.push(("dossier.toml".into(), config(params.seed)));
        }
        for &index in &touched {
            let entry = &journal.entries[index];
            changes.push((entry.path(), journal.render(index)));
        }
        let message = commit_message(&journal, &touched, adds);
        write_commit(&mut out, time, &message, &changes)?;
        journal.summary.commits += 1;
        journal.summary.file_versions += changes.len();
    }
    out.write_all(b"done\n")?;
    let mut summary = journal.summary;
    summary.stream_bytes = out.bytes;
    Ok(summary)
}

fn commit_message(journal: &Journal, touched: &[usize], adds: usize) -> String {
    let describe = |i: &usize| {
        let e = &journal.entries[*i];
        format!("{}/{}", e.kind.folder(), e.slug)
    };
    let (new, edited) = touched.split_at(adds);
    let mut parts = Vec::new();
    if !new.is_empty() {
        parts.push(format!("Add {}", join(new.iter().map(describe))));
    }
    if !edited.is_empty() {
        let verb = if new.is_empty() { "Revise" } else { "revise" };
        parts.push(format!("{verb} {}", join(edited.iter().map(describe))));
    }
    let mut message = parts.join("; ");
    if message.is_empty() {
        message.push_str("Journal settings");
    }
    message.push('\n');
    message
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn write_commit(
    out: &mut impl Write,
    time: i64,
    message: &str,
    changes: &[(String, String)],
) -> io::Result<()> {
    write!(
        out,
        "commit refs/heads/main\nauthor {AUTHOR} {time} +0000\ncommitter {AUTHOR} {time} +0000\ndata {}\n{message}",
        message.len()
    )?;
    for (path, content) in changes {
        write!(
            out,
            "M 100644 inline {path}\ndata {}\n{content}\n",
            content.len()
        )?;
    }
    out.write_all(b"\n")
}

fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY");
    command
}

fn git(dir: &Path, args: &[&str]) -> io::Result<()> {
    let status = git_command(dir).args(args).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "git {} failed: {status}",
            args.join(" ")
        )))
    }
}

/// A writer that counts what goes through it.
struct Counting<'a, W: Write> {
    inner: &'a mut W,
    bytes: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn config(seed: u64) -> String {
    let mut s = String::from(
        "# Generated by `cargo run --release --example gen_journal`: a synthetic journal for benchmarks.\n\
         owner = \"Ada Park\"\nrole = \"Senior Software Engineer\"\ntarget_role = \"Staff Software Engineer\"\n",
    );
    let _ = writeln!(s, "title = \"Ada Park - generated journal (seed {seed})\"");
    s.push_str("cadence_days = 14\n\n[periods]\n");
    for year in 2016..=2026 {
        let _ = writeln!(s, "\"{year}-H1\" = \"{year}-01-01..{year}-06-30\"");
        let _ = writeln!(s, "\"{year}-H2\" = \"{year}-07-01..{year}-12-31\"");
    }
    s
}

/// splitmix64: tiny, fast, and the same on every platform, which is all a
/// reproducible workload needs (no crate for 10 lines).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Goal,
    Update,
    Meeting,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Goal => "goals",
            Kind::Update => "updates",
            Kind::Meeting => "meetings",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Proposed,
    Active,
    Blocked,
    Done,
    Dropped,
}

impl Status {
    fn name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Active => "active",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
}

/// One note as it stands: its fields and its body, block by block.
struct Entry {
    kind: Kind,
    slug: String,
    /// Days since the epoch: `date`, or `started` for a goal.
    day: i64,
    title: String,
    status: Status,
    target: i64,
    finished: Option<i64>,
    lifetime: i64,
    leverage: Vec<&'static str>,
    impact: Option<String>,
    people: Vec<usize>,
    org: usize,
    meeting_type: &'static str,
    problems: Vec<String>,
    goals: Vec<usize>,
    tags: Vec<&'static str>,
    private: bool,
    blocks: Vec<String>,
}

impl Entry {
    fn path(&self) -> String {
        format!("{}/{}.md", self.kind.folder(), self.slug)
    }
}

struct Journal {
    rng: Rng,
    entries: Vec<Entry>,
    /// Goals not yet done or dropped.
    open_goals: Vec<usize>,
    meetings: Vec<usize>,
    slugs: std::collections::HashSet<String>,
    summary: Summary,
}

impl Journal {
    fn new(seed: u64) -> Journal {
        Journal {
            rng: Rng(seed ^ 0x6A6F_7572_6E61_6C00),
            entries: Vec::new(),
            open_goals: Vec::new(),
            meetings: Vec::new(),
            slugs: std::collections::HashSet::new(),
            summary: Summary::default(),
        }
    }

    /// 1 to 5, most commits small.
    fn files_in_commit(&mut self) -> usize {
        match self.rng.below(100) {
            0..40 => 1,
            40..65 => 2,
            65..80 => 3,
            80..92 => 4,
            _ => 5,
        }
    }

    /// Which note an edit revises: an open goal, a recent note, or any.
    fn pick_edit(&mut self) -> usize {
        let n = self.entries.len();
        let roll = self.rng.below(100);
        if roll < 30 && !self.open_goals.is_empty() {
            *self.rng.pick(&self.open_goals)
        } else if roll < 90 {
            n - 1 - self.rng.below(n.min(40))
        } else {
            self.rng.below(n)
        }
    }

    fn unique_slug(&mut self, base: String) -> String {
        let mut slug = base.clone();
        let mut n = 2;
        while !self.slugs.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }

    fn add(&mut self, day: i64) -> usize {
        let roll = self.rng.below(100);
        let kind = if roll < 5 || (self.open_goals.is_empty() && roll < 20) {
            Kind::Goal
        } else if roll < 35 {
            Kind::Meeting
        } else {
            Kind::Update
        };
        let index = self.entries.len();
        let date = format_day(day);
        let system = *self.rng.pick(SYSTEMS);
        let org = self.rng.below(ORGS.len());
        let mut entry = Entry {
            kind,
            slug: String::new(),
            day,
            title: String::new(),
            status: Status::Proposed,
            target: 0,
            finished: None,
            lifetime: 0,
            leverage: Vec::new(),
            impact: None,
            people: Vec::new(),
            org,
            meeting_type: "other",
            problems: Vec::new(),
            goals: Vec::new(),
            tags: Vec::new(),
            private: false,
            blocks: Vec::new(),
        };
        match kind {
            Kind::Goal => {
                let verb = self.rng.below(GOAL_VERBS.len());
                entry.slug =
                    self.unique_slug(format!("{}-{}", system.replace(' ', "-"), GOAL_SLUGS[verb]));
                entry.title = format!("{} {system}", GOAL_VERBS[verb]);
                entry.status = if self.rng.chance(30) {
                    Status::Proposed
                } else {
                    Status::Active
                };
                entry.target = day + self.rng.range(60, 360) as i64;
                entry.lifetime = self.rng.range(45, 420) as i64;
                for _ in 0..self.rng.range(1, 2) {
                    let kind = *self.rng.pick(LEVERAGE);
                    if !entry.leverage.contains(&kind) {
                        entry.leverage.push(kind);
                    }
                }
                for _ in 0..self.rng.range(1, 3) {
                    entry.people.push(self.rng.below(FIRST.len() * LAST.len()));
                }
                entry.tags.push(system);
                if self.rng.chance(8) {
                    entry.tags.push("breakthrough");
                }
                self.open_goals.push(index);
                self.summary.goals += 1;
            }
            Kind::Update => {
                entry.slug = self.unique_slug(date.clone());
                entry.goals = self.some_open_goals(1, 3);
                self.summary.updates += 1;
            }
            Kind::Meeting => {
                entry.slug = self.unique_slug(format!(
                    "{date}-{}-{}",
                    ORGS[org].1,
                    system.replace(' ', "-")
                ));
                entry.title = format!("{}: {system}", ORGS[org].0);
                for _ in 0..self.rng.range(1, 3) {
                    entry.people.push(self.rng.below(FIRST.len() * LAST.len()));
                }
                entry.meeting_type = *self.rng.pick(MEETING_TYPES);
                for _ in 0..self.rng.range(0, 3) {
                    let problem = problem(&mut self.rng, system);
                    entry.problems.push(problem);
                }
                if self.rng.chance(60) {
                    entry.goals = self.some_open_goals(1, 2);
                }
                entry.private = self.rng.chance(3);
                self.meetings.push(index);
                self.summary.meetings += 1;
            }
        }
        self.entries.push(entry);
        let blocks = self.body(index, system);
        self.entries[index].blocks = blocks;
        index
    }

    fn some_open_goals(&mut self, lo: usize, hi: usize) -> Vec<usize> {
        let mut goals = Vec::new();
        if self.open_goals.is_empty() {
            return goals;
        }
        // Favour the goals opened last: an engineer works on a few at a time.
        let recent = self.open_goals.len().min(6);
        for _ in 0..self.rng.range(lo, hi) {
            let goal = self.open_goals[self.open_goals.len() - 1 - self.rng.below(recent)];
            if !goals.contains(&goal) {
                goals.push(goal);
            }
        }
        goals
    }

    /// A new body of 1 to 3 KB for the entry at `index`.
    fn body(&mut self, index: usize, system: &str) -> Vec<String> {
        let size = self.rng.range(1000, 2900);
        let mut blocks = Vec::new();
        match self.entries[index].kind {
            Kind::Goal => {
                let mut why = String::from("## Why\n\n");
                why.push_str(&self.paragraph(system));
                if let Some(&meeting) = self.meetings.last() {
                    let slug = &self.entries[meeting].slug;
                    let _ = write!(
                        why,
                        " It came out of [the meeting with {}](../meetings/{slug}.md).",
                        ORGS[self.entries[meeting].org].0
                    );
                }
                why.push('\n');
                blocks.push(why);
                blocks.push(format!("## Plan\n\n{}", self.table(system)));
                blocks.push(format!("## Risks\n\n{}", self.list(system, 3)));
            }
            Kind::Update => {
                blocks.push(format!("## Done\n\n{}", self.list(system, 4)));
                blocks.push(format!("## Next\n\n{}", self.list(system, 2)));
                blocks.push(format!("## Help needed\n\n{}\n", self.sentence(system)));
            }
            Kind::Meeting => {
                let text = self.paragraph(system);
                blocks.push(format!("{text}\n"));
                blocks.push(format!("Follow-ups:\n\n{}", self.tasks(system)));
            }
        }
        while blocks.iter().map(String::len).sum::<usize>() < size {
            let block = self.filler(system);
            blocks.push(block);
        }
        blocks
    }

    fn filler(&mut self, system: &str) -> String {
        match self.rng.below(6) {
            0 => format!("### Numbers\n\n{}", self.table(system)),
            1 => self.code(system),
            2 => format!("### Notes\n\n{}", self.list(system, 3)),
            _ => format!("{}\n", self.paragraph(system)),
        }
    }

    /// Revises the entry at `index` on `day`.
    fn edit(&mut self, index: usize, day: i64) {
        let system = self.entries[index].tags.first().copied();
        let system = system.unwrap_or_else(|| *self.rng.pick(SYSTEMS));
        if self.entries[index].kind == Kind::Goal {
            self.move_goal(index, day);
        }
        let size: usize = self.entries[index].blocks.iter().map(String::len).sum();
        let fixed = match self.entries[index].kind {
            Kind::Goal | Kind::Update => 3,
            Kind::Meeting => 2,
        };
        let len = self.entries[index].blocks.len();
        if size > 2900 && len > fixed {
            let at = fixed + self.rng.below(len - fixed);
            self.entries[index].blocks.remove(at);
        } else if size < 2000 || len <= fixed {
            let block = format!(
                "### Added on {}\n\n{}\n",
                format_day(day),
                self.paragraph(system)
            );
            self.entries[index].blocks.push(block);
        } else {
            let at = fixed + self.rng.below(len - fixed);
            let block = self.filler(system);
            self.entries[index].blocks[at] = block;
        }
    }

    /// A goal's status moves on, sometimes.
    fn move_goal(&mut self, index: usize, day: i64) {
        let entry = &self.entries[index];
        let age = day - entry.day;
        let next = match entry.status {
            Status::Proposed if age > 7 || self.rng.chance(50) => Status::Active,
            Status::Active if age > entry.lifetime => {
                if self.rng.chance(80) {
                    Status::Done
                } else {
                    Status::Dropped
                }
            }
            Status::Active if self.rng.chance(5) => Status::Blocked,
            Status::Blocked if self.rng.chance(50) => Status::Active,
            status => status,
        };
        if next == entry.status {
            return;
        }
        let system = entry.tags[0];
        let note = match next {
            Status::Done => {
                let impact = format!(
                    "{} on {system} fell from {} to {} a week",
                    self.rng.pick(METRICS),
                    self.rng.range(40, 400),
                    self.rng.range(2, 39)
                );
                let entry = &mut self.entries[index];
                entry.impact = Some(impact);
                entry.finished = Some(day);
                "Done."
            }
            Status::Dropped => {
                self.entries[index].finished = Some(day);
                "Dropped: the need went away after a reorganisation."
            }
            Status::Blocked => "Blocked on another team's migration.",
            _ => "Under way.",
        };
        let stands = format!(
            "## Where it stands ({})\n\n{note} {}\n",
            format_day(day),
            self.sentence(system)
        );
        let entry = &mut self.entries[index];
        entry.status = next;
        entry.blocks.push(stands);
        if matches!(next, Status::Done | Status::Dropped) {
            self.open_goals.retain(|&g| g != index);
        }
    }

    fn person(&self, n: usize) -> (String, &'static str, &'static str) {
        let name = format!("{} {}", FIRST[n % FIRST.len()], LAST[n / FIRST.len()]);
        (name, ROLES[n % ROLES.len()], ORGS[n % ORGS.len()].0)
    }

    fn sentence(&mut self, system: &str) -> String {
        let n = self.rng.range(2, 90);
        let m = self.rng.range(100, 900);
        match self.rng.below(8) {
            0 => format!(
                "{} the {system} {} so that {} goes from {m} to {n}.",
                self.rng.pick(VERBS),
                self.rng.pick(THINGS),
                self.rng.pick(METRICS)
            ),
            1 => {
                let who = self.rng.below(FIRST.len() * LAST.len());
                let (name, _, _) = self.person(who);
                format!(
                    "Paired with {name} on the {system} {}; it now needs {n} fewer manual steps.",
                    self.rng.pick(THINGS)
                )
            }
            2 => format!("The {system} service handles {m} requests a second at a p99 of {n} ms."),
            3 => format!(
                "Wrote up the trade-offs of {} against {} for the {system} team.",
                self.rng.pick(OPTIONS),
                self.rng.pick(OPTIONS)
            ),
            4 => format!(
                "Reviewed {n} pull requests on {system}, most of them about the {}.",
                self.rng.pick(THINGS)
            ),
            5 => self.link(),
            6 => format!(
                "We agreed to keep `{}` behind a flag until the {} is stable.",
                system.replace(' ', "_"),
                self.rng.pick(THINGS)
            ),
            _ => format!(
                "The {} for {system} is *mostly* written; **{n}%** of the cases are covered.",
                self.rng.pick(THINGS)
            ),
        }
    }

    /// A sentence that links to an earlier note: relative link or wikilink.
    fn link(&mut self) -> String {
        let n = self.entries.len();
        if n < 2 {
            return "Nothing to link to yet.".into();
        }
        let target = self.rng.below(n - 1);
        let entry = &self.entries[target];
        let slug = &entry.slug;
        let folder = entry.kind.folder();
        match (entry.kind, self.rng.below(3)) {
            (Kind::Goal | Kind::Meeting, 0) => format!("See [[{slug}]] for the background."),
            (Kind::Goal | Kind::Meeting, 1) => {
                format!("This follows [[{slug}|what we decided earlier]].")
            }
            _ => format!("More context in [this note](../{folder}/{slug}.md)."),
        }
    }

    fn paragraph(&mut self, system: &str) -> String {
        let count = self.rng.range(2, 5);
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push(' ');
            }
            let sentence = self.sentence(system);
            text.push_str(&sentence);
        }
        text
    }

    fn list(&mut self, system: &str, min: usize) -> String {
        let mut text = String::new();
        for _ in 0..self.rng.range(min, min + 3) {
            let sentence = self.sentence(system);
            let _ = writeln!(text, "- {sentence}");
        }
        text
    }

    fn tasks(&mut self, system: &str) -> String {
        let mut text = String::new();
        for _ in 0..self.rng.range(2, 4) {
            let done = if self.rng.chance(60) { 'x' } else { ' ' };
            let sentence = self.sentence(system);
            let _ = writeln!(text, "- [{done}] {sentence}");
        }
        text
    }

    fn table(&mut self, system: &str) -> String {
        let mut text = String::from("| Step | What | Before | After |\n|---|---|---:|---:|\n");
        for step in 1..=self.rng.range(3, 5) {
            let _ = writeln!(
                text,
                "| {step} | {} the {system} {} | {} | {} |",
                self.rng.pick(VERBS),
                self.rng.pick(THINGS),
                self.rng.range(100, 999),
                self.rng.range(1, 99)
            );
        }
        text
    }

    fn code(&mut self, system: &str) -> String {
        let table = system.replace(' ', "_");
        let n = self.rng.range(1, 500);
        match self.rng.below(3) {
            0 => format!(
                "```sql\nSELECT merchant_id, count(*) AS n\nFROM {table}_events\nWHERE created_at > now() - interval '{n} days'\nGROUP BY merchant_id\nORDER BY n DESC\nLIMIT 20;\n```\n"
            ),
            1 => format!(
                "```sh\nkubectl -n {} rollout status deploy/{}\ncurl -s https://{}.internal/healthz | jq .status\n```\n",
                system.replace(' ', "-"),
                system.replace(' ', "-"),
                system.replace(' ', "-")
            ),
            _ => format!(
                "```rust\nfn budget(requests: u64) -> u64 {{\n    // keep {n} ms of headroom for [[not-a-link]]\n    requests.saturating_mul({n}) / 1000\n}}\n```\n"
            ),
        }
    }

    /// The file's text: frontmatter, then the body.
    fn render(&self, index: usize) -> String {
        let e = &self.entries[index];
        let mut s = String::with_capacity(3500);
        s.push_str("---\n");
        match e.kind {
            Kind::Goal => {
                let _ = writeln!(s, "title: \"{}\"", e.title);
                let _ = writeln!(s, "status: {}", e.status.name());
                let _ = writeln!(s, "started: {}", format_day(e.day));
                let _ = writeln!(s, "target: {}", format_day(e.target));
                if let Some(finished) = e.finished {
                    let _ = writeln!(s, "finished: {}", format_day(finished));
                }
                let _ = writeln!(s, "leverage: [{}]", e.leverage.join(", "));
                if let Some(impact) = &e.impact {
                    let _ = writeln!(s, "impact: \"{impact}\"");
                }
                s.push_str("stakeholders:\n");
                for &p in &e.people {
                    let (name, role, _) = self.person(p);
                    let _ = writeln!(s, "  - {name} ({role})");
                }
                let _ = writeln!(s, "tags: [{}]", e.tags.join(", "));
            }
            Kind::Update => {
                let _ = writeln!(s, "date: {}", format_day(e.day));
                let _ = writeln!(
                    s,
                    "period: \"{}..{}\"",
                    format_day(e.day - 13),
                    format_day(e.day)
                );
                s.push_str("to:\n  - Sam Ortiz (Engineering Manager)\n");
                self.goal_list(&mut s, &e.goals);
            }
            Kind::Meeting => {
                let _ = writeln!(s, "title: \"{}\"", e.title);
                let _ = writeln!(s, "date: {}", format_day(e.day));
                s.push_str("with:\n");
                for (i, &p) in e.people.iter().enumerate() {
                    let (name, role, org) = self.person(p);
                    if i % 2 == 0 {
                        let _ = writeln!(s, "  - {name} ({role})");
                    } else {
                        let _ = writeln!(s, "  - {{ name: {name}, role: {role}, org: {org} }}");
                    }
                }
                let _ = writeln!(s, "type: {}", e.meeting_type);
                let _ = writeln!(s, "org: {}", ORGS[e.org].0);
                if !e.problems.is_empty() {
                    s.push_str("problems:\n");
                    for problem in &e.problems {
                        let _ = writeln!(s, "  - \"{problem}\"");
                    }
                }
                self.goal_list(&mut s, &e.goals);
                if e.private {
                    s.push_str("private: true\n");
                }
            }
        }
        s.push_str("---\n");
        for (i, block) in e.blocks.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(block);
        }
        s
    }

    fn goal_list(&self, s: &mut String, goals: &[usize]) {
        if !goals.is_empty() {
            let slugs: Vec<&str> = goals
                .iter()
                .map(|&g| self.entries[g].slug.as_str())
                .collect();
            let _ = writeln!(s, "goals: [{}]", slugs.join(", "));
        }
    }
}

fn problem(rng: &mut Rng, system: &str) -> String {
    format!(
        "The {system} {} costs {} hours a month in manual work.",
        rng.pick(THINGS),
        rng.range(5, 120)
    )
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn format_day(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

const SYSTEMS: &[&str] = &[
    "checkout",
    "ledger",
    "payouts",
    "fraud signals",
    "search index",
    "billing",
    "notifications",
    "auth",
    "graphql gateway",
    "data pipeline",
    "feature flags",
    "on-call",
    "build system",
    "observability",
    "rate limiter",
    "session cache",
    "job queue",
    "blob storage",
    "mobile api",
    "reporting",
];
const GOAL_VERBS: &[&str] = &[
    "Migrate",
    "Halve the latency of",
    "Rebuild",
    "Consolidate",
    "Retire the legacy",
    "Harden",
    "Automate",
    "Cut the cost of",
    "Open up",
    "Own",
];
const GOAL_SLUGS: &[&str] = &[
    "migration",
    "latency",
    "rebuild",
    "consolidation",
    "retirement",
    "hardening",
    "automation",
    "cost",
    "platform",
    "ownership",
];
const VERBS: &[&str] = &[
    "Shipped",
    "Reworked",
    "Profiled",
    "Simplified",
    "Documented",
    "Load-tested",
    "Split",
    "Instrumented",
];
const THINGS: &[&str] = &[
    "retry policy",
    "schema",
    "runbook",
    "rollout plan",
    "dashboard",
    "alerting",
    "backfill",
    "test suite",
    "API contract",
    "cache layer",
];
const METRICS: &[&str] = &[
    "the error rate",
    "the p99 latency",
    "the pager load",
    "the monthly cost",
    "the ticket count",
    "the build time",
];
const OPTIONS: &[&str] = &[
    "a queue",
    "a cron job",
    "change data capture",
    "a read replica",
    "an event log",
    "a sidecar",
];
const LEVERAGE: &[&str] = &["interpersonal", "execution", "strategic", "expert"];
const MEETING_TYPES: &[&str] = &[
    "one-on-one",
    "skip-level",
    "senior-leader",
    "cross-team",
    "other",
];
const ORGS: &[(&str, &str)] = &[
    ("Finance", "finance"),
    ("Sales", "sales"),
    ("Customer Support", "support"),
    ("Legal", "legal"),
    ("Product", "product"),
    ("Risk", "risk"),
    ("SRE", "sre"),
    ("Data", "data"),
    ("Marketing", "marketing"),
    ("Security", "security"),
    ("Platform Engineering", "platform"),
];
const ROLES: &[&str] = &[
    "Director of Engineering",
    "Group Product Manager",
    "Staff Engineer",
    "VP Customer Support",
    "Corporate Controller",
    "Head of Sales Engineering",
    "Security Lead",
];
const FIRST: &[&str] = &[
    "Marcus", "Dana", "Lena", "Jonah", "Rosa", "Nadia", "Ravi", "Jess", "Priya", "Tom", "Amara",
    "Kenji", "Sofia", "Omar", "Hana", "Luis",
];
const LAST: &[&str] = &[
    "Bell",
    "Whitfield",
    "Chen",
    "Kim",
    "Delgado",
    "Petrova",
    "Shah",
    "Liu",
    "Nair",
    "Berg",
    "Okafor",
    "Sato",
    "Rossi",
    "Haddad",
    "Novak",
    "Silva",
];
