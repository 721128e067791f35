import MitsuCore

/// The seam for real downloads: wget, curl, tftp, ftpget and `nc` ask a `Fetcher` for a URL's bytes.
/// The default `OfflineFetcher` answers like a host whose outbound connections fail; a later commit
/// plugs in a fetcher that really downloads (with size/time caps and private-address refusal).
public protocol Fetcher: Sendable {
    func fetch(_ request: FetchRequest) async -> FetchOutcome
}

public struct FetchRequest: Sendable, Equatable {
    /// As the attacker wrote it, scheme added when missing (`http://`, `tftp://`, `ftp://`).
    public var url: String
    /// The command that asked (`wget`, `curl`, `tftp`, `ftpget`, `nc`).
    public var tool: String
    public var session: SessionID

    public init(url: String, tool: String, session: SessionID) {
        self.url = url
        self.tool = tool
        self.session = session
    }
}

public enum FetchOutcome: Sendable, Equatable {
    case fetched(bytes: [UInt8])
    case failed(FetchFailure)
}

public enum FetchFailure: Sendable, Equatable {
    /// Name resolution failed (wget: `unable to resolve host address`).
    case unresolved
    case refused
    case timedOut
    /// The server answered with an HTTP error status.
    case httpStatus(Int, String)
}

/// No network: names do not resolve, addresses refuse the connection, each after a realistic delay.
public struct OfflineFetcher: Fetcher {
    public init() {}
    public func fetch(_ request: FetchRequest) async -> FetchOutcome {
        let host = URLParts(request.url).host
        return .failed(URLParts.isIPv4(host) ? .refused : .unresolved)
    }
}

/// The pieces of a URL the download commands print (`Connecting to HOST:PORT`), parsed by hand: attacker
/// text, never given to a real resolver or URL loader here.
public struct URLParts: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int
    public var path: String

    public init(_ url: String, defaultScheme: String = "http") {
        var rest = Substring(url)
        if let r = rest.range(of: "://") {
            scheme = rest[rest.startIndex..<r.lowerBound].lowercased()
            rest = rest[r.upperBound...]
        } else {
            scheme = defaultScheme
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[rest.startIndex..<slash]
        path = slash < rest.endIndex ? String(rest[slash...]) : "/"
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let defaultPort = scheme == "https" ? 443 : scheme == "ftp" ? 21 : scheme == "tftp" ? 69 : 80
        if let colon = authority.lastIndex(of: ":"), let p = Int(authority[authority.index(after: colon)...]), p > 0, p < 65_536 {
            host = String(authority[authority.startIndex..<colon])
            port = p
        } else {
            host = String(authority)
            port = defaultPort
        }
    }

    /// The file name wget would save to.
    public var fileName: String {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let clean = last.split(separator: "?").first.map(String.init) ?? ""
        return clean.isEmpty ? "index.html" : clean
    }

    public static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in p.count <= 3 && !p.isEmpty && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255 }
    }
}
