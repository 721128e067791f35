/// `METHOD SP target SP VERSION CRLF` and the header lines after it: the shape HTTP/1.x and SIP share.
struct RequestLine {
    var method: Range<Int>
    var target: Range<Int>
    var version: Range<Int>
    /// Where the first header line starts.
    var headersStart: Int

    static let maxLine = 8192
    static let maxMethod = 24
    static let maxHeaderLines = 100

    static func parse(_ bytes: [UInt8]) -> RequestLine? {
        var i = 0
        while i < bytes.count, i < maxMethod, bytes[i] >= 0x41, bytes[i] <= 0x5a { i += 1 }
        guard i >= 3, i < bytes.count, bytes[i] == 0x20 else { return nil }
        let method = 0..<i
        guard let lf = ProtocolText.lineEnd(bytes, from: i, limit: maxLine) else { return nil }
        let line = ProtocolText.trimCR(bytes, 0, lf)
        // The version is the last blank-separated word; the target is everything between.
        var sp = line.upperBound - 1
        while sp > i, bytes[sp] != 0x20 { sp -= 1 }
        guard sp > i + 1 else { return nil }
        return RequestLine(method: method, target: (i + 1)..<sp, version: (sp + 1)..<line.upperBound, headersStart: lf + 1)
    }

    /// Values of the named headers (lowercase names), first occurrence each, in the order of `names`,
    /// within the header block. SIP's compact forms are passed as extra names by the caller.
    func headers(_ bytes: [UInt8], _ names: [StaticString]) -> [String?] {
        var found = [String?](repeating: nil, count: names.count)
        var start = headersStart
        for _ in 0..<Self.maxHeaderLines {
            guard start < bytes.count, let lf = ProtocolText.lineEnd(bytes, from: start, limit: start + Self.maxLine) else { break }
            let line = ProtocolText.trimCR(bytes, start, lf)
            if line.isEmpty { break }
            for (k, name) in names.enumerated() where found[k] == nil {
                let n = name.utf8CodeUnitCount
                guard line.count > n, ProtocolText.hasPrefix(bytes, name, at: line.lowerBound) else { continue }
                var v = line.lowerBound + n
                while v < line.upperBound, bytes[v] == 0x20 || bytes[v] == 0x09 { v += 1 }
                guard v < line.upperBound, bytes[v] == UInt8(ascii: ":") else { continue }
                v += 1
                while v < line.upperBound, bytes[v] == 0x20 || bytes[v] == 0x09 { v += 1 }
                found[k] = ProtocolText.printable(bytes, v..<line.upperBound)
            }
            start = lf + 1
        }
        return found
    }
}
