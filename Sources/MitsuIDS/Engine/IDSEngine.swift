import MitsuCore

/// Matches loaded rules against honeypot events and turns matches into `ids.alert` events.
///
/// Thread-safe: the rules and prefilters are immutable after `init`; flowbits and threshold counters sit
/// behind one lock, held only for the few rules that passed full evaluation. One engine can serve every
/// worker; to reload rules, build a new engine and swap it in (flow state starts afresh).
public final class IDSEngine: @unchecked Sendable {
    public let rules: [Rule]
    let compiled: [CompiledRule]
    /// Per buffer kind: the prefilter over the fast patterns of rules that inspect that buffer, and for
    /// each pattern the rules it stands for.
    private let prefilters: [(buffer: BufferKind, matcher: MultiPatternMatcher, rulesByPattern: [[Int32]])]
    /// Rules without a fast pattern: candidates for every input, unless `addresses` indexes them.
    private let unfiltered: [Int32]
    private let addresses: AddressIndex
    /// Content verdicts of recent inputs, by their buffers (repeated payloads skip the matching).
    let verdicts: ContentVerdictCache
    /// Buffers of recent payloads, by their base64 (repeated payloads skip decoding and HTTP parsing).
    let payloads: PayloadBuffersCache
    private let lock = Lock()
    private var state = FlowState()

    /// `verdictCacheEntries`: how many distinct inputs' content verdicts, and payloads' buffers, to
    /// remember (0: none).
    public init(rules input: [Rule], classifications: ClassificationTable = .suricataDefaults, verdictCacheEntries: Int = 256) {
        verdicts = ContentVerdictCache(capacity: verdictCacheEntries)
        payloads = PayloadBuffersCache(capacity: verdictCacheEntries)
        // Rules that set flowbits run before rules that test them, so both can act on the same event.
        let ordered = input.enumerated().sorted { a, b in
            let sa = a.element.flowbits.contains { $0.command == .set || $0.command == .toggle || $0.command == .unset }
            let sb = b.element.flowbits.contains { $0.command == .set || $0.command == .toggle || $0.command == .unset }
            return sa != sb ? sa : a.offset < b.offset
        }.map(\.element)
        rules = ordered
        compiled = ordered.map { CompiledRule($0, classifications: classifications) }
        var patternsByBuffer: [BufferKind: (patterns: [[UInt8]], index: [[UInt8]: Int], rules: [[Int32]])] = [:]
        var unfiltered: [Int32] = []
        var addresses = AddressIndex()
        for (i, rule) in ordered.enumerated() {
            guard !rule.inspectsServerTrafficOnly else { continue }  // can never fire on client traffic
            guard let fp = rule.fastPattern else {
                if !addresses.add(rule, id: Int32(i)) { unfiltered.append(Int32(i)) }
                continue
            }
            let key = fp.bytes.map { MultiPatternMatcher.fold[Int($0)] }
            // Mutated in place: copying the entry out and back would copy its arrays for every rule.
            if let id = patternsByBuffer[fp.buffer]?.index[key] {
                patternsByBuffer[fp.buffer]?.rules[id].append(Int32(i))
            } else {
                patternsByBuffer[fp.buffer, default: ([], [:], [])].index[key] = patternsByBuffer[fp.buffer]?.patterns.count ?? 0
                patternsByBuffer[fp.buffer]?.patterns.append(key)
                patternsByBuffer[fp.buffer]?.rules.append([Int32(i)])
            }
        }
        prefilters = patternsByBuffer.sorted { $0.key.index < $1.key.index }.map { buffer, entry in
            (buffer, MultiPatternMatcher(patterns: entry.patterns), entry.rules)
        }
        self.unfiltered = unfiltered
        self.addresses = addresses
    }

    /// The `ids.alert` events for one event: empty when nothing matched or the event has no buffers.
    public func inspect(_ event: Event) -> [Event] {
        guard event.kind != .idsAlert, let input = InspectionInput.from(event, payloads: payloads) else { return [] }
        return matches(input).map { alertEvent(for: compiled[$0].rule, compiled[$0], trigger: event) }
    }

    /// The rules that fire on `input` (after flowbits, noalert and thresholds), in evaluation order.
    public func matchingRules(_ input: InspectionInput) -> [Rule] {
        matches(input).map { compiled[$0].rule }
    }

    /// Rules evaluated on every input (no fast pattern), and fast patterns of one or two bytes (weak filters).
    public var prefilterStats: (unfiltered: Int, patterns: Int, shortPatterns: Int) {
        (unfiltered.count, prefilters.reduce(0) { $0 + $1.matcher.patterns.count },
         prefilters.reduce(0) { $0 + $1.matcher.patterns.filter { $0.count <= 2 }.count })
    }

    /// How many rules survive the prefilter for `input`: the work full evaluation has to do.
    public func candidateCount(_ input: InspectionInput) -> Int {
        candidates(input).count
    }

    /// Inputs answered from the content-verdict cache so far, and how many it holds.
    public var verdictCacheStats: (hits: Int, entries: Int) { (verdicts.hitCount, verdicts.count) }
    /// Payloads whose buffers were reused so far, and how many are remembered.
    public var payloadCacheStats: (hits: Int, entries: Int) { (payloads.hitCount, payloads.count) }

    func candidates(_ input: InspectionInput) -> [Int32] {
        var out = contentCandidates(input)
        addresses.candidates(input, into: &out)
        return Self.sortedUnique(out)
    }

    /// Rules picked by the buffers alone: those without a fast pattern or an address to index them by, and
    /// those whose fast pattern occurs in its buffer.
    private func contentCandidates(_ input: InspectionInput) -> [Int32] {
        var out = unfiltered
        var scratch: [UInt8] = []
        // By index: destructuring each entry copied (retained) its matcher's tables for every event.
        for p in prefilters.indices {
            guard let bytes = input[prefilters[p].buffer] else { continue }
            prefilters[p].matcher.scan(bytes, scratch: &scratch) { id in
                out.append(contentsOf: prefilters[p].rulesByPattern[Int(id)])
            }
        }
        return out
    }

    private static func sortedUnique(_ ids: [Int32]) -> [Int32] {
        var out = ids
        out.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(out.count)
        for c in out where unique.last != c { unique.append(c) }
        return unique
    }

    /// The rules picked by the buffers that pass both their header and their content checks. The header
    /// is checked first (it is cheap, and a rule for another port or protocol must not run its pcre); the
    /// picks and each content verdict come from the cache when these exact buffers were seen lately, and
    /// what this input newly worked out is remembered.
    private func matchingByContent(_ input: InspectionInput) -> [Int] {
        let key = verdicts.key(input)
        var entry: ContentVerdicts
        var learned = false
        if let key, let known = verdicts.verdicts(for: key) {
            entry = known
        } else {
            entry = ContentVerdicts(rules: Self.sortedUnique(contentCandidates(input)))
            learned = true
        }
        var out: [Int] = []
        for j in entry.rules.indices {
            let rule = Int(entry.rules[j])
            guard compiled[rule].matchesHeader(input) else { continue }
            if entry.passes[j] == ContentVerdicts.unknown {
                entry.passes[j] = compiled[rule].matchesContent(input) ? ContentVerdicts.pass : ContentVerdicts.fail
                learned = true
            }
            if entry.passes[j] == ContentVerdicts.pass { out.append(rule) }
        }
        if learned, let key { verdicts.store(entry, for: key) }
        return out
    }

    private func matches(_ input: InspectionInput) -> [Int] {
        // Rules picked by address are disjoint from those picked by buffers (a rule without a fast pattern
        // is indexed by address or left unfiltered), so they are checked in full and merged in.
        var picked: [Int32] = []
        addresses.candidates(input, into: &picked)
        var passed = matchingByContent(input)
        let beforeAddressPicks = passed.count
        for c in Self.sortedUnique(picked) where compiled[Int(c)].matchesStateless(input) { passed.append(Int(c)) }
        // Evaluation order is rule order (rules that set flowbits first), whichever way a rule was picked.
        if passed.count > beforeAddressPicks, beforeAddressPicks > 0 { passed.sort() }
        guard !passed.isEmpty else { return [] }
        return lock.withLock {
            var fired: [Int] = []
            for i in passed where applyState(compiled[i], input) { fired.append(i) }
            return fired
        }
    }

    /// flowbits tests, then flowbits actions, then thresholds. True when the rule alerts.
    private func applyState(_ c: CompiledRule, _ input: InspectionInput) -> Bool {
        let flow = input.flowKey
        for op in c.rule.flowbits {
            switch op.command {
            case .isset:
                let ok = op.anyOf ? op.names.contains { state.isSet($0, flow: flow) } : op.names.allSatisfy { state.isSet($0, flow: flow) }
                if !ok { return false }
            case .isnotset:
                let ok = op.anyOf ? op.names.contains { !state.isSet($0, flow: flow) } : op.names.allSatisfy { !state.isSet($0, flow: flow) }
                if !ok { return false }
            default: break
            }
        }
        for op in c.rule.flowbits {
            for name in op.names {
                switch op.command {
                case .set: state.set(name, flow: flow)
                case .unset: state.unset(name, flow: flow)
                case .toggle: if state.isSet(name, flow: flow) { state.unset(name, flow: flow) } else { state.set(name, flow: flow) }
                default: break
                }
            }
        }
        if c.silent { return false }
        if let f = c.rule.detectionFilter, !state.allow(f, sid: c.rule.sid, key: trackKey(f.track, input), now: input.timeMillis) {
            return false
        }
        if let t = c.rule.threshold, !state.allow(t, sid: c.rule.sid, key: trackKey(t.track, input), now: input.timeMillis) {
            return false
        }
        return true
    }

    private func trackKey(_ track: ThresholdSpec.Track, _ input: InspectionInput) -> String {
        switch track {
        case .bySrc: return input.srcIP ?? "-"
        case .byDst: return input.destIP ?? "-"
        case .byRule: return ""
        case .byBoth: return "\(input.srcIP ?? "-")>\(input.destIP ?? "-")"
        }
    }

    private func alertEvent(for rule: Rule, _ c: CompiledRule, trigger: Event) -> Event {
        var e = Event(kind: .idsAlert, honeypot: trigger.honeypot, session: trigger.session, timestamp: trigger.timestamp)
        e.srcIP = trigger.srcIP
        e.srcPort = trigger.srcPort
        e.destIP = trigger.destIP
        e.destPort = trigger.destPort
        e.transport = trigger.transport
        e.protocol = trigger.protocol ?? (trigger.kind == .httpRequest ? "http" : nil)
        e.sensor = trigger.sensor
        e.geoip = trigger.geoip
        e.alert = AlertInfo(signatureID: rule.sid, signature: rule.msg, category: c.category, severity: c.severity,
                            cveIDs: c.cveIDs.isEmpty ? nil : c.cveIDs, rev: rule.rev)
        return e
    }
}

extension IDSEngine {
    /// Rule files + optional classification.config → an engine and the rules that did not load.
    /// For reload: call again and swap engines only if the result is acceptable (e.g. no new rejects).
    public static func load(ruleFiles: [String], classificationFile: String? = nil,
                            variables: RuleVariables = RuleVariables()) throws -> (engine: IDSEngine, rejects: [RuleRejection]) {
        let classes = try classificationFile.map(ClassificationTable.load(path:)) ?? .suricataDefaults
        let (rules, rejects) = RuleLoader.load(files: ruleFiles, parser: RuleParser(variables: variables))
        return (IDSEngine(rules: rules, classifications: classes), rejects)
    }
}
