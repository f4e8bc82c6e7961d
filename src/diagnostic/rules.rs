//! Every rule, written once: its name, its default level, a one-line
//! summary (the variant's doc comment), a longer explanation, and an example
//! of notes that trigger it. `dossier rules`, the man page's RULES section,
//! the README's rules table (checked by a test) and the rustdoc of [`Rule`]
//! are all read from here, so they cannot drift apart.

use super::Level;

/// One file of a rule's example: where it is in the journal and what it
/// holds. A `path` starting with `$ ` is a shell command instead (how a
/// symbolic link or a late commit comes about), with an empty `text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExampleFile {
    /// The file's path inside the journal, or `$ command`.
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! rules {
    ($(
        $(#[doc = $summary:literal])*
        $variant:ident = $name:literal, $level:ident, per_note: $per_note:literal,
        explain: $explain:literal,
        example: [$( ($path:literal, $text:literal) ),* $(,)?];
    )*) => {
        /// Every check dossier makes, by its stable kebab-case name. Each
        /// variant's documentation is the rule's one-line summary.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[doc = $summary])* $variant, )*
        }

        impl Rule {
            /// All rules, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's name, as printed in diagnostics and used in `[rules]`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The severity the rule has unless `[rules]` changes it.
            pub fn default_level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// What the rule finds, in one line (the README's table, `dossier
            /// rules`).
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => concat!($($summary),*).trim(),)* }
            }

            /// What the rule finds and how to fix it, in a paragraph.
            pub fn explanation(self) -> &'static str {
                match self { $(Rule::$variant => $explain,)* }
            }

            /// Notes (and, for a few rules, the command) that trigger it.
            pub fn example(self) -> &'static [ExampleFile] {
                match self {
                    $(Rule::$variant => &[$(ExampleFile { path: $path, text: $text }),*],)*
                }
            }

            /// True when a note's own `allow` list can silence the rule: a
            /// warning or a note whose diagnostics are about a note whose
            /// frontmatter could be read. The others are errors (an error
            /// leaves the note out of the site: silenced on the note, the
            /// note would vanish unseen), or are about `dossier.toml`, the
            /// journal as a whole, or a file whose frontmatter cannot be
            /// read; only `[rules]` changes them.
            pub fn per_note(self) -> bool {
                let about_a_note = match self { $(Rule::$variant => $per_note,)* };
                about_a_note && self.default_level() != Level::Error
            }
        }
    };
}

rules! {
    /// a file that cannot be read or is not UTF-8, or a special file (named
    /// pipe, socket, device) named like a note
    Unreadable = "unreadable", Error, per_note: false,
    explain: "dossier reads every note, and dossier.toml, as UTF-8 text. A file saved in \
        another encoding (Latin-1, UTF-16), one dossier has no permission to read, or a named \
        pipe, socket or device named like a note is reported instead of read; for a file that \
        is not UTF-8 the error points at the first byte that is not. Save the file as UTF-8, \
        or move what is not a note out of the journal.",
    example: [
        ("goals/cafe-menu.md", "---\ntitle: Café menu in every store\nstatus: active\nstarted: 2026-01-05\n---\nSaved as Latin-1: the `é` above is the single byte 0xE9.\n"),
    ];

    /// a note (or `dossier.toml`) larger than `max_file_size`: refused before
    /// it is read
    TooLarge = "too-large", Error, per_note: false,
    explain: "A note larger than `max_file_size` (5 MB unless dossier.toml says otherwise) is \
        not read at all, so that a stray export or a pasted log cannot slow every command down. \
        dossier.toml itself is read only up to 5 MB. Split the note, move big attachments out of \
        the notes (link to them instead), or raise `max_file_size`.",
    example: [
        ("dossier.toml", "max_file_size = \"100 B\"\n"),
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\nThe load test's whole log, pasted here: 40,000 lines, far more than dossier.toml allows.\n"),
    ];

    /// a symbolic link in the journal that leads outside it, nowhere, to a
    /// folder or to a note: never followed
    Symlink = "symlink", Warn, per_note: false,
    explain: "dossier never follows a symbolic link: a link could publish a file from outside \
        the journal, or make one note appear twice. A link that leads outside the journal, to \
        nothing, to a folder or to a note is reported and left alone. Copy the file into the \
        journal instead of linking to it.",
    example: [
        ("$ ln -s ~/Documents/launch-plan.md goals/launch-plan.md", ""),
    ];

    /// a YAML or TOML syntax error in frontmatter, frontmatter that is never
    /// closed, a control character in it, or a key written twice
    FrontmatterSyntax = "frontmatter-syntax", Error, per_note: false,
    explain: "The frontmatter between the `---` lines (or `+++` for TOML) must parse: brackets \
        and quotes closed, one `field: value` per line, the closing fence present, no control \
        characters, and no field written twice (only the first would be read). The message \
        names the parser's complaint and its position.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\ntags: [latency, checkout\n---\nCheckout is slow at peak.\n"),
    ];

    /// a TOML syntax error in `dossier.toml`
    ConfigSyntax = "config-syntax", Error, per_note: false,
    explain: "dossier.toml must be valid TOML. A syntax error is reported at its position and \
        the defaults are used for everything.",
    example: [
        ("dossier.toml", "owner = \"Ada Park\nrole = \"Senior Engineer\"\n"),
    ];

    /// a file in a kind folder without frontmatter
    MissingFrontmatter = "missing-frontmatter", Error, per_note: false,
    explain: "Every Markdown file in goals/, updates/, meetings/ and summaries/ is a note and \
        must start with its frontmatter: a `---` line, the fields, and another `---` line. \
        Without it dossier cannot tell the note's date or status. Add the frontmatter, or move \
        the file out of the kind folder.",
    example: [
        ("goals/cut-latency.md", "# Cut checkout latency\n\nCheckout is slow at peak.\n"),
    ];

    /// a required field is absent, or the frontmatter is empty
    MissingField = "missing-field", Error, per_note: true,
    explain: "Each kind has its required fields: a goal its `title`, `status` and `started`; an \
        update its `date`; a meeting its `date` and `with`; a summary its `date` and `period`. \
        The error points at the frontmatter and the hint says what to add.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\n---\nCheckout is slow at peak.\n"),
    ];

    /// a field or key dossier does not know (with a did-you-mean)
    UnknownField = "unknown-field", Error, per_note: true,
    explain: "A field that is not one of the kind's (see `dossier schema`), or a key dossier.toml \
        does not have, is most often a typo, and a typo'd field would be silently ignored. The \
        hint suggests the closest known name.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\nstakeholder: Priya Nair (Director, Payments)\n---\nCheckout is slow at peak.\n"),
    ];

    /// e.g. a list where a string belongs, or `private: yes`
    WrongType = "wrong-type", Error, per_note: true,
    explain: "A field holds the wrong kind of value: a list or a map where text belongs, text \
        where `true` or `false` belongs (YAML reads `yes` as text), or a frontmatter that is not \
        a map of fields at all. The label says what was expected.",
    example: [
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\nprivate: yes\n---\nShipped the cache.\n"),
    ];

    /// a list item whose parentheses or brackets do not balance, as when a
    /// comma inside `[ ]` split one item in two: `with: [Li Wei (Staff
    /// Engineer, Platform)]` is read as two people, "Li Wei (Staff Engineer"
    /// and "Platform)"; quote the item or write one item per line
    SplitItem = "split-item", Warn, per_note: true,
    explain: "In a YAML flow list (`[a, b]`) every comma ends an item, so an item with a comma in \
        it is read as two. dossier notices when the pieces' parentheses or brackets do not \
        balance and names the item as it was meant. Quote the item, or write one item per line \
        (`- Li Wei (Staff Engineer, Platform)`).",
    example: [
        ("meetings/2026-03-10-platform.md", "---\ndate: 2026-03-10\nwith: [Li Wei (Staff Engineer, Platform)]\n---\nAgreed on the cache's eviction policy.\n"),
    ];

    /// not a real `YYYY-MM-DD` date (`2026-02-30`), or a year outside 1970
    /// to 2200
    InvalidDate = "invalid-date", Error, per_note: true,
    explain: "Dates are written `YYYY-MM-DD`, quoted or not, and must exist in the calendar, \
        with a year from 1970 to 2200. A date written another way (`13/03/2026`, `March 13`) or \
        that does not exist (`2026-02-30`) is reported at the field.",
    example: [
        ("updates/2026-02-30.md", "---\ndate: 2026-02-30\n---\nShipped the cache.\n"),
    ];

    /// a status, leverage kind, meeting type, goal role, mentoring
    /// direction, kind, paper or rule name outside the allowed set, a
    /// summary's period that `[periods]` does not name, a `criteria` key
    /// that `[ladder]` does not name (or `criteria` with no `[ladder]`), an
    /// artifact that is neither `Title <URL>`, a URL, `{ title, url }` nor
    /// `{ title, path }`, or `mentoring` on a meeting whose type is not
    /// `mentoring` (with a did-you-mean)
    InvalidValue = "invalid-value", Error, per_note: true,
    explain: "Some fields take one of a fixed set of names: a goal's `status` (proposed, active, \
        blocked, done, dropped), `leverage` and `role`, a meeting's `type` and `mentoring`, \
        `kind`, `paper` in dossier.toml, the rule names of a note's `allow`, a summary's \
        `period` when it is a name (it must be one of dossier.toml's `[periods]`), and the \
        `criteria` of goals, updates and meetings (each a key of dossier.toml's `[ladder]`, \
        which must then exist). Anything else is reported with the allowed names and the \
        closest one. An artifact must be `Title <URL>`, a URL, or `{ title, url }` / \
        `{ title, path }`, and `mentoring` belongs on a `type: mentoring` meeting only. A setting of dossier.toml out of its range is \
        reported here too.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: actve\nstarted: 2026-01-05\n---\nCheckout is slow at peak.\n"),
    ];

    /// the `kind` field disagrees with the folder
    KindMismatch = "kind-mismatch", Error, per_note: true,
    explain: "A note's kind is its folder's; `kind:` is only needed outside the kind folders. \
        When both are there and disagree, dossier cannot tell which one is meant. Move the file \
        to the folder of its kind, or remove the `kind` field.",
    example: [
        ("goals/2026-03-13.md", "---\nkind: update\ndate: 2026-03-13\n---\nShipped the cache.\n"),
    ];

    /// a done or dropped goal without `finished`, or an open goal with one
    GoalFinished = "goal-finished", Error, per_note: true,
    explain: "`finished` is the day a goal was done or dropped: a closed goal needs it (the \
        packet counts what was finished in a period by it), and a proposed, active or blocked \
        goal must not have one. Add the date, or correct the status.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: done\nstarted: 2026-01-05\nimpact: p99 latency down from 820 ms to 390 ms\n---\nCheckout is slow at peak.\n"),
    ];

    /// a done goal without `impact`
    GoalImpact = "goal-impact", Error, per_note: true,
    explain: "A done goal states its outcome in one line, with numbers where there are some: \
        the packet leads with it. Add `impact:`.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-04-30\n---\nCheckout is slow at peak.\n"),
    ];

    /// two summaries for one review period
    DuplicateSummary = "duplicate-summary", Error, per_note: true,
    explain: "A review period has one summary, the author's case for it. The second summary of a \
        period (by its days, whether named or written as a range) is reported, naming the first. \
        Merge the two.",
    example: [
        ("summaries/2026-h2.md", "---\ndate: 2026-11-20\nperiod: 2026-07-01..2026-12-31\n---\nThe half in one page.\n"),
        ("summaries/2026-h2-draft.md", "---\ndate: 2026-11-02\nperiod: 2026-07-01..2026-12-31\n---\nA first draft.\n"),
    ];

    /// a period of `[periods]` that has begun by today without a public
    /// summary (reported on its line in `dossier.toml`): its packet would
    /// open with no case in your words
    MissingSummary = "missing-summary", Warn, per_note: false,
    explain: "Each review period declared in dossier.toml that has begun by today should have a \
        public summary in summaries/: the packet of that period opens with it. The warning is on \
        the period's line in dossier.toml. Write the summary (`dossier new summary`), or allow the \
        rule if you do not write summaries.",
    example: [
        ("dossier.toml", "owner = \"Ada Park\"\n\n[periods]\n\"2026-H1\" = { from = 2026-01-01, to = 2026-06-30 }\n"),
    ];

    /// an update or meeting references a goal slug that does not exist (with
    /// a did-you-mean)
    UnknownGoal = "unknown-goal", Error, per_note: true,
    explain: "An update's or a meeting's `goals`, and a meeting problem's `goal`, name goals by \
        their slug, the goal's file name without `.md`. A slug no goal has is reported with the \
        closest one.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCheckout is slow at peak.\n"),
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\ngoals: [cut-latncy]\n---\nShipped the cache.\n"),
    ];

    /// a meeting's problem credited to a goal (`{ problem, goal }`) that
    /// started before the meeting: a goal cannot have come of a later
    /// meeting, so the packet does not count it as taken on
    ProblemGoal = "problem-goal", Warn, per_note: true,
    explain: "A problem raised in a meeting can name the goal that answers it; the packet counts \
        such problems as taken on. A goal that had already started before the meeting cannot \
        have come of it. Name the goal in the meeting's `goals` instead, or correct the dates.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCheckout is slow at peak.\n"),
        ("meetings/2026-03-10-finance.md", "---\ndate: 2026-03-10\nwith: Priya Nair (Director, Payments)\nproblems:\n  - problem: Checkout times out at peak\n    goal: cut-latency\n---\nThe peak season numbers.\n"),
    ];

    /// two entries of one kind with the same file name, or names that differ
    /// only in letter case; both paths are named
    DuplicateSlug = "duplicate-slug", Error, per_note: true,
    explain: "A note's slug, its file name without `.md`, is its page's name and what other notes \
        use to name it. Two notes of one kind with the same slug (in different subfolders), or \
        with slugs that differ only in letter case, would share a page. Rename one.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCheckout is slow at peak.\n"),
        ("goals/2025/cut-latency.md", "---\ntitle: Cut search latency\nstatus: done\nstarted: 2025-03-03\nfinished: 2025-06-30\nimpact: p99 down by half\n---\nLast year's.\n"),
    ];

    /// a file name that cannot become a page name (a backslash in it, over
    /// 255 bytes as a page, or `index`, the list page's name): `build` would
    /// refuse it
    InvalidName = "invalid-name", Error, per_note: true,
    explain: "Each note becomes a page named after its file. A name with a backslash, one too \
        long for a file name once `.html` is added, or `index` (the name of the kind's list \
        page) cannot. Rename the file; its title can stay as it is.",
    example: [
        ("goals/index.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCheckout is slow at peak.\n"),
    ];

    /// a relative link, image, wikilink or embed to a note or file that does
    /// not exist, or outside the journal
    BrokenLink = "broken-link", Error, per_note: true,
    explain: "Every relative link and image in a body, and every `[[wikilink]]` and `![[embed]]`, \
        is resolved against the journal. One that leads to nothing, or out of the journal, is \
        reported at the link, with the closest existing note when there is one.",
    example: [
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\nShipped the cache (see [the goal](../goals/cut-latncy.md)).\n"),
    ];

    /// a link or embed to a file the published-asset policy (see Privacy and
    /// publishing) does not publish (hidden, under `.git/`, a symbolic link,
    /// Markdown that is no note, a type not on the list, larger than
    /// `max_asset_size`): the site shows its text
    UnpublishedLink = "unpublished-link", Warn, per_note: true,
    explain: "A link to a file that exists but that the site will not publish: a hidden file, \
        anything under .git/, a symbolic link, Markdown that is not a note, a type not on the \
        published list, or a file larger than `max_asset_size`. The site shows the link's text \
        instead of a link that would lead nowhere. Move the file, or link to something \
        publishable.",
    example: [
        ("drafts/design.md", "# Cache design, draft\n"),
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\nShipped the cache ([design](../drafts/design.md)).\n"),
    ];

    /// raw HTML nested more than 256 levels deep (counting the Markdown
    /// around it); allowed, the note's raw HTML is shown as text
    TooDeep = "too-deep", Error, per_note: true,
    explain: "Raw HTML in a body nested more than 256 levels deep (the Markdown around it, lists \
        and quotes, counted) is refused before it is rendered, so that a hostile or broken note \
        cannot make rendering slow. If the rule is allowed, the note's raw HTML is shown as text.",
    example: [
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\n<div><div><div> ... 300 levels of <div> ... </div></div></div>\n"),
    ];

    /// `finished` or `target` before `started`, or a range that ends before
    /// it starts
    EndBeforeStart = "end-before-start", Error, per_note: true,
    explain: "A goal's `target` and `finished` come after its `started`, and a range (an \
        update's `period`, an `away` range, a review period) ends on or after its first day. \
        Most often one of the dates has the wrong year.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-03-01\ntarget: 2026-02-01\n---\nCheckout is slow at peak.\n"),
    ];

    /// a date after today (fine for a planned meeting)
    FutureDate = "future-date", Warn, per_note: true,
    explain: "A date after today (`--today`, else SOURCE_DATE_EPOCH, else the clock) is most \
        often a typo in the year. A meeting planned ahead is legitimate: allow the rule on that \
        note. A proposed goal's `started` may be in the future.",
    example: [
        ("meetings/2027-01-12-finance.md", "---\ndate: 2027-01-12\nwith: Priya Nair (Director, Payments)\n---\nAgenda: the peak season numbers.\n"),
    ];

    /// nothing written after the frontmatter
    EmptyBody = "empty-body", Warn, per_note: true,
    explain: "The fields alone make a thin record: the body is where what happened, and why it \
        mattered, is told. A note with nothing after its frontmatter is reported.",
    example: [
        ("updates/2026-03-13.md", "---\ndate: 2026-03-13\ngoals: []\n---\n"),
    ];

    /// more days between two updates than `cadence_days`, with the days in
    /// `away` left out; both dates are named
    CadenceGap = "cadence-gap", Warn, per_note: true,
    explain: "Updates are expected every `cadence_days` days (14 unless dossier.toml says \
        otherwise). A longer gap between two updates is reported on the later one, the days in \
        dossier.toml's `away` ranges (leave, holidays) left out. Declare the leave in `away`, \
        or allow the rule on that update.",
    example: [
        ("updates/2026-01-09.md", "---\ndate: 2026-01-09\n---\nStarted on checkout latency.\n"),
        ("updates/2026-03-06.md", "---\ndate: 2026-03-06\n---\nShipped the cache.\n"),
    ];

    /// more than `cadence_days` since the latest update, time away left
    /// out: the next update is overdue (named at the latest update)
    UpdateOverdue = "update-overdue", Warn, per_note: true,
    explain: "The dashboard and the packet say when the next update is overdue; `check` says it \
        too, so that a hook or a daily check reminds you. It fires when more than `cadence_days` \
        have passed since the latest update up to today, the days in dossier.toml's `away` \
        ranges left out, and it points at that latest update. Write the next update, or \
        declare the time away.",
    example: [
        ("updates/2026-01-09.md", "---\ndate: 2026-01-09\n---\nStarted on checkout latency.\n"),
    ];

    /// a note left as its scaffold: a required field written with no value
    /// (`with: []`), or a body of headings only
    Unfilled = "unfilled", Warn, per_note: true,
    explain: "`dossier new` writes a scaffold: the fields with empty values and the body's \
        headings. Left as it is, it passes every other rule and publishes an empty page. A note \
        is unfilled when a required field has no value or its body has nothing but headings; \
        the message also names the optional fields with no value. Fill it in, or delete what \
        you do not need (a field with no value is read as no field).",
    example: [
        ("meetings/2026-01-14-finance.md", "---\ndate: 2026-01-14\nwith: []\ntype:\n---\n## Notes\n\n## Follow-ups\n"),
    ];

    /// no `dossier.toml`: defaults are used
    MissingConfig = "missing-config", Note, per_note: false,
    explain: "A journal without dossier.toml is read with the defaults: no owner, a cadence of 14 \
        days, no review periods. `dossier init` writes one.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCheckout is slow at peak, and there is no dossier.toml beside goals/.\n"),
    ];

    /// the journal is not in a git repository, has no commits, or is a
    /// shallow clone (`--require-history` makes it an error)
    NoHistory = "no-history", Note, per_note: false,
    explain: "dossier reads git's history for provenance: when each note was first committed \
        (the `backdated` rule, the packet's provenance section) and when goals last changed \
        (`stale-goal`). Without a repository, without commits, or in a shallow clone there is \
        none, and those checks are skipped. `--require-history` makes this an error, for CI.",
    example: [
        ("$ cp -r journal /tmp/copy && dossier check /tmp/copy", ""),
    ];

    /// a note first committed more than `backdated_days` after its own date
    /// (`date`, or `started` for a goal): written after the fact
    Backdated = "backdated", Warn, per_note: true,
    explain: "A journal is credible because it was written as things happened. A note first \
        committed more than `backdated_days` (7 unless dossier.toml says otherwise) after its \
        own date was written after the fact, and a reader of the packet would want to know. \
        Commit notes when you write them; for a note reconstructed on purpose (an old goal \
        recorded when the journal began), allow the rule on that note.",
    example: [
        ("updates/2026-01-09.md", "---\ndate: 2026-01-09\n---\nStarted on checkout latency.\n"),
        ("$ git add updates/2026-01-09.md && git commit -m 'Update of 9 January'   # on 2026-03-02", ""),
    ];

    /// an active goal whose file, and every update and meeting on it, have
    /// not changed in git (nor in the working tree) for more than
    /// `stale_days`; needs history. The dashboard's "Needs attention" and the
    /// packet show the same goals
    StaleGoal = "stale-goal", Warn, per_note: true,
    explain: "An active goal nobody has touched for longer than `stale_days` (42 unless \
        dossier.toml says otherwise): neither its file nor any update or meeting naming it has \
        changed in git or in the working tree. Report on it in an update, or set its status to \
        what it is (blocked, done, dropped). Needs git history.",
    example: [
        ("goals/cut-latency.md", "---\ntitle: Cut checkout latency\nstatus: active\nstarted: 2026-01-05\n---\nCommitted on 2026-01-05 and never touched since.\n"),
    ];
}
