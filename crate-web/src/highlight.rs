//! Pretty JSON to syntax-highlighted HTML: every piece of text escaped, spans for token kinds.
//!
//! The template holds user text (names, environment values) that must render inert, so this is
//! the one place that turns it into markup, and it escapes everything it copies. Rendering a
//! string of markup once per change is far cheaper than diffing thousands of virtual nodes.
//! Each resource's key gets an anchor id (`r-LogicalId`) so the diagram can jump to it.

/// Appends `text` to `out` escaped for markup, with the same rules as the core's SVG.
pub fn escape_into(out: &mut String, text: &str) {
    out.push_str(&fargate_stack::topology::escape_xml(text));
}

/// The anchor id of a resource's key in the highlighted JSON.
pub fn resource_anchor(logical_id: &str) -> String {
    format!("r-{logical_id}")
}

/// Highlights pretty-printed JSON (two-space indent, as the core writes it).
pub fn highlight(json: &str) -> String {
    highlight_in(json, "")
}

/// One piece of the highlighted template: a top-level key, or one entry of a top-level section
/// (a parameter, a resource, an output), with the lines up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Stable across edits: the section and the entry's key.
    pub key: String,
    /// Its highlighted markup under a single root element (shared: re-rendering clones it).
    pub html: std::rc::Rc<str>,
}

/// The template cut into [`Chunk`]s. The designer renders each as a keyed raw block, so an edit
/// re-parses and re-attaches only the entries whose text changed; joined, the chunks' text is
/// exactly the JSON.
pub fn highlight_chunks(json: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut section = String::new();
    let mut start = 0;
    let mut key = String::from("head");
    let mut chunk_section = String::new();
    let mut offset = 0;
    for line in json.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if (indent == 2 || indent == 4) && rest.starts_with('"') && offset > start {
            push_chunk(&mut chunks, &json[start..offset], &key, &chunk_section);
            start = offset;
        }
        if (indent == 2 || indent == 4) && rest.starts_with('"') {
            let name = &rest[..string_end(rest.as_bytes(), 0).min(rest.len())];
            if indent == 2 {
                section = name.to_owned();
                key = name.to_owned();
            } else {
                key = format!("{section}/{name}");
            }
            chunk_section = if indent == 2 {
                String::new()
            } else {
                section.clone()
            };
        }
        offset += line.len();
    }
    if offset > start {
        push_chunk(&mut chunks, &json[start..offset], &key, &chunk_section);
    }
    chunks
}

fn push_chunk(chunks: &mut Vec<Chunk>, text: &str, key: &str, section: &str) {
    // Keys repeat only in malformed input; a suffix keeps Yew's keyed list valid anyway.
    let mut key = key.to_owned();
    while chunks.iter().any(|c| c.key == key) {
        key.push('+');
    }
    chunks.push(Chunk {
        key,
        html: format!("<span>{}</span>", highlight_in(text, section)).into(),
    });
}

/// Highlights `json`, which starts inside the top-level `section` (empty at the top).
fn highlight_in<'a>(json: &'a str, section: &'a str) -> String {
    let mut out = String::with_capacity(json.len() * 3);
    let bytes = json.as_bytes();
    let mut i = 0;
    let mut indent = 0usize;
    let mut at_line_start = true;
    let mut section = section;
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
    fn chunks_join_back_to_the_json_and_keep_their_keys() {
        let json = "{\n  \"Description\": \"d\",\n  \"Resources\": {\n    \"Vpc\": {\n      \"Type\": \"AWS::EC2::VPC\"\n    },\n    \"Igw\": {}\n  }\n}";
        let chunks = highlight_chunks(json);
        let keys: Vec<&str> = chunks.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "head",
                "\"Description\"",
                "\"Resources\"",
                "\"Resources\"/\"Vpc\"",
                "\"Resources\"/\"Igw\""
            ]
        );
        assert!(chunks[3].html.contains("id=\"r-Vpc\""));
        let plain = |html: &str| {
            let mut out = String::new();
            let mut tag = false;
            for ch in html.chars() {
                match ch {
                    '<' => tag = true,
                    '>' => tag = false,
                    c if !tag => out.push(c),
                    _ => {}
                }
            }
            out.replace("&quot;", "\"")
        };
        let joined: String = chunks.iter().map(|c| plain(&c.html)).collect();
        assert_eq!(joined, json);
    }

    #[test]
    fn survives_odd_input() {
        for s in [
            "\"",
            "\"\\",
            "é\"x",
            "{\"a\\\"b\": nul}",
            "-",
            "  \"",
            "    \"a\n    \"a",
        ] {
            let _ = highlight(s);
            let _ = highlight_chunks(s);
        }
    }
}
