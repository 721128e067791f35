/// `flow`, `flowbits`, `noalert`, `threshold`, `detection_filter` rows of the keyword table.
enum FlowKeywords {
    static let rows: [Keyword] = [
        Keyword(name: "flow") { b, v in
            for p in RuleText.args(try KeywordTable.value(v, "flow")) {
                switch p {
                case "to_server", "from_client": b.rule.flow.toServer = true
                case "to_client", "from_server": b.rule.flow.toClient = true
                case "established": b.rule.flow.established = true
                case "not_established": b.rule.flow.notEstablished = true
                case "stateless": b.rule.flow.stateless = true
                case "only_stream", "no_stream", "only_frag", "no_frag": break
                default: throw RuleError.badValue(keyword: "flow", detail: p)
                }
            }
            if b.rule.flow.toServer && b.rule.flow.toClient { throw RuleError.badValue(keyword: "flow", detail: "both directions") }
        },
        Keyword(name: "flowbits") { b, v in
            let a = RuleText.args(try KeywordTable.value(v, "flowbits"))
            guard let cmd = FlowbitOp.Command(rawValue: a[0]) else { throw RuleError.badValue(keyword: "flowbits", detail: a[0]) }
            if cmd == .noalert {
                guard a.count == 1 else { throw RuleError.badValue(keyword: "flowbits", detail: "noalert takes no name") }
                b.rule.flowbits.append(FlowbitOp(command: .noalert, names: [], anyOf: false))
                return
            }
            guard a.count == 2, !a[1].isEmpty, a[1].utf8.count <= 256 else { throw RuleError.badValue(keyword: "flowbits", detail: "needs one name") }
            let anyOf = a[1].contains("|")
            let names = a[1].split(whereSeparator: { $0 == "|" || $0 == "&" }).map { RuleText.trim($0) }
            guard !names.isEmpty, names.count <= 16, names.allSatisfy({ !$0.isEmpty }) else { throw RuleError.badValue(keyword: "flowbits", detail: a[1]) }
            if names.count > 1, cmd != .isset, cmd != .isnotset { throw RuleError.badValue(keyword: "flowbits", detail: "only isset/isnotset take lists") }
            b.rule.flowbits.append(FlowbitOp(command: cmd, names: names, anyOf: anyOf))
        },
        Keyword(name: "noalert") { b, _ in b.rule.flowbits.append(FlowbitOp(command: .noalert, names: [], anyOf: false)) },
        Keyword(name: "threshold") { b, v in b.rule.threshold = try threshold(v, keyword: "threshold") },
        Keyword(name: "detection_filter") { b, v in b.rule.detectionFilter = try threshold(v, keyword: "detection_filter") },
    ]

    static func threshold(_ v: String?, keyword: String) throws -> ThresholdSpec {
        var kind: ThresholdSpec.Kind? = keyword == "detection_filter" ? .detection : nil
        var track: ThresholdSpec.Track?
        var count: Int?
        var seconds: Int?
        for p in RuleText.args(try KeywordTable.value(v, keyword)) {
            let kv = p.split(separator: " ", maxSplits: 1).map { RuleText.trim($0) }
            guard kv.count == 2 else { throw RuleError.badValue(keyword: keyword, detail: p) }
            switch kv[0] {
            case "type" where keyword == "threshold":
                guard let k = ThresholdSpec.Kind(rawValue: kv[1]), k != .detection else { throw RuleError.badValue(keyword: keyword, detail: p) }
                kind = k
            case "track":
                guard let t = ThresholdSpec.Track(rawValue: kv[1]) else { throw RuleError.badValue(keyword: keyword, detail: p) }
                track = t
            case "count":
                guard let n = Int(kv[1]), n >= 1, n <= 1_000_000 else { throw RuleError.badValue(keyword: keyword, detail: p) }
                count = n
            case "seconds":
                guard let n = Int(kv[1]), n >= 1, n <= 86_400 * 365 else { throw RuleError.badValue(keyword: keyword, detail: p) }
                seconds = n
            default: throw RuleError.badValue(keyword: keyword, detail: p)
            }
        }
        guard let kind, let track, let count, let seconds else { throw RuleError.badValue(keyword: keyword, detail: "needs type, track, count and seconds") }
        return ThresholdSpec(kind: kind, track: track, count: count, seconds: seconds)
    }
}
