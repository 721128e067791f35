// Hex helpers for the SSH crypto known-answer tests, namespaced so they cannot clash with other helpers in
// the MitsuSSHTests module.
enum CryptoHex {
    /// Bytes of a hex string; spaces, colons and newlines are ignored so vectors can be pasted as printed.
    static func bytes(_ text: String) -> [UInt8] {
        let digits = text.compactMap { $0.hexDigitValue }
        precondition(digits.count % 2 == 0, "odd number of hex digits in a test vector")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    /// Lower-case hex of bytes, for readable assertion failures.
    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
