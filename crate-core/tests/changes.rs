//! The change preview over generated configs: a template compared with itself changes
//! nothing, and no `before` text, however broken, makes it panic.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use fargate_stack::changes::{changes, Action};
use fargate_stack::{generate, validate};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_template_compared_with_itself_changes_nothing(config in strategy::any_config()) {
        prop_assume!(validate(&config).is_ok());
        let t = generate(&config).unwrap();
        let c = changes(&t.to_json(), &t).unwrap();
        prop_assert!(c.resources.is_empty() && c.parameters.is_empty() && c.outputs.is_empty(), "{:#?}", c);
    }

    #[test]
    fn arbitrary_before_text_never_panics(text in "\\PC{0,300}", config in strategy::any_config()) {
        prop_assume!(validate(&config).is_ok());
        let t = generate(&config).unwrap();
        let _ = changes(&text, &t);
    }

    /// Mangled real templates (a cut anywhere, or a resource's type swapped) never panic, and
    /// whatever is read back is counted consistently.
    #[test]
    fn mangled_templates_never_panic(config in strategy::any_config(), cut in 0usize..100_000, swap in any::<bool>()) {
        prop_assume!(validate(&config).is_ok());
        let t = generate(&config).unwrap();
        let json = t.to_json();
        let mangled = if swap {
            json.replacen("AWS::EC2::Subnet", "AWS::EC2::VPC", 1)
        } else {
            json.chars().take(cut % (json.len() + 1)).collect()
        };
        if let Ok(c) = changes(&mangled, &t) {
            let s = &c.summary;
            prop_assert_eq!(s.add + s.remove + s.update + s.replace, c.resources.len());
            prop_assert!(c.resources.iter().all(|r| r.action != Action::Remove || !r.logical_id.is_empty()));
        }
    }
}

#[test]
fn helpers_are_linked() {
    let _ = common::lint_dir;
}
