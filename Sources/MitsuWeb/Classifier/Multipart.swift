import Foundation
import MitsuCore

/// `multipart/form-data` bodies split into parts, bounded: at most `maxParts`, headers of each part at
/// most 8 KiB. Used for the classifier (field values) and for storing uploaded files.
public struct MultipartPart: Sendable, Equatable {
    public var name: String
    /// Set for file uploads (`filename=` in Content-Disposition), as the client sent it: never a path here.
    public var filename: String?
    public var contentType: String?
    public var body: [UInt8]
}

public enum Multipart {
    public static let maxParts = 64

    /// The boundary parameter of a Content-Type header, when it is multipart.
    public static func boundary(contentType: String) -> String? {
        let lower = Decoding.lowercasedASCII(contentType)
        guard lower.hasPrefix("multipart/"), let r = lower.range(of: "boundary=") else { return nil }
        // Take the original-case text: boundaries are case-sensitive.
        let offset = lower.utf8.distance(from: lower.startIndex, to: r.upperBound)
        var b = String(decoding: contentType.utf8.dropFirst(offset), as: UTF8.self)
        if let semi = b.firstIndex(of: ";") { b = String(b[..<semi]) }
        b = b.trimmingCharacters(in: .whitespaces)
        if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
        guard !b.isEmpty, b.utf8.count <= 200 else { return nil }
        return b
    }

    public static func parse(_ body: [UInt8], boundary: String) -> [MultipartPart] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [MultipartPart] = []
        var positions: [Int] = []
        var i = 0
        while let p = find(delimiter, in: body, from: i), positions.count <= maxParts {
            positions.append(p)
            i = p + delimiter.count
        }
        guard positions.count >= 2 else { return [] }
        for k in 0..<(positions.count - 1) {
            var start = positions[k] + delimiter.count
            var end = positions[k + 1]
            // Skip the CRLF after the delimiter and before the next one.
            if start + 1 < body.count, body[start] == 0x0D, body[start + 1] == 0x0A { start += 2 }
            else if start < body.count, body[start] == 0x0A { start += 1 }
            if end - 1 >= start, body[end - 1] == 0x0A { end -= 1 }
            if end - 1 >= start, body[end - 1] == 0x0D { end -= 1 }
            guard start <= end else { continue }
            let slice = Array(body[start..<end])
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: slice, from: 0), headerEnd <= 8192 else { continue }
            let headerText = String(decoding: slice[..<headerEnd], as: UTF8.self)
            var part = MultipartPart(name: "", filename: nil, contentType: nil, body: Array(slice[(headerEnd + 4)...]))
            for line in headerText.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
                let lower = Decoding.lowercasedASCII(String(line))
                if lower.hasPrefix("content-disposition:") {
                    part.name = parameter("name", in: String(line)) ?? ""
                    part.filename = parameter("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = String(line.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
        }
        return parts
    }

    /// `name="value"` (or unquoted) from a header line.
    static func parameter(_ name: String, in line: String) -> String? {
        let lower = Decoding.lowercasedASCII(line)
        var search = lower.startIndex
        while let r = lower.range(of: name + "=", range: search..<lower.endIndex) {
            // Require a separator before, so `name=` does not match inside `filename=`.
            let before = r.lowerBound == lower.startIndex ? " " : lower[lower.index(before: r.lowerBound)]
            if before == " " || before == ";" || before == "\t" {
                let offset = lower.utf8.distance(from: lower.startIndex, to: r.upperBound)
                let rest = Substring(String(decoding: line.utf8.dropFirst(offset), as: UTF8.self))
                if rest.hasPrefix("\"") {
                    let inner = rest.dropFirst()
                    return String(inner.prefix { $0 != "\"" }.prefix(1024))
                }
                return String(rest.prefix { $0 != ";" && $0 != " " }.prefix(1024))
            }
            search = r.upperBound
        }
        return nil
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        needle.isEmpty ? nil : ByteSearch.firstIndex(of: needle, in: hay, from: from)
    }
}
