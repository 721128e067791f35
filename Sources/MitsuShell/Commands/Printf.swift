extension Commands {
    /// printf FORMAT [ARG…]: `%s %d %i %x %X %o %c %b %%`, widths, escapes; the format is reused while
    /// arguments remain, as bash does.
    static let printf = CommandSpec(["printf"], in: "") { c in
        var args = c.args
        if args.first == "--" { args.removeFirst() }
        guard !args.isEmpty else {
            c.error("printf: usage: printf [-v var] format [arguments]\n")
            return 2
        }
        let format = Array(args.removeFirst().utf8)
        var out: [UInt8] = []
        var index = 0
        var rounds = 0
        repeat {
            let (bytes, consumed, stop) = PrintfFormat.render(format, args: args, from: index)
            out += bytes
            index += consumed
            rounds += 1
            if stop || consumed == 0 || out.count > Sink.cap { break }
        } while index < args.count && rounds < 10_000
        c.write(out)
        return 0
    }
}

enum PrintfFormat {
    static func render(_ f: [UInt8], args: [String], from start: Int) -> (bytes: [UInt8], consumed: Int, stop: Bool) {
        var out: [UInt8] = []
        var k = start
        var i = 0
        func next() -> String? {
            defer { k += 1 }
            return k < args.count ? args[k] : nil
        }
        while i < f.count {
            let c = f[i]
            if c == 0x5C {  // escapes in the format
                var j = i + 1
                if j < f.count, f[j] == 0x78 { j += 1; while j < f.count, j < i + 4, Escapes.hex(f[j]) != nil { j += 1 } } else if j < f.count, f[j] >= 0x30, f[j] <= 0x37 {
                    while j < f.count, j < i + 4, f[j] >= 0x30, f[j] <= 0x37 { j += 1 }
                } else { j = min(i + 2, f.count) }
                let (b, stop) = Escapes.decode(Array(f[i..<j]), mode: .printf)
                out += b
                if stop { return (out, k - start, true) }
                i = j
                continue
            }
            guard c == 0x25, i + 1 < f.count else { out.append(c); i += 1; continue }
            var j = i + 1
            var flags = ""
            while j < f.count, "-+ #0".utf8.contains(f[j]) { flags.append(Character(UnicodeScalar(f[j]))); j += 1 }
            var width = 0
            while j < f.count, f[j] >= 0x30, f[j] <= 0x39 { width = min(width * 10 + Int(f[j] - 0x30), 4096); j += 1 }
            var precision: Int?
            if j < f.count, f[j] == 0x2E {
                j += 1
                var p = 0
                while j < f.count, f[j] >= 0x30, f[j] <= 0x39 { p = min(p * 10 + Int(f[j] - 0x30), 4096); j += 1 }
                precision = p
            }
            guard j < f.count else { out += f[i...]; break }
            let conv = f[j]
            i = j + 1
            var piece: String
            switch conv {
            case 0x25: out.append(0x25); continue
            case 0x73: piece = next() ?? ""; if let p = precision { piece = String(piece.prefix(p)) }
            case 0x62:
                let (b, stop) = Escapes.decode(Array((next() ?? "").utf8), mode: .echo)
                out += b
                if stop { return (out, k - start, true) }
                continue
            case 0x63: piece = (next() ?? "").first.map(String.init) ?? ""
            case 0x64, 0x69, 0x75: piece = String(number(next()))
            case 0x78: piece = String(UInt(bitPattern: number(next())), radix: 16)
            case 0x58: piece = String(UInt(bitPattern: number(next())), radix: 16).uppercased()
            case 0x6F: piece = String(UInt(bitPattern: number(next())), radix: 8)
            case 0x66, 0x65, 0x67: piece = String(Double(next() ?? "") ?? 0)
            default: out += f[(j - 1)...j]; continue
            }
            if piece.count < width {
                let pad = String(repeating: flags.contains("0") && !flags.contains("-") ? "0" : " ", count: width - piece.count)
                piece = flags.contains("-") ? piece + pad : pad + piece
            }
            out += Array(piece.utf8)
        }
        return (out, k - start, false)
    }

    static func number(_ s: String?) -> Int {
        guard let s, !s.isEmpty else { return 0 }
        if s.hasPrefix("0x") || s.hasPrefix("0X") { return Int(s.dropFirst(2), radix: 16) ?? 0 }
        if s.hasPrefix("'") || s.hasPrefix("\"") { return Int(s.unicodeScalars.dropFirst().first?.value ?? 0) }
        return Int(s) ?? 0
    }
}
