extension Commands {
    /// apt/apt-get: `update` reads the Debian mirrors slowly; `install X` resolves then fails to fetch,
    /// because the fake host's outbound network is down (no package ever gets "installed").
    static let apt = CommandSpec(["apt", "apt-get"], in: "/usr/bin", fakeSize: 18_824) { c in
        let args = c.args.filter { !$0.hasPrefix("-") }
        guard let verb = args.first else {
            c.print("apt 2.6.1 (amd64)\nUsage: apt [options] command\n")
            return 1
        }
        if c.session.uid != 0, verb != "list", verb != "search", verb != "show" {
            c.error("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
            return 100
        }
        switch verb {
        case "update":
            for (n, suite) in ["bookworm InRelease", "bookworm-updates InRelease", "bookworm-security InRelease"].enumerated() {
                await c.pause(900)
                let host = n == 2 ? "security.debian.org/debian-security" : "deb.debian.org/debian"
                c.print("Err:\(n + 1) http://\(host) \(suite)\n  Temporary failure resolving '\(host.split(separator: "/").first ?? "")'\n")
            }
            c.print("Reading package lists... Done\n")
            c.error("W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\nW: Some index files failed to download. They have been ignored, or old ones used instead.\n")
            return 0
        case "install", "upgrade", "dist-upgrade", "full-upgrade":
            await c.pause(600)
            c.print("Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n")
            let packages = args.dropFirst()
            if verb != "install" || packages.isEmpty {
                c.print("Calculating upgrade... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
                return 0
            }
            for p in packages {
                c.error("E: Unable to locate package \(p)\n")
            }
            return 100
        case "remove", "purge", "autoremove":
            c.print("Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        default:
            c.error("E: Invalid operation \(verb)\n")
            return 100
        }
    }
}
