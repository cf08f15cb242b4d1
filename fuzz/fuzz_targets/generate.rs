//! Any bytes as a config: parsing, validation, generation, serialisation and the deploy
//! command must never panic, and a config that validates must generate.

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
            assert!(generated.json.starts_with('{'));
            let _ = fargate_stack::topology::topology(&generated.template);
        }
        Err(errors) => assert!(!valid && !errors.is_empty()),
    }
});
