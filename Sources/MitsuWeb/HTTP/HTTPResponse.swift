import Foundation

/// A response before serialisation. Header order follows the persona's server (nginx: Server, Date,
/// Content-Type, Content-Length, Last-Modified, Connection, then the rest).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Headers after Connection (Set-Cookie, Location, ETag…), in order.
    public var extraHeaders: [(String, String)]
    public var lastModified: String?
    /// Forces `Connection: close` (nginx closes after every error it answers itself).
    public var close: Bool

    public init(status: Int, contentType: String = "text/html", body: String, extraHeaders: [(String, String)] = [],
                lastModified: String? = nil, close: Bool = false) {
        self.init(status: status, contentType: contentType, bytes: Array(body.utf8), extraHeaders: extraHeaders,
                  lastModified: lastModified, close: close)
    }

    public init(status: Int, contentType: String = "text/html", bytes: [UInt8], extraHeaders: [(String, String)] = [],
                lastModified: String? = nil, close: Bool = false) {
        self.status = status
        self.contentType = contentType
        self.body = bytes
        self.extraHeaders = extraHeaders
        self.lastModified = lastModified
        self.close = close
    }

    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool {
        a.status == b.status && a.contentType == b.contentType && a.body == b.body && a.close == b.close
            && a.extraHeaders.map { "\($0.0): \($0.1)" } == b.extraHeaders.map { "\($0.0): \($0.1)" }
    }

    /// The bytes on the wire. `headOnly` for HEAD requests (headers say the length, no body follows).
    public func serialize(persona: WebPersona, date: Date, keepAlive: Bool, headOnly: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(persona.reason(status))\r\n"
        if persona.flavor == .apache {
            // Apache writes Date before Server.
            head += "Date: \(WebPersona.httpDate(date))\r\nServer: \(persona.server)\r\n"
            if let lastModified { head += "Last-Modified: \(lastModified)\r\n" }
            for (k, v) in extraHeaders { head += "\(k): \(v)\r\n" }
            head += "Content-Length: \(body.count)\r\n"
            head += keepAlive && !close ? "Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n" : "Connection: close\r\n"
            head += "Content-Type: \(contentType)\r\n\r\n"
        } else {
            head += "Server: \(persona.server)\r\nDate: \(WebPersona.httpDate(date))\r\n"
            head += "Content-Type: \(contentType)\r\n"
            head += "Content-Length: \(body.count)\r\n"
            if let lastModified { head += "Last-Modified: \(lastModified)\r\n" }
            head += keepAlive && !close ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
            for (k, v) in extraHeaders { head += "\(k): \(v)\r\n" }
            head += "\r\n"
        }
        var out = Array(head.utf8)
        if !headOnly { out += body }
        return out
    }
}
