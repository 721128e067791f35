import Foundation

extension Commands {
    /// base64 [-d] [FILE]: decoding is how droppers write binaries (`echo … | base64 -d > x`).
    static let base64 = CommandSpec(["base64"], in: "/usr/bin", fakeSize: 43_576) { c in
        let (flags, operands) = c.splitFlags()
        let decode = flags.contains("d") || c.args.contains("--decode")
        guard let input = c.readInput(operands.first) else { return 1 }
        if decode {
            let text = String(decoding: input, as: UTF8.self).filter { !$0.isWhitespace }
            var padded = text
            while padded.count % 4 != 0 { padded += "=" }
            guard let data = Data(base64Encoded: padded) else {
                if let partial = Data(base64Encoded: String(padded.prefix(padded.count / 4 * 4 - 4))) { c.write(Array(partial)) }
                c.error("base64: invalid input\n")
                return 1
            }
            c.write(Array(data))
            return 0
        }
        let encoded = Data(input).base64EncodedString()
        var out = ""
        var line = ""
        for ch in encoded {
            line.append(ch)
            if line.count == 76 { out += line + "\n"; line = "" }
        }
        if !line.isEmpty { out += line + "\n" }
        c.print(out)
        return 0
    }
}
