/// The state a rule's options are parsed into, one keyword at a time: which buffer is sticky, which
/// content the next modifier applies to. Keyword rows in `KeywordTable` mutate it.
struct RuleBuilder {
    var rule = Rule()
    var sticky: BufferKind = .payload
    /// The last content added: (program index, item index), for modifiers such as `nocase` and `http_uri`.
    var lastContent: (program: Int, item: Int)?
    var sawSid = false

    static let maxItemsPerRule = 256

    mutating func program(for buffer: BufferKind) -> Int {
        if let i = rule.programs.firstIndex(where: { $0.buffer == buffer }) { return i }
        rule.programs.append(BufferProgram(buffer: buffer))
        return rule.programs.count - 1
    }

    mutating func append(_ item: MatchItem, to buffer: BufferKind) throws {
        let total = rule.programs.reduce(0) { $0 + $1.items.count }
        guard total < Self.maxItemsPerRule else { throw RuleError.syntax("too many match items") }
        let p = program(for: buffer)
        rule.programs[p].items.append(item)
        if case .content = item { lastContent = (p, rule.programs[p].items.count - 1) }
    }

    /// Applies `body` to the last content, or fails with a reason naming the modifier.
    mutating func modifyContent(_ keyword: String, _ body: (inout ContentMatch) throws -> Void) throws {
        guard let (p, i) = lastContent, p < rule.programs.count, i < rule.programs[p].items.count,
              case .content(var c) = rule.programs[p].items[i] else {
            throw RuleError.badValue(keyword: keyword, detail: "no content before it")
        }
        try body(&c)
        rule.programs[p].items[i] = .content(c)
    }

    /// Legacy `http_uri`-style modifier: moves the last content to the end of `buffer`'s program.
    mutating func moveLastContent(to buffer: BufferKind, keyword: String) throws {
        guard let (p, i) = lastContent, p < rule.programs.count, i < rule.programs[p].items.count else {
            throw RuleError.badValue(keyword: keyword, detail: "no content before it")
        }
        if rule.programs[p].buffer == buffer { return }
        let item = rule.programs[p].items.remove(at: i)
        let emptied = rule.programs[p].items.isEmpty && rule.programs[p].bsize == nil
        if emptied { rule.programs.remove(at: p) }
        let q = program(for: buffer)
        rule.programs[q].items.append(item)
        lastContent = (q, rule.programs[q].items.count - 1)
    }

    /// The finished rule: required options present, fast pattern chosen.
    mutating func finish() throws -> Rule {
        guard sawSid else { throw RuleError.missing("sid") }
        guard !rule.msg.isEmpty || true else { throw RuleError.missing("msg") }
        rule.programs.removeAll { $0.items.isEmpty && $0.bsize == nil }
        try normaliseDigestContents()
        rule.fastPattern = chooseFastPattern()
        return rule
    }

    /// `ja3.hash` / `ssh.hassh` hold lowercase hex: contents there are lowercased (a rule written with
    /// `A-F` still matches) and must be a whole digest, as Suricata requires.
    mutating func normaliseDigestContents() throws {
        for p in rule.programs.indices {
            guard let length = rule.programs[p].buffer.digestLength else { continue }
            for i in rule.programs[p].items.indices {
                guard case .content(var c) = rule.programs[p].items[i] else { continue }
                guard c.bytes.count == length else {
                    throw RuleError.badValue(keyword: rule.programs[p].buffer.rawValue,
                                             detail: "content of \(c.bytes.count) bytes, a digest has \(length)")
                }
                c.bytes = c.bytes.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
                rule.programs[p].items[i] = .content(c)
            }
        }
    }

    /// The explicit `fast_pattern`, else the longest positive content (Suricata picks by length too,
    /// preferring buffers other than the raw payload, which is the busiest).
    func chooseFastPattern() -> FastPattern? {
        var best: FastPattern?
        var bestScore = -1
        for prog in rule.programs {
            for item in prog.items {
                guard case .content(let c) = item, !c.negated else { continue }
                if c.fastPattern { return FastPattern(buffer: prog.buffer, bytes: c.bytes, nocase: c.nocase) }
                let score = min(c.bytes.count, 64) * 2 + (prog.buffer == .payload ? 0 : 1)
                if score > bestScore {
                    bestScore = score
                    best = FastPattern(buffer: prog.buffer, bytes: c.bytes, nocase: c.nocase)
                }
            }
        }
        return best
    }
}
