extension Commands {
    /// hostnamectl (systemd 252 layout): the persona as a KVM guest running Debian 12.
    static let hostnamectl = CommandSpec(["hostnamectl"], in: "/usr/bin", fakeSize: 22_832) { c in
        let p = c.persona
        c.print("""
         Static hostname: \(p.hostname)
               Icon name: computer-vm
                 Chassis: vm 🖴
              Machine ID: 6f1d3c0a9b2e4d7f8a1c5e3b9d0f2a47
                 Boot ID: 2c9e7a5f1b3d4e6a8c0f9b1d3e5a7c2f
          Virtualization: kvm
        Operating System: \(p.osPrettyName)
                  Kernel: Linux \(p.kernelRelease)
            Architecture: x86-64
         Hardware Vendor: QEMU
          Hardware Model: Standard PC _i440FX + PIIX, 1996_
        Firmware Version: 1.16.2-debian-1.16.2-1

        """)
        return 0
    }

    /// whereis NAME: the binary's path (and man page location, as Debian prints it).
    static let whereis = CommandSpec(["whereis"], in: "/usr/bin", fakeSize: 31_240) { c in
        for name in c.splitFlags().1 {
            if let path = c.session.searchPath(name) {
                c.print("\(name): \(path) /usr/share/man/man1/\(name).1.gz\n")
            } else {
                c.print("\(name):\n")
            }
        }
        return 0
    }

    static let locale = CommandSpec(["locale"], in: "/usr/bin", fakeSize: 59_640) { c in
        let keys = ["LANG=C.UTF-8", "LANGUAGE=", "LC_CTYPE=\"C.UTF-8\"", "LC_NUMERIC=\"C.UTF-8\"", "LC_TIME=\"C.UTF-8\"", "LC_COLLATE=\"C.UTF-8\"",
                    "LC_MONETARY=\"C.UTF-8\"", "LC_MESSAGES=\"C.UTF-8\"", "LC_PAPER=\"C.UTF-8\"", "LC_NAME=\"C.UTF-8\"", "LC_ADDRESS=\"C.UTF-8\"",
                    "LC_TELEPHONE=\"C.UTF-8\"", "LC_MEASUREMENT=\"C.UTF-8\"", "LC_IDENTIFICATION=\"C.UTF-8\"", "LC_ALL="]
        c.print(keys.joined(separator: "\n") + "\n")
        return 0
    }

    /// du [-s] [-h] PATH…: sizes from the session filesystem (directories counted as 4 KiB blocks).
    static let du = CommandSpec(["du"], in: "/usr/bin", fakeSize: 105_296) { c in
        let (flags, operands) = c.splitFlags()
        var budget = 20_000
        func total(_ path: String, _ shown: String, _ depth: Int) -> Int {
            budget -= 1
            guard budget > 0, let node = c.fs.lstat(path) else { return 0 }
            var kb = node.kind == .directory ? 4 : (node.size + 4095) / 4096 * 4
            if node.kind == .directory, !path.hasPrefix("/proc") {
                for name in c.fs.list(path) ?? [] { kb += total(FSPath.join(path, name), shown + "/" + name, depth + 1) }
                if !flags.contains("s") { c.print((flags.contains("h") ? humanSize(kb) : String(kb)) + "\t" + shown + "\n") }
            }
            return kb
        }
        for o in operands.isEmpty ? ["."] : operands {
            let path = c.path(o)
            guard c.fs.stat(path) != nil else {
                c.error("du: cannot access '\(o)': No such file or directory\n")
                continue
            }
            let kb = total(c.fs.resolve(path) ?? path, o, 0)
            if flags.contains("s") || c.fs.stat(path)?.kind != .directory { c.print((flags.contains("h") ? humanSize(kb) : String(kb)) + "\t" + o + "\n") }
        }
        return 0
    }
}
