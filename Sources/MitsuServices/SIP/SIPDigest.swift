/// The parameters of an `Authorization` / `Proxy-Authorization: Digest …` header (RFC 2617 §3.2.2), as
/// captured from a client that answered our challenge.
public struct SIPDigestCredentials: Equatable, Sendable {
    public var username = ""
    public var realm = ""
    public var nonce = ""
    public var uri = ""
    public var response = ""
    public var algorithm = ""
    public var qop = ""
    public var nc = ""
    public var cnonce = ""

    /// Parses the header value; nil unless it is Digest with at least username, nonce and response.
    public static func parse(_ value: String) -> SIPDigestCredentials? {
        let trimmed = Substring(value).trimmingSpaces
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "digest " else { return nil }
        var c = SIPDigestCredentials()
        for (key, v) in params(trimmed.dropFirst(7)) {
            let v = String(v.prefix(256))
            switch key.lowercased() {
            case "username": c.username = v
            case "realm": c.realm = v
            case "nonce": c.nonce = v
            case "uri": c.uri = v
            case "response": c.response = v
            case "algorithm": c.algorithm = v
            case "qop": c.qop = v
            case "nc": c.nc = v
            case "cnonce": c.cnonce = v
            default: break
            }
        }
        guard !c.username.isEmpty, !c.nonce.isEmpty, !c.response.isEmpty else { return nil }
        return c
    }

    /// `key=value` pairs separated by commas; values may be quoted (with backslash escapes).
    static func params(_ s: Substring) -> [(String, String)] {
        var out: [(String, String)] = []
        var i = s.startIndex
        while i < s.endIndex, out.count < 32 {
            while i < s.endIndex, s[i] == " " || s[i] == "," || s[i] == "\t" { i = s.index(after: i) }
            guard let eq = s[i...].firstIndex(of: "=") else { break }
            let key = String(s[i..<eq].trimmingSpaces)
            i = s.index(after: eq)
            while i < s.endIndex, s[i] == " " { i = s.index(after: i) }
            var value = ""
            if i < s.endIndex, s[i] == "\"" {
                i = s.index(after: i)
                while i < s.endIndex, s[i] != "\"" {
                    if s[i] == "\\", s.index(after: i) < s.endIndex { i = s.index(after: i) }
                    value.append(s[i])
                    i = s.index(after: i)
                }
                if i < s.endIndex { i = s.index(after: i) }
            } else {
                let end = s[i...].firstIndex(of: ",") ?? s.endIndex
                value = String(s[i..<end].trimmingSpaces)
                i = end
            }
            out.append((key, value))
        }
        return out
    }

    /// Whether the response is the qop=auth form. sipvicious' svcrack sends `qop=auth` without `nc` and
    /// `cnonce` and hashes the RFC 2069 way; without both, qop cannot have been used.
    public var usesQop: Bool { qop.lowercased() == "auth" && !nc.isEmpty && !cnonce.isEmpty }

    /// The response a client knowing `password` would have sent for `method` (RFC 2617 §3.2.2.1, MD5;
    /// with qop=auth the nc/cnonce form).
    public func expectedResponse(password: String, method: String) -> String {
        let ha1 = MD5.hex("\(username):\(realm):\(password)")
        let ha2 = MD5.hex("\(method):\(uri)")
        if usesQop { return MD5.hex("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)") }
        return MD5.hex("\(ha1):\(nonce):\(ha2)")
    }

    /// The capture as hashcat mode 11400 (SIP digest authentication) reads it:
    /// `$sip$*server*client*user*realm*method*uri_prefix*uri_resource*uri_suffix*nonce*cnonce*nc*qop*MD5*response`.
    /// hashcat rebuilds the digest URI as `prefix:resource[:suffix]`; nil when a field contains the `*`
    /// separator (the line could not be read back) or the algorithm is not MD5.
    public func hashcatLine(server: String, client: String, method: String) -> String? {
        guard algorithm.isEmpty || algorithm.uppercased() == "MD5" else { return nil }
        guard let colon = uri.firstIndex(of: ":") else { return nil }
        let prefix = String(uri[..<colon]), resource = String(uri[uri.index(after: colon)...])
        let q = usesQop
        let fields = [server, client, username, realm, method, prefix, resource, "", nonce, q ? cnonce : "", q ? nc : "", q ? qop : "",
                      "MD5", response.lowercased()]
        guard fields.allSatisfy({ !$0.contains("*") && !$0.contains("\n") && !$0.contains("\r") }) else { return nil }
        return "$sip$*" + fields.joined(separator: "*")
    }
}

/// Known SIP scanners by their User-Agent: the tools bots run to find and brute-force PBXs.
public enum SIPScanner {
    /// Lowercased substring → the name reported in `sip.scanner`.
    static let signatures: [(String, String)] = [
        ("friendly-scanner", "friendly-scanner"), ("sipvicious", "sipvicious"), ("sipsak", "sipsak"),
        ("sundayddr", "sundayddr"), ("vaxsipuseragent", "VaxSIPUserAgent"), ("pplsip", "pplsip"), ("iwar", "iWar"),
        ("sipcli", "sipcli"), ("sip-scan", "sip-scan"), ("sipptk", "SIPptk"), ("smap", "smap"), ("nmap", "nmap"),
        ("voipbuster", "voipbuster"), ("sip auditor", "sip auditor"), ("sivus", "sivus"), ("cpxmon", "cpxmon"),
        ("custom", "custom"), ("siparmyknife", "siparmyknife"), ("svcrack", "sipvicious"), ("svwar", "sipvicious"),
    ]

    /// The scanner a request's User-Agent names, nil for anything else. "custom" only matches whole.
    public static func identify(userAgent: String?) -> String? {
        guard let ua = userAgent?.lowercased(), !ua.isEmpty else { return nil }
        if ua == "custom" { return "custom" }
        return signatures.first { $0.0 != "custom" && ua.contains($0.0) }?.1
    }
}
