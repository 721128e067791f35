/// The decodings attackers use to slip payloads past filters, undone for matching: percent-encoding
/// (several rounds: `%252e` is `.` after two), IIS-style `%uXXXX`, `+` as space in form data, and HTML
/// character references. Every function is bounded: a fixed number of rounds, output never longer than
/// the input, invalid escapes kept literally (as servers do).
public enum Decoding {
    /// Most rounds of percent-decoding applied; three covers the triple encoding seen in the wild.
    public static let maxRounds = 3

    /// One round of percent-decoding. `%uXXXX` becomes the code point's UTF-8; `plusAsSpace` is for
    /// query strings and urlencoded bodies only (in a path `+` is literal).
    public static func percentDecode(_ input: [UInt8], plusAsSpace: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            if b == UInt8(ascii: "%") {
                if i + 2 < n, let h = HTTPRequestParser.hexValue(input[i + 1]), let l = HTTPRequestParser.hexValue(input[i + 2]) {
                    out.append(UInt8(h * 16 + l))
                    i += 3
                    continue
                }
                if i + 5 < n, input[i + 1] | 0x20 == UInt8(ascii: "u") {
                    var v = 0
                    var ok = true
                    for k in 2...5 {
                        guard let d = HTTPRequestParser.hexValue(input[i + k]) else { ok = false; break }
                        v = v * 16 + d
                    }
                    if ok, let scalar = Unicode.Scalar(v) {
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 6
                        continue
                    }
                }
            } else if plusAsSpace, b == UInt8(ascii: "+") {
                out.append(0x20)
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }

    /// Percent-decodes until nothing changes or `maxRounds` is reached.
    public static func fullyDecode(_ input: [UInt8], plusAsSpace: Bool) -> [UInt8] {
        // Most header values and many paths have nothing to decode: skip the rounds' copies.
        guard input.contains(UInt8(ascii: "%")) || (plusAsSpace && input.contains(UInt8(ascii: "+"))) else { return input }
        var current = input
        for round in 0..<maxRounds {
            // `+` only means space in the first round: a decoded `%2B` is a real plus.
            let next = percentDecode(current, plusAsSpace: plusAsSpace && round == 0)
            if next == current { break }
            current = next
        }
        return current
    }

    private static let namedEntities: [String: String] = [
        "lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'", "nbsp": " ", "sol": "/", "colon": ":",
        "lpar": "(", "rpar": ")", "semi": ";", "equals": "=", "tab": "\t", "newline": "\n", "period": ".",
        "bsol": "\\", "excl": "!", "num": "#", "dollar": "$", "percnt": "%", "lbrace": "{", "rbrace": "}",
    ]

    /// Replaces HTML character references (`&#60;`, `&#x3c;`, `&lt;`, also without the `;`).
    public static func htmlEntityDecode(_ s: String) -> String {
        // A byte test: String.contains(String) goes through Foundation's locale-aware search.
        guard s.utf8.contains(UInt8(ascii: "&")) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var chars = Substring(s)
        while let amp = chars.firstIndex(of: "&") {
            out += chars[..<amp]
            var rest = chars[chars.index(after: amp)...]
            var replaced = false
            if rest.first == "#" {
                rest = rest.dropFirst()
                var hex = false
                if let f = rest.first, f == "x" || f == "X" { hex = true; rest = rest.dropFirst() }
                let digits = rest.prefix { hex ? $0.isHexDigit : $0.isASCII && $0.isNumber }.prefix(8)
                if !digits.isEmpty, let v = Int(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(v) {
                    out.unicodeScalars.append(scalar)
                    rest = rest.dropFirst(digits.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    chars = rest
                    replaced = true
                }
            } else {
                let name = rest.prefix { $0.isASCII && $0.isLetter }.prefix(10)
                if let value = namedEntities[name.lowercased()] {
                    out += value
                    rest = rest.dropFirst(name.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    chars = rest
                    replaced = true
                }
            }
            if !replaced {
                out += "&"
                chars = chars[chars.index(after: amp)...]
            }
        }
        out += chars
        return out
    }

    /// The text a rule is matched against: fully percent-decoded, HTML references undone, ASCII-lowercased.
    public static func normalise(_ input: [UInt8], plusAsSpace: Bool) -> String {
        let decoded = String(decoding: fullyDecode(input, plusAsSpace: plusAsSpace), as: UTF8.self)
        return lowercasedASCII(htmlEntityDecode(decoded))
    }

    public static func lowercasedASCII(_ s: String) -> String {
        // On the contiguous UTF-8 and into the new string's storage: mapping the UTF-8 view went byte by byte
        // through its iterator into an array and then copied that (~2 % of the web worker's CPU).
        var s = s
        return s.withUTF8 { u in
            guard u.contains(where: { $0 &- 65 < 26 }) else { return nil }
            return String(unsafeUninitializedCapacity: u.count) { out in
                for i in 0..<u.count { out[i] = u[i] &- 65 < 26 ? u[i] | 0x20 : u[i] }
                return u.count
            }
        } ?? s
    }
}
