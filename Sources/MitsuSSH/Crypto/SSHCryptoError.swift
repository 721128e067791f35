/// Why an SSH crypto primitive refused its input. Every check on a received packet ends in one of these
/// rather than a trap, so a hostile peer can at worst get its connection closed.
public enum SSHCryptoError: Error, Sendable, Equatable {
    /// A key of the wrong size was handed in; `expected` is the only size the primitive accepts.
    case invalidKeySize(expected: Int, actual: Int)
    /// A tag length the MAC does not define.
    case invalidTagLength(Int)
    /// A nonce outside the lengths the MAC defines.
    case invalidNonceLength(Int)
    /// Input too short to hold the fields the format requires (length field, tag).
    case truncatedInput(minimum: Int, actual: Int)
    /// Input too long for the construction (block counter or length field would overflow).
    case inputTooLong(Int)
    /// The tag did not match: the packet was forged, corrupted, or keyed differently.
    case authenticationFailure
}
