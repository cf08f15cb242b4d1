//! A number input with its allowed range; text that is not a whole number becomes a draft
//! with a message instead of a value.

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::{event_value, field_id, use_problems, FieldInput};

/// Props of [`NumberField`].
#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// Config path.
    pub path: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// One line of help (the range is appended).
    #[prop_or_default]
    pub help: AttrValue,
    /// The default, shown by the label.
    #[prop_or_default]
    pub default: Option<AttrValue>,
    /// Current value; `None` for an absent optional field.
    pub value: Option<u32>,
    /// Smallest allowed value.
    pub min: u32,
    /// Largest allowed value.
    pub max: u32,
    /// Empty means absent (`null`).
    #[prop_or_default]
    pub optional: bool,
    /// Called on every keystroke.
    pub onset: Callback<FieldInput>,
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

/// A labelled number input.
#[function_component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let problems = use_problems();
    let path = props.path.to_string();
    let shown = problems
        .drafts
        .get(&path)
        .cloned()
        .unwrap_or_else(|| props.value.map(|v| v.to_string()).unwrap_or_default());
    let oninput = {
        let (onset, path) = (props.onset.clone(), path.clone());
        let (min, max, optional) = (props.min, props.max, props.optional);
        Callback::from(move |e: InputEvent| {
            onset.emit(FieldInput {
                path: path.clone(),
                value: parse(&event_value(&e), min, max, optional),
            });
        })
    };
    let range = format!("{} to {}", props.min, props.max);
    let help = if props.help.is_empty() {
        AttrValue::from(range)
    } else {
        AttrValue::from(format!(
            "{} ({range}{})",
            props.help,
            if props.optional { "; empty: none" } else { "" }
        ))
    };
    let invalid = !problems.at(&path).is_empty();
    let input = html! {
        <input type="number" inputmode="numeric" id={field_id(&path)} data-path={props.path.clone()}
            value={shown} min={props.min.to_string()} max={props.max.to_string()} step="1"
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, true, invalid)}
            {oninput} />
    };
    let frame = Frame {
        path: &path,
        label: &props.label,
        help: &help,
        default: props.default.as_ref(),
        class: Classes::new(),
        note: None,
    };
    field_frame(&problems, frame, input)
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
