//! Pretty JSON to syntax-highlighted HTML: every piece of text escaped, spans for token kinds.
//!
//! The template holds user text (names, environment values) that must render inert, so this is
//! the one place that turns it into markup, and it escapes everything it copies. Rendering a
//! string of markup once per change is far cheaper than diffing thousands of virtual nodes.
//! Each resource's key gets an anchor id (`r-LogicalId`) so the diagram can jump to it.

/// Appends `text` to `out` with `& < > " '` escaped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The anchor id of a resource's key in the highlighted JSON.
pub fn resource_anchor(logical_id: &str) -> String {
    format!("r-{logical_id}")
}

/// Highlights pretty-printed JSON (two-space indent, as the core writes it).
pub fn highlight(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 3);
    let bytes = json.as_bytes();
    let mut i = 0;
    let mut indent = 0usize;
    let mut at_line_start = true;
    let mut section = "";
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                out.push('\n');
                indent = 0;
                at_line_start = true;
                i += 1;
            }
            b' ' if at_line_start => {
                out.push(' ');
                indent += 1;
                i += 1;
            }
            b'"' => {
                at_line_start = false;
                let end = string_end(bytes, i);
                let token = &json[i..end];
                let is_key = bytes[end..]
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .is_some_and(|c| *c == b':');
                if is_key && indent == 2 {
                    section = token;
                }
                if is_key && indent == 4 && section == "\"Resources\"" {
                    let id = token.trim_matches('"');
                    out.push_str("<span class=\"k res\" id=\"");
                    escape_into(&mut out, &resource_anchor(id));
                    out.push_str("\">");
                } else {
                    out.push_str(if is_key {
                        "<span class=\"k\">"
                    } else {
                        "<span class=\"s\">"
                    });
                }
                escape_into(&mut out, token);
                out.push_str("</span>");
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                at_line_start = false;
                let end = bytes[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_digit() || b"-+.eE".contains(c)))
                    .map_or(bytes.len(), |p| i + p);
                out.push_str("<span class=\"n\">");
                escape_into(&mut out, &json[i..end]);
                out.push_str("</span>");
                i = end;
            }
            b't' | b'f' | b'n' => {
                at_line_start = false;
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| json[i..].starts_with(w));
                match word {
                    Some(w) => {
                        out.push_str("<span class=\"b\">");
                        out.push_str(w);
                        out.push_str("</span>");
                        i += w.len();
                    }
                    None => {
                        out.push(char::from(b));
                        i += 1;
                    }
                }
            }
            _ => {
                at_line_start = false;
                // Copy one whole UTF-8 character (only reachable with malformed input, since
                // strings are handled above), escaped.
                let ch_len = json[i..].chars().next().map_or(1, char::len_utf8);
                escape_into(&mut out, &json[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    out
}

/// The index just past the string starting at `start` (a `"`), honouring backslash escapes.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_user_text() {
        let html = highlight("{\n  \"a\": \"<script>alert('x')</script>\"\n}");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    }

    #[test]
    fn anchors_resources() {
        let json = "{\n  \"Resources\": {\n    \"Vpc\": {\n      \"Type\": \"AWS::EC2::VPC\",\n      \"N\": -1.5e3, \"T\": true\n    }\n  }\n}";
        let html = highlight(json);
        assert!(html.contains("<span class=\"k res\" id=\"r-Vpc\">&quot;Vpc&quot;</span>"));
        assert!(html.contains("<span class=\"n\">-1.5e3</span>"));
        assert!(html.contains("<span class=\"b\">true</span>"));
        assert!(!html.contains("id=\"r-Type\""));
    }

    #[test]
    fn survives_odd_input() {
        for s in ["\"", "\"\\", "é\"x", "{\"a\\\"b\": nul}", "-"] {
            let _ = highlight(s);
        }
    }
}
