// Kept out of Events/ so the event files compile alone (Fuzz/ builds them without the TLS parser).
extension TLSInfo {
    /// What a ClientHello says, fingerprints included.
    public init(_ hello: TLSClientHello) {
        let fp = TLSFingerprint(hello)
        let versions = hello.supportedVersions.filter { !TLSFingerprint.isGREASE($0) }
        let v = versions.max() ?? hello.legacyVersion
        self.init(version: v == 0x0300 ? "ssl3" : (v >= 0x0301 && v <= 0x0304 ? "1.\(v - 0x0301)" : String(v, radix: 16)),
                  sni: hello.serverName, alpn: hello.alpn.first.map { String(decoding: $0.prefix(64), as: UTF8.self) },
                  ja3: fp.ja3, ja3Hash: fp.ja3Hash, ja4: fp.ja4)
    }
}
