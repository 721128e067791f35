import Foundation

/// Sans-I/O HTTP/1.0 and 1.1 request parser: bytes in, complete requests (or one failure) out. Handles
/// Content-Length and chunked bodies and pipelined requests; every line, the header block and the body
/// are capped (`HTTPLimits`), and no attacker byte can make it trap: indices are checked, arithmetic on
/// sizes is overflow-checked. After a failure it accepts nothing more (the connection is closed).
public struct HTTPRequestParser: Sendable {
    public enum Output: Sendable, Equatable {
        case request(HTTPRequest)
        case failure(HTTPParseFailure)
    }

    private enum State: Sendable {
        case requestLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    public let limits: HTTPLimits
    private var state: State = .requestLine
    private var buffer: [UInt8] = []
    private var cursor = 0
    // The request being assembled.
    private var method = ""
    private var target = ""
    private var version = ""
    private var headers: [HTTPRequest.Header] = []
    private var headerBytes = 0
    private var body: [UInt8] = []
    private var chunked = false
    private var raw: [UInt8] = []
    private var rawLength = 0

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// True when bytes of an unfinished request are held (a close now truncates it).
    public var isMidRequest: Bool {
        if case .requestLine = state {
            // Stray CR LF between requests is not a request.
            return buffer[cursor...].contains { $0 != 0x0D && $0 != 0x0A }
        }
        if case .failed = state { return false }
        return true
    }

    /// Feeds bytes; returns every request they complete, in order, and at most one failure (last).
    public mutating func feed<C: Collection>(_ bytes: C) -> [Output] where C.Element == UInt8 {
        if case .failed = state { return [] }
        buffer.append(contentsOf: bytes)
        var out: [Output] = []
        while true {
            switch step() {
            case .needMore:
                compact()
                return out
            case .progress:
                continue
            case .done(let r):
                out.append(.request(r))
            case .fail(let f):
                state = .failed
                buffer = []
                cursor = 0
                out.append(.failure(f))
                return out
            }
        }
    }

    /// The client closed its side: a request cut short is a failure (no response is sent for it).
    public mutating func finish() -> HTTPParseFailure? {
        guard isMidRequest else { return nil }
        state = .failed
        return HTTPParseFailure(kind: .truncated, detail: "\(buffer.count - cursor) bytes of an unfinished request",
                                requestLine: method.isEmpty ? nil : "\(method) \(target.prefix(200)) \(version)")
    }

    private enum Step { case needMore, progress, done(HTTPRequest), fail(HTTPParseFailure) }

    private mutating func compact() {
        if cursor > 0, cursor >= buffer.count / 2 {
            buffer.removeFirst(cursor)
            cursor = 0
        }
    }

    /// Consumes `n` bytes from the buffer into the raw copy.
    private mutating func take(_ n: Int) {
        let end = min(cursor + n, buffer.count)
        let room = limits.raw - raw.count
        if room > 0 { raw.append(contentsOf: buffer[cursor..<min(end, cursor + room)]) }
        rawLength += end - cursor
        cursor = end
    }

    /// The next line (without CR LF or bare LF), or nil when it is not complete yet.
    private mutating func line(cap: Int) -> Result<[UInt8], HTTPParseFailure.Kind>? {
        var i = cursor
        let limit = min(buffer.count, cursor + cap + 2)
        while i < limit {
            if buffer[i] == 0x0A {
                var end = i
                if end > cursor, buffer[end - 1] == 0x0D { end -= 1 }
                let bytes = Array(buffer[cursor..<end])
                take(i + 1 - cursor)
                return .success(bytes)
            }
            i += 1
        }
        if buffer.count - cursor > cap + 1 { return .failure(.uriTooLong) }
        return nil
    }

    private mutating func step() -> Step {
        switch state {
        case .failed:
            return .needMore
        case .requestLine:
            // nginx skips empty lines before a request line (clients send a stray CRLF after a POST body).
            while cursor < buffer.count, buffer[cursor] == 0x0D || buffer[cursor] == 0x0A { cursor += 1 }
            guard cursor < buffer.count else { return .needMore }
            resetRequest()
            guard let result = line(cap: limits.requestLine) else { return .needMore }
            switch result {
            case .failure: return .fail(failure(.uriTooLong, "request line longer than \(limits.requestLine) bytes"))
            case .success(let bytes): return parseRequestLine(bytes)
            }
        case .headers:
            guard let result = line(cap: limits.headerLine) else { return .needMore }
            switch result {
            case .failure: return .fail(failure(.headerTooLarge, "header line longer than \(limits.headerLine) bytes"))
            case .success(let bytes):
                if bytes.isEmpty { return endOfHeaders() }
                return parseHeader(bytes)
            }
        case .body(let remaining):
            let n = min(remaining, buffer.count - cursor)
            guard n > 0 else { return .needMore }
            body.append(contentsOf: buffer[cursor..<(cursor + n)])
            take(n)
            if remaining - n == 0 { return .done(finishRequest()) }
            state = .body(remaining: remaining - n)
            return .progress
        case .chunkSize:
            guard let result = line(cap: 1024) else { return .needMore }
            guard case .success(let bytes) = result else { return .fail(failure(.badChunk, "chunk size line too long")) }
            guard let size = Self.chunkSize(bytes) else {
                return .fail(failure(.badChunk, "bad chunk size '\(Self.preview(bytes))'"))
            }
            if size == 0 {
                state = .trailers
                return .progress
            }
            let (total, overflow) = body.count.addingReportingOverflow(size)
            guard !overflow, total <= limits.body else {
                return .fail(failure(.bodyTooLarge, "chunked body above \(limits.body) bytes"))
            }
            state = .chunkData(remaining: size)
            return .progress
        case .chunkData(let remaining):
            let n = min(remaining, buffer.count - cursor)
            guard n > 0 else { return .needMore }
            body.append(contentsOf: buffer[cursor..<(cursor + n)])
            take(n)
            state = remaining - n == 0 ? .chunkDataEnd : .chunkData(remaining: remaining - n)
            return .progress
        case .chunkDataEnd:
            guard let result = line(cap: 0) else { return .needMore }
            guard case .success(let bytes) = result, bytes.isEmpty else {
                return .fail(failure(.badChunk, "chunk data not followed by CRLF"))
            }
            state = .chunkSize
            return .progress
        case .trailers:
            guard let result = line(cap: limits.headerLine) else { return .needMore }
            guard case .success(let bytes) = result else { return .fail(failure(.badChunk, "trailer line too long")) }
            headerBytes += bytes.count
            if headerBytes > limits.headerBytes { return .fail(failure(.headerTooLarge, "trailers too large")) }
            if bytes.isEmpty { return .done(finishRequest()) }
            return .progress
        }
    }

    private mutating func resetRequest() {
        method = ""; target = ""; version = ""
        headers = []; headerBytes = 0; body = []; chunked = false; raw = []; rawLength = 0
    }

    private func failure(_ kind: HTTPParseFailure.Kind, _ detail: String) -> HTTPParseFailure {
        HTTPParseFailure(kind: kind, detail: detail,
                         requestLine: method.isEmpty ? nil : "\(method) \(target.prefix(200)) \(version)",
                         host: headers.first { HTTPRequest.sameName($0.name, "host") }.map { String($0.value.prefix(100)) })
    }

    static func preview(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(60).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }

    private mutating func parseRequestLine(_ bytes: [UInt8]) -> Step {
        let parts = bytes.split(separator: 0x20, omittingEmptySubsequences: true)
        guard parts.count == 3, let m = parts.first, let v = parts.last, m.allSatisfy(Self.isTokenByte) else {
            return .fail(failure(.badRequestLine, "'\(Self.preview(bytes))'"))
        }
        let t = parts[1]
        // Control bytes never appear in a real target; raw bytes >= 0x80 do (and are kept).
        guard !t.contains(where: { $0 < 0x21 || $0 == 0x7F }) else {
            return .fail(failure(.badRequestLine, "control byte in the target"))
        }
        let versionText = String(decoding: v, as: UTF8.self)
        method = String(decoding: m, as: UTF8.self)
        target = String(decoding: t, as: UTF8.self)
        guard versionText.hasPrefix("HTTP/"), versionText.count == 8 else {
            return .fail(failure(.badRequestLine, "bad version '\(Self.preview(Array(v)))'"))
        }
        let digits = Array(versionText.utf8.dropFirst(5))
        guard digits.count == 3, digits[1] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digits[0]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digits[2]) else {
            return .fail(failure(.badRequestLine, "bad version '\(Self.preview(Array(v)))'"))
        }
        if digits[0] != UInt8(ascii: "1") {
            return .fail(failure(.versionNotSupported, versionText))
        }
        version = digits[2] == UInt8(ascii: "0") ? "HTTP/1.0" : "HTTP/1.1"
        state = .headers
        return .progress
    }

    private mutating func parseHeader(_ bytes: [UInt8]) -> Step {
        headerBytes += bytes.count + 2
        guard headerBytes <= limits.headerBytes else {
            return .fail(failure(.headerTooLarge, "header block above \(limits.headerBytes) bytes"))
        }
        guard headers.count < limits.headerCount else {
            return .fail(failure(.tooManyHeaders, "more than \(limits.headerCount) header lines"))
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            return .fail(failure(.badHeader, "'\(Self.preview(bytes))'"))
        }
        let name = bytes[..<colon]
        // Like nginx's ignore_invalid_headers: a header with an odd name is dropped, not fatal.
        guard name.allSatisfy(Self.isTokenByte) else { return .progress }
        var value = bytes[(colon + 1)...]
        while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
        while let l = value.last, l == 0x20 || l == 0x09 { value = value.dropLast() }
        headers.append(.init(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        return .progress
    }

    private mutating func endOfHeaders() -> Step {
        let probe = HTTPRequest(method: method, target: target, version: version, headers: headers)
        if version == "HTTP/1.1", probe.header("host") == nil {
            return .fail(failure(.missingHost, "no Host header"))
        }
        let te = probe.headerValues("transfer-encoding")
        if !te.isEmpty {
            let codings = te.flatMap { $0.lowercased().split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            guard codings.last == "chunked", codings.allSatisfy({ $0 == "chunked" || $0 == "identity" }) else {
                return .fail(failure(.unsupportedTransferEncoding, "'\(te.joined(separator: ",").prefix(60))'"))
            }
            chunked = true
            state = .chunkSize
            return .progress
        }
        let lengths = probe.headerValues("content-length")
        guard !lengths.isEmpty else { return .done(finishRequest()) }
        guard lengths.count == 1, let text = lengths.first, !text.isEmpty, text.utf8.count <= 18,
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let n = Int(text) else {
            return .fail(failure(.badContentLength, "'\(lengths.joined(separator: ",").prefix(60))'"))
        }
        guard n <= limits.body else { return .fail(failure(.bodyTooLarge, "Content-Length \(n) above \(limits.body)")) }
        if n == 0 { return .done(finishRequest()) }
        state = .body(remaining: n)
        return .progress
    }

    private mutating func finishRequest() -> HTTPRequest {
        let r = HTTPRequest(method: method, target: target, version: version, headers: headers, body: body,
                            chunked: chunked, raw: raw, rawLength: rawLength)
        state = .requestLine
        resetRequest()
        return r
    }

    /// Hex chunk size, extensions after `;` ignored; nil on anything else or above 2^40.
    static func chunkSize(_ bytes: [UInt8]) -> Int? {
        var digits = bytes
        if let semi = digits.firstIndex(of: UInt8(ascii: ";")) { digits = Array(digits[..<semi]) }
        while let l = digits.last, l == 0x20 || l == 0x09 { digits.removeLast() }
        guard !digits.isEmpty, digits.count <= 10 else { return nil }
        var n = 0
        for d in digits {
            guard let v = hexValue(d) else { return nil }
            n = n * 16 + v
        }
        return n
    }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
