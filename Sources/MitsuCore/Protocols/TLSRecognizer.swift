/// TLS: a handshake record (type 22, version 3.x) holding a ClientHello. A complete hello is parsed for
/// SNI/JA3/JA4; a hello cut short by the capture is still TLS, without fingerprints.
enum TLSRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard bytes.count >= 6, bytes[0] == 22, bytes[1] == 3, bytes[2] <= 4, bytes[5] == 1 else { return nil }
        let length = Int(bytes[3]) << 8 | Int(bytes[4])
        guard length > 0, length <= 16384 + 256 else { return nil }
        var d = DetectedProtocol(.tls)
        if case .hello(let hello) = TLSClientHello.parse(bytes) { d.tlsHello = hello }
        return d
    }
}
