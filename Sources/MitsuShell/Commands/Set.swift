import Foundation

extension Commands {
    /// `set` alone lists variables; `set -e`, `set +x` are accepted; `set -- a b` sets positionals.
    static let set = CommandSpec(["set"], in: "") { c in
        let s = c.session
        if c.args.isEmpty {
            for (k, v) in s.env.sorted(by: { $0.key < $1.key }) { c.print("\(k)=\(shellQuote(v))\n") }
            return 0
        }
        if let dd = c.args.firstIndex(of: "--") { s.positional = Array(c.args[(dd + 1)...]) }
        else if let first = c.args.first, !first.hasPrefix("-"), !first.hasPrefix("+") { s.positional = c.args }
        return 0
    }

    static func shellQuote(_ v: String) -> String {
        v.allSatisfy({ $0.isLetter || $0.isNumber || "/._-:".contains($0) }) && !v.isEmpty ? v : "'" + v.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
