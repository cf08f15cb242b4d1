//! Pretty JSON to syntax-highlighted HTML: every piece of text escaped, spans for token kinds.
//!
//! The template holds user text (names, environment values) that must render inert, so this is
//! the one place that turns it into markup, and it escapes everything it copies. Rendering a
//! string of markup once per change is far cheaper than diffing thousands of virtual nodes.
//! Each resource's key gets an anchor id (`r-LogicalId`) so the diagram can jump to it.

/// Appends `text` to `out` escaped for markup, with the same rules as the core's SVG
/// ([`fargate_stack::topology::escape_xml`], which a test holds this to), written straight
/// into `out`: the JSON view escapes every token, and a string per token cost most of drawing
/// it.
pub fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(replacement);
        from = at + c.len_utf8();
    }
    out.push_str(&text[from..]);
}

/// The anchor id of a resource's key in the highlighted JSON.
pub fn resource_anchor(logical_id: &str) -> String {
    format!("r-{logical_id}")
}

/// Highlights pretty-printed JSON (two-space indent, as the core writes it).
pub fn highlight(json: &str) -> String {
    highlight_in(json, "")
}

/// One piece of the template: a top-level key, or one entry of a top-level section (a
/// parameter, a resource, an output), with the lines up to the next one. The JSON view shows
/// each piece as one element, so an edit touches only the pieces whose text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// Stable across edits, with `section`: the entry's key as the JSON writes it (`"Vpc"`), the
    /// top-level key for a piece at the top (`"Resources"`), `head` for the opening brace.
    pub key: &'a str,
    /// The section the entry lies in (`"Resources"`), empty at the top.
    pub section: &'a str,
    /// Its text; joined, the pieces' text is exactly the JSON.
    pub text: &'a str,
}

impl Piece<'_> {
    /// The piece's highlighted markup under a single root element.
    pub fn markup(&self) -> String {
        let mut out = String::with_capacity(self.text.len() * 3 + 13);
        out.push_str("<span>");
        out.push_str(&highlight_in(self.text, self.section));
        out.push_str("</span>");
        out
    }
}

/// The template cut into [`Piece`]s. Keys repeat only in malformed input; the view matches
/// pieces by position and key, which stays correct then.
pub fn pieces(json: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut section = "";
    let (mut start, mut offset) = (0, 0);
    let (mut key, mut key_section) = ("head", "");
    for line in json.split_inclusive('\n') {
        // Only the indent of a key line matters (2 or 4): deeper lines are not read through.
        let b = line.as_bytes();
        let indent = match b {
            [b' ', b' ', b'"', ..] => 2,
            [b' ', b' ', b' ', b' ', b'"', ..] => 4,
            _ => 0,
        };
        let rest = &line[indent..];
        if indent > 0 {
            if offset > start {
                out.push(Piece {
                    key,
                    section: key_section,
                    text: &json[start..offset],
                });
                start = offset;
            }
            key = &rest[..string_end(rest.as_bytes(), 0).min(rest.len())];
            if indent == 2 {
                section = key;
                key_section = "";
            } else {
                key_section = section;
            }
        }
        offset += line.len();
    }
    if offset > start {
        out.push(Piece {
            key,
            section: key_section,
            text: &json[start..offset],
        });
    }
    out
}

/// Whether two pieces stand for the same entry (same section, same key).
pub fn same_key(a: &Piece, b: &Piece) -> bool {
    a.key == b.key && a.section == b.section
}

/// What a token is, for its class (`Text` is plain text: punctuation, spaces, line breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Key,
    /// A resource's key: it carries the anchor id (`r-LogicalId`).
    Resource,
    Str,
    Num,
    Word,
}

/// Cuts `json` (starting inside the top-level `section`, empty at the top) into tokens, in
/// order, covering it exactly: the one tokenizer behind both the markup ([`highlight_in`]) and
/// the view's patches ([`patch`]), so they agree on what each element of the view holds.
fn tokens<'a>(json: &'a str, section: &'a str, mut each: impl FnMut(Kind, &'a str)) {
    let bytes = json.as_bytes();
    let mut i = 0;
    let mut indent = 0usize;
    let mut at_line_start = true;
    let mut section = section;
    while i < bytes.len() {
        let (kind, end) = match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                let is_key = bytes[end..]
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .is_some_and(|c| *c == b':');
                if is_key && indent == 2 {
                    section = &json[i..end];
                }
                let kind = match (is_key, indent) {
                    (true, 4) if section == "\"Resources\"" => Kind::Resource,
                    (true, _) => Kind::Key,
                    (false, _) => Kind::Str,
                };
                (kind, end)
            }
            b'-' | b'0'..=b'9' => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_digit() || b"-+.eE".contains(c)))
                    .map_or(bytes.len(), |p| i + p);
                (Kind::Num, end)
            }
            b't' | b'f' | b'n' => match ["true", "false", "null"]
                .into_iter()
                .find(|w| json[i..].starts_with(w))
            {
                Some(w) => (Kind::Word, i + w.len()),
                None => (Kind::Text, i + 1),
            },
            // Plain text up to the next token: punctuation, line breaks and the indent after
            // them, as one token (it stops only at ASCII bytes, so on a character boundary).
            _ => {
                let mut end = i;
                while let Some(&c) = bytes.get(end) {
                    match c {
                        b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => break,
                        b'\n' => {
                            indent = 0;
                            at_line_start = true;
                        }
                        b' ' if at_line_start => indent += 1,
                        _ => at_line_start = false,
                    }
                    end += 1;
                }
                each(Kind::Text, &json[i..end]);
                i = end;
                continue;
            }
        };
        at_line_start = false;
        each(kind, &json[i..end]);
        i = end;
    }
}

/// Highlights `json`, which starts inside the top-level `section` (empty at the top).
fn highlight_in(json: &str, section: &str) -> String {
    let mut out = String::with_capacity(json.len() * 3);
    tokens(json, section, |kind, token| {
        let open = match kind {
            Kind::Text => {
                escape_into(&mut out, token);
                return;
            }
            Kind::Resource => {
                out.push_str("<span class=\"k res\" id=\"");
                escape_into(&mut out, &resource_anchor(token.trim_matches('"')));
                out.push_str("\">");
                ""
            }
            Kind::Key => "<span class=\"k\">",
            Kind::Str => "<span class=\"s\">",
            Kind::Num => "<span class=\"n\">",
            Kind::Word => "<span class=\"b\">",
        };
        out.push_str(open);
        escape_into(&mut out, token);
        out.push_str("</span>");
    });
    out
}

/// The nodes a piece's element holds, in order: a run of plain text (one text node) or a
/// token (one element). Adjacent plain text is one node, as the HTML parser makes it.
fn nodes<'a>(piece: &Piece<'a>) -> Vec<(Kind, &'a str)> {
    let mut out: Vec<(Kind, &'a str)> = Vec::new();
    let text = piece.text;
    let base = text.as_ptr() as usize;
    tokens(text, piece.section, |kind, token| {
        if let (Kind::Text, Some((Kind::Text, run))) = (kind, out.last_mut()) {
            // Extend the run over the same JSON (tokens are consecutive slices of it).
            let from = run.as_ptr() as usize - base;
            *run = &text[from..from + run.len() + token.len()];
            return;
        }
        out.push((kind, token));
    });
    out
}

/// One change to the view's DOM, in the order [`patch`] lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Everything: the view's markup, whole (the first drawing).
    All(String),
    /// Set the text of node `node` of piece `piece` (for a token, of its element's text).
    Text {
        /// The piece's position among the view's elements.
        piece: usize,
        /// The node's position in the piece's element.
        node: usize,
        /// Whether the node is a token's element (its text child is set).
        token: bool,
        /// The new text, with the replacements a fresh drawing makes (so the two read alike).
        text: String,
    },
    /// Replace piece `piece`'s element with this markup.
    Replace {
        /// The piece's position.
        piece: usize,
        /// Its new markup.
        markup: String,
    },
    /// Remove `remove` elements at `at` and put this markup there.
    Splice {
        /// Where.
        at: usize,
        /// How many elements go.
        remove: usize,
        /// The markup of the pieces that come instead.
        markup: String,
    },
}

/// The text a text node shows for `text`, with the characters [`escape_into`] replaces
/// replaced the same way, so a patched view reads exactly like a freshly drawn one.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The edits that turn the view of `old` (empty: nothing shown yet) into the view of `new`.
///
/// An edit mostly changes a few strings in a few pieces (a name edit: the name in about 17 of
/// ~70 pieces): those become text changes of single nodes, with no markup parsed at all. A
/// piece whose tokens moved is replaced whole; pieces added or removed are spliced in between
/// the unchanged ones at either end.
pub fn patch(old: &str, new: &str) -> Vec<Edit> {
    let new_pieces = pieces(new);
    if old.is_empty() {
        return vec![Edit::All(new_pieces.iter().map(Piece::markup).collect())];
    }
    let old_pieces = pieces(old);
    let head = old_pieces
        .iter()
        .zip(&new_pieces)
        .take_while(|(a, b)| same_key(a, b))
        .count();
    let tail = old_pieces[head..]
        .iter()
        .rev()
        .zip(new_pieces[head..].iter().rev())
        .take_while(|(a, b)| same_key(a, b))
        .count();
    let mut edits = Vec::new();
    // The tail first, at its old positions, which the splice then moves.
    for k in (0..tail).rev() {
        let (o, n) = (old_pieces.len() - 1 - k, new_pieces.len() - 1 - k);
        piece_edits(&old_pieces[o], &new_pieces[n], o, &mut edits);
    }
    let (old_mid, new_mid) = (
        old_pieces.len() - head - tail,
        new_pieces.len() - head - tail,
    );
    if old_mid > 0 || new_mid > 0 {
        edits.push(Edit::Splice {
            at: head,
            remove: old_mid,
            markup: new_pieces[head..head + new_mid]
                .iter()
                .map(Piece::markup)
                .collect(),
        });
    }
    for i in 0..head {
        piece_edits(&old_pieces[i], &new_pieces[i], i, &mut edits);
    }
    edits
}

/// The edits of one piece at `at` whose key stayed: none if its text is the same, the changed
/// text nodes if its tokens are the same kinds in the same order (and no resource's key, which
/// names its anchor, changed), else its markup whole.
fn piece_edits(old: &Piece, new: &Piece, at: usize, edits: &mut Vec<Edit>) {
    if old.text == new.text {
        return;
    }
    let (a, b) = (nodes(old), nodes(new));
    let aligned = a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|((ka, ta), (kb, tb))| ka == kb && (*ka != Kind::Resource || ta == tb));
    if !aligned {
        edits.push(Edit::Replace {
            piece: at,
            markup: new.markup(),
        });
        return;
    }
    for (node, ((_, ta), (kind, tb))) in a.iter().zip(&b).enumerate() {
        if ta != tb {
            edits.push(Edit::Text {
                piece: at,
                node,
                token: *kind != Kind::Text,
                text: shown(tb),
            });
        }
    }
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

    /// The view as a page shows it after `markup` (the pieces' elements, each a list of nodes
    /// with its text): a small reader of exactly the markup this module writes.
    fn read(markup: &str) -> Vec<Vec<String>> {
        let unescape = |t: &str| {
            t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        let mut view = Vec::new();
        let mut rest = markup;
        while let Some(body) = rest.strip_prefix("<span>") {
            let mut nodes = Vec::new();
            let mut r = body;
            loop {
                if let Some(after) = r.strip_prefix("</span>") {
                    rest = after;
                    break;
                }
                if r.starts_with("<span") {
                    let open = r.find('>').unwrap_or(r.len()) + 1;
                    let close = r.find("</span>").unwrap_or(r.len());
                    nodes.push(format!("<{}", unescape(&r[open..close])));
                    r = &r[close + "</span>".len()..];
                } else {
                    let end = r.find('<').unwrap_or(r.len());
                    nodes.push(unescape(&r[..end]));
                    r = &r[end..];
                }
            }
            view.push(nodes);
        }
        assert!(rest.is_empty(), "markup left unread: {rest:.40}");
        view
    }

    /// Applies `edits` to `view` as the JSON view applies them to its DOM.
    fn apply(view: &mut Vec<Vec<String>>, edits: Vec<Edit>) {
        for edit in edits {
            match edit {
                Edit::All(m) => *view = read(&m),
                Edit::Text {
                    piece,
                    node,
                    token,
                    text,
                } => {
                    let n = &mut view[piece][node];
                    assert_eq!(n.starts_with('<'), token, "a token's node is an element");
                    *n = if token { format!("<{text}") } else { text };
                }
                Edit::Replace { piece, markup } => {
                    let mut new = read(&markup);
                    assert_eq!(new.len(), 1);
                    view[piece] = new.remove(0);
                }
                Edit::Splice { at, remove, markup } => {
                    view.splice(at..at + remove, read(&markup));
                }
            }
        }
    }

    fn template(config: &fargate_stack::Config) -> String {
        fargate_stack::generate_all(config)
            .map(|g| g.json)
            .unwrap_or_default()
    }

    #[test]
    fn pieces_join_back_to_the_json_and_keep_their_keys() {
        let json = "{\n  \"Description\": \"d\",\n  \"Resources\": {\n    \"Vpc\": {\n      \"Type\": \"AWS::EC2::VPC\"\n    },\n    \"Igw\": {}\n  }\n}";
        let pieces = pieces(json);
        let keys: Vec<(&str, &str)> = pieces.iter().map(|p| (p.section, p.key)).collect();
        assert_eq!(
            keys,
            [
                ("", "head"),
                ("", "\"Description\""),
                ("", "\"Resources\""),
                ("\"Resources\"", "\"Vpc\""),
                ("\"Resources\"", "\"Igw\"")
            ]
        );
        assert!(pieces[3].markup().contains("id=\"r-Vpc\""));
        let joined: String = pieces.iter().map(|p| p.text).collect();
        assert_eq!(joined, json);
        let shown: String = read(&pieces.iter().map(Piece::markup).collect::<String>())
            .concat()
            .iter()
            .map(|n| n.trim_start_matches('<'))
            .collect();
        assert_eq!(shown, json);
    }

    #[test]
    fn a_patched_view_reads_like_a_fresh_one() {
        use fargate_stack::Config;
        let mut configs: Vec<Config> = fargate_stack::PRESETS
            .iter()
            .filter_map(|(n, _)| Config::preset(n))
            .collect();
        let seed = Config::preset("seed").unwrap_or_default();
        for name in ["perf-1", "perf-12", "p", "a-much-longer-name-here"] {
            let mut c = seed.clone();
            c.name = name.to_owned();
            configs.push(c);
        }
        let mut two = seed.clone();
        two.services.push(fargate_stack::config::Service {
            name: "api".into(),
            path_patterns: vec!["/api/*".into()],
            ..Default::default()
        });
        configs.push(two);
        let jsons: Vec<String> = configs.iter().map(template).collect();
        for old in &jsons {
            for new in &jsons {
                let mut view = read(&pieces(old).iter().map(Piece::markup).collect::<String>());
                apply(&mut view, patch(old, new));
                let fresh = read(&pieces(new).iter().map(Piece::markup).collect::<String>());
                assert_eq!(view, fresh);
            }
        }
        // A name edit is text only, and small.
        let edits = patch(&jsons[jsons.len() - 5], &jsons[jsons.len() - 4]);
        assert!(!edits.is_empty());
        assert!(edits.iter().all(|e| matches!(e, Edit::Text { .. })));
    }

    #[test]
    fn text_nodes_show_what_the_markup_shows() {
        assert_eq!(shown("a\u{1}b\u{FFFE}\n"), "a\u{FFFD}b\u{FFFD}\n");
        let old = "{\n  \"a\": \"x\"\n}";
        let new = "{\n  \"a\": \"<b>&\"\n}";
        assert_eq!(
            patch(old, new),
            [Edit::Text {
                piece: 1,
                node: 3,
                token: true,
                text: "\"<b>&\"".into()
            }]
        );
    }

    #[test]
    fn escapes_as_the_core_does() {
        for text in [
            "plain",
            "<b>&\"'</b>",
            "tab\tline\ncr\r",
            "\u{1}\u{1f}\u{7f}\u{FFFE}\u{FFFF}\u{FFFD}",
            "é漢字😀\"",
            "",
        ] {
            let mut out = String::new();
            escape_into(&mut out, text);
            assert_eq!(out, fargate_stack::topology::escape_xml(text), "{text:?}");
        }
    }

    #[test]
    fn survives_odd_input() {
        let odd = [
            "\"",
            "\"\\",
            "é\"x",
            "{\"a\\\"b\": nul}",
            "-",
            "  \"",
            "    \"a\n    \"a",
        ];
        for s in odd {
            let _ = highlight(s);
            for t in odd {
                let _ = patch(s, t);
            }
        }
    }
}
