#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A header list as Suricata reads it: `[a,b,!c]` is (a or b) and not c; a list of negations alone starts
/// from `any`; `!` applies to whole sub-lists and variables, which are expanded at parse time.
public indirect enum SetExpr<Leaf: Sendable>: Sendable {
    case any
    case leaf(Leaf)
    case not(SetExpr)
    case list([SetExpr])

    /// `present` is false when the event lacks the value (no address or port): only `any` matches then.
    func matches(_ contains: (Leaf) -> Bool, present: Bool = true) -> Bool {
        switch self {
        case .any: return true
        case .leaf(let l): return present && contains(l)
        case .not(let e): return !e.matches(contains, present: present)
        case .list(let items):
            var sawPositive = false
            var positive = false
            for item in items {
                if case .not(let inner) = item {
                    if inner.matches(contains, present: present) { return false }
                } else {
                    sawPositive = true
                    if !positive { positive = item.matches(contains, present: present) }
                }
            }
            return sawPositive ? positive : true
        }
    }
}

/// A rule header's address side after variables are expanded.
public struct AddressSet: Sendable {
    public var expr: SetExpr<CIDR>

    public static let any = AddressSet(expr: .any)

    public func contains(_ text: String?) -> Bool {
        contains(address: text.flatMap(CIDR.address))
    }

    /// `addr` as `CIDR.address` returns it (16 bytes), nil when the event has none.
    public func contains(address addr: [UInt8]?) -> Bool {
        if case .any = expr { return true }
        return expr.matches({ cidr in addr.map(cidr.contains) ?? false }, present: addr != nil)
    }
}

/// An IPv4 or IPv6 network. IPv4 is kept as the IPv4-mapped IPv6 form so one comparison serves both.
public struct CIDR: Sendable, Equatable {
    public var bytes: [UInt8]
    public var prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let addr = CIDR.address(String(first)) else { return nil }
        let isV4 = !first.contains(":")
        var prefix = 128
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= (isV4 ? 32 : 128) else { return nil }
            prefix = isV4 ? p + 96 : p
        }
        self.bytes = addr
        self.prefix = prefix
    }

    func contains(_ addr: [UInt8]) -> Bool {
        guard addr.count == 16, bytes.count == 16 else { return false }
        var left = prefix
        for i in 0..<16 where left > 0 {
            let bits = min(8, left)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if addr[i] & mask != bytes[i] & mask { return false }
            left -= bits
        }
        return true
    }

    /// 16 bytes for an IPv4 or IPv6 address in text form, nil otherwise.
    static func address(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 16)
        // A byte test: `String.contains(String)` resolves to Foundation's locale-aware search here.
        if !text.utf8.contains(UInt8(ascii: ":")) {
            var v4 = in_addr()
            guard inet_pton(AF_INET, text, &v4) == 1 else { return nil }
            let raw = withUnsafeBytes(of: &v4) { Array($0) }
            out[10] = 0xFF
            out[11] = 0xFF
            out.replaceSubrange(12..<16, with: raw)
            return out
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        return withUnsafeBytes(of: &v6) { Array($0) }
    }
}

/// A rule header's port side: `any`, single ports, `a:b` ranges, lists and negations.
public struct PortSet: Sendable {
    public var expr: SetExpr<ClosedRange<Int>>

    public static let any = PortSet(expr: .any)

    public func contains(_ port: Int?) -> Bool {
        expr.matches({ $0.contains(port ?? -1) }, present: port != nil)
    }
}
