/// An SSH identification line split the way Suricata's `ssh.proto` / `ssh.software` buffers see it:
/// `SSH-protoversion-softwareversion SP comments`. The protocol version runs to the first `-` after
/// `SSH-`; the software version to the first space (comments are not part of it), CR or LF.
/// The line comes from an attacker: any other shape gives nil, and nothing here can trap.
struct SSHBanner: Equatable {
    let proto: [UInt8]
    let software: [UInt8]

    /// RFC 4253 caps the line at 255 bytes; events keep at most that, but callers may pass anything.
    static let maxLine = 255

    init?(_ line: String) {
        let bytes = Array(line.utf8.prefix(Self.maxLine))
        let prefix: [UInt8] = Array("SSH-".utf8)
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
        let rest = bytes[prefix.count...]
        guard let dash = rest.firstIndex(of: UInt8(ascii: "-")), dash > rest.startIndex else { return nil }
        let softwareStart = dash + 1
        let softwareEnd = bytes[softwareStart...].firstIndex { $0 == 0x20 || $0 == 0x0d || $0 == 0x0a } ?? bytes.count
        guard softwareEnd > softwareStart else { return nil }
        proto = Array(bytes[rest.startIndex..<dash])
        software = Array(bytes[softwareStart..<softwareEnd])
    }
}
