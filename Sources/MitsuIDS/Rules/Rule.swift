/// One loaded signature: the header that says which traffic it looks at, the per-buffer match programs
/// and the bookkeeping options (msg, sid, classtype, …) that become the alert.
public struct Rule: Sendable {
    public enum Action: String, Sendable, CaseIterable {
        case alert, pass, drop, reject, rejectsrc, rejectdst, rejectboth
    }

    public var action: Action = .alert
    /// `tcp`, `udp`, `ip`, `icmp` or an app-layer name (`http`, `tls`, `smb`, …), lowercased.
    public var proto: String = "ip"
    public var source = AddressSet.any
    public var sourcePorts = PortSet.any
    public var destination = AddressSet.any
    public var destinationPorts = PortSet.any
    /// `<>`: the header may match in either direction.
    public var bidirectional = false

    public var sid: Int = 0
    public var gid: Int = 1
    public var rev: Int = 0
    public var msg: String = ""
    public var classtype: String?
    public var priority: Int?
    public var metadata: [(key: String, value: String)] = []
    public var references: [(type: String, value: String)] = []
    public var target: String?

    public var flow = FlowOptions()
    public var flowbits: [FlowbitOp] = []
    public var threshold: ThresholdSpec?
    public var detectionFilter: ThresholdSpec?
    public var dsize: RangeCheck?
    public var urilen: (check: RangeCheck, raw: Bool)?

    /// Match items per inspection buffer, in rule order (order matters for relative matches).
    public var programs: [BufferProgram] = []
    /// The content the prefilter looks for; nil makes the rule a candidate for every input that has the
    /// buffers it inspects.
    public var fastPattern: FastPattern?

    /// CVE ids from `metadata: cve …`, `reference: cve,…` and the message (`msg:"… CVE-2021-44228 …"`:
    /// some ET Open rules name the CVE there only), normalised to `CVE-YYYY-NNNN`.
    public var cveIDs: [String] {
        var out: [String] = []
        func add(_ raw: String) {
            var s = raw.uppercased().replacingOccurrences(of: "_", with: "-")
            if !s.hasPrefix("CVE-") { s = "CVE-" + s }
            if !out.contains(s) { out.append(s) }
        }
        for m in metadata where m.key == "cve" { add(m.value) }
        for r in references where r.type.lowercased() == "cve" { add(r.value) }
        for id in Self.cveIDs(inMessage: msg) { add(id) }
        return out
    }

    /// The `CVE-YYYY-N…` ids written in a rule message (`-` or `_` between the parts, any case), each
    /// with a 4-digit year and a 4- to 7-digit number not followed by another digit. One pass over the
    /// message's bytes; a message is a rule option, so its length is capped by the rule parser's limits.
    static func cveIDs(inMessage msg: String) -> [String] {
        let b = Array(msg.utf8)
        func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        func isSeparator(_ i: Int) -> Bool { i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "_")) }
        func digits(from i: Int) -> Int {
            var n = 0
            while isDigit(i + n) { n += 1 }
            return n
        }
        var found: [String] = []
        var i = 0
        // ASCII letters folded to lower case; other bytes stay outside a...z.
        func folded(_ i: Int) -> UInt8 { b[i] | 0x20 }
        while i + 3 < b.count {
            let startsWord = i == 0 || !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains(folded(i - 1))
            guard startsWord, folded(i) == UInt8(ascii: "c"), folded(i + 1) == UInt8(ascii: "v"), folded(i + 2) == UInt8(ascii: "e"),
                  isSeparator(i + 3), digits(from: i + 4) == 4, isSeparator(i + 8) else {
                i += 1
                continue
            }
            let n = digits(from: i + 9)
            if (4...7).contains(n) {
                let year = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
                let number = String(decoding: b[(i + 9)..<(i + 9 + n)], as: UTF8.self)
                found.append("CVE-\(year)-\(number)")
            }
            i += 9 + n
        }
        return found
    }

    /// True when the rule can never fire on honeypot input, which is all client-to-server.
    public var inspectsServerTrafficOnly: Bool { flow.toClient }

    public init() {}
}

/// The content a rule is prefiltered on.
public struct FastPattern: Sendable {
    public var buffer: BufferKind
    public var bytes: [UInt8]
    public var nocase: Bool
}

/// The items of one buffer, in order, plus the buffer's size check.
public struct BufferProgram: Sendable {
    public var buffer: BufferKind
    public var items: [MatchItem] = []
    public var bsize: RangeCheck?

    public init(buffer: BufferKind) { self.buffer = buffer }
}

public enum MatchItem: Sendable {
    case content(ContentMatch)
    case pcre(PCREMatch)
    case byteTest(ByteTest)
    case byteJump(ByteJump)
    case isDataAt(IsDataAt)
}

public struct ContentMatch: Sendable {
    public var bytes: [UInt8]
    public var negated = false
    public var nocase = false
    public var offset: Int?
    public var depth: Int?
    public var distance: Int?
    public var within: Int?
    public var startsWith = false
    public var endsWith = false
    public var fastPattern = false

    public var isRelative: Bool { distance != nil || within != nil }
}

/// `flow:` — honeypot events are all client-to-server on a reassembled stream.
public struct FlowOptions: Sendable {
    public var toServer = false
    public var toClient = false
    public var established = false
    public var notEstablished = false
    public var stateless = false
}

public struct FlowbitOp: Sendable {
    public enum Command: String, Sendable { case set, unset, toggle, isset, isnotset, noalert }
    /// `a|b` for isset/isnotset means any of; `a&b` means all of.
    public var command: Command
    public var names: [String]
    public var anyOf: Bool
}

public struct ThresholdSpec: Sendable {
    public enum Kind: String, Sendable { case limit, threshold, both, detection }
    public enum Track: String, Sendable { case bySrc = "by_src", byDst = "by_dst", byRule = "by_rule", byBoth = "by_both" }
    public var kind: Kind
    public var track: Track
    public var count: Int
    public var seconds: Int
}

/// `N`, `<N`, `>N`, `N<>M`, `!N` and `<=`/`>=` as dsize, urilen, bsize and byte_test use them.
public struct RangeCheck: Sendable, Equatable {
    public enum Op: Sendable, Equatable { case eq, ne, lt, gt, le, ge, between }
    public var op: Op
    public var value: Int
    public var upper: Int = 0

    public func matches(_ n: Int) -> Bool {
        switch op {
        case .eq: return n == value
        case .ne: return n != value
        case .lt: return n < value
        case .gt: return n > value
        case .le: return n <= value
        case .ge: return n >= value
        case .between: return n > value && n < upper
        }
    }
}
