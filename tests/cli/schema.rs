//! `dossier schema` (being written).
