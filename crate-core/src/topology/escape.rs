//! Escaping of text for each export format. Labels come from the template, and some of the
//! template comes from the user (names, path patterns, descriptions, parameter defaults), so
//! every string goes through one of these before it reaches an output.

/// Text or attribute value for XML/SVG: the five special characters become entities, and
/// characters XML 1.0 forbids (most control characters) become U+FFFD so the document stays
/// well-formed whatever the input.
pub fn escape_xml(text: &str) -> String {
    // Most text (ids, labels, numbers) needs nothing: copy it whole. 0xEF starts U+FFFE and
    // U+FFFF in UTF-8, so text holding it takes the careful path too.
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF) || b < 0x20)
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The inside of a double-quoted DOT string. A backslash is doubled so that Graphviz's own
/// escapes (`\N`, `\G`, `\l`) cannot be smuggled in; line breaks become `\n`.
pub fn escape_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The inside of a double-quoted Mermaid label. Mermaid reads `#name;` entity codes in
/// labels, so every character with a meaning to Mermaid, to Markdown or to the HTML it
/// renders into (quotes, brackets, pipes, angle brackets,
/// ampersands, backticks) becomes a numeric entity; `#` itself too, so no entity can be forged.
pub fn escape_mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | '<' | '>' | '&' | '|' | '`' | '[' | ']' | '{' | '}' | '\\' | ';' => {
                out.push('#');
                out.push_str(&(c as u32).to_string());
                out.push(';');
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `text`, with an ellipsis when cut (counted in characters, so
/// multi-byte text is never split inside a character).
pub(super) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_become_text() {
        assert_eq!(
            escape_xml("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_xml("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn plain_text_is_copied_and_the_rest_is_not() {
        for (text, escaped) in [
            ("FlaskService", "FlaskService"),
            ("wéb € ✓", "wéb € ✓"),
            ("a\u{FFFE}b\u{FFFF}", "a\u{FFFD}b\u{FFFD}"),
            ("\u{FEFF}x\u{FFFD}", "\u{FEFF}x\u{FFFD}"),
            ("line\nbreak", "line\nbreak"),
            ("it's \"x\" & y", "it&#39;s &quot;x&quot; &amp; y"),
        ] {
            assert_eq!(escape_xml(text), escaped, "{text:?}");
        }
    }

    #[test]
    fn dot_strings_cannot_be_closed_early() {
        assert_eq!(escape_dot(r#"a"b\N"#), r#"a\"b\\N"#);
    }

    #[test]
    fn mermaid_labels_cannot_be_closed_early() {
        assert_eq!(escape_mermaid(r#"a"]b"#), "a#34;#93;b");
        assert_eq!(escape_mermaid("#quot;"), "#35;quot#59;");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("ééééé", 3), "éé…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
