// libFuzzer target: the SSH server's message parsers — pre-authentication (which every scanner on the
// internet can reach: the identification line, the binary packet framing before keys are set, SSH wire
// readers, KEXINIT parsing + negotiation) and after it (USERAUTH_REQUEST and every connection-protocol
// message: global requests, channel opens, channel requests, data, window adjust, EOF, close). Any input must give a value, nil or a thrown error: never a trap, a hang
// or unbounded memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSHParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = Identification.parse(bytes)

    var plain = PlaintextProtection()
    if bytes.count >= 4, let total = try? plain.wireLength(prefix: bytes[0..<4], sequence: 0), total <= bytes.count {
        _ = try? plain.open(bytes[0..<total], sequence: 0)
    }

    var r = SSHReader(bytes)
    while !r.isAtEnd {
        guard r.readNameList() != nil || r.readString() != nil || r.readUInt32() != nil else { break }
    }

    let payload = [SSHMessage.kexInit] + bytes
    if let client = KexInit.parse(payload) {
        let server = KexInit(cookie: [UInt8](repeating: 0, count: 16),
                             kex: ["sntrup761x25519-sha512", "curve25519-sha256", "diffie-hellman-group14-sha256"],
                             hostKey: ["rsa-sha2-512", "ssh-ed25519"], ciphers: ["chacha20-poly1305@openssh.com", "aes128-ctr"],
                             macs: ["hmac-sha2-256"], compression: ["none", "zlib@openssh.com"])
        _ = try? NegotiatedAlgorithms.negotiate(client: client, server: server)
        // What we parse we must be able to write back identically.
        guard KexInit.parse(client.payload()) == client else { fatalError("KEXINIT round trip changed") }
        _ = client.hasshInput
    }

    // The first byte picks the message number, so the fuzzer reaches every message type's parser.
    if let type = bytes.first {
        let message = [type] + bytes.dropFirst()
        _ = ConnectionMessage.parse(message)
        _ = UserauthRequest.parse([SSHMessage.userauthRequest] + bytes.dropFirst())
        for number in [SSHMessage.globalRequest, SSHMessage.channelOpen, SSHMessage.channelRequest, SSHMessage.channelData,
                       SSHMessage.channelWindowAdjust] {
            _ = ConnectionMessage.parse([number] + bytes.dropFirst())
        }
    }
    return 0
}
