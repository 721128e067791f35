/// RFC 4253 §7.2: key material = HASH(K ‖ H ‖ letter ‖ session_id), extended with HASH(K ‖ H ‖ so far)
/// until long enough. K is already in its wire encoding (mpint or string).
public enum KeyDerivation {
    public static func derive(letter: Character, length: Int, sharedSecret: [UInt8], exchangeHash: [UInt8],
                              sessionID: [UInt8], hash: KexHash) -> [UInt8] {
        guard length > 0 else { return [] }
        var input = sharedSecret + exchangeHash
        input.append(UInt8(ascii: letter.unicodeScalars.first ?? "A"))
        input += sessionID
        var out = hash.hash(input)
        while out.count < length {
            out += hash.hash(sharedSecret + exchangeHash + out)
        }
        return Array(out.prefix(length))
    }
}
