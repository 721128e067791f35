extension Commands {
    static let seq = CommandSpec(["seq"], in: "/usr/bin", fakeSize: 51_576) { c in
        let nums = c.args.compactMap { Int($0) }
        let (first, step, last): (Int, Int, Int) = nums.count == 1 ? (1, 1, nums[0]) : nums.count == 2 ? (nums[0], 1, nums[1]) : nums.count >= 3 ? (nums[0], nums[1], nums[2]) : (1, 1, 0)
        guard step != 0 else { return 1 }
        var v = first
        var n = 0
        while (step > 0 ? v <= last : v >= last), n < 100_000 {
            c.print("\(v)\n")
            v += step
            n += 1
        }
        return 0
    }

    static let basename = CommandSpec(["basename"], in: "/usr/bin", fakeSize: 39_536) { c in
        guard var name = c.args.first.map(FSPath.basename) else { return c.fail("missing operand") }
        if c.args.count > 1, name.hasSuffix(c.args[1]), name != c.args[1] { name.removeLast(c.args[1].count) }
        c.print(name + "\n")
        return 0
    }

    static let dirname = CommandSpec(["dirname"], in: "/usr/bin", fakeSize: 39_536) { c in
        guard let p = c.args.first else { return c.fail("missing operand") }
        c.print((p.contains("/") ? FSPath.split(p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p).parent : ".") + "\n")
        return 0
    }

    /// expr: integer arithmetic and comparison on separate words (`expr 1 + 2`).
    static let expr = CommandSpec(["expr"], in: "/usr/bin", fakeSize: 51_576) { c in
        switch Arithmetic.evaluate(c.args.joined(separator: " "), lookup: { _ in 0 }) {
        case .success(let v):
            c.print("\(v)\n")
            return v == 0 ? 1 : 0
        case .failure:
            c.error("expr: syntax error: unexpected argument '\(c.args.last ?? "")'\n")
            return 2
        }
    }

    static let yes = CommandSpec(["yes"], in: "/usr/bin", fakeSize: 39_536) { c in
        let word = c.args.isEmpty ? "y" : c.args.joined(separator: " ")
        c.print(String(repeating: word + "\n", count: 1000))
        return 0
    }

    static let stat = CommandSpec(["stat"], in: "/usr/bin", fakeSize: 88_072) { c in
        var status = 0
        for f in c.splitFlags().1 {
            guard let n = c.fs.stat(c.path(f)) else {
                c.error("stat: cannot statx '\(f)': No such file or directory\n")
                status = 1
                continue
            }
            let kind = n.kind == .directory ? "directory" : n.kind == .char ? "character special file" : n.size == 0 ? "regular empty file" : "regular file"
            let mode = String(n.mode, radix: 8).leftPadded(4).replacingSpaces()
            let t = Clock.format(n.mtime, "%Y-%m-%d %H:%M:%S.000000000 +0000")
            c.print("  File: \(f)\n  Size: \(n.size)".rightPadded(25) + "\tBlocks: \((n.size + 511) / 512 * 8 / 8)          IO Block: 4096   \(kind)\nDevice: 254,1\tInode: \(abs(f.hashValue % 900_000) + 10_000)      Links: 1\nAccess: (\(mode)/\(modeString(n)))  Uid: (    \(n.uid)/    root)   Gid: (    \(n.gid)/    root)\nAccess: \(t)\nModify: \(t)\nChange: \(t)\n Birth: \(t)\n")
        }
        return status
    }

    static let dmesg = CommandSpec(["dmesg"], in: "/usr/bin", fakeSize: 80_952) { c in
        if c.session.uid != 0 { return c.fail("read kernel buffer failed: Operation not permitted") }
        c.print("[    0.000000] Linux version \(c.persona.kernelRelease) (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) \(c.persona.kernelVersion)\n[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-\(c.persona.kernelRelease) root=UUID=6d1c2a4e-8b1f-4c43-9a2e-3f0b5e7d9c11 ro quiet\n[    0.000000] Hypervisor detected: KVM\n")
        return 0
    }

    static let mount = CommandSpec(["mount"], in: "/usr/bin", fakeSize: 59_704) { c in
        if c.args.isEmpty {
            for line in (ProcFiles.render("mounts", persona: c.persona) ?? "").split(separator: "\n") {
                let f = line.split(separator: " ")
                guard f.count >= 4 else { continue }
                c.print("\(f[0]) on \(f[1]) type \(f[2]) (\(f[3]))\n")
            }
            return 0
        }
        return c.session.uid == 0 ? 0 : c.fail("only root can do that", status: 1)
    }

    static let getconf = CommandSpec(["getconf"], in: "/usr/bin", fakeSize: 35_488) { c in
        switch c.args.first {
        case "LONG_BIT": c.print("64\n")
        case "_NPROCESSORS_ONLN", "_NPROCESSORS_CONF": c.print("\(c.persona.cpuCount)\n")
        case "PAGESIZE", "PAGE_SIZE": c.print("4096\n")
        default: c.error("getconf: Unrecognized variable '\(c.args.first ?? "")'\n"); return 1
        }
        return 0
    }

    /// iptables/ufw: accepted silently for root (a firewall change a bot makes has no visible output).
    static let iptables = CommandSpec(["iptables", "ip6tables", "ufw"], in: "/usr/sbin", fakeSize: 99_296) { c in
        if c.session.uid != 0 { return c.fail("Permission denied (you must be root)", status: 4) }
        if c.args.contains("-L") { c.print("Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain FORWARD (policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain OUTPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n") }
        return 0
    }

    static let sync = CommandSpec(["sync", "ldconfig", "logger", "sysctl", "modprobe", "swapoff", "swapon", "reboot", "shutdown", "poweroff", "halt", "init"], in: "/usr/sbin", fakeSize: 39_536) { _ in 0 }
}

private extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "0" : $0 }) }
}
