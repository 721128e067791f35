/// HTTP/1.x requests (any method token; `PRI * HTTP/2.0` is the HTTP/2 preface). A request for one of the
/// Docker Engine API's paths is labelled `docker`: exposed Docker daemons are what those scanners hunt.
enum HTTPRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard let line = RequestLine.parse(bytes), line.version.count == 8,
              ProtocolText.hasPrefix(bytes, "HTTP/", at: line.version.lowerBound) else { return nil }
        let v = line.version.lowerBound + 5
        guard isDigit(bytes[v]), bytes[v + 1] == UInt8(ascii: "."), isDigit(bytes[v + 2]) else { return nil }
        let uri = ProtocolText.printable(bytes, line.target)
        var d = DetectedProtocol(isDockerAPI(uri) ? .docker : .http)
        d.method = ProtocolText.printable(bytes, line.method)
        d.uri = uri
        d.version = ProtocolText.printable(bytes, line.version)
        let h = line.headers(bytes, ["host", "user-agent"])
        d.host = h[0]
        d.userAgent = h[1]
        return d
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Docker Engine API endpoints (docs.docker.com/engine/api): `/_ping`, `/version`, `/info`, the
    /// versioned prefix `/v1.NN/`, and the resource trees scanners enumerate.
    static func isDockerAPI(_ uri: String) -> Bool {
        var path = Substring(uri)
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        if path.hasPrefix("/v1."), let slash = path.dropFirst(4).firstIndex(of: "/"),
           path[path.index(path.startIndex, offsetBy: 4)..<slash].allSatisfy(\.isNumber),
           slash > path.index(path.startIndex, offsetBy: 4) {
            return true
        }
        if ["/_ping", "/version", "/info"].contains(path) { return true }
        return ["/containers/", "/images/", "/exec/", "/swarm", "/plugins"].contains { path.hasPrefix($0) }
    }
}
