/// Every emulated command, by name. Builtins are found before PATH (as in bash); programs are found
/// through PATH in the session filesystem and then looked up here by file name.
struct CommandRegistry: Sendable {
    let specs: [CommandSpec]
    private let builtins: [String: CommandSpec]
    private let programs: [String: CommandSpec]

    init(_ specs: [CommandSpec]) {
        self.specs = specs
        var b: [String: CommandSpec] = [:]
        var p: [String: CommandSpec] = [:]
        for s in specs {
            for n in s.names {
                if s.directory.isEmpty { b[n] = s } else { p[n] = s }
            }
        }
        builtins = b
        programs = p
    }

    func builtin(_ name: String) -> CommandSpec? { builtins[name] }

    /// A program by file name; coreutils twins of builtins (`/bin/echo`, `/usr/bin/[`) fall back to the builtin.
    func program(_ name: String) -> CommandSpec? { programs[name] ?? builtins[name] }

    var allNames: [String] { (Array(builtins.keys) + Array(programs.keys)).sorted() }

    static let standard = CommandRegistry([
        // builtins
        Commands.echo, Commands.printf, Commands.cd, Commands.pwd, Commands.exit, Commands.trueCommand,
        Commands.falseCommand, Commands.export, Commands.unset, Commands.set, Commands.history, Commands.type,
        Commands.command, Commands.test, Commands.source, Commands.eval, Commands.exec, Commands.quietBuiltins,
        Commands.ulimit, Commands.umask, Commands.alias, Commands.read, Commands.shift, Commands.loopControl,
        Commands.kill,
        // programs
        Commands.which, Commands.shells, Commands.pkill, Commands.killall, Commands.cat, Commands.head,
        Commands.tail, Commands.grep, Commands.wc, Commands.cut, Commands.sort, Commands.uniq, Commands.tr,
        Commands.uname, Commands.arch, Commands.id, Commands.whoami, Commands.groups, Commands.hostname,
        Commands.uptime, Commands.w, Commands.who, Commands.last, Commands.free, Commands.df, Commands.ps,
        Commands.top, Commands.nproc, Commands.lscpu, Commands.ifconfig, Commands.ip, Commands.netstat, Commands.ss,
        Commands.env, Commands.clear, Commands.sleep, Commands.date, Commands.ls, Commands.mkdir, Commands.rmdir,
        Commands.rm, Commands.cp, Commands.mv, Commands.touch, Commands.chmod, Commands.chown, Commands.chattr,
        Commands.lsattr, Commands.ln, Commands.base64, Commands.dd, Commands.checksum, Commands.tee,
        Commands.wrappers, Commands.busybox, Commands.crontab, Commands.systemctl, Commands.service, Commands.sudo,
        Commands.su, Commands.passwd, Commands.chpasswd, Commands.useradd, Commands.apt, Commands.perl,
        Commands.wget, Commands.curl, Commands.tftp, Commands.ftpget, Commands.nc, Commands.sed, Commands.awk,
        Commands.seq, Commands.basename, Commands.dirname, Commands.expr, Commands.yes, Commands.stat,
        Commands.dmesg, Commands.mount, Commands.getconf, Commands.iptables, Commands.sync, Commands.find,
        Commands.xargs, Commands.ping, Commands.pidof, Commands.tar, Commands.gzip, Commands.lsblk, Commands.more,
        Commands.sshClient, Commands.hostnamectl, Commands.whereis, Commands.locale, Commands.du,
    ])
}
