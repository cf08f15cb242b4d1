//! A number input with its allowed range; text that is not a whole number becomes a draft
//! with a message instead of a value.

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::fields::FieldProps;
use super::{event_value, field_id, FieldInput};
use crate::state::Problems;

/// What a number field holds and takes.
#[derive(PartialEq)]
pub struct NumberInput {
    /// Current value; `None` for an absent optional field.
    pub value: Option<u32>,
    /// Smallest allowed value.
    pub min: u32,
    /// Largest allowed value.
    pub max: u32,
    /// Empty means absent (`null`).
    pub optional: bool,
}

/// Turns the input's text into a value for the config, or says why it is not one.
pub fn parse(text: &str, min: u32, max: u32, optional: bool) -> Result<Value, (String, String)> {
    let trimmed = text.trim();
    let range = format!("enter a whole number from {min} to {max}");
    if trimmed.is_empty() {
        return if optional {
            Ok(Value::Null)
        } else {
            Err((text.to_owned(), format!("is empty; {range}")))
        };
    }
    match trimmed.parse::<u32>() {
        Ok(n) => Ok(Value::from(n)),
        // -1 or 99999999999 is a whole number, just not one this field takes.
        Err(_) if is_integer(trimmed) => Err((
            text.to_owned(),
            format!("{trimmed} is out of range; {range}"),
        )),
        Err(_) => Err((
            text.to_owned(),
            format!("`{trimmed}` is not a whole number; {range}"),
        )),
    }
}

/// Whether `text` is an integer (signed, any size): then it is out of range, not malformed.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A labelled number input; its help ends with the range.
pub fn number_field(problems: &Problems, field: &FieldProps, input: &NumberInput) -> Html {
    let path = field.path.to_string();
    let shown = problems
        .drafts
        .get(&path)
        .cloned()
        .unwrap_or_else(|| input.value.map(|v| v.to_string()).unwrap_or_default());
    let oninput = {
        let (onset, path) = (field.onset.clone(), path.clone());
        let (min, max, optional) = (input.min, input.max, input.optional);
        Callback::from(move |e: InputEvent| {
            onset.emit(FieldInput {
                path: path.clone(),
                value: parse(&event_value(&e), min, max, optional),
            });
        })
    };
    let range = format!("{} to {}", input.min, input.max);
    let help = if field.help.is_empty() {
        AttrValue::from(range)
    } else {
        AttrValue::from(format!(
            "{} ({range}{})",
            field.help,
            if input.optional { "; empty: none" } else { "" }
        ))
    };
    let invalid = !problems.at(&path).is_empty();
    let element = html! {
        <input type="number" inputmode="numeric" id={field_id(&path)} data-path={field.path.clone()}
            value={shown} min={input.min.to_string()} max={input.max.to_string()} step="1"
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, true, invalid)}
            {oninput} />
    };
    let frame = Frame {
        help: &help,
        ..Frame::of(&path, field)
    };
    field_frame(problems, frame, element)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse(" 42 ", 1, 100, false), Ok(Value::from(42)));
        assert_eq!(parse("", 1, 100, true), Ok(Value::Null));
        assert!(parse("", 1, 100, false).is_err());
        assert!(parse("-1", 1, 100, false).is_err());
        assert!(parse("1.5", 1, 100, false).is_err());
        assert!(parse("99999999999", 1, 100, false).is_err());
        let out = |t: &str| parse(t, 1, 100, false).err().map(|(_, m)| m);
        assert_eq!(
            out("-1").as_deref(),
            Some("-1 is out of range; enter a whole number from 1 to 100")
        );
        assert!(out("1.5").is_some_and(|m| m.contains("not a whole number")));
    }
}
