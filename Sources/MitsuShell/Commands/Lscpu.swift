extension Commands {
    /// lscpu in util-linux 2.38's layout.
    static let lscpu = CommandSpec(["lscpu"], in: "/usr/bin", fakeSize: 105_064) { c in
        let p = c.persona
        let n = p.cpuCount
        let rows: [(String, String)] = [
            ("Architecture:", p.machine), ("  CPU op-mode(s):", "32-bit, 64-bit"), ("  Address sizes:", "46 bits physical, 48 bits virtual"),
            ("  Byte Order:", "Little Endian"), ("CPU(s):", "\(n)"), ("  On-line CPU(s) list:", n > 1 ? "0-\(n - 1)" : "0"),
            ("Vendor ID:", "GenuineIntel"), ("  Model name:", p.cpuModel), ("    CPU family:", "6"), ("    Model:", "79"),
            ("    Thread(s) per core:", "1"), ("    Core(s) per socket:", "1"), ("    Socket(s):", "\(n)"), ("    Stepping:", "1"),
            ("    BogoMIPS:", "4799.99"), ("Virtualization features:", ""), ("  Hypervisor vendor:", "KVM"), ("  Virtualization type:", "full"),
            ("Caches (sum of all):", ""), ("  L1d:", "\(32 * n) KiB (\(n) instances)"), ("  L1i:", "\(32 * n) KiB (\(n) instances)"),
            ("  L2:", "\(n) MiB (\(n) instances)"), ("  L3:", "\(35 * n) MiB (\(n) instances)"), ("NUMA:", ""), ("  NUMA node(s):", "1"),
            ("  NUMA node0 CPU(s):", n > 1 ? "0-\(n - 1)" : "0"),
        ]
        for (k, v) in rows { c.print(v.isEmpty ? k + "\n" : k.rightPadded(26) + v + "\n") }
        return 0
    }
}
