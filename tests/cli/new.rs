//! `dossier new` (being written).
