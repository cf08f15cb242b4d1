//! IPv4 CIDR blocks: parsed once, then carved into subnets by arithmetic.

use std::fmt;

/// An IPv4 network: an address with its host bits zero and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv4Cidr {
    addr: u32,
    prefix: u8,
}

/// Why a string is not a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    /// Not of the form `a.b.c.d/n`.
    #[error("`{0}` is not an IPv4 CIDR block like 10.0.0.0/16")]
    Malformed(String),
    /// Prefix length above 32.
    #[error("prefix length /{0} is out of range; use /0 to /32")]
    Prefix(u32),
    /// Host bits set: the address is not the network's first address.
    #[error("`{given}` has host bits set; did you mean {suggested}?")]
    HostBits {
        /// What was typed.
        given: String,
        /// The network it lies in.
        suggested: Ipv4Cidr,
    },
}

impl Ipv4Cidr {
    /// Parses `a.b.c.d/n`, rejecting host bits.
    pub fn parse(s: &str) -> Result<Ipv4Cidr, CidrError> {
        let malformed = || CidrError::Malformed(s.chars().take(64).collect());
        let (ip, prefix) = s.split_once('/').ok_or_else(malformed)?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let prefix: u32 = prefix.parse().map_err(|_| malformed())?;
        if prefix > 32 {
            return Err(CidrError::Prefix(prefix));
        }
        let mut addr: u32 = 0;
        let mut octets = 0;
        for part in ip.split('.') {
            // No leading zeros: AWS rejects them, and they read as octal to some tools.
            if part.is_empty()
                || part.len() > 3
                || !part.bytes().all(|b| b.is_ascii_digit())
                || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(malformed());
            }
            let octet: u32 = part.parse().map_err(|_| malformed())?;
            if octet > 255 {
                return Err(malformed());
            }
            addr = (addr << 8) | octet;
            octets += 1;
        }
        if octets != 4 {
            return Err(malformed());
        }
        let cidr = Ipv4Cidr {
            addr: addr & mask(prefix as u8),
            prefix: prefix as u8,
        };
        if cidr.addr != addr {
            return Err(CidrError::HostBits {
                given: s.to_owned(),
                suggested: cidr,
            });
        }
        Ok(cidr)
    }

    /// The prefix length.
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    /// The `index`-th subnet of length `prefix` inside this block, if it fits.
    pub fn subnet(self, prefix: u8, index: u32) -> Option<Ipv4Cidr> {
        if prefix < self.prefix || prefix > 32 {
            return None;
        }
        let bits = u32::from(prefix - self.prefix);
        if bits < 32 && u64::from(index) >= (1u64 << bits) {
            return None;
        }
        let step = if prefix == 0 {
            0
        } else {
            1u64 << (32 - u32::from(prefix))
        };
        let offset = u64::from(index) * step;
        Some(Ipv4Cidr {
            addr: (u64::from(self.addr) + offset) as u32,
            prefix,
        })
    }

    /// How many subnets of length `prefix` fit in this block.
    pub fn capacity(self, prefix: u8) -> u64 {
        if prefix < self.prefix || prefix > 32 {
            0
        } else {
            1u64 << (prefix - self.prefix)
        }
    }

    /// Whether two blocks share any address.
    pub fn overlaps(self, other: Ipv4Cidr) -> bool {
        let p = self.prefix.min(other.prefix);
        self.addr & mask(p) == other.addr & mask(p)
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.addr.to_be_bytes();
        write!(f, "{a}.{b}.{c}.{d}/{}", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let c = Ipv4Cidr::parse("10.0.0.0/16").unwrap();
        assert_eq!(c.to_string(), "10.0.0.0/16");
        assert_eq!(c.prefix(), 16);
        assert_eq!(
            Ipv4Cidr::parse("0.0.0.0/0").unwrap().to_string(),
            "0.0.0.0/0"
        );
    }

    #[test]
    fn rejects_bad_input() {
        for bad in [
            "",
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/24",
            "a.b.c.d/8",
            "10.0.0.0/",
            "01.0.0.0/8",
            "10.0.0.0/1a",
            "10.0.0.0.0/8",
        ] {
            assert!(
                matches!(Ipv4Cidr::parse(bad), Err(CidrError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(Ipv4Cidr::parse("10.0.0.0/33"), Err(CidrError::Prefix(33)));
        let err = Ipv4Cidr::parse("10.0.0.1/16").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`10.0.0.1/16` has host bits set; did you mean 10.0.0.0/16?"
        );
    }

    #[test]
    fn carves_subnets() {
        let vpc = Ipv4Cidr::parse("172.31.0.0/16").unwrap();
        assert_eq!(vpc.subnet(24, 0).unwrap().to_string(), "172.31.0.0/24");
        assert_eq!(vpc.subnet(24, 129).unwrap().to_string(), "172.31.129.0/24");
        assert_eq!(vpc.subnet(24, 256), None);
        assert_eq!(vpc.capacity(24), 256);
        let a = vpc.subnet(24, 1).unwrap();
        assert!(vpc.overlaps(a));
        assert!(!a.overlaps(vpc.subnet(24, 2).unwrap()));
    }
}
