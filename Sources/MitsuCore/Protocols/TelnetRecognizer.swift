/// Telnet: the stream opens with option negotiation, IAC (255) followed by WILL/WONT/DO/DONT (251–254) and
/// an option, or a subnegotiation (IAC SB, 250).
enum TelnetRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard bytes.count >= 3, bytes[0] == 255, (250...254).contains(bytes[1]) else { return nil }
        return DetectedProtocol(.telnet)
    }
}
