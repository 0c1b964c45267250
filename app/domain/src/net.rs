//! Who the client is, when requests come through proxies: the address a rate limit counts.
//!
//! `X-Forwarded-For` is a list each proxy appends the address it received the request from to.
//! The client writes whatever it likes at the left end, so only entries appended by proxies we
//! trust mean anything: walking from the right, the first address that is not a trusted proxy
//! is the client. A request whose peer is not a trusted proxy is taken at its socket's word.

use super::SetupError;
use std::net::IpAddr;

/// An address block, `10.0.0.0/8` or `2001:db8::/32`; a bare address is a block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Result<Self, SetupError> {
        let bad = || SetupError::new("UD_TRUSTED_PROXIES", format!("`{s}` is not an address or block like 10.0.0.0/8"));
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let net = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Cidr { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports) is the
/// IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The proxies whose `X-Forwarded-For` entries are believed (`UD_TRUSTED_PROXIES`). Empty: none,
/// the header is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and blocks.
    pub fn parse(s: &str) -> Result<Self, SetupError> {
        s.split([',', ' ']).filter(|p| !p.trim().is_empty()).map(Cidr::parse).collect::<Result<_, _>>().map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client's address: `peer` (the socket's other end) unless it is a trusted proxy; then,
    /// from the right of the `X-Forwarded-For` entries (every header's, in order), the first one
    /// that is not a trusted proxy. An entry that is not an address ends the walk: the proxy that
    /// wrote the entry to its right is the last hop known. All trusted: the leftmost.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let entries: Vec<&str> = forwarded_for.into_iter().flat_map(|h| h.split(',')).collect();
        let mut last = peer;
        for entry in entries.iter().rev() {
            let Ok(ip) = entry.trim().parse::<IpAddr>().map(canonical) else { return last };
            if !self.contains(ip) {
                return ip;
            }
            last = ip;
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_contain_their_addresses() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains(ip("10.255.1.2")));
        assert!(!c.contains(ip("11.0.0.1")));
        assert!(c.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6 is the IPv4 address");
        let one = Cidr::parse("192.168.1.7").unwrap();
        assert!(one.contains(ip("192.168.1.7")) && !one.contains(ip("192.168.1.8")));
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "::/129", "10.0.0/8", "x", "10.0.0.0/", "10.0.0.0/-1"] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_parse_with_commas_or_spaces() {
        let t = TrustedProxies::parse(" 127.0.0.1, 10.0.0.0/8  ::1 ").unwrap();
        assert!(t.contains(ip("10.2.3.4")) && t.contains(ip("::1")) && !t.contains(ip("8.8.8.8")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/8, nope").is_err());
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_entry() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let proxy = ip("10.0.0.2");
        // the client wrote a fake entry at the left; the proxy appended the real address
        assert_eq!(t.client(proxy, ["6.6.6.6, 203.0.113.9"]), ip("203.0.113.9"));
        // two proxies of ours in a row
        assert_eq!(t.client(proxy, ["203.0.113.9, 10.0.0.7"]), ip("203.0.113.9"));
        // entries over several headers, in order
        assert_eq!(t.client(proxy, ["6.6.6.6", "203.0.113.9, 10.0.0.7"]), ip("203.0.113.9"));
        // garbage ends the walk at the last proxy known
        assert_eq!(t.client(proxy, ["203.0.113.9, nonsense"]), proxy);
        assert_eq!(t.client(proxy, ["203.0.113.9, nonsense, 10.0.0.7"]), ip("10.0.0.7"));
        // no header, or only our proxies: the leftmost known
        assert_eq!(t.client(proxy, []), proxy);
        assert_eq!(t.client(proxy, ["10.0.0.9"]), ip("10.0.0.9"));
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_says() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(t.client(ip("198.51.100.4"), ["10.0.0.1"]), ip("198.51.100.4"));
        assert_eq!(TrustedProxies::default().client(ip("127.0.0.1"), ["203.0.113.9"]), ip("127.0.0.1"));
        assert_eq!(t.client(ip("::ffff:198.51.100.4"), []), ip("198.51.100.4"));
    }
}
