import Foundation

extension Commands {
    /// tr [-d] [-s] SET1 [SET2] with ranges (`a-z`), classes (`[:upper:]`) and escapes.
    static let tr = CommandSpec(["tr"], in: "/usr/bin", fakeSize: 51_576) { c in
        let (flags, sets) = c.splitFlags()
        guard let first = sets.first else {
            c.error("tr: missing operand\nTry 'tr --help' for more information.\n")
            return 1
        }
        let from = expandSet(first)
        let to = sets.count > 1 ? expandSet(sets[1]) : []
        var out: [UInt8] = []
        for b in c.stdin {
            if flags.contains("d") {
                if !from.contains(b) { out.append(b) }
                continue
            }
            var v = b
            if let k = from.lastIndex(of: b), !to.isEmpty { v = to[min(k, to.count - 1)] }
            if flags.contains("s"), out.last == v, (to.isEmpty ? from : to).contains(v) { continue }
            out.append(v)
        }
        c.write(out)
        return 0
    }

    static func expandSet(_ s: String) -> [UInt8] {
        var text = s
        let classes = ["[:upper:]": "A-Z", "[:lower:]": "a-z", "[:digit:]": "0-9", "[:alpha:]": "a-zA-Z", "[:alnum:]": "a-zA-Z0-9", "[:space:]": " \\t\\n\\r", "[:punct:]": "!-/:-@[-`{-~"]
        for (k, v) in classes { text = text.replacingOccurrences(of: k, with: v) }
        let raw = Escapes.decode(Array(text.utf8), mode: .printf).bytes
        var out: [UInt8] = []
        var i = 0
        while i < raw.count {
            if i + 2 < raw.count, raw[i + 1] == 0x2D, raw[i] <= raw[i + 2] {
                out += Array(raw[i]...raw[i + 2])
                i += 3
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return out
    }
}
