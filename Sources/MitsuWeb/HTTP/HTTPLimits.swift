/// Byte caps of the request parser. The defaults are nginx's: `large_client_header_buffers 4 8k` (a
/// request line or header line above 8 KiB is refused), `client_max_body_size 1m`.
public struct HTTPLimits: Sendable, Equatable {
    public var requestLine: Int = 8192
    public var headerLine: Int = 8192
    /// All header lines of one request together.
    public var headerBytes: Int = 32768
    public var headerCount: Int = 100
    public var body: Int = 1 << 20
    /// Bytes of each request kept verbatim for the event's payload (and the IDS).
    public var raw: Int = 64 << 10

    public init() {}
}

/// Why a request was refused, with the status nginx answers (and then closes the connection).
public struct HTTPParseFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, Error {
        case badRequestLine = "bad request line"
        case uriTooLong = "request line too long"
        case badHeader = "bad header line"
        case headerTooLarge = "header too large"
        case tooManyHeaders = "too many headers"
        case missingHost = "HTTP/1.1 request without Host"
        case badContentLength = "bad Content-Length"
        case bodyTooLarge = "body too large"
        case badChunk = "bad chunked encoding"
        case unsupportedTransferEncoding = "unsupported Transfer-Encoding"
        case versionNotSupported = "HTTP version not supported"
        case truncated = "connection closed mid-request"
    }

    public var kind: Kind
    /// What was wrong, for the `protocol.error` event's message (no attacker bytes beyond a short preview).
    public var detail: String
    /// The request line when it had been read, for the event.
    public var requestLine: String?
    /// The Host header when the headers had been read (Apache names it in its 413 page).
    public var host: String? = nil

    /// The status nginx sends for this failure; nil when nothing is sent (the client already left).
    public var status: Int? {
        switch kind {
        case .uriTooLong: return 414
        case .bodyTooLarge: return 413
        case .unsupportedTransferEncoding: return 501
        case .versionNotSupported: return 505
        case .truncated: return nil
        // nginx answers oversized headers with 400 "Request Header Or Cookie Too Large", not 431.
        case .badRequestLine, .badHeader, .headerTooLarge, .tooManyHeaders, .missingHost, .badContentLength, .badChunk:
            return 400
        }
    }
}
