/// Escaping for every place an attacker string lands in a page. Usernames, commands, URIs and user
/// agents are chosen by attackers, so each one goes through here: nothing is trusted to be "clean".
public enum HTMLText {
    /// Text for element content and quoted attribute values (HTML and SVG/XML alike): `& < > " '` become
    /// entities; C0 control characters other than tab and newline, and DEL, become U+FFFD so a NUL or an
    /// escape sequence cannot confuse a parser or a terminal copy-paste.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A value for a URL query parameter or path segment inside an href: percent-encoded (so it cannot
    /// end the parameter or change the scheme), then HTML-escaped by the caller's `escape`.
    public static func urlComponent(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

/// Builds a page's HTML by appending; `text` escapes, `raw` is only for markup this module writes.
public struct HTMLBuilder {
    public private(set) var html = ""

    public init() {}

    public mutating func raw(_ markup: String) { html += markup }
    public mutating func text(_ s: String) { html += HTMLText.escape(s) }
    public mutating func text(_ s: String?) { if let s { html += HTMLText.escape(s) } }
}
