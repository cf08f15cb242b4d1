//! Any bytes as a config: parsing, validation, generation, serialisation and the deploy
//! command must never panic, a config that validates must generate, and the template's bytes
//! are what serde_json prints for the same document.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = fargate_stack::Config::from_json(text) else {
        return;
    };
    let valid = fargate_stack::validate(&config).is_ok();
    match fargate_stack::generate_all(&config) {
        Ok(generated) => {
            assert!(valid, "generated from a config that does not validate");
            // The template printer is our own: it must print exactly what serde_json would.
            let value: serde_json::Value =
                serde_json::from_str(&generated.json).expect("the template is JSON");
            assert_eq!(
                serde_json::to_string_pretty(&value).expect("a Value prints"),
                generated.json
            );
            let _ = fargate_stack::topology::topology(&generated.template);
        }
        Err(errors) => assert!(!valid && !errors.is_empty()),
    }
});
