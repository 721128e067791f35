extension Commands {
    /// passwd [USER]: reads the new password twice from stdin (bots pipe it: `echo -e "p\np" | passwd`).
    static let passwd = CommandSpec(["passwd"], in: "/usr/bin", fakeSize: 68_248) { c in
        let user = c.splitFlags().1.first ?? c.session.user
        guard c.session.accountNames(file: "/etc/passwd").values.contains(user) || user == c.session.user else {
            c.error("passwd: user '\(user)' does not exist\n")
            return 1
        }
        c.error("New password: ")
        var lines: [Substring]
        // On a terminal each prompt waits for its own line, typed without echo; piped, both come from stdin.
        if let first = await c.session.readTerminalLine(echo: false, program: c.name) {
            c.error("\nRetype new password: ")
            guard let second = await c.session.readTerminalLine(echo: false, program: c.name) else { return 130 }
            lines = [Substring(String(decoding: first, as: UTF8.self)), Substring(String(decoding: second, as: UTF8.self))]
        } else {
            if c.session.interrupted { return 130 }
            lines = String(decoding: c.stdin, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            c.error("\nRetype new password: ")
        }
        guard lines.count >= 2, !lines[0].isEmpty else {
            c.error("\nNo password has been supplied.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n")
            return 10
        }
        guard lines[0] == lines[1] else {
            c.error("\nSorry, passwords do not match.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n")
            return 10
        }
        c.print("\npasswd: password updated successfully\n")
        return 0
    }

    /// chpasswd: `user:password` lines on stdin; silent on success.
    static let chpasswd = CommandSpec(["chpasswd"], in: "/usr/sbin", fakeSize: 56_472) { c in
        let users = Set(c.session.accountNames(file: "/etc/passwd").values)
        for line in String(decoding: c.stdin, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else {
                c.error("chpasswd: line 1: missing new password\n")
                return 1
            }
            if !users.contains(String(parts[0])) {
                c.error("chpasswd: (user \(parts[0])) pam_chauthtok() failed, error:\nAuthentication token manipulation error\nchpasswd: (line 1, user \(parts[0])) password not changed\n")
                return 1
            }
        }
        return 0
    }

    /// useradd/adduser NAME: appends the account to the session's /etc/passwd and /etc/group.
    static let useradd = CommandSpec(["useradd", "adduser", "usermod", "userdel", "groupadd"], in: "/usr/sbin", fakeSize: 147_640) { c in
        guard c.session.uid == 0 else { return c.fail("Permission denied.") }
        var args = c.args[...]
        var name: String?
        while let a = args.first {
            args = args.dropFirst()
            if ["-p", "-s", "-d", "-g", "-G", "-u", "-c", "-m", "-o", "--gecos", "--shell", "--home"].contains(a), a != "-m", a != "-o" { args = args.dropFirst(); continue }
            if a.hasPrefix("-") { continue }
            name = a
        }
        guard let name else { return c.fail("Usage: \(c.name) [options] LOGIN", status: 2) }
        let existing = Set(c.session.accountNames(file: "/etc/passwd").values)
        if c.name == "usermod" || c.name == "userdel" {
            return existing.contains(name) ? 0 : c.fail("user '\(name)' does not exist", status: 6)
        }
        if c.name != "groupadd", existing.contains(name) { return c.fail("user '\(name)' already exists", status: 9) }
        let uid = 1001 + Int.random(in: 0...20)
        if c.name == "groupadd" {
            _ = c.fs.write("/etc/group", Array("\(name):x:\(uid):\n".utf8), append: true, mtime: c.now)
            return 0
        }
        _ = c.fs.write("/etc/passwd", Array("\(name):x:\(uid):\(uid)::/home/\(name):/bin/sh\n".utf8), append: true, mtime: c.now)
        _ = c.fs.write("/etc/group", Array("\(name):x:\(uid):\n".utf8), append: true, mtime: c.now)
        if c.name == "adduser" {
            c.print("Adding user `\(name)' ...\nAdding new group `\(name)' (\(uid)) ...\nAdding new user `\(name)' (\(uid)) with group `\(name) (\(uid))' ...\nCreating home directory `/home/\(name)' ...\nCopying files from `/etc/skel' ...\n")
            _ = c.fs.mkdir("/home/\(name)", parents: true, mtime: c.now)
        }
        return 0
    }
}
