import Foundation

/// Builds Suricata's HTTP request buffers from a request's parts.
enum HTTPBuffers {
    static func fill(_ input: inout InspectionInput, method: String, uri: String, version: String,
                     headers: [String: String], host: String?, userAgent: String?, body: [UInt8]) {
        // Header order is lost in the event's dictionary; a stable order keeps matching repeatable. Names are
        // lowercased once here: Foundation's caseInsensitiveCompare per lookup was most of this function.
        let ordered = headers.map { (lower: $0.key.lowercased(), key: $0.key, value: $0.value) }
            .sorted { $0.lower < $1.lower }
        func header(_ lowercasedName: String) -> String? {
            ordered.first(where: { $0.lower == lowercasedName })?.value
        }
        // Built as bytes, and a buffer that several keywords read is one array shared between them.
        let (methodBytes, uriBytes, versionBytes) = (Array(method.utf8), Array(uri.utf8), Array(version.utf8))
        let requestLine = methodBytes + [32] + uriBytes + [32] + versionBytes
        input[.httpMethod] = methodBytes
        input[.httpURIRaw] = uriBytes
        input[.httpURI] = normalizeURI(uriBytes)
        input[.httpProtocol] = versionBytes
        input[.httpRequestLine] = requestLine
        let hostValue = host ?? header("host")
        if let h = hostValue {
            input[.httpHostRaw] = Array(h.utf8)
            // Suricata's http.host is lowercased and without the port.
            var name = Substring(h.lowercased())
            if !name.hasPrefix("["), let colon = name.lastIndex(of: ":") { name = name[..<colon] }
            input[.httpHost] = Array(name.utf8)
        }
        if let ua = userAgent ?? header("user-agent") { input[.httpUserAgent] = Array(ua.utf8) }
        let crlf: [UInt8] = [13, 10]
        var headerText: [UInt8] = []
        var names = crlf
        for (_, k, v) in ordered {
            headerText += k.utf8
            headerText += [58, 32]
            headerText += v.utf8
            headerText += crlf
            names += k.utf8
            names += crlf
        }
        names += crlf
        if !ordered.isEmpty {
            input[.httpHeader] = headerText
            input[.httpHeaderRaw] = headerText
            input[.httpHeaderNames] = names
        }
        let start = requestLine + crlf + headerText + crlf
        input[.httpStart] = start
        let single: [(String, BufferKind)] = [
            ("cookie", .httpCookie), ("content-type", .httpContentType), ("content-length", .httpContentLen),
            ("referer", .httpReferer), ("accept", .httpAccept), ("accept-encoding", .httpAcceptEnc),
            ("accept-language", .httpAcceptLang), ("connection", .httpConnection),
        ]
        for (name, kind) in single { if let v = header(name) { input[kind] = Array(v.utf8) } }
        if !body.isEmpty {
            input[.httpRequestBody] = body
            input[.fileData] = body
        }
        input[.payload] = body.isEmpty ? start : start + body
    }

    /// libhtp's default URI normalisation, reduced: percent-decoding (invalid escapes kept as is).
    static func normalizeURI(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "%"), i + 2 < raw.count,
               let hi = RuleText.hexValue(raw[i + 1]), let lo = RuleText.hexValue(raw[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return out
    }
}

/// A just-enough HTTP/1.x request parser for payloads: request line, headers, body. Bounded by the payload.
struct HTTPRequestText {
    var method: String
    var uri: String
    var version: String
    var headers: [String: String]
    var body: [UInt8]

    static let methods: Set<String> = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "PROPFIND"]

    static func parse(_ bytes: [UInt8]) -> HTTPRequestText? {
        guard bytes.count >= 14, let firstSpace = bytes.prefix(10).firstIndex(of: 32) else { return nil }
        let method = String(decoding: bytes[..<firstSpace], as: UTF8.self)
        guard methods.contains(method) else { return nil }
        let headLimit = min(bytes.count, 64 * 1024)
        var headEnd = headLimit
        var bodyStart = headLimit
        var i = 0
        while i + 3 < headLimit {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { headEnd = i; bodyStart = i + 4; break }
            i += 1
        }
        // Lines are cut at CRLF on the bytes: splitting a String walks grapheme clusters, which was half of
        // the IDS's cost per trap payload in the collector.
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var j = 0
        while j < headEnd {
            if bytes[j] == 13, j + 1 < headEnd, bytes[j + 1] == 10 {
                lines.append(bytes[lineStart..<j])
                j += 2
                lineStart = j
            } else {
                j += 1
            }
        }
        lines.append(bytes[lineStart..<headEnd])
        let requestLine = lines[0]
        let parts = requestLine.split(separator: 32, maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where headers.count < 128 {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers[String(decoding: line[..<colon], as: UTF8.self)] =
                String(decoding: RuleText.trimmed(line[(colon + 1)...]) ?? [], as: UTF8.self)
        }
        let uri = String(decoding: parts[1], as: UTF8.self)
        let version = parts.count > 2 ? String(decoding: parts[2], as: UTF8.self) : "HTTP/1.0"
        return HTTPRequestText(method: method, uri: uri, version: version,
                               headers: headers, body: bodyStart < bytes.count ? Array(bytes[bodyStart...]) : [])
    }
}
