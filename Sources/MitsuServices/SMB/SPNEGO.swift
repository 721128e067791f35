/// The GSS-API/SPNEGO wrapping (RFC 4178, MS-SPNG) around NTLMSSP in SMB security buffers. The server
/// only writes three fixed shapes; on input it does not parse DER at all: NTLMSSP messages carry their
/// own signature, so the token is found by searching for it (what Windows' own tolerance amounts to
/// for the clients in the wild: raw NTLMSSP, negTokenInit, negTokenResp).
enum SPNEGO {
    static let spnegoOID: [UInt8] = [0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02]
    static let ntlmsspOID: [UInt8] = [0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a]
    static let negoexOID: [UInt8] = [0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e]
    static let msKerberosOID: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02]
    static let kerberosOID: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02]

    /// A DER tag-length-value.
    static func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
        let n = value.count
        let length: [UInt8]
        switch n {
        case 0..<0x80: length = [UInt8(n)]
        case 0x80..<0x100: length = [0x81, UInt8(n)]
        case 0x100..<0x10000: length = [0x82, UInt8(n >> 8), UInt8(n & 0xff)]
        default: length = [0x83, UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
        }
        return [tag] + length + value
    }

    /// negTokenInit2 as Windows puts it in the negotiate response: the mechanisms it offers and the
    /// fixed "please ignore" hint.
    static let negotiateToken: [UInt8] = {
        let mechs = tlv(0x30, negoexOID + msKerberosOID + kerberosOID + ntlmsspOID)
        let hint = tlv(0xa3, tlv(0x30, tlv(0xa0, tlv(0x1b, Array("not_defined_in_RFC4178@please_ignore".utf8)))))
        return tlv(0x60, spnegoOID + tlv(0xa0, tlv(0x30, tlv(0xa0, mechs) + hint)))
    }()

    enum State: UInt8 { case acceptCompleted = 0, acceptIncomplete = 1, reject = 2 }

    /// negTokenResp: the state, NTLMSSP as the chosen mechanism on the first leg, the token if any.
    static func response(_ state: State, token: [UInt8]?, withMech: Bool) -> [UInt8] {
        var body = tlv(0xa0, tlv(0x0a, [state.rawValue]))
        if withMech { body += tlv(0xa1, ntlmsspOID) }
        if let token { body += tlv(0xa2, tlv(0x04, token)) }
        return tlv(0xa1, tlv(0x30, body))
    }

    /// Whether the client wrapped its token (then the answer is wrapped too).
    static func isWrapped(_ blob: [UInt8]) -> Bool { blob.first == 0x60 || blob.first == 0xa1 }

    static let ntlmsspSignature: [UInt8] = Array("NTLMSSP".utf8) + [0]

    /// The NTLMSSP message inside a security buffer, from its signature to the end of the buffer
    /// (NTLMSSP offsets are relative to the signature, trailing DER bytes do no harm).
    static func ntlmssp(in blob: [UInt8]) -> [UInt8]? {
        let sig = ntlmsspSignature
        guard blob.count >= sig.count else { return nil }
        for i in 0...(blob.count - sig.count) where blob[i] == 0x4e && Array(blob[i..<(i + sig.count)]) == sig {
            return Array(blob[i...])
        }
        return nil
    }
}
