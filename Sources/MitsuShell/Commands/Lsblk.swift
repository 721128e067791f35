extension Commands {
    static let lsblk = CommandSpec(["lsblk"], in: "/usr/bin", fakeSize: 149_416) { c in
        let gib = (c.persona.disks.first?.sizeKB ?? 0) / 1_048_576
        c.print("NAME    MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS\nvda     254:0    0   \(gib)G  0 disk \n└─vda1  254:1    0   \(gib)G  0 part /\n")
        return 0
    }

    /// more/less without a pager: the file as cat prints it.
    static let more = CommandSpec(["more", "less"], in: "/usr/bin", fakeSize: 59_632) { c in
        var status = 0
        for f in c.splitFlags().1.isEmpty ? ["-"] : c.splitFlags().1 {
            guard let b = c.readInput(f) else { status = 1; continue }
            c.write(b)
        }
        return status
    }

    /// ssh/scp as clients: outbound connections fail, as every other outbound connection of this host.
    static let sshClient = CommandSpec(["ssh", "scp"], in: "/usr/bin", fakeSize: 1_166_856) { c in
        let target = c.args.last(where: { !$0.hasPrefix("-") && ($0.contains("@") || $0.contains(".") || $0.contains(":")) }) ?? ""
        guard !target.isEmpty else {
            c.error(c.name == "ssh" ? "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           destination [command [argument ...]]\n" : "usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n            source ... target\n")
            return 255
        }
        let host = String(target.split(separator: "@").last?.split(separator: ":").first ?? "")
        await c.pause(60)
        if URLParts.isIPv4(host) {
            c.error("ssh: connect to host \(host) port 22: Connection refused\n")
        } else {
            c.error("ssh: Could not resolve hostname \(host): Temporary failure in name resolution\n")
        }
        if c.name == "scp" { c.error("scp: Connection closed\n") }
        return 255
    }
}
