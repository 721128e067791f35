/// Says which application protocol a client speaks from the bytes it sent, whatever the port
/// (Suricata's app-layer detection, T-Pot's fatt): the trap records it in `protocol` so app-layer IDS rules
/// apply and the dashboard can show "protocol spoken vs port".
///
/// Sans-I/O and bounded: it reads at most `maxInspectedBytes`, every loop is bounded by that, and any
/// input (truncated, oversized, hostile) gives a label, never a trap. Each recogniser lives in its own
/// file and answers nil when the bytes are not its protocol; the order below puts the recognisers with
/// the most distinctive first bytes first, so a weak shape (DNS) never shadows a strong one.
public enum ProtocolDetector {
    public enum Transport: Sendable { case tcp, udp }

    /// Only the start of a stream identifies it; a ClientHello with post-quantum key shares is the longest
    /// thing any recogniser must see whole.
    public static let maxInspectedBytes = 16 << 10

    public static func detect(_ payload: [UInt8], transport: Transport = .tcp) -> DetectedProtocol {
        guard !payload.isEmpty else { return DetectedProtocol(.unknown) }
        let bytes = payload.count > maxInspectedBytes ? Array(payload.prefix(maxInspectedBytes)) : payload
        if transport == .udp {
            // Datagram protocols first; SIP and Redis-style text also arrive over UDP.
            return DNSRecognizer.recognize(bytes, lengthPrefixed: false)
                ?? SIPRecognizer.recognize(bytes)
                ?? DetectedProtocol(.unknown)
        }
        for r in tcpRecognizers {
            if let found = r(bytes) { return found }
        }
        return DetectedProtocol(.unknown)
    }

    private static let tcpRecognizers: [@Sendable ([UInt8]) -> DetectedProtocol?] = [
        TLSRecognizer.recognize, SSHRecognizer.recognize, HTTPRecognizer.recognize, SIPRecognizer.recognize,
        ADBRecognizer.recognize, SMBRecognizer.recognize, RDPRecognizer.recognize, TDSRecognizer.recognize,
        MQTTRecognizer.recognize, MySQLRecognizer.recognize, RedisRecognizer.recognize, TelnetRecognizer.recognize,
        { DNSRecognizer.recognize($0, lengthPrefixed: true) },
    ]
}
