//! The sanitizer policy: what HTML a body may keep (ammonia).

/// The data URLs an `<img src>` may keep: raster images, base64-encoded.
/// SVG is left out (it may carry script when opened on its own).
const DATA_IMAGES: [&str; 4] = [
    "data:image/png;base64,",
    "data:image/jpeg;base64,",
    "data:image/gif;base64,",
    "data:image/webp;base64,",
];

/// The classes a body may keep: those pulldown-cmark and dossier produce.
fn keeps_class(class: &str) -> bool {
    class.starts_with("language-")
        || matches!(
            class,
            "table-wrap"
                | "footnote-definition"
                | "footnote-definition-label"
                | "footnote-reference"
                | "private-block"
                | "private-label"
        )
}

/// The sanitizer for rendered bodies, configured once.
///
/// The policy: ammonia's default tags (no `script`, `style`, `iframe`,
/// `object`, `embed`, `form`, `svg`, `math`), plus `input` for task-list
/// boxes (only `type="checkbox"`, `checked`, `disabled`, `aria-label`); no
/// event handlers; URLs only `http:`, `https:`, `mailto:`, `tel:` or
/// relative, and `data:image/{png,jpeg,gif,webp};base64,` in an
/// `<img src>` only; `style` only as `text-align: left|center|right` on
/// table cells; `class` only the classes pulldown-cmark and dossier produce;
/// `id` only on footnote definitions and headings; the table wrapper keeps
/// its `role`, `aria-label` and `tabindex`.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["input"])
            .url_schemes(["http", "https", "mailto", "tel", "data"].into())
            .link_rel(None)
            .add_tag_attributes("a", ["rel"])
            // Not `set_tag_attribute_value`: it adds attributes in hash order,
            // which would make builds differ from one run to the next.
            .add_tag_attributes("input", ["checked", "aria-label", "disabled", "type"])
            .add_tag_attributes("div", ["class", "id", "role", "aria-label", "tabindex"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                (_, "style") => matches!(
                    value.trim().trim_end_matches(';').trim(),
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
                .then(|| value.into()),
                (_, "class") => {
                    let kept: Vec<&str> = value
                        .split_whitespace()
                        .filter(|c| keeps_class(c))
                        .collect();
                    (!kept.is_empty()).then(|| kept.join(" ").into())
                }
                ("input", "type") => (value == "checkbox").then(|| value.into()),
                ("div", "role") => (value == "region").then(|| value.into()),
                ("div", "tabindex") => (value == "0").then(|| value.into()),
                ("img", "src") if is_data_url(value) => {
                    let lower = value.to_ascii_lowercase();
                    DATA_IMAGES
                        .iter()
                        .any(|prefix| lower.starts_with(prefix))
                        .then(|| value.into())
                }
                _ if is_data_url(value) => None,
                _ => Some(value.into()),
            });
        builder
    })
}

/// True when `value` is a `data:` URL as a browser reads it (the URL
/// standard's preprocessing): leading and trailing C0 controls and spaces
/// skipped, tabs and newlines anywhere dropped, the scheme in any case. So
/// `" da\tta:"` and `"DATA:"` count; entities are already decoded here.
pub(super) fn is_data_url(value: &str) -> bool {
    let scheme: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(5)
        .collect();
    scheme.eq_ignore_ascii_case("data:")
}

/// Sanitizes rendered body HTML (the policy is described on the private `sanitizer`): what a
/// note's raw HTML or links hold can run no script in a reader's browser.
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
}
