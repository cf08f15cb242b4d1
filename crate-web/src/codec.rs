//! Moving a config in and out of the page: share-link fragments (base64url of the JSON),
//! saved config files and templates this tool produced.

use fargate_stack::{Config, FieldError};
use serde_json::Value;

/// The fragment prefix of a share link: `#config=` + base64url(JSON).
pub const FRAGMENT_PREFIX: &str = "#config=";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5): safe in a URL fragment without escaping.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
        }
    }
    out
}

/// Decodes base64url (padding and standard `+/` tolerated, since links get retyped).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The fragment of a share link for `config` (compact JSON keeps links short).
pub fn to_fragment(config: &Config) -> String {
    // Through a Value, like every other config serialization on the page: each direct
    // serializer would compile another copy of the config's Serialize code into the page.
    let json = serde_json::to_value(config)
        .and_then(|value| serde_json::to_string(&value))
        .unwrap_or_default();
    format!("{FRAGMENT_PREFIX}{}", base64url_encode(json.as_bytes()))
}

/// The config in a share-link fragment; `None` when the fragment is not a share link at all.
pub fn from_fragment(hash: &str) -> Option<Result<Config, Vec<FieldError>>> {
    let data = hash.strip_prefix(FRAGMENT_PREFIX)?;
    let bad = |m: &str| Some(Err(vec![FieldError::new("", m)]));
    let Some(bytes) = base64url_decode(data) else {
        return bad("the link's config is not valid base64url");
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return bad("the link's config is not UTF-8 text");
    };
    Some(Config::from_json(&text))
}

/// A config from an opened file: a saved config, or a template this tool generated (its config
/// is recorded under `Metadata.FargateStack.Config`). Says which it was.
pub fn from_file(text: &str) -> Result<(Config, &'static str), Vec<FieldError>> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| vec![FieldError::new("", format!("not JSON: {e}"))])?;
    if let Some(config) = value.pointer("/Metadata/FargateStack/Config") {
        return Config::from_value(config.clone()).map(|c| (c, "template"));
    }
    if value.get("AWSTemplateFormatVersion").is_some() || value.get("Resources").is_some() {
        return Err(vec![FieldError::new(
            "",
            "this CloudFormation template was not made by fargate-stack (it has no Metadata.FargateStack.Config)",
        )]);
    }
    Config::from_value(value).map(|c| (c, "config"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "{\"name\":\"é—x\"}"] {
            let enc = base64url_encode(s.as_bytes());
            assert!(!enc.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&enc).as_deref(), Some(s.as_bytes()));
        }
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_decode("Zm9vYg=="), Some(b"foob".to_vec()));
        assert_eq!(base64url_decode("a b"), None);
    }

    #[test]
    fn fragment_round_trips() {
        for (name, _) in fargate_stack::PRESETS {
            let config = Config::preset(name).unwrap_or_default();
            let back = from_fragment(&to_fragment(&config));
            assert_eq!(back, Some(Ok(config)));
        }
        assert_eq!(from_fragment("#other"), None);
        assert!(matches!(from_fragment("#config=%%%"), Some(Err(_))));
    }

    #[test]
    fn template_gives_its_config_back() {
        let config = Config::preset("with-database").unwrap_or_default();
        let generated = fargate_stack::generate_all(&config).map_err(|e| format!("{e:?}"));
        let json = generated.map(|g| g.json).unwrap_or_default();
        assert_eq!(from_file(&json), Ok((config.clone(), "template")));
        assert_eq!(from_file(&config.to_json()), Ok((config, "config")));
        assert!(from_file("{\"AWSTemplateFormatVersion\":\"2010-09-09\"}").is_err());
        assert!(from_file("nope").is_err());
    }
}
