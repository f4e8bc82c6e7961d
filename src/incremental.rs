//! Reuse between builds: the one place where a long-lived process (`serve`)
//! keeps what a build made, so that the next build redoes only what a change
//! affects.
//!
//! The stages mark their units of work (a file read, a file checked, a body's
//! links, a body rendered, an excerpt, a page, the templates, the history's
//! facts) with [`Reuse::get_or`]: the unit's *key* is a 128-bit hash of
//! everything that went into it, and the result is reused only when the key
//! is the same. Nothing is keyed by a guess at what depends on what. A
//! one-shot command passes [`Reuse::NONE`]: every unit is made, no key is
//! even computed. A [`Session`] keeps the results of its last build only:
//! what a build did not use is dropped after it.
//!
//! The history is kept whole ([`Reuse::history`]): it holds while HEAD, the
//! index and the shallow boundary are as they were (see
//! [`History::refresh`]).
//!
//! Keys are SipHash-1-3 with 128 bits of output: the chance that two
//! different inputs of one unit share a key, among the millions of units a
//! session sees, is below 10^-25, far below that of a hardware fault.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::history::{self, Facts, History, Provenance, Wanted};

/// A kind of unit: keys of different kinds never meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A note's text, read from disk (keyed by its path and stamp).
    Text,
    /// A note read as an entry: its kind, entry and own diagnostics.
    File,
    /// The links of a body.
    Links,
    /// A body rendered to HTML.
    Body,
    /// An excerpt of a body.
    Excerpt,
    /// The passage of a body about a goal.
    Passage,
    /// A page of the site.
    Page,
    /// The parsed templates.
    Templates,
    /// The history's facts for the packet.
    Facts,
}

const UNITS: usize = 9;

/// A unit's key: a 128-bit hash of everything that went into it.
pub type Key = u128;

/// The key of `value` (see the module documentation).
pub fn key<T: Hash + ?Sized>(value: &T) -> Key {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    value.hash(&mut hasher);
    use siphasher::sip128::Hasher128;
    hasher.finish128().as_u128()
}

/// A hasher for keys made piece by piece.
pub struct KeyHasher(siphasher::sip128::SipHasher13);

impl KeyHasher {
    /// An empty key.
    pub fn new() -> KeyHasher {
        KeyHasher(siphasher::sip128::SipHasher13::new())
    }

    /// Adds `value` to the key.
    pub fn add<T: Hash + ?Sized>(&mut self, value: &T) -> &mut KeyHasher {
        value.hash(&mut self.0);
        self
    }

    /// Adds `value` as serde serializes it, in CBOR (RFC 8949), written
    /// straight into the hash: every CBOR item says its type and delimits
    /// itself (maps and sequences of unknown length, as
    /// `#[serde(flatten)]` makes, end with a break), so two different
    /// values never feed the hash the same bytes. `None` where `value`'s
    /// `Serialize` fails.
    pub fn add_serialized<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Option<&mut KeyHasher> {
        ciborium::into_writer(value, Feed(&mut self.0)).ok()?;
        Some(self)
    }

    /// The key.
    pub fn finish(&self) -> Key {
        use siphasher::sip128::Hasher128;
        self.0.finish128().as_u128()
    }
}

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0.finish()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

/// Bytes written into a hash, for a serializer that writes.
struct Feed<'a>(&'a mut siphasher::sip128::SipHasher13);

impl std::io::Write for Feed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Kept = Arc<dyn Any + Send + Sync>;

/// What one build made, by unit and key.
#[derive(Default)]
struct Made(HashMap<(Unit, Key), Kept>);

/// How many units a build made and how many it reused, by kind.
#[derive(Default)]
struct Tally {
    made: [AtomicUsize; UNITS],
    reused: [AtomicUsize; UNITS],
}

/// The handle the stages ask: [`Reuse::NONE`] for a one-shot command, or a
/// session's build ([`Session::start`]).
#[derive(Clone, Copy)]
pub struct Reuse<'a>(Option<&'a Build>);

/// One build of a session: the previous build's results, this build's.
struct Build {
    previous: Made,
    next: Mutex<Made>,
    tally: Tally,
    history: Mutex<Option<History>>,
}

impl Reuse<'_> {
    /// Nothing is reused or kept: every unit is made.
    pub const NONE: Reuse<'static> = Reuse(None);

    /// True when results are reused and kept (in a session).
    pub fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// `make()`, or the result a unit of kind `unit` with the same key had:
    /// in the previous build, or already in this one. `key` is called only
    /// when reuse is on; `None` means "do not reuse or keep this one" (a
    /// file modified too recently for its stamp to be trusted).
    pub fn get_or<T>(
        &self,
        unit: Unit,
        key: impl FnOnce() -> Option<Key>,
        make: impl FnOnce() -> T,
    ) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        match self.try_get_or(unit, key, || Ok::<T, std::convert::Infallible>(make())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// [`Reuse::get_or`] for a unit that may fail: only a success is kept.
    pub fn try_get_or<T, E>(
        &self,
        unit: Unit,
        key: impl FnOnce() -> Option<Key>,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E>
    where
        T: Clone + Send + Sync + 'static,
    {
        let Some(build) = self.0 else {
            return make();
        };
        let Some(key) = key() else {
            let value = make()?;
            build.tally.made[unit as usize].fetch_add(1, Ordering::Relaxed);
            return Ok(value);
        };
        let slot = (unit, key);
        let found = build.previous.0.get(&slot).cloned().or_else(|| {
            let next = build.next.lock().unwrap_or_else(PoisonError::into_inner);
            next.0.get(&slot).cloned()
        });
        if let Some(value) = found.as_ref().and_then(|kept| kept.downcast_ref::<T>()) {
            build.tally.reused[unit as usize].fetch_add(1, Ordering::Relaxed);
            let value = value.clone();
            build.keep(slot, found.expect("found"));
            return Ok(value);
        }
        let value = make()?;
        build.tally.made[unit as usize].fetch_add(1, Ordering::Relaxed);
        build.keep(slot, Arc::new(value.clone()));
        Ok(value)
    }

    /// The history of the journal at `root`: the session's, read again only
    /// if the repository moved (see [`History::refresh`]), else read.
    pub fn history(&self, root: &Path, use_cache: bool) -> Provenance {
        let Some(build) = self.0 else {
            return history::read(root, use_cache);
        };
        let mut kept = build.history.lock().unwrap_or_else(PoisonError::into_inner);
        let provenance = match kept.take().and_then(|history| history.refresh(root)) {
            Some(history) => Provenance::Available(Box::new(history)),
            None => history::read(root, use_cache),
        };
        if let Provenance::Available(history) = &provenance {
            *kept = Some(history.as_ref().clone());
        }
        provenance
    }
}

impl Reuse<'_> {
    /// The history's facts of the `wanted` notes ([`history::facts`]): a
    /// unit keyed by what the history was read from and what is wanted.
    pub fn facts(&self, history: &History, wanted: &[Wanted<'_>]) -> Facts {
        let key = || {
            let mut key = KeyHasher::new();
            key.add(&history.identity());
            for want in wanted {
                key.add(&want.path)
                    .add(&want.statuses)
                    .add(&want.edits_after);
            }
            Some(key.finish())
        };
        self.get_or(Unit::Facts, key, || history::facts(history, wanted))
    }
}

impl Build {
    fn keep(&self, slot: (Unit, Key), value: Kept) {
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        next.0.entry(slot).or_insert(value);
    }
}

/// What a long-lived process (`serve`) keeps from one build to the next.
#[derive(Default)]
pub struct Session {
    /// The results of the last build.
    kept: Made,
    /// The history the last build read.
    history: Option<History>,
    /// The last build's tally: units made and reused, by kind.
    made: [usize; UNITS],
    reused: [usize; UNITS],
    /// The build in progress.
    build: Option<Build>,
}

/// How many pages the last build rendered, and how many it reused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages rendered from their template.
    pub rendered: usize,
    /// Pages whose template data was the same as in the previous build.
    pub reused: usize,
}

impl Session {
    /// Starts a build: its stages reuse the last build's results through the
    /// handle. End it with [`Session::finish`].
    pub fn start(&mut self) -> Reuse<'_> {
        self.build = Some(Build {
            previous: std::mem::take(&mut self.kept),
            next: Mutex::new(Made::default()),
            tally: Tally::default(),
            history: Mutex::new(self.history.take()),
        });
        Reuse(self.build.as_ref())
    }

    /// Ends the build: what it made or reused is kept for the next one, the
    /// rest dropped.
    pub fn finish(&mut self) {
        let Some(build) = self.build.take() else {
            return;
        };
        self.kept = build
            .next
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        self.history = build
            .history
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        self.made = build.tally.made.map(AtomicUsize::into_inner);
        self.reused = build.tally.reused.map(AtomicUsize::into_inner);
    }

    /// How many pages the last build rendered and reused.
    pub fn counts(&self) -> Counts {
        Counts {
            rendered: self.made(Unit::Page),
            reused: self.reused(Unit::Page),
        }
    }

    /// How many units of kind `unit` the last build made.
    pub fn made(&self, unit: Unit) -> usize {
        self.made[unit as usize]
    }

    /// How many units of kind `unit` the last build took from the one
    /// before (or from earlier in itself).
    pub fn reused(&self, unit: Unit) -> usize {
        self.reused[unit as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serialized<T: serde::Serialize + ?Sized>(value: &T) -> Key {
        let mut key = KeyHasher::new();
        key.add_serialized(value).unwrap();
        key.finish()
    }

    #[derive(serde::Serialize)]
    struct Page<'a> {
        title: &'a str,
        parts: Vec<&'a str>,
        note: Option<&'a str>,
        count: u32,
    }

    fn page<'a>(title: &'a str, parts: Vec<&'a str>, note: Option<&'a str>) -> Key {
        serialized(&Page {
            title,
            parts,
            note,
            count: 2,
        })
    }

    #[test]
    fn equal_values_have_equal_serialized_keys() {
        assert_eq!(page("a", vec!["b"], None), page("a", vec!["b"], None));
        let text = String::from("a\"<b>\\\u{e9}");
        assert_eq!(serialized(&text), serialized(text.as_str()));
    }

    #[test]
    fn different_values_have_different_serialized_keys() {
        let keys = [
            page("a", vec!["b"], None),
            page("ab", vec![], None),
            page("a", vec!["b", ""], None),
            page("a", vec!["", "b"], None),
            page("a", vec!["bc"], None),
            page("a", vec!["b", "c"], None),
            page("a", vec!["b"], Some("")),
            page("a", vec!["b"], Some("b")),
            page("", vec!["a", "b"], None),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let long = "x".repeat(300);
        assert_ne!(serialized(&long), serialized(&long[1..]));
        assert_ne!(serialized(&("a", "b")), serialized(&("ab", "")));
        #[derive(serde::Serialize)]
        enum Shape {
            Pair(u8, u8),
            Point { x: u8 },
        }
        let pair = serialized(&Shape::Pair(1, 2));
        assert_ne!(pair, serialized(&Shape::Pair(2, 1)));
        assert_ne!(pair, serialized(&Shape::Point { x: 1 }));
        assert_ne!(serialized(&1u32), serialized(&-1i32));
        assert_ne!(serialized(&true), serialized(&1u8));
        assert_ne!(serialized(&0.5f64), serialized(&0.25f64));
    }

    #[test]
    fn flattened_maps_and_json_values_have_serialized_keys() {
        #[derive(serde::Serialize)]
        struct Outer<'a> {
            site: &'a str,
            #[serde(flatten)]
            own: std::collections::BTreeMap<&'a str, serde_json::Value>,
        }
        let outer = |value: serde_json::Value| {
            serialized(&Outer {
                site: "s",
                own: std::collections::BTreeMap::from([("cadence", value)]),
            })
        };
        let a = outer(serde_json::json!({"days": [14, 15], "late": null}));
        let b = outer(serde_json::json!({"days": [14, 16], "late": null}));
        assert_eq!(
            a,
            outer(serde_json::json!({"days": [14, 15], "late": null}))
        );
        assert_ne!(a, b);
        // A flattened map is written with no length: it must still end
        // where it ends, so a field after it cannot pass for one inside.
        assert_ne!(
            serialized(&(std::collections::BTreeMap::from([("a", 1)]), 2)),
            serialized(&(std::collections::BTreeMap::from([("a", 1), ("b", 2)]),))
        );
    }

    #[test]
    fn a_value_that_cannot_be_serialized_has_no_key() {
        struct Refuses;
        impl serde::Serialize for Refuses {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert!(KeyHasher::new().add_serialized(&Refuses).is_none());
    }

    #[test]
    fn one_shot_makes_every_unit_and_computes_no_key() {
        let made = Reuse::NONE.get_or(Unit::Body, || panic!("no key in one shot"), || 7);
        assert_eq!(made, 7);
    }

    #[test]
    fn a_session_reuses_a_unit_only_for_the_same_key() {
        let mut session = Session::default();
        let calls = AtomicUsize::new(0);
        let make = |n: u32| {
            calls.fetch_add(1, Ordering::Relaxed);
            n
        };
        let reuse = session.start();
        assert_eq!(reuse.get_or(Unit::Body, || Some(1), || make(10)), 10);
        // Within a build, the same key is made once.
        assert_eq!(reuse.get_or(Unit::Body, || Some(1), || make(11)), 10);
        // Another unit with the same key is another result.
        assert_eq!(reuse.get_or(Unit::Page, || Some(1), || make(12)), 12);
        assert_eq!(reuse.get_or(Unit::Body, || Some(2), || make(20)), 20);
        session.finish();
        assert_eq!(calls.load(Ordering::Relaxed), 3);

        let reuse = session.start();
        assert_eq!(
            reuse.get_or(Unit::Body, || Some(1), || make(13)),
            10,
            "kept"
        );
        assert_eq!(reuse.get_or(Unit::Body, || None, || make(14)), 14, "no key");
        session.finish();
        // Key 2 was not used by the second build: dropped.
        let reuse = session.start();
        assert_eq!(reuse.get_or(Unit::Body, || Some(2), || make(21)), 21);
        assert_eq!(reuse.get_or(Unit::Body, || Some(1), || make(15)), 10);
        session.finish();
    }

    #[test]
    fn failures_are_never_kept_and_pages_are_counted() {
        let mut session = Session::default();
        let reuse = session.start();
        let failed: Result<u8, &str> = reuse.try_get_or(Unit::Templates, || Some(9), || Err("bad"));
        assert!(failed.is_err());
        let ok: Result<u8, &str> = reuse.try_get_or(Unit::Templates, || Some(9), || Ok(1));
        assert_eq!(ok, Ok(1));
        reuse.get_or(Unit::Page, || Some(1), || 1u8);
        session.finish();
        assert_eq!(
            session.counts(),
            Counts {
                rendered: 1,
                reused: 0
            }
        );
        let reuse = session.start();
        reuse.get_or(Unit::Page, || Some(1), || 2u8);
        reuse.get_or(Unit::Page, || Some(2), || 2u8);
        session.finish();
        assert_eq!(
            session.counts(),
            Counts {
                rendered: 1,
                reused: 1
            }
        );
    }

    #[test]
    fn keys_tell_apart_what_differs() {
        assert_eq!(key(&("a", 1u8)), key(&("a", 1u8)));
        assert_ne!(key(&("a", 1u8)), key(&("a", 2u8)));
        assert_ne!(key(&("ab", "c")), key(&("a", "bc")));
    }
}
