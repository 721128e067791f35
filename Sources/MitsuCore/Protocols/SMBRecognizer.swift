/// SMB over NetBIOS session service or direct TCP (RFC 1002 framing: type, 17-bit length) carrying an
/// SMB1 (`\xffSMB`), SMB2/3 (`\xfeSMB`) or transform (`\xfdSMB`) header. A bare NetBIOS session request
/// (type 0x81, what clients send first on port 139) is SMB too.
enum SMBRecognizer {
    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard bytes.count >= 4, bytes[1] & 0xfe == 0 else { return nil }
        let length = Int(bytes[1] & 1) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        switch bytes[0] {
        case 0x00:
            guard length >= 4, bytes.count >= 8, [0xff, 0xfe, 0xfd].contains(bytes[4]),
                  bytes[5] == 0x53, bytes[6] == 0x4d, bytes[7] == 0x42 else { return nil }
            return DetectedProtocol(.smb)
        case 0x81:
            // Called and calling names: two first-level-encoded NetBIOS names of 34 bytes each.
            guard length == 68, bytes.count >= 5, bytes[4] == 0x20 else { return nil }
            return DetectedProtocol(.smb)
        default:
            return nil
        }
    }
}
