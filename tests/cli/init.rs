//! `dossier init` (being written).
