//! `dossier serve` (being written).
