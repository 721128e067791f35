#if canImport(MitsuCore)
import MitsuCore
#endif

/// Who a service session is talking to, and the events it writes: every event of one connection
/// carries the same honeypot, protocol, session id and endpoints.
public struct ServiceContext: Sendable, Equatable {
    public let honeypot: String
    public let session: SessionID
    public let endpoints: Endpoints
    public let transport: String

    public init(honeypot: String, session: SessionID = .next(), endpoints: Endpoints, transport: String = "tcp") {
        self.honeypot = honeypot
        self.session = session
        self.endpoints = endpoints
        self.transport = transport
    }

    public func event(_ kind: EventKind) -> Event {
        var e = Event(kind: kind, honeypot: honeypot, session: session)
        e.set(endpoints, transport: transport)
        e.protocol = honeypot
        return e
    }

    /// `protocol.error`: what a parser rejected; the caller closes the connection.
    public func protocolError(_ message: String) -> Event {
        var e = event(.protocolError)
        e.message = message
        return e
    }
}

/// A file a service received and kept: what `file.upload` reports.
public struct StoredUpload: Sendable, Equatable {
    public var sha256: String
    public var md5: String
    public var size: Int

    public init(sha256: String, md5: String, size: Int) {
        self.sha256 = sha256
        self.md5 = md5
        self.size = size
    }
}

/// Where services keep uploads. Sessions get it as a closure so they stay free of file I/O in tests and
/// fuzzers; the honeypots pass `ArtifactStore`.
public typealias UploadStorage = @Sendable ([UInt8]) -> StoredUpload?

extension ServiceContext {
    /// `file.upload` for a kept file. `filename` is the client's name, recorded only (storage is by hash).
    public func uploadEvent(_ stored: StoredUpload, filename: String, truncated: Bool) -> Event {
        var e = event(.fileUpload)
        e.filename = String(filename.prefix(512))
        e.sha256 = stored.sha256
        e.md5 = stored.md5
        e.size = Int64(stored.size)
        if truncated { e.message = "truncated at the upload cap" }
        return e
    }
}
