//! Config paths (`services[1].healthCheck.path`) read and written on the config's JSON value.
//!
//! The form addresses every field by the same path the core uses in its `FieldError`s, so one
//! string ties an input, its error message and its place in the config together. Editing goes
//! through `serde_json::Value` and back through `Config::from_value`, which keeps the config's
//! own parsing (and its error messages) the only authority on what a field may hold.

use serde_json::Value;

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// `.name`
    Key(String),
    /// `[3]`
    Index(usize),
}

/// Splits `services[1].healthCheck.path` into its steps. Map keys with dots cannot be addressed
/// this way; the map editors use their own actions for keys (see `state::Action`).
pub fn parse(path: &str) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return None;
        }
        segs.push(Seg::Key(name.to_owned()));
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']')?;
            segs.push(Seg::Index(stripped[..close].parse().ok()?));
            rest = &stripped[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(segs)
}

/// The value at `path`, if there is one.
pub fn get<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = root;
    for seg in parse(path)? {
        at = match seg {
            Seg::Key(k) => at.get(k.as_str())?,
            Seg::Index(i) => at.get(i)?,
        };
    }
    Some(at)
}

/// The value at `path`, made if missing: a `null` on the way (an absent optional section)
/// becomes an empty object, so `database.engine` can be set before `database` exists.
pub fn get_mut<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut at = root;
    for seg in parse(path)? {
        at = match seg {
            Seg::Key(k) => {
                if at.is_null() {
                    *at = Value::Object(serde_json::Map::new());
                }
                at.as_object_mut()?.entry(k).or_insert(Value::Null)
            }
            Seg::Index(i) => at.as_array_mut()?.get_mut(i)?,
        };
    }
    Some(at)
}

/// Sets the value at `path`; false when the path leads nowhere.
pub fn set(root: &mut Value, path: &str, value: Value) -> bool {
    match get_mut(root, path) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// Whether `path` is `prefix` itself or a field or item below it.
pub fn is_within(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_paths() {
        assert_eq!(
            parse("services[1].healthCheck.path"),
            Some(vec![
                Seg::Key("services".into()),
                Seg::Index(1),
                Seg::Key("healthCheck".into()),
                Seg::Key("path".into()),
            ])
        );
        assert_eq!(parse("a[x]"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("a..b"), None);
    }

    #[test]
    fn sets_through_null_sections() {
        let mut v = json!({ "database": null, "services": [{ "name": "a" }] });
        assert!(set(&mut v, "database.engine", json!("mysql")));
        assert!(set(&mut v, "services[0].name", json!("b")));
        assert!(!set(&mut v, "services[3].name", json!("c")));
        assert_eq!(
            v,
            json!({ "database": { "engine": "mysql" }, "services": [{ "name": "b" }] })
        );
        assert_eq!(get(&v, "services[0].name"), Some(&json!("b")));
    }

    #[test]
    fn within() {
        assert!(is_within("services[1].memory", "services[1]"));
        assert!(is_within("services[1]", "services[1]"));
        assert!(!is_within("services[10]", "services[1]"));
        assert!(is_within("services[10]", "services"));
    }
}
