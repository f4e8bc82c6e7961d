//! `criteria`: the `[ladder]` dimensions a note names as evidence, checked
//! against `dossier.toml`'s ladder. One function, [`check_criteria`], for
//! every kind that has the field.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId, Rule, did_you_mean};
use crate::entry::Spanned;

/// The example line a hint shows for declaring a ladder.
const EXAMPLE: &str = "`[ladder]` then one line per dimension, e.g. `scope = \"Owns problems that span several teams\"`";

/// Checks a note's `criteria` against `config`'s `[ladder]`: each key must
/// be a dimension (`invalid-value`, with a did-you-mean, if not), and with
/// no `[ladder]` at all, any `criteria` is an error at its first item that
/// says how to declare one. Returns true when every item is a dimension.
pub(crate) fn check_criteria(
    config: &Config,
    file: FileId,
    items: &[Spanned<String>],
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let Some(first) = items.first() else {
        return true;
    };
    if config.ladder.is_empty() {
        let span = first.span.start..items.last().map_or(first.span.end, |i| i.span.end);
        diagnostics.push(
            Diagnostic::new(
                Rule::InvalidValue,
                file,
                span,
                "`criteria` names ladder dimensions, but dossier.toml declares none in `[ladder]`",
            )
            .with_label("no ladder to check against")
            .with_hint(format!("declare your ladder in dossier.toml: {EXAMPLE}")),
        );
        return false;
    }
    let keys = || config.ladder.iter().map(|d| d.key.as_str());
    let mut ok = true;
    for item in items {
        if keys().any(|key| key == item.value) {
            continue;
        }
        ok = false;
        let hint = did_you_mean(&item.value, keys()).unwrap_or_else(|| {
            format!(
                "the ladder's dimensions in dossier.toml: {}",
                keys().collect::<Vec<_>>().join(", ")
            )
        });
        diagnostics.push(
            Diagnostic::new(
                Rule::InvalidValue,
                file,
                item.span.clone(),
                format!(
                    "`{}` is not a dimension of dossier.toml's `[ladder]`",
                    item.value
                ),
            )
            .with_label("not a ladder key")
            .with_hint(hint),
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dimension;

    fn item(text: &str) -> Spanned<String> {
        Spanned {
            value: text.into(),
            span: 0..text.len(),
        }
    }

    #[test]
    fn criteria_are_keys_of_the_ladder() {
        let mut config = Config::default();
        let items = [item("scope"), item("excution")];
        let mut diagnostics = Vec::new();
        assert!(!check_criteria(&config, 0, &items, &mut diagnostics));
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].hint.as_deref().unwrap().contains("[ladder]"));
        config.ladder = ["scope", "execution"]
            .iter()
            .map(|key| Dimension {
                key: key.to_string(),
                description: "x".into(),
            })
            .collect();
        diagnostics.clear();
        assert!(!check_criteria(&config, 0, &items, &mut diagnostics));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean `execution`?")
        );
        diagnostics.clear();
        assert!(check_criteria(&config, 0, &items[..1], &mut diagnostics));
        assert!(check_criteria(&config, 0, &[], &mut diagnostics));
        assert!(diagnostics.is_empty());
    }
}
