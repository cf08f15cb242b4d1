//! The topology diagram for a generated template, drawn by the core's `topology` module.
//!
//! The core's SVG is self-contained: it carries its own `<style>` element. The page's
//! Content-Security-Policy forbids inline style elements (`style-src 'self'`), so the page shows
//! the SVG without it and installs the same rules as a constructed style sheet (CSSOM, which the
//! policy allows because no markup is involved). The download keeps the SVG exactly as the core
//! wrote it.

use fargate_stack::Template;

/// A drawn diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// The SVG as the core wrote it (what "download diagram" saves).
    pub svg: String,
    /// The SVG without its `<style>` element, for the page.
    pub inline: String,
    /// The rules of that `<style>` element.
    pub css: String,
}

/// Draws the diagram for `template`.
pub fn draw(template: &Template) -> Diagram {
    let svg = fargate_stack::topology::topology(template).to_svg();
    let (inline, css) = split_style(&svg);
    Diagram { svg, inline, css }
}

/// Splits the first `<style>…</style>` out of `svg`: (the rest, the rules).
pub fn split_style(svg: &str) -> (String, String) {
    let Some(start) = svg.find("<style>") else {
        return (svg.to_owned(), String::new());
    };
    let Some(len) = svg[start..].find("</style>") else {
        return (svg.to_owned(), String::new());
    };
    let end = start + len + "</style>".len();
    let css = svg[start + "<style>".len()..start + len].to_owned();
    let mut rest = String::with_capacity(svg.len() - (end - start));
    rest.push_str(&svg[..start]);
    rest.push_str(&svg[end..]);
    (rest, css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_style() {
        let (rest, css) = split_style("<svg><title>t</title><style>.a{fill:red}</style><g/></svg>");
        assert_eq!(rest, "<svg><title>t</title><g/></svg>");
        assert_eq!(css, ".a{fill:red}");
        assert_eq!(split_style("<svg/>"), ("<svg/>".to_owned(), String::new()));
        assert_eq!(
            split_style("<svg><style>x"),
            ("<svg><style>x".to_owned(), String::new())
        );
    }

    #[test]
    fn draws_every_preset_with_node_ids() {
        for (name, _) in fargate_stack::PRESETS {
            let config = fargate_stack::Config::preset(name).unwrap_or_default();
            let Ok(template) = fargate_stack::generate(&config) else {
                continue;
            };
            let d = draw(&template);
            assert!(d.inline.contains("data-id=\"LoadBalancer\""), "{name}");
            assert!(!d.inline.contains("<style>"), "{name}");
        }
    }
}
