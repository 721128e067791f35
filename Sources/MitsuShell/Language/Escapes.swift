/// Backslash escapes as `echo -e`, `printf` and `$'…'` decode them. Bots build binaries with these
/// (`echo -ne '\x7f\x45\x4c\x46…' > f`), so every byte value must come out exactly.
public enum Escapes {
    public enum Mode: Sendable { case echo, printf, ansiC }

    /// Decodes `raw`; `stop` is true when `\c` asked to end all output (echo and printf `%b`).
    public static func decode(_ raw: [UInt8], mode: Mode) -> (bytes: [UInt8], stop: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            guard c == 0x5C, i + 1 < raw.count else {
                out.append(c)
                i += 1
                continue
            }
            let n = raw[i + 1]
            i += 2
            switch n {
            case 0x61: out.append(0x07)  // a
            case 0x62: out.append(0x08)  // b
            case 0x65, 0x45: out.append(0x1B)  // e E
            case 0x66: out.append(0x0C)  // f
            case 0x6E: out.append(0x0A)  // n
            case 0x72: out.append(0x0D)  // r
            case 0x74: out.append(0x09)  // t
            case 0x76: out.append(0x0B)  // v
            case 0x5C: out.append(0x5C)
            case 0x63 where mode != .ansiC: return (out, true)  // \c
            case 0x27 where mode == .ansiC, 0x22 where mode != .echo, 0x3F where mode == .ansiC: out.append(n)
            case 0x78:  // \xHH (one or two hex digits)
                var value = 0
                var digits = 0
                while digits < 2, i < raw.count, let h = hex(raw[i]) {
                    value = value * 16 + h
                    i += 1
                    digits += 1
                }
                if digits == 0 { out += [0x5C, 0x78] } else { out.append(UInt8(value & 0xFF)) }
            case 0x75, 0x55:  // \uHHHH, \UHHHHHHHH
                var value = 0
                var digits = 0
                let limit = n == 0x75 ? 4 : 8
                while digits < limit, i < raw.count, let h = hex(raw[i]) {
                    value = value * 16 + h
                    i += 1
                    digits += 1
                }
                if digits == 0 { out += [0x5C, n] } else if let scalar = Unicode.Scalar(UInt32(min(value, 0x10FFFF))) {
                    out += Array(String(Character(scalar)).utf8)
                }
            case 0x30...0x37:
                // echo: \0nnn (the 0 is the prefix, up to three more digits); printf/ansiC: \nnn.
                var value = 0
                var digits = 0
                if mode == .echo {
                    guard n == 0x30 else { out += [0x5C, n]; continue }
                } else {
                    value = Int(n - 0x30)
                    digits = 1
                }
                while digits < 3, i < raw.count, raw[i] >= 0x30, raw[i] <= 0x37 {
                    value = value * 8 + Int(raw[i] - 0x30)
                    i += 1
                    digits += 1
                }
                out.append(UInt8(value & 0xFF))
            default:
                out += [0x5C, n]
            }
        }
        return (out, false)
    }

    static func hex(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        default: return nil
        }
    }
}
