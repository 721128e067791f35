import Foundation
import Yams

/// Suricata's role: rules over every event that carries payload buffers (MitsuIDS), and optionally a real
/// Suricata's eve.json ingested as `ids.alert` events.
public struct IDSConfig: Sendable, Equatable {
    public var enabled = true
    /// Mitsu's own ruleset (web CVEs, droppers, miners, scanners), shipped with the binary.
    public var builtinRules = true
    /// More Suricata rule files, e.g. ET Open from `suricata-update` (relative to the config file).
    public var ruleFiles: [String] = []
    /// classification.config for categories and priorities; empty: the built-in one.
    public var classificationFile = ""
    /// A real Suricata's eve.json to tail for its alerts; empty: none.
    public var eveFile = ""

    public init() {}

    func node() -> Yams.Node {
        .map([("enabled", .bool(enabled)), ("builtin_rules", .bool(builtinRules)), ("rule_files", .strings(ruleFiles)),
              ("classification_file", .str(classificationFile)), ("eve_file", .str(eveFile))])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        let base = (n.file as NSString).deletingLastPathComponent
        func resolved(_ path: String) -> String {
            path.isEmpty || path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path
        }
        if let v = try n.bool("enabled") { enabled = v }
        if let v = try n.bool("builtin_rules") { builtinRules = v }
        if let v = try n.strings("rule_files") {
            ruleFiles = v.map(resolved)
            for (i, f) in ruleFiles.enumerated() where !FileManager.default.isReadableFile(atPath: f) {
                throw n.error("rule_files[\(i)]", "cannot read \(f)")
            }
        }
        if let v = try n.string("classification_file") {
            classificationFile = resolved(v)
            if !v.isEmpty, !FileManager.default.isReadableFile(atPath: classificationFile) {
                throw n.error("classification_file", "cannot read \(classificationFile)")
            }
        }
        if let v = try n.string("eve_file") { eveFile = resolved(v) }
        try n.finish()
    }
}
