package safehttp

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// EnvAllowPrivateHosts is the environment variable operators use to allow
// addresses that are refused by default: a comma list of IPs and CIDR
// prefixes, e.g. "127.0.0.1,10.0.0.0/8" ("localhost" stands for 127.0.0.1
// and ::1). A self-hoster's WordPress on the same LAN is one entry away.
const EnvAllowPrivateHosts = "IGNY8_ALLOW_PRIVATE_HOSTS"

// blockedRange is one address range refused by default, with the word used
// to name it in errors.
type blockedRange struct {
	prefix netip.Prefix
	kind   string
}

// blocked lists what a user-supplied address must never reach without the
// operator's say-so: the machine itself, its networks, cloud metadata
// (169.254.169.254 is link-local) and addresses no public server has.
var blocked = func() []blockedRange {
	list := []struct{ cidr, kind string }{
		{"0.0.0.0/8", "unspecified"},
		{"127.0.0.0/8", "loopback"},
		{"10.0.0.0/8", "private"},
		{"172.16.0.0/12", "private"},
		{"192.168.0.0/16", "private"},
		{"100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)"},
		{"169.254.0.0/16", "link-local (cloud metadata)"},
		{"192.0.0.0/24", "IETF protocol assignment"},
		{"198.18.0.0/15", "benchmarking"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved"}, // includes 255.255.255.255
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"fc00::/7", "private (unique local)"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local"},
		{"ff00::/8", "multicast"},
	}
	out := make([]blockedRange, len(list))
	for i, b := range list {
		out[i] = blockedRange{netip.MustParsePrefix(b.cidr), b.kind}
	}
	return out
}()

// nat64 embeds an IPv4 address in its last 32 bits (RFC 6052), so
// 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Policy decides which IP addresses may be dialled.
type Policy struct {
	// Allow are ranges the operator allows although they are refused by
	// default (EnvAllowPrivateHosts).
	Allow []netip.Prefix
}

// ParseAllow reads an EnvAllowPrivateHosts value. An entry that is neither an
// IP, a CIDR prefix nor "localhost" is an error: a typo must not silently
// leave a host refused (or allowed).
func ParseAllow(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case strings.EqualFold(f, "localhost"):
			out = append(out, netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128"))
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not an IP or CIDR prefix (like 10.0.0.0/8)", EnvAllowPrivateHosts, f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(strings.Trim(f, "[]"))
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an IP or CIDR prefix (like 10.0.0.0/8)", EnvAllowPrivateHosts, f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Check returns nil when ip may be dialled, else a *BlockedError naming the
// kind of address. IPv4-mapped and NAT64 forms are judged by the IPv4
// address they reach.
func (p Policy) Check(host string, ip netip.Addr) error {
	ip = ip.WithZone("")
	target := ip.Unmap()
	if target.Is6() && nat64.Contains(target) {
		b := target.As16()
		target = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	for _, a := range p.Allow {
		if a.Contains(target) {
			return nil
		}
	}
	for _, b := range blocked {
		if b.prefix.Contains(target) {
			return &BlockedError{Host: host, IP: ip, Kind: b.kind}
		}
	}
	return nil
}

// looseIPv4 reports whether host is an IPv4 address in one of the forms
// inet_aton accepts but no URL should use: a single number (2130706433),
// hex (0x7f000001, 0x7f.1), octal (0177.0.0.1) or fewer than four parts
// (127.1). Some resolvers turn them into addresses, so they are refused.
func looseIPv4(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return false // a standard form, judged by its address
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		base := 10
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			p, base = p[2:], 16
			if p == "" {
				return true // "0x" alone is 0 to inet_aton
			}
		case len(p) > 1 && p[0] == '0':
			p, base = p[1:], 8
		}
		if _, err := strconv.ParseUint(p, base, 32); err != nil {
			return false
		}
	}
	return true
}
