import MitsuCore

/// Prefilter for rules that have no content but name addresses: ET Open's reputation lists (botcc,
/// ciarmy, compromised, drop, dshield, tor: ~1,200 rules of up to hundreds of hosts each). Instead of
/// walking every list for every event, each IPv4 host (/32) and network (/16 to /31, keyed by its /16) of
/// a rule's positive address lists points at the rule; an event's source and destination are looked up.
/// Lookups only select candidates; full evaluation still checks the rule's whole header.
struct AddressIndex: Sendable {
    private var hosts: [UInt32: [Int32]] = [:]
    private var slash16: [UInt32: [Int32]] = [:]
    private var slash8: [UInt32: [Int32]] = [:]
    /// IPv6 networks of /32 or longer, by their first 32 bits.
    private var v6slash32: [UInt32: [Int32]] = [:]

    var isEmpty: Bool { hosts.isEmpty && slash16.isEmpty && slash8.isEmpty && v6slash32.isEmpty }

    /// Indexes `rule` when one side of its header is a list of IPv4 hosts/networks; false otherwise.
    mutating func add(_ rule: Rule, id: Int32) -> Bool {
        for side in [rule.source.expr, rule.destination.expr] {
            guard let cidrs = Self.positiveCIDRs(side), !cidrs.isEmpty,
                  cidrs.allSatisfy({ Self.isV4($0.bytes) ? $0.prefix >= 96 + 8 : $0.prefix >= 32 }) else { continue }
            for c in cidrs {
                if !Self.isV4(c.bytes) { v6slash32[Self.first32(c.bytes), default: []].append(id); continue }
                let ip = Self.v4(c.bytes)
                if c.prefix == 128 {
                    hosts[ip, default: []].append(id)
                } else if c.prefix >= 96 + 16 {
                    slash16[ip >> 16, default: []].append(id)
                } else {
                    slash8[ip >> 24, default: []].append(id)
                }
            }
            return true
        }
        return false
    }

    func candidates(_ input: InspectionInput, into out: inout [Int32]) {
        for addr in [input.srcAddress, input.destAddress] {
            guard let a = addr, a.count == 16 else { continue }
            guard Self.isV4(a) else {
                if let ids = v6slash32[Self.first32(a)] { out.append(contentsOf: ids) }
                continue
            }
            let ip = Self.v4(a)
            if let ids = hosts[ip] { out.append(contentsOf: ids) }
            if let ids = slash16[ip >> 16] { out.append(contentsOf: ids) }
            if let ids = slash8[ip >> 24] { out.append(contentsOf: ids) }
        }
    }

    /// The CIDRs of an expression that is a plain positive list (or a single CIDR); nil for anything else.
    static func positiveCIDRs(_ e: SetExpr<CIDR>) -> [CIDR]? {
        switch e {
        case .leaf(let c): return [c]
        case .list(let items):
            var out: [CIDR] = []
            for item in items {
                guard let sub = positiveCIDRs(item) else { return nil }
                out += sub
            }
            return out
        default: return nil
        }
    }

    static func isV4(_ b: [UInt8]) -> Bool { IPText.isIPv4Mapped(b) }

    static func first32(_ b: [UInt8]) -> UInt32 {
        guard b.count == 16 else { return 0 }
        return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }

    static func v4(_ b: [UInt8]) -> UInt32 {
        guard b.count == 16 else { return 0 }
        return UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15])
    }
}
