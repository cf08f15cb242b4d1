//! Fargate's task sizes: which memory values go with which CPU.

/// CPU units Fargate offers.
pub const CPU_VALUES: [u32; 7] = [256, 512, 1024, 2048, 4096, 8192, 16384];

/// The memory values (MiB) valid with `cpu`, empty for a CPU Fargate does not offer.
pub fn memory_values(cpu: u32) -> Vec<u32> {
    match cpu {
        256 => vec![512, 1024, 2048],
        512 => (1..=4).map(|g| g * 1024).collect(),
        1024 => (2..=8).map(|g| g * 1024).collect(),
        2048 => (4..=16).map(|g| g * 1024).collect(),
        4096 => (8..=30).map(|g| g * 1024).collect(),
        8192 => (4..=15).map(|g| g * 4096).collect(),
        16384 => (4..=15).map(|g| g * 8192).collect(),
        _ => Vec::new(),
    }
}

/// A readable description of the memory values for `cpu`.
fn memory_hint(cpu: u32) -> &'static str {
    match cpu {
        256 => "512, 1024 or 2048",
        512 => "1024-4096 in steps of 1024",
        1024 => "2048-8192 in steps of 1024",
        2048 => "4096-16384 in steps of 1024",
        4096 => "8192-30720 in steps of 1024",
        8192 => "16384-61440 in steps of 4096",
        16384 => "32768-122880 in steps of 8192",
        _ => "",
    }
}

/// Checks a cpu/memory pair, saying what is allowed when it is not valid.
pub fn check_size(cpu: u32, memory: u32) -> Result<(), String> {
    if !CPU_VALUES.contains(&cpu) {
        return Err(format!(
            "{cpu} is not a Fargate CPU size; use 256, 512, 1024, 2048, 4096, 8192 or 16384"
        ));
    }
    if memory_values(cpu).contains(&memory) {
        Ok(())
    } else {
        Err(format!(
            "{memory} is not valid with cpu {cpu}; use {}",
            memory_hint(cpu)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs() {
        assert!(check_size(256, 512).is_ok());
        assert!(check_size(16384, 122_880).is_ok());
        assert_eq!(
            check_size(2048, 1024).unwrap_err(),
            "1024 is not valid with cpu 2048; use 4096-16384 in steps of 1024"
        );
        assert!(check_size(300, 512)
            .unwrap_err()
            .contains("not a Fargate CPU size"));
        assert_eq!(memory_values(8192).last(), Some(&61_440));
    }
}
