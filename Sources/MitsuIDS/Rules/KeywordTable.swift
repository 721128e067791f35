/// Suricata's keyword table, one row per keyword: its name and the setup that turns its value into
/// match items or rule fields. A keyword not listed here makes the rule "unsupported keyword X".
struct Keyword: Sendable {
    typealias Setup = @Sendable (inout RuleBuilder, String?) throws -> Void
    let name: String
    let setup: Setup
}

enum KeywordTable {
    static let rows: [String: Keyword] = {
        var all: [Keyword] = metaKeywords + contentKeywords + ByteKeywords.rows + FlowKeywords.rows + [PCREKeyword.row]
        for (name, buffer) in BufferKind.stickyNames {
            all.append(Keyword(name: name) { b, _ in b.sticky = buffer })
        }
        for (name, buffer) in BufferKind.legacyModifiers {
            all.append(Keyword(name: name) { b, _ in try b.moveLastContent(to: buffer, keyword: name) })
        }
        return Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }()

    static func value(_ v: String?, _ keyword: String) throws -> String {
        guard let v, !v.isEmpty else { throw RuleError.badValue(keyword: keyword, detail: "missing value") }
        return v
    }

    static func int(_ v: String?, _ keyword: String, min: Int = 0, max: Int = Int(Int32.max)) throws -> Int {
        guard let s = v, let n = RuleText.integer(s), n >= min, n <= max else {
            throw RuleError.badValue(keyword: keyword, detail: v ?? "missing value")
        }
        return n
    }

    static let metaKeywords: [Keyword] = [
        Keyword(name: "msg") { b, v in b.rule.msg = try RuleText.unquote(try value(v, "msg")) },
        Keyword(name: "sid") { b, v in b.rule.sid = try int(v, "sid", min: 1); b.sawSid = true },
        Keyword(name: "rev") { b, v in b.rule.rev = try int(v, "rev") },
        Keyword(name: "gid") { b, v in b.rule.gid = try int(v, "gid") },
        Keyword(name: "priority") { b, v in b.rule.priority = try int(v, "priority", min: 1, max: 255) },
        Keyword(name: "classtype") { b, v in
            let c = try value(v, "classtype")
            guard c.utf8.count <= 64, c.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw RuleError.badValue(keyword: "classtype", detail: c)
            }
            b.rule.classtype = c
        },
        Keyword(name: "metadata") { b, v in
            for entry in RuleText.args(try value(v, "metadata")) where !entry.isEmpty {
                let parts = entry.split(separator: " ", maxSplits: 1)
                guard b.rule.metadata.count < 64 else { break }
                b.rule.metadata.append((String(parts[0]), parts.count > 1 ? RuleText.trim(parts[1]) : ""))
            }
        },
        Keyword(name: "reference") { b, v in
            let s = try value(v, "reference")
            guard let comma = s.firstIndex(of: ",") else { throw RuleError.badValue(keyword: "reference", detail: s) }
            guard b.rule.references.count < 64 else { return }
            b.rule.references.append((RuleText.trim(s[..<comma]), RuleText.trim(s[s.index(after: comma)...])))
        },
        Keyword(name: "target") { b, v in
            let t = try value(v, "target")
            guard t == "src_ip" || t == "dest_ip" else { throw RuleError.badValue(keyword: "target", detail: t) }
            b.rule.target = t
        },
        // Packet-capture details that have no meaning on a reassembled honeypot stream; Suricata's own
        // defaults make them no-ops for stream inspection too.
        Keyword(name: "rawbytes") { _, _ in },
    ]

    static let contentKeywords: [Keyword] = [
        Keyword(name: "content") { b, v in
            let (bytes, negated) = try RuleText.content(try value(v, "content"))
            var c = ContentMatch(bytes: bytes)
            c.negated = negated
            try b.append(.content(c), to: b.sticky)
        },
        Keyword(name: "nocase") { b, _ in try b.modifyContent("nocase") { $0.nocase = true } },
        Keyword(name: "depth") { b, v in
            let n = try int(v, "depth", min: 1, max: 65535)
            try b.modifyContent("depth") { c in
                guard !c.isRelative else { throw RuleError.badValue(keyword: "depth", detail: "mixed with relative modifiers") }
                c.depth = n
            }
        },
        Keyword(name: "offset") { b, v in
            let n = try int(v, "offset", max: 65535)
            try b.modifyContent("offset") { c in
                guard !c.isRelative else { throw RuleError.badValue(keyword: "offset", detail: "mixed with relative modifiers") }
                c.offset = n
            }
        },
        Keyword(name: "distance") { b, v in
            let n = try int(v, "distance", min: -65535, max: 65535)
            try b.modifyContent("distance") { c in
                guard c.depth == nil, c.offset == nil else { throw RuleError.badValue(keyword: "distance", detail: "mixed with depth/offset") }
                c.distance = n
            }
        },
        Keyword(name: "within") { b, v in
            let n = try int(v, "within", min: 1, max: 65535)
            try b.modifyContent("within") { c in
                guard c.depth == nil, c.offset == nil else { throw RuleError.badValue(keyword: "within", detail: "mixed with depth/offset") }
                guard n >= c.bytes.count else { throw RuleError.badValue(keyword: "within", detail: "shorter than the content") }
                c.within = n
            }
        },
        Keyword(name: "startswith") { b, _ in try b.modifyContent("startswith") { $0.startsWith = true } },
        Keyword(name: "endswith") { b, _ in try b.modifyContent("endswith") { $0.endsWith = true } },
        // `fast_pattern`, `fast_pattern:only`, `fast_pattern:offset,length`: the whole content is used.
        Keyword(name: "fast_pattern") { b, _ in try b.modifyContent("fast_pattern") { $0.fastPattern = true } },
        Keyword(name: "bsize") { b, v in
            let r = try RuleText.range(v, keyword: "bsize")
            let p = b.program(for: b.sticky)
            b.rule.programs[p].bsize = r
        },
        Keyword(name: "dsize") { b, v in b.rule.dsize = try RuleText.range(v, keyword: "dsize") },
        Keyword(name: "urilen") { b, v in
            let parts = RuleText.args(v)
            let raw = parts.count > 1 && parts[1] == "raw"
            b.rule.urilen = (try RuleText.range(parts.first, keyword: "urilen"), raw)
        },
        // A transform on the current sticky buffer. As in Suricata, contents before it stay on the plain
        // buffer and contents after it inspect the transformed one (ET Open writes `dns.query; content:"rs-";
        // startswith; … dotprefix; content:".rustdesk.com"; endswith;`).
        Keyword(name: "dotprefix") { b, _ in
            guard let dotted = b.sticky.dotPrefixed else {
                throw RuleError.badValue(keyword: "dotprefix", detail: "not supported on \(b.sticky.rawValue)")
            }
            b.sticky = dotted
        },
    ]
}
