// libFuzzer target: the SMB honeypot's session (NetBIOS framing, SMB1 and SMB2 dialogues, NTLMSSP and
// SPNEGO extraction, share/file model, exploit detection) and each parser alone, on arbitrary client
// bytes in arbitrary chunks. The input is also replayed behind a valid negotiate + session setup so the
// fuzzer reaches the authenticated commands.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMB(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = SMB2Header.parse(bytes)
    _ = SMB2NegotiateRequest.parse(bytes)
    _ = SMB2SessionSetupRequest.parse(bytes)
    _ = SMB2TreeConnectRequest.parse(bytes)
    _ = SMB2CreateRequest.parse(bytes)
    _ = SMB2WriteRequest.parse(bytes, cap: 1 << 16)
    if let m = SMB1Message.parse(bytes) {
        _ = SMB1SessionSetup.parse(m)
        _ = SMB1Transaction.parse(m)
        _ = SMB1Transaction.parseNT(m)
        _ = SMBSession.dialects(m.data)
    }
    _ = NTLMSSP.parseAuthenticate(bytes)
    _ = NTLMSSP.negotiateFlags(bytes)
    _ = SPNEGO.ntlmssp(in: bytes)
    _ = SMBExploitDetector.compressed(bytes)
    var inbox = bytes
    while let f = NetBIOSFrame.next(&inbox, maxLength: 1 << 16) {
        if case .invalid = f { break }
    }

    let context = ServiceContext(honeypot: "smb", session: SessionID("0123456789ab")!,
                                 endpoints: Endpoints(srcIP: "192.0.2.1", srcPort: 1, destIP: "192.0.2.2", destPort: 445))
    var settings = SMBSession.Settings()
    settings.maxMessageBytes = 1 << 16
    settings.maxUploadBytes = 1 << 12
    settings.clock = { 1_700_000_000 }
    let storage: UploadStorage = { StoredUpload(sha256: "00", md5: "00", size: $0.count) }
    let chunk = Int(bytes.first ?? 1) % 23 + 1

    var raw = SMBSession(context: context, settings: settings, storage: storage)
    feed(&raw, bytes, chunk)
    _ = raw.connectionClosed()

    var primed = SMBSession(context: context, settings: settings, storage: storage)
    for m in SMBFuzzSeeds.login { _ = primed.receive(m) }
    feed(&primed, NetBIOSFrame.frame(bytes), chunk)
    _ = primed.connectionClosed()
    return 0
}

private func feed(_ s: inout SMBSession, _ bytes: [UInt8], _ chunk: Int) {
    var i = 0
    while i < bytes.count {
        _ = s.receive(Array(bytes[i..<min(bytes.count, i + chunk)]))
        i += chunk
    }
}

/// A minimal SMB2 negotiate + NTLM session setup (NEGOTIATE, then an anonymous AUTHENTICATE).
enum SMBFuzzSeeds {
    static func header(_ command: UInt16, mid: UInt64, session: UInt64 = 0) -> [UInt8] {
        var h = SMB2Header(command: command)
        h.messageID = mid
        h.sessionID = session
        return h.bytes()
    }

    static var login: [[UInt8]] {
        var neg = header(0, mid: 0)
        neg += [36, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 16) + [0, 0, 0, 0, 0, 0, 0, 0]
        neg += [0x02, 0x02, 0x10, 0x02]
        var ntlmNeg = SPNEGO.ntlmsspSignature + [1, 0, 0, 0, 0x15, 0x82, 0x08, 0x60] + [UInt8](repeating: 0, count: 16)
        ntlmNeg += []
        var ss1 = header(1, mid: 1)
        ss1 += [25, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 88, 0, UInt8(ntlmNeg.count), 0] + [UInt8](repeating: 0, count: 8) + ntlmNeg
        var auth = SPNEGO.ntlmsspSignature + [3, 0, 0, 0]
        for _ in 0..<6 { auth += [0, 0, 0, 0, 72, 0, 0, 0] }
        auth += [0x15, 0x82, 0x08, 0x60]
        var ss2 = header(1, mid: 2)
        ss2 += [25, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 88, 0, UInt8(auth.count), 0] + [UInt8](repeating: 0, count: 8) + auth
        return [neg, ss1, ss2].map(NetBIOSFrame.frame)
    }
}
