//! `dossier manual` (being written).
