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
    /// The canary secrets this page shows (`/.env`, `/.git/config`), by name: the session reports the
    /// leak (`canary.leaked`) so the collector can tie a later use of one to it.
    public var leakedCanaries: [String] = []

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
    /// Apache only: `keepAliveToken` (the client sent `Connection: keep-alive`) and `request` (its number
    /// on the connection) give the `Keep-Alive: timeout=5, max=N` countdown.
    public func serialize(persona: WebPersona, date: Date, keepAlive: Bool, headOnly: Bool = false,
                          keepAliveToken: Bool = true, request: Int = 1) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(persona.reason(status))\r\n"
        if persona.flavor == .apache {
            // Apache: Date, Server, the handler's headers, Content-Length, Keep-Alive/Connection, Content-Type.
            head += "Date: \(WebPersona.httpDate(date))\r\nServer: \(persona.server)\r\n"
            if let lastModified { head += "Last-Modified: \(lastModified)\r\n" }
            for (k, v) in extraHeaders { head += "\(k): \(v)\r\n" }
            // An error page answered to HEAD goes without a length (the body was never generated), and so
            // does a 413 (Apache refuses while reading the body and closes).
            if !(headOnly && status >= 400), status != 413 { head += "Content-Length: \(body.count)\r\n" }
            if !keepAlive || close {
                head += "Connection: close\r\n"
            } else if keepAliveToken {
                head += "Keep-Alive: timeout=5, max=\(max(1, WebPersona.apacheMaxKeepAliveRequests + 1 - request))\r\nConnection: Keep-Alive\r\n"
            }
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
