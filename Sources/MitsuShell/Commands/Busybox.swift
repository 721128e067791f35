extension Commands {
    /// busybox [APPLET args…]. On this host busybox is Debian's busybox 1.35 package: known applets run
    /// the emulated command; anything else gets busybox's exact refusal, `X: applet not found` (the
    /// Mirai-family probe `/bin/busybox RANDOM` checks precisely that line).
    static let busybox = CommandSpec(["busybox"], in: "/usr/bin", fakeSize: 2_040_720) { c in
        guard let applet = c.args.first else {
            c.print(busyboxBanner + busyboxUsage)
            return 0
        }
        if applet == "--list" {
            c.print(busyboxApplets.joined(separator: "\n") + "\n")
            return 0
        }
        if applet == "--help" { c.print(busyboxBanner + busyboxUsage); return 0 }
        let name = FSPath.basename(applet)
        guard busyboxApplets.contains(name), let spec = c.session.host.registry.program(name) else {
            c.error("\(applet): applet not found\n")
            return 127
        }
        return await spec.run(Invocation(session: c.session, argv: Array(c.args), stdin: c.stdin, out: c.out, err: c.err))
    }

    static let busyboxBanner = "BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n"
    static let busyboxUsage = """
    BusyBox is copyrighted by many authors between 1998-2015.
    Licensed under GPLv2. See source distribution for detailed
    copyright notices.

    Usage: busybox [function [arguments]...]
       or: busybox --list[-full]
       or: busybox --show SCRIPT
       or: busybox --install [-s] [DIR]
       or: function [arguments]...

    \tBusyBox is a multi-call binary that combines many common Unix
    \tutilities into a single executable.  Most people will create a
    \tlink to busybox for each function they wish to use and BusyBox
    \twill act like whatever it was invoked as.

    Currently defined functions:
    \t[, [[, ar, arch, ash, awk, base64, basename, bc, bunzip2, bzcat, bzip2, cal, cat, chgrp, chmod, chown,
    \tchroot, chvt, clear, cmp, cp, cpio, crc32, cut, date, dc, dd, df, diff, dirname, dmesg, dnsdomainname,
    \tdos2unix, du, echo, egrep, env, expand, expr, factor, fallocate, false, fgrep, find, fold, free,
    \tftpget, ftpput, getopt, grep, groups, gunzip, gzip, head, hexdump, hostname, id, ip, kill, killall,
    \tless, ln, logname, ls, lzcat, md5sum, mkdir, mknod, mktemp, more, mv, nc, netstat, nl, nproc, od,
    \tpgrep, pidof, ping, pkill, printenv, printf, ps, pwd, readlink, realpath, rm, rmdir, sed, seq, sh,
    \tsha1sum, sha256sum, sha512sum, sleep, sort, stat, strings, tac, tail, tar, tee, telnet, test, tftp, timeout, top, touch,
    \ttr, true, tty, uname, uniq, unzip, uptime, usleep, vi, watch, wc, wget, which, whoami, xargs, yes,
    \tzcat

    """

    static let busyboxApplets: Set<String> = [
        "[", "[[", "ar", "arch", "ash", "awk", "base64", "basename", "cat", "chgrp", "chmod", "chown", "clear", "cp", "cut",
        "date", "dd", "df", "dirname", "dmesg", "echo", "egrep", "env", "expr", "false", "fgrep", "find", "free", "ftpget",
        "grep", "groups", "head", "hostname", "id", "ip", "kill", "killall", "ln", "ls", "md5sum", "mkdir", "mv", "nc",
        "netstat", "nproc", "pgrep", "pidof", "pkill", "printenv", "printf", "ps", "pwd", "rm", "rmdir", "sed", "seq", "sh",
        "sha1sum", "sha256sum", "sha512sum", "sleep", "sort", "tail", "tee", "test", "tftp", "timeout", "top", "touch", "tr", "true", "uname",
        "uniq", "uptime", "wc", "wget", "which", "whoami", "xargs", "yes",
    ]
}
