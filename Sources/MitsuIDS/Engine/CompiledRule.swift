import MitsuCore

/// A rule as the engine runs it: the parsed rule plus what the alert needs, computed once.
final class CompiledRule: Sendable {
    let rule: Rule
    let category: String?
    let severity: Int
    let cveIDs: [String]
    let silent: Bool
    /// Set when an input lacking any of these buffers cannot match, so the rule is skipped early.
    let requiredBuffers: [BufferKind]

    init(_ rule: Rule, classifications: ClassificationTable) {
        self.rule = rule
        let entry = rule.classtype.flatMap { classifications[$0] }
        category = entry?.description ?? rule.classtype
        severity = rule.priority ?? entry?.priority ?? 3
        cveIDs = rule.cveIDs
        silent = rule.action == .pass || rule.flowbits.contains { $0.command == .noalert }
        requiredBuffers = rule.programs.filter { prog in
            prog.items.contains { if case .content(let c) = $0 { return !c.negated } else { return true } } || prog.bsize != nil
        }.map(\.buffer)
    }

    /// Header, flow and per-buffer checks; flowbits and thresholds are the engine's (they need state).
    func matchesStateless(_ input: InspectionInput) -> Bool {
        matchesHeader(input) && matchesContent(input)
    }

    /// Flow, protocol, addresses and ports: what the event says about its connection.
    func matchesHeader(_ input: InspectionInput) -> Bool {
        let r = rule
        if r.flow.toClient || r.flow.notEstablished { return false }
        guard protoMatches(input) else { return false }
        let forward = r.sourcePorts.contains(input.srcPort) && r.destinationPorts.contains(input.destPort)
            && r.source.contains(address: input.srcAddress) && r.destination.contains(address: input.destAddress)
        if !forward {
            guard r.bidirectional, r.sourcePorts.contains(input.destPort), r.destinationPorts.contains(input.srcPort),
                  r.source.contains(address: input.destAddress), r.destination.contains(address: input.srcAddress) else { return false }
        }
        return true
    }

    /// Buffer presence, sizes and every content, pcre and byte check: a function of the buffers alone
    /// (`ContentVerdictCache` relies on it).
    func matchesContent(_ input: InspectionInput) -> Bool {
        let r = rule
        for b in requiredBuffers where input[b] == nil { return false }
        if let d = r.dsize {
            guard let p = input[.payload], d.matches(p.count) else { return false }
        }
        if let (check, raw) = r.urilen {
            guard let u = input[raw ? .httpURIRaw : .httpURI], check.matches(u.count) else { return false }
        }
        for prog in r.programs {
            guard let bytes = input[prog.buffer] else {
                // A buffer that is absent can only satisfy a program of negations.
                if prog.bsize == nil, prog.items.allSatisfy(Self.isNegation) { continue }
                return false
            }
            if !ContentInspector.matches(prog, bytes) { return false }
        }
        return true
    }

    static func isNegation(_ item: MatchItem) -> Bool {
        switch item {
        case .content(let c): return c.negated
        case .pcre(let p): return p.negated
        default: return false
        }
    }

    private func protoMatches(_ input: InspectionInput) -> Bool {
        switch rule.proto {
        case "ip", "pkthdr": return true
        case "tcp", "tcp-pkt", "tcp-stream": return input.transport == "tcp"
        case "udp": return input.transport == "udp"
        case "icmp", "icmpv4", "icmpv6", "sctp": return false
        case "http1", "http-any": return input.appProtocol == "http"
        case "ssl": return input.appProtocol == "tls"
        default: return input.appProtocol == rule.proto
        }
    }
}
