@testable import MitsuCore

/// Byte builders for the detector's tests. Expected values in the tests are literals computed outside
/// this code (Python's hashlib for HASSH), never by the detector.
enum Fixture {
    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func u16(_ v: Int) -> [UInt8] { [UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
    static func u32(_ v: Int) -> [UInt8] { u16(v >> 16) + u16(v & 0xffff) }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }

    static let kex = "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ext-info-c"
    static let hostKeys = "ssh-ed25519,rsa-sha2-512"
    static let ciphers = "chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com"
    static let macs = "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256"
    static let compression = "none,zlib@openssh.com"

    /// An SSH binary packet holding a KEXINIT with the lists above (both directions equal).
    static func kexInit(padding: Int = 6) -> [UInt8] {
        let lists = [kex, hostKeys, ciphers, ciphers, macs, macs, compression, compression, "", ""]
        var payload: [UInt8] = [20] + [UInt8](repeating: 0xab, count: 16)
        for l in lists { payload += u32(l.utf8.count) + b(l) }
        payload += [0] + u32(0)
        return u32(1 + payload.count + padding) + [UInt8(padding)] + payload + [UInt8](repeating: 0, count: padding)
    }

    static func rdp(cookie: String?) -> [UInt8] {
        var variable: [UInt8] = cookie.map { b("Cookie: mstshash=\($0)\r\n") } ?? []
        variable += [0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00]  // RDP_NEG_REQ: TLS | CredSSP
        let x224: [UInt8] = [UInt8(6 + variable.count), 0xe0, 0, 0, 0, 0, 0] + variable
        return [3, 0] + u16(4 + x224.count) + x224
    }

    static func netbios(_ smb: [UInt8]) -> [UInt8] { [0] + [UInt8(smb.count >> 16), UInt8((smb.count >> 8) & 0xff), UInt8(smb.count & 0xff)] + smb }
    static let smb1Negotiate: [UInt8] = [0xff, 0x53, 0x4d, 0x42, 0x72] + [UInt8](repeating: 0, count: 27) + [0, 0x0c, 0] + b("\u{2}NT LM 0.12\0")
    static let smb2Negotiate: [UInt8] = [0xfe, 0x53, 0x4d, 0x42, 64, 0] + [UInt8](repeating: 0, count: 58) + [36, 0, 2, 0] + [UInt8](repeating: 0, count: 32)

    static func mqttConnect(level: UInt8 = 4, clientID: String, username: String? = nil, will: Bool = false) -> [UInt8] {
        let name = level == 3 ? "MQIsdp" : "MQTT"
        var flags: UInt8 = 0x02
        if username != nil { flags |= 0x80 }
        if will { flags |= 0x04 }
        var body = u16(name.utf8.count) + b(name) + [level, flags, 0, 60]
        if level == 5 { body += [0] }
        body += u16(clientID.utf8.count) + b(clientID)
        if will {
            if level == 5 { body += [0] }
            body += u16(5) + b("topic") + u16(3) + b("bye")
        }
        if let u = username { body += u16(u.utf8.count) + b(u) }
        return [0x10, UInt8(body.count)] + body
    }

    static func dnsQuery(_ name: String, type: Int, edns: Bool) -> [UInt8] {
        var m: [UInt8] = [0x12, 0x34, 0x01, 0x20] + u16(1) + u16(0) + u16(0) + u16(edns ? 1 : 0)
        for label in name.split(separator: ".") { m += [UInt8(label.utf8.count)] + b(String(label)) }
        m += [0] + u16(type) + u16(1)
        if edns { m += [0, 0, 0x29, 0x10, 0, 0, 0, 0, 0, 0, 0] }
        return m
    }

    static func mysqlResponse(user: String, database: String?) -> [UInt8] {
        var caps: UInt32 = 0x0000_a68d & ~0x8  // protocol 4.1, secure connection, long password …
        if database != nil { caps |= 0x8 }
        var p = le32(caps) + le32(16 << 20) + [33] + [UInt8](repeating: 0, count: 23)
        p += b(user) + [0] + [20] + [UInt8](repeating: 0x5a, count: 20)
        if let d = database { p += b(d) + [0] }
        p += b("mysql_native_password") + [0]
        return [UInt8(p.count & 0xff), UInt8(p.count >> 8), 0, 1] + p
    }

    /// What pymysql sent to a server greeting without SECURE_CONNECTION (captured): client caps claim it,
    /// yet the scramble is NUL-terminated, then database and plugin name.
    static let mysqlNulTerminatedAuth: [UInt8] = {
        var p = le32(0x003a_a20d) + le32(0x00ff_ffff) + [0x2d] + [UInt8](repeating: 0, count: 23) + b("root") + [0]
        p += [0x12, 0x90, 0x9d, 0x72, 0xd8, 0x75, 0x52, 0x3f, 0x8c, 0x9d, 0x6d, 0xa4, 0x4c, 0xbd, 0x3a, 0x6c, 0x1c, 0xe7, 0x94, 0xdb, 0]
        p += b("shop") + [0] + b("mysql_native_password") + [0]
        return [UInt8(p.count), 0, 0, 1] + p
    }()

    static let mysqlSSLRequest: [UInt8] = [32, 0, 0, 1] + le32(0x0000_ae8d) + le32(16 << 20) + [33] + [UInt8](repeating: 0, count: 23)

    /// pytds-style PRELOGIN: VERSION 15.0.2000.0, ENCRYPTION, INSTOPT, THREADID, MARS.
    static let tdsPrelogin: [UInt8] = {
        let table: [UInt8] = [0, 0, 26, 0, 6, 1, 0, 32, 0, 1, 2, 0, 33, 0, 1, 3, 0, 34, 0, 4, 4, 0, 38, 0, 1, 0xff]
        let data: [UInt8] = [15, 0, 0x07, 0xd0, 0, 0] + [0] + [0] + [0, 0, 0, 1] + [0]
        let total = 8 + table.count + data.count
        return [0x12, 0x01] + u16(total) + [0, 0, 1, 0] + table + data
    }()

    static func adbConnect(_ banner: String) -> [UInt8] {
        let data = b(banner) + [0]
        let sum = data.reduce(UInt32(0)) { $0 &+ UInt32($1) }
        return le32(0x4e58_4e43) + le32(0x0100_0001) + le32(256 * 1024) + le32(UInt32(data.count)) + le32(sum)
            + le32(0x4e58_4e43 ^ 0xffff_ffff) + data
    }
}
