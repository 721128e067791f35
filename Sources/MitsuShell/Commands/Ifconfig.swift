extension Commands {
    /// ifconfig (net-tools 2.10 layout).
    static let ifconfig = CommandSpec(["ifconfig"], in: "/usr/sbin", fakeSize: 84_624) { c in
        for i in c.persona.interfaces {
            let mask = prefixMask(i.prefix)
            c.print("\(i.name): flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n")
            c.print("        inet \(i.ipv4)  netmask \(mask)  broadcast \(broadcast(i.ipv4, i.prefix))\n")
            c.print("        inet6 \(linkLocal(i.mac))  prefixlen 64  scopeid 0x20<link>\n")
            c.print("        ether \(i.mac)  txqueuelen 1000  (Ethernet)\n")
            c.print("        RX packets \(i.rxBytes / 900)  bytes \(i.rxBytes) (\(megabytes(i.rxBytes)))\n")
            c.print("        RX errors 0  dropped 0  overruns 0  frame 0\n")
            c.print("        TX packets \(i.txBytes / 700)  bytes \(i.txBytes) (\(megabytes(i.txBytes)))\n")
            c.print("        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n")
        }
        c.print("lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n        loop  txqueuelen 1000  (Local Loopback)\n        RX packets 612  bytes 51234 (50.0 KiB)\n        RX errors 0  dropped 0  overruns 0  frame 0\n        TX packets 612  bytes 51234 (50.0 KiB)\n        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n")
        return 0
    }

    /// net-tools prints one decimal: `(875.7 MiB)`.
    static func megabytes(_ b: Int) -> String {
        let mib = Double(b) / 1_048_576
        func one(_ v: Double) -> String {
            let t = Int((v * 10).rounded())
            return "\(t / 10).\(t % 10)"
        }
        return mib >= 1024 ? one(mib / 1024) + " GiB" : one(mib) + " MiB"
    }

    /// The EUI-64 link-local address the kernel derives from a MAC (`52:54:00:ab:cd:ef` → `fe80::5054:ff:feab:cdef`).
    static func linkLocal(_ mac: String) -> String {
        let b = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        guard b.count == 6 else { return "fe80::1" }
        let words = [UInt16(b[0] ^ 0x02) << 8 | UInt16(b[1]), UInt16(b[2]) << 8 | 0xFF, 0xFE00 | UInt16(b[3]), UInt16(b[4]) << 8 | UInt16(b[5])]
        return "fe80::" + words.map { String($0, radix: 16) }.joined(separator: ":")
    }

    static func prefixMask(_ prefix: Int) -> String {
        let bits: UInt32 = prefix <= 0 ? 0 : prefix >= 32 ? .max : ~((1 << UInt32(32 - prefix)) - 1)
        return [24, 16, 8, 0].map { String((bits >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    static func broadcast(_ ip: String, _ prefix: Int) -> String {
        let parts = ip.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4 else { return ip }
        let addr = parts.reduce(0) { $0 << 8 | $1 }
        let host: UInt32 = prefix >= 32 ? 0 : (1 << UInt32(32 - max(0, prefix))) - 1
        let b = addr | host
        return [24, 16, 8, 0].map { String((b >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }
}
