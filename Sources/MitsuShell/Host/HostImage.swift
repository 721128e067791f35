/// The image a host's sessions start from: the debootstrapped tree plus what makes it this persona's
/// machine (hostname, the extra user and its home, /etc/hosts) and a file for every emulated command
/// that minbase lacks (wget, curl, busybox, …: cloud images ship them, and `which wget` must agree
/// with `wget` working).
enum HostImage {
    static func build(base: FSImage, persona p: Persona, registry: CommandRegistry) -> FSImage {
        var nodes = base.nodes
        var contents = base.contents
        let installed = 1_717_000_000  // a plausible package build time for the added tools
        for spec in registry.specs where !spec.directory.isEmpty {
            for name in spec.names {
                let path = FSPath.join(spec.directory, name)
                if nodes[path] == nil, nodes[FSPath.join("/usr/bin", name)] == nil, nodes[FSPath.join("/usr/sbin", name)] == nil {
                    nodes[path] = FSNode(kind: .file, mode: 0o755, size: spec.fakeSize, mtime: installed)
                }
            }
        }
        let now = Int(p.bootTime)
        func put(_ path: String, _ text: String, mode: Int = 0o644, uid: Int = 0, gid: Int = 0) {
            contents[path] = Array(text.utf8)
            nodes[path] = FSNode(kind: .file, mode: mode, uid: uid, gid: gid, size: text.utf8.count, mtime: nodes[path]?.mtime ?? now)
        }
        put("/etc/hostname", p.hostname + "\n")
        put("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t\(p.hostname)\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n")
        let passwd = String(decoding: contents["/etc/passwd"] ?? [], as: UTF8.self)
        let u = p.extraUser
        if !passwd.contains("\n\(u):"), !passwd.hasPrefix("\(u):") {
            put("/etc/passwd", passwd + "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin\nmessagebus:x:100:107::/nonexistent:/usr/sbin/nologin\nsshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n\(u):x:1000:1000:\(u),,,:/home/\(u):/bin/bash\n")
            let group = String(decoding: contents["/etc/group"] ?? [], as: UTF8.self)
            put("/etc/group", group + "messagebus:x:107:\n\(u):x:1000:\n")
            let shadow = String(decoding: contents["/etc/shadow"] ?? [], as: UTF8.self)
            put("/etc/shadow", shadow + "\(u):$y$j9T$Jm1rXc0bQv5gC6n9e4pUo.$8l9kq2d3y0ZsVwZ1h3F6t5iQjAqR3dK0xS7mB4cE2uD:19876:0:99999:7:::\n", mode: 0o640, gid: 42)
            nodes["/home/\(u)"] = FSNode(kind: .directory, mode: 0o755, uid: 1000, gid: 1000, size: 4096, mtime: now)
            put("/home/\(u)/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n", uid: 1000, gid: 1000)
            put("/home/\(u)/.profile", "# ~/.profile: executed by the command interpreter for login shells.\n", uid: 1000, gid: 1000)
        }
        put("/root/.bash_history", "", mode: 0o600)
        if nodes["/root/.ssh"] == nil { nodes["/root/.ssh"] = FSNode(kind: .directory, mode: 0o700, size: 4096, mtime: now) }
        put("/root/.ssh/authorized_keys", "", mode: 0o600)
        return FSImage(nodes: nodes, contents: contents)
    }
}
