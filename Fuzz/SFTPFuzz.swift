// libFuzzer target: the SFTP subsystem's packet framing and request parser (MitsuShell/SFTP/SFTPWire),
// which any logged-in client reaches. Any input must give packets, requests or nil: never a trap,
// a hang or unbounded memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSFTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var buffer = Array(UnsafeBufferPointer(start: data, count: size))
    var packets = 0
    while packets < 10_000, case .some(.some(let packet)) = SFTP.nextPacket(&buffer) {
        _ = SFTP.parse(packet)
        packets += 1
    }
    // Every message type's parser, whatever the framing said.
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    for type: UInt8 in [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 200] {
        _ = SFTP.parse([type] + body)
    }
    return 0
}
